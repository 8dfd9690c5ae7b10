#!/bin/bash
# Into Debian's newest kernel (7.3, trixie-backports) from bookworm's 6.1 through kexec_file_load, with -d and --no-cma: 6.1 knows neither KEXEC_FILE_NO_CMA (6.17) nor KEXEC_FILE_DEBUG (6.7) and refuses each with EINVAL; kexec drops them one after the other and the load goes through. Stage 2 is the 7.3 kernel.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
vm_file /boot/vmlinuz-newest "$(vm_kernel newest)"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage1 <<'SH'
. /lib/check.sh
check_rc 0 'refused flag 0x10 \(KEXEC_FILE_NO_CMA' kexec -s -d --no-cma -l /boot/vmlinuz-newest \
	--initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
kexec -e
SH
vm_boot
vm_reject "CHECK FAIL"
vm_expect "refused flag 0x8 \\(KEXEC_FILE_DEBUG"
vm_expect "Linux version 7\\.[0-9.]+\\+deb[0-9]+-amd64"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_done
