#!/bin/bash
# Crash hotplug (-c -p on Debian's newest kernel, CONFIG_CRASH_HOTPLUG): kexec asks the kernel to keep the crash kernel's ELF core headers up to date (KEXEC_UPDATE_ELFCOREHDR, room for them as /sys/kernel/crash_elfcorehdr_size says, left out of the purgatory's digest). QEMU hot-adds a second vCPU after the load; stage 1 onlines it and panics; the capture kernel's /proc/vmcore holds a register note (NT_PRSTATUS) for each of the two CPUs, and the purgatory, which checked every other segment, booted it although the kernel rewrote the headers.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

vm_stage1_kernel newest
vm_timeout 240
vm_stage1_append "crashkernel=192M"
# One CPU at boot; the host plugs in a second when stage 1 asks.
vm_cpu_hotplug "^HOTPLUG-REQUEST $MARKER"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_file /usr/lib/kexec/kexec-crash-reload "$VM_REPO/dist/kexec-crash-reload"
vm_stage2_file /lib/vmcore-notes.sh "$VM_LIB_DIR/guest/vmcore-notes.sh"

vm_stage1 <<'SH'
. /lib/check.sh
for f in /sys/kernel/crash_elfcorehdr_size /sys/kernel/kexec/crash_elfcorehdr_size \
	/sys/devices/system/cpu/crash_hotplug /sys/devices/system/memory/crash_hotplug; do
	echo "STAGE1 $f: $(cat $f 2>&1)"
done
# The capture kernel: bookworm's 6.1 (any kernel reads the dump), one CPU is enough for it.
check_rc 0 'KEXEC_UPDATE_ELFCOREHDR' kexec -c -d -p /boot/vmlinuz --initrd=/boot/stage2.img \
	--reuse-cmdline --append="nr_cpus=1 capture=$MARKER"
echo "STAGE1 after load, cpu/crash_hotplug: $(cat /sys/devices/system/cpu/crash_hotplug)"
echo "STAGE1 cpus before: $(grep -c ^processor /proc/cpuinfo)"
echo "HOTPLUG-REQUEST $MARKER"
i=0
while [ ! -e /sys/devices/system/cpu/cpu1/online ] && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done
echo 1 >/sys/devices/system/cpu/cpu1/online
sleep 1
echo "STAGE1 cpus after: $(grep -c ^processor /proc/cpuinfo)"
# What the package's udev rule runs now: nothing to do, the kernel has updated the headers.
check_rc 0 '' env KEXEC=kexec /usr/lib/kexec/kexec-crash-reload cpu
kexec --show | sed 's/^/STAGE1 show: /'
echo c >/proc/sysrq-trigger
SH
vm_stage2 <<'SH'
. /lib/vmcore-notes.sh
vmcore_notes /proc/vmcore
SH

vm_boot

vm_reject "CHECK FAIL"
vm_expect "^STAGE1 /sys/kernel/crash_elfcorehdr_size: [1-9][0-9]*\$"
vm_expect "^STAGE1 after load, cpu/crash_hotplug: 1\$"
vm_expect "^STAGE1 cpus before: 1\$"
vm_expect "^STAGE1 cpus after: 2\$"
# Still the load of stage 1, not one by the helper, and with the flag.
vm_expect "^STAGE1 show: +loaded: .* by kexec \\(by hand\\)"
vm_expect "^STAGE1 show: +with: +kexec_load, flags 0x[0-9a-f]+: .*KEXEC_UPDATE_ELFCOREHDR"
vm_expect "sysrq: Trigger a crash"
vm_expect "^STAGE2 cmdline: .*capture=$MARKER"
vm_expect "^STAGE2 note: VMCOREINFO 0 "
n=$(grep -ac "^STAGE2 note: CORE 1 " "$VM_CONSOLE" || true)
[[ $n == 2 ]] || VM_FAILURES+=("the dump has $n NT_PRSTATUS notes, not 2 (one per CPU)")
vm_expect "^STAGE2 script rc=0"
vm_done
