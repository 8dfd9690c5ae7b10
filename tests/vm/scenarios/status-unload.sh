#!/bin/bash
# -S before and after load and after -u; then -e with nothing loaded fails cleanly (exit 12) and stage 1 carries on.
. "$(dirname "$0")/../lib.sh"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage1 <<'SH'
. /lib/check.sh
check_rc 0 '' kexec -S
check_rc 0 '' kexec -S -l
check_rc 0 '' kexec -l /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 m=$MARKER"
check_rc 1 '' kexec -S -l
check_rc 0 '' kexec -S
check_rc 0 '' kexec -u
check_rc 0 '' kexec -S -l
check_rc 12 'no kernel is loaded.*kexec -l' kexec -e
check_rc 0 '' kexec -s -l /boot/vmlinuz --append="console=ttyS0 m=$MARKER"
check_rc 0 '' kexec -c -u
check_rc 0 '' kexec -S -l
echo "status scenario end"
SH
vm_boot
vm_expect "^status scenario end"
vm_expect "^CHECK ok rc=12: kexec -e"
vm_expect "^STAGE1 rc=0"
vm_reject "CHECK FAIL"
vm_reject "^STAGE2"
vm_done
