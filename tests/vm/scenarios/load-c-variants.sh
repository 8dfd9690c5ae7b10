#!/bin/bash
# kexec_load: without initrd it boots to "no root"; with --reuse-cmdline BOOT_IMAGE= is dropped; loading twice replaces; -S sees it; --extra-initrd adds a gzip'd archive after the initrd.
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
mkdir -p "$VM_WORK/extra"
echo "extra-$MARKER" >"$VM_WORK/extra/extra-marker"
_vm_cpio "$VM_WORK/extra" "$VM_WORK/extra.cpio"
gzip -9n "$VM_WORK/extra.cpio"
vm_file /boot/extra.img "$VM_WORK/extra.cpio.gz"
vm_stage1_append "BOOT_IMAGE=/vmlinuz-old first=$MARKER"
vm_stage1 <<'SH'
. /lib/check.sh
check_rc 0 '' kexec -c -l /boot/vmlinuz --append="console=ttyS0 wrong=$MARKER"
check_rc 1 '' kexec -S -l
check_rc 0 '' kexec -c -u
check_rc 0 '' kexec -S -l
check_rc 0 '' kexec -c -l /boot/vmlinuz --initrd=/boot/stage2.img --extra-initrd=/boot/extra.img \
	--reuse-cmdline --append="added=$MARKER"
kexec -e
SH
vm_stage2 <<'SH'
echo "extra: $(cat /extra-marker)"
SH
vm_boot
vm_reject "CHECK FAIL"
# OVMF adds the EFI stub's initrd=initrd to stage 1's command line; it is reused like any other word.
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 first=$MARKER (initrd=initrd )?added=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_expect "^extra: extra-$MARKER\$"
vm_done
