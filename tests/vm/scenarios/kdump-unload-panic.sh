#!/bin/bash
# -p then -p -u (each syscall): after the unload a panic is an ordinary panic, no capture kernel boots.
. "$(dirname "$0")/../lib.sh"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage1_append "crashkernel=192M"
vm_stage1 <<'SH'
. /lib/check.sh
check_rc 0 '' kexec -s -p /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 capture=$MARKER"
check_rc 1 '' kexec -S
check_rc 0 '' kexec -s -p -u
check_rc 0 '' kexec -S
check_rc 0 '' kexec -c -p /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 capture=$MARKER"
check_rc 1 '' kexec -S
check_rc 0 '' kexec -c -p -u
check_rc 0 '' kexec -S
echo c >/proc/sysrq-trigger
SH
vm_boot
vm_reject "CHECK FAIL"
vm_expect "Kernel panic - not syncing: sysrq triggered crash"
vm_reject "kexec_core: Starting new kernel"
vm_reject "^STAGE2"
vm_done
