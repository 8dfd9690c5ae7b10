#!/bin/bash
# Debian's newest kernel (7.3, trixie-backports) as stage 1 and stage 2: kexec_file_load takes -d and --no-cma as they are (KEXEC_FILE_DEBUG | KEXEC_FILE_NO_CMA, as --show reports), then kexec_load with our purgatory and -d boots 7.3 again: -d asks for KEXEC_DEBUG, which 7.3 does not know yet, and loads again without it.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
vm_stage1_kernel newest
vm_file /boot/vmlinuz-newest "$(vm_kernel newest)"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage1 <<'SH'
. /lib/check.sh
check_rc 0 '' kexec -s -d --no-cma -l /boot/vmlinuz-newest --initrd=/boot/stage2.img
check_rc 0 'with: +kexec_file_load, flags 0x18: KEXEC_FILE_DEBUG[|]KEXEC_FILE_NO_CMA$' kexec --show
check_rc 0 '' kexec -u
check_rc 0 '' kexec -c -d -l /boot/vmlinuz-newest --initrd=/boot/stage2.img \
	--append="console=ttyS0 panic=-1 marker=$MARKER"
kexec -e
SH
vm_boot
vm_reject "CHECK FAIL"
vm_expect "refused KEXEC_DEBUG \\(too old for it\\); retrying without"
# kexec_file_load took -d and --no-cma as they were.
vm_reject "refused flag"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
[[ $(grep -ac "Linux version 7\\.[0-9.]*+deb[0-9]*-amd64" "$VM_CONSOLE") == 2 ]] ||
	VM_FAILURES+=("7.x did not boot twice (stage 1 and stage 2)")
vm_done
