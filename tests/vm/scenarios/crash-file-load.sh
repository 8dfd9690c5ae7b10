#!/bin/bash
# -p through kexec_file_load with --reuse-cmdline: crashkernel= dropped, -S reports it, -p -u unloads, and a panic boots the reloaded capture kernel.
. "$(dirname "$0")/../lib.sh"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage1_append "crashkernel=192M first=$MARKER"
vm_stage1 <<'SH'
. /lib/check.sh
check_rc 0 '' kexec -S
check_rc 0 '' kexec -p /boot/vmlinuz --initrd=/boot/stage2.img --reuse-cmdline --append="capture=$MARKER"
check_rc 1 '' kexec -S
check_rc 0 '' kexec -S -l
check_rc 0 '' kexec -p -u
check_rc 0 '' kexec -S
check_rc 0 '' kexec -s -p /boot/vmlinuz --initrd=/boot/stage2.img --reuse-cmdline --append="capture=$MARKER"
check_rc 1 '' kexec -S
echo c > /proc/sysrq-trigger
SH
vm_boot
vm_reject "CHECK FAIL"
vm_expect "sysrq: Trigger a crash"
vm_expect "^STAGE2 cmdline: .*first=$MARKER capture=$MARKER"
vm_reject "^STAGE2 cmdline: .*crashkernel="
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_done
