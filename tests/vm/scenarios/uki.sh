#!/bin/bash
# A Unified Kernel Image built by systemd's own ukify (Debian 13's, tests/uki-tools.sh), loaded as
# a Boot Loader Spec type 2 entry with --boot-entry and --uki-profile=1: stage 2 runs from the
# UKI's .initrd with its .ucode archive before it, and its command line is profile 1's .cmdline,
# then the ESP's global add-on, then the UKI's own add-on, then --append. Profile 0's command
# line (the entry's options in the list) must not be used.
. "$(dirname "$0")/../lib.sh"
. "$VM_LIB_DIR/../uki-tools.sh"
uki_tools_prepare || vm_die "ukify from Debian 13 is not available (tests/uki-tools.sh)"

# The UKI's .initrd is the usual stage-2 image (busybox and lib.sh's stage-2 init), built now
# rather than at boot because ukify needs the file.
vm_stage2 <<'SH'
echo "ucode: $(cat /uki-ucode-marker)"
SH
_vm_write_stage2
_vm_cpio "$VM_S2" "$VM_WORK/s2.cpio"
cat "$VM_CACHE/initramfs/busybox.cpio" "$VM_WORK/s2.cpio" >"$VM_WORK/uki-initrd.img"
mkdir -p "$VM_WORK/ucode"
echo "ucode-$MARKER" >"$VM_WORK/ucode/uki-ucode-marker"
_vm_cpio "$VM_WORK/ucode" "$VM_WORK/ucode.cpio"

esp=$VM_WORK/esp
mkdir -p "$esp/EFI/Linux/test.efi.extra.d" "$esp/loader/addons"
base="console=ttyS0 panic=-1 marker=$MARKER"
uki_build_profile "$VM_WORK/p1.efi" $'ID=rescue\nTITLE=Rescue' --cmdline="$base uki=rescue"
uki_build "$esp/EFI/Linux/test.efi" "$(vm_kernel generic)" "$VM_WORK/uki-initrd.img" \
	"$base uki=default" --microcode="$VM_WORK/ucode.cpio" \
	--profile=$'ID=default\nTITLE=Default' --join-profile="$VM_WORK/p1.efi" \
	--os-release=$'ID=kexectest\nPRETTY_NAME="kexec UKI test"\nVERSION_ID=1'
uki_build_addon "$esp/loader/addons/global.addon.efi" "gaddon=$MARKER"
uki_build_addon "$esp/EFI/Linux/test.efi.extra.d/own.addon.efi" "addon=$MARKER"
vm_file /boot/efi "$esp"
vm_timeout 300
vm_stage1 <<'SH'
kexec --list-boot-entries | sed 's/^/LIST /'
kexec -l --boot-entry=test.efi --uki-profile=2 2>&1 | sed 's/^/REFUSED /'
kexec -d -l --boot-entry=test.efi --uki-profile=1 --append=appended=1 2>&1 |
	grep -E 'UKI|add-on|initrd [0-9]:|kexec_file_load\(' | sed 's/^/DEBUG /'
kexec -S -l; echo "loaded=$?"
kexec -e
SH
vm_boot
vm_expect "^LIST \\*  uki +kexec UKI test\$"
vm_expect "^LIST            id: test.efi\$"
vm_expect "^LIST            options: console=ttyS0 panic=-1 marker=$MARKER uki=default\$"
vm_expect "^REFUSED kexec: UKI '/boot/efi/EFI/Linux/test.efi': no profile 2: this UKI has 2"
vm_expect "^DEBUG kexec: debug: UKI /boot/efi/EFI/Linux/test.efi: profile 1 of 2; .linux [0-9]+ bytes, .ucode, .initrd, .cmdline"
vm_expect "^DEBUG .*initrd 1: /boot/efi/EFI/Linux/test.efi:.ucode"
vm_expect "^DEBUG .*initrd 2: /boot/efi/EFI/Linux/test.efi:.initrd"
vm_expect "^loaded=1\$"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER uki=rescue appended=1 gaddon=$MARKER addon=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_expect "^ucode: ucode-$MARKER\$"
vm_reject "^STAGE1 rc="
vm_done
