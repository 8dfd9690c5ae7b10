#!/bin/bash
# Crash hotplug for memory (-c -p on Debian's newest kernel, CONFIG_CRASH_HOTPLUG): after the
# load, QEMU hot-adds a 256 MiB DIMM (above 4 GiB, ACPI memory hotplug), stage 1 onlines it
# (memhp_default_state=online) and panics; the kernel has rewritten the crash kernel's ELF core
# headers itself (KEXEC_UPDATE_ELFCOREHDR), so the capture kernel's /proc/vmcore has a PT_LOAD
# for the new memory, and the purgatory, which checked every other segment, booted it.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

vm_stage1_kernel newest
vm_timeout 300
vm_stage1_append "crashkernel=192M memhp_default_state=online"
vm_mem_hotplug "^HOTPLUG-REQUEST $MARKER" 256M
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage2_file /lib/vmcore-notes.sh "$VM_LIB_DIR/guest/vmcore-notes.sh"

vm_stage1 <<'SH'
. /lib/check.sh
check_rc 0 'KEXEC_UPDATE_ELFCOREHDR' kexec -c -d -p /boot/vmlinuz --initrd=/boot/stage2.img \
	--reuse-cmdline --append="nr_cpus=1 capture=$MARKER"
# Since 6.10 this says whether the loaded crash image takes hotplug updates (0 before a load).
echo "STAGE1 memory/crash_hotplug: $(cat /sys/devices/system/memory/crash_hotplug 2>&1)"
before=$(sed -n 's/^MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo)
echo "HOTPLUG-REQUEST $MARKER"
i=0
while [ "$(sed -n 's/^MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo)" = "$before" ] && [ $i -lt 90 ]; do
	sleep 1
	i=$((i + 1))
done
echo "STAGE1 MemTotal grew by $(( $(sed -n 's/^MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo) - before )) kB"
sleep 2
echo c >/proc/sysrq-trigger
SH
vm_stage2 <<'SH'
. /lib/vmcore-notes.sh
vmcore_loads /proc/vmcore
SH

vm_boot

vm_reject "CHECK FAIL"
vm_expect "^STAGE1 memory/crash_hotplug: 1\$"
vm_expect "^STAGE1 MemTotal grew by 262144 kB\$"
vm_expect "sysrq: Trigger a crash"
vm_expect "^STAGE2 cmdline: .*capture=$MARKER"
# The DIMM: in QEMU's device memory above 4 GiB, where stage 1 had no RAM at the load.
vm_expect "^STAGE2 load: 0x1[0-9a-f]{8} 0x10000000\$"
vm_expect "^STAGE2 script rc=0"
vm_done
