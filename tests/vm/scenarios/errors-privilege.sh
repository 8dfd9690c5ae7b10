#!/bin/bash
# Not root, kexec disabled by sysctl, -p without crashkernel=: clear errors and exit codes; the loaded kernel still boots.
. "$(dirname "$0")/../lib.sh"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage1 <<'SH'
. /lib/check.sh
K=/boot/vmlinuz
check_rc 0 '' kexec -l $K --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
check_rc 4 'needs root \(CAP_SYS_BOOT\)' setuidgid nobody kexec -l $K
check_rc 4 'needs root' setuidgid nobody kexec -u
check_rc 4 'needs root' setuidgid nobody kexec -e
check_rc 1 '' setuidgid nobody kexec -S -l
check_rc 14 'crashkernel=' kexec -p $K --append="console=ttyS0"
check_rc 0 '' sysctl -w kernel.kexec_load_disabled=1
check_rc 6 'kernel.kexec_load_disabled=1' kexec -l $K
check_rc 6 'kexec_load_disabled' kexec -u
check_rc 1 '' kexec -S -l
kexec -e
SH
vm_boot
vm_expect "^CHECK ok rc=4: setuidgid nobody kexec -l"
vm_expect "^CHECK ok rc=6: kexec -u"
vm_reject "CHECK FAIL"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_done
