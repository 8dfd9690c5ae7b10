#!/bin/bash
# Crash hotplug on a kernel that cannot update the crash headers itself (bookworm's 6.1): -c -p loads without KEXEC_UPDATE_ELFCOREHDR; a vCPU is hot-added and onlined; the Debian package's udev helper (kexec-crash-reload, run here as the rule would run it: no udev in the VM) reloads the crash kernel from kexec's record of the load; the dump then holds a register note for each of the two CPUs.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

vm_timeout 240
vm_stage1_append "crashkernel=192M"
vm_cpu_hotplug "^HOTPLUG-REQUEST $MARKER"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_file /usr/lib/kexec/kexec-crash-reload "$VM_REPO/dist/kexec-crash-reload"
vm_stage2_file /lib/vmcore-notes.sh "$VM_LIB_DIR/guest/vmcore-notes.sh"

vm_stage1 <<'SH'
. /lib/check.sh
echo "STAGE1 crash_elfcorehdr_size: $(cat /sys/kernel/crash_elfcorehdr_size 2>&1)"
# --hotplug asked for by name on a kernel that cannot: a warning, and the load goes on.
check_rc 0 'warning: --hotplug: this kernel cannot update' kexec -c -p --hotplug /boot/vmlinuz \
	--initrd=/boot/stage2.img --reuse-cmdline --append="nr_cpus=1 capture=$MARKER"
echo "HOTPLUG-REQUEST $MARKER"
i=0
while [ ! -e /sys/devices/system/cpu/cpu1/online ] && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done
echo 1 >/sys/devices/system/cpu/cpu1/online
echo "STAGE1 cpus: $(grep -c ^processor /proc/cpuinfo)"
# What 60-kexec-crash-hotplug.rules runs for the CPU's add and online events.
check_rc 0 'reloaded the crash kernel' env KEXEC=kexec /usr/lib/kexec/kexec-crash-reload cpu
# The online event's run: the CPUs and the load are what the last reload saw, nothing to do.
out=$(env KEXEC=kexec /usr/lib/kexec/kexec-crash-reload cpu 2>&1)
echo "STAGE1 again rc=$? out=$out"
kexec --show | sed 's/^/STAGE1 show: /'
echo c >/proc/sysrq-trigger
SH
vm_stage2 <<'SH'
. /lib/vmcore-notes.sh
vmcore_notes /proc/vmcore
SH

vm_boot
vm_reject "CHECK FAIL"
vm_expect "^STAGE1 crash_elfcorehdr_size: .*No such file"
vm_expect "^STAGE1 cpus: 2\$"
vm_expect "^STAGE1 again rc=0 out=\$"
vm_expect "^STAGE1 show: +loaded: .* by kexec-crash-reload \\(cpu hotplug\\)"
vm_expect "^STAGE1 show: +with: +kexec_load, "
vm_reject "^STAGE1 show: .*KEXEC_UPDATE_ELFCOREHDR"
vm_expect "^STAGE2 cmdline: .*capture=$MARKER"
n=$(grep -ac "^STAGE2 note: CORE 1 " "$VM_CONSOLE" || true)
[[ $n == 2 ]] || VM_FAILURES+=("the dump has $n NT_PRSTATUS notes, not 2 (one per CPU)")
vm_expect "^STAGE2 script rc=0"
vm_done
