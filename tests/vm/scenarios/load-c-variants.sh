#!/bin/bash
# kexec_load: without initrd it boots to "no root"; with --reuse-cmdline BOOT_IMAGE= is dropped; loading twice replaces; -S sees it.
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage1_append "BOOT_IMAGE=/vmlinuz-old first=$MARKER"
vm_stage1 <<'SH'
. /lib/check.sh
check_rc 0 '' kexec -c -l /boot/vmlinuz --append="console=ttyS0 wrong=$MARKER"
check_rc 1 '' kexec -S -l
check_rc 0 '' kexec -c -u
check_rc 0 '' kexec -S -l
check_rc 0 '' kexec -c -l /boot/vmlinuz --initrd=/boot/stage2.img --reuse-cmdline --append="added=$MARKER"
kexec -e
SH
vm_boot
vm_reject "CHECK FAIL"
# OVMF adds the EFI stub's initrd=initrd to stage 1's command line; it is reused like any other word.
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 first=$MARKER (initrd=initrd )?added=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_done
