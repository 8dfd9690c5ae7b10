#!/bin/bash
# arm64: a Unified Kernel Image built by systemd's own ukify with systemd's arm64 stubs
# (linuxaa64.efi.stub, addonaa64.efi.stub: Debian 13's, tests/uki-tools.sh), loaded through
# kexec_load (-c: Debian's arm64 kernels have no kexec_file_load) as the default Boot Loader Spec
# type 2 entry, with --uki-profile=1. Its .linux is bookworm's arm64 Image and its .initrd the
# stage-2 initrd, so stage 2 reports what the UKI gave it: profile 1's .cmdline, then the ESP's
# global add-on, then the UKI's own add-on. An x86-64 UKI beside it sorts first (higher
# VERSION_ID) but, as under systemd-boot, is not this machine's: it is not the default, and
# loading it by id or by path is refused naming its architecture.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=../../uki-tools.sh
. "$VM_LIB_DIR/../uki-tools.sh"
vm_arch arm64
uki_tools_prepare arm64 || vm_die "ukify and systemd's arm64 stubs from Debian 13 are not available (tests/uki-tools.sh)"
# The UKI carries the kernel stage 1 boots into: /boot needs none of its own.
vm_arm64_boot_kernels

# The stage-2 initrd as _vm_arm64_build_images makes it (arm64 busybox, lib.sh's stage-2 init,
# dt-chosen), built now because ukify needs the file.
_vm_write_stage2
_vm_cpio "$VM_S2" "$VM_WORK/s2.cpio"
cat "$VM_ARM64_CACHE/initramfs/busybox.cpio" "$VM_WORK/s2.cpio" >"$VM_WORK/uki-initrd.img"

esp=$VM_WORK/esp
mkdir -p "$esp/EFI/Linux/arm64.efi.extra.d" "$esp/loader/addons"
base="console=ttyAMA0 panic=-1 cryptomgr.notests marker=$MARKER"
UKI_ARCH=arm64 uki_build_profile "$VM_WORK/p1.efi" $'ID=rescue\nTITLE=Rescue' \
	--cmdline="$base uki=rescue"
# ukify reads .uname from the Image itself (checked: 6.1.0-*-arm64 without --uname=).
UKI_ARCH=arm64 uki_build "$esp/EFI/Linux/arm64.efi" "$(vm_kernel arm64-6.1)" \
	"$VM_WORK/uki-initrd.img" "$base uki=default" \
	--profile=$'ID=default\nTITLE=Default' --join-profile="$VM_WORK/p1.efi" \
	--os-release=$'ID=kexectest\nPRETTY_NAME="kexec arm64 UKI"\nVERSION_ID=1'
UKI_ARCH=arm64 uki_build_addon "$esp/loader/addons/global.addon.efi" "gaddon=$MARKER"
UKI_ARCH=arm64 uki_build_addon "$esp/EFI/Linux/arm64.efi.extra.d/own.addon.efi" "addon=$MARKER"
uki_build "$esp/EFI/Linux/x64.efi" "$(vm_kernel generic)" '' "console=ttyS0 uki=x64" \
	--os-release=$'ID=kexectest\nPRETTY_NAME="kexec x86-64 UKI"\nVERSION_ID=2'
vm_file /boot/efi "$esp"
vm_timeout 400
vm_stage1 <<'SH'
kexec --list-boot-entries | sed 's/^/LIST /'
kexec -c -l --boot-entry=x64.efi 2>&1 | sed 's/^/REFUSED /'
kexec -c -l /boot/efi/EFI/Linux/x64.efi 2>&1 | sed 's/^/REFUSED /'
kexec -d -c -l --boot-entry=default --uki-profile=1 2>&1 |
	grep -E 'UKI /|add-on /|initrd [0-9]:' | sed 's/^/DEBUG /'
kexec -S -l; echo "loaded=$?"
kexec -e
SH
vm_boot
vm_expect "^LIST   default: kexec arm64 UKI: first in the specification's sort order"
vm_expect "^LIST            unusable: not a usable unified kernel image: it is for x86-64 \\(PE machine 0x8664\\), not for this machine \\(arm64\\)\$"
vm_expect "^REFUSED kexec: boot entry 'x64.efi' \\(/boot/efi/EFI/Linux/x64.efi\\) cannot be loaded: .*it is for x86-64 \\(PE machine 0x8664\\), not for this machine \\(arm64\\)\$"
vm_expect "^REFUSED kexec: UKI '/boot/efi/EFI/Linux/x64.efi' cannot be loaded: it is for x86-64 \\(PE machine 0x8664\\), not for this machine \\(arm64\\)\$"
vm_expect "^DEBUG kexec: debug: UKI /boot/efi/EFI/Linux/arm64.efi: profile 1 of 2; .linux [0-9]+ bytes, .initrd, .cmdline"
vm_expect "^DEBUG .*initrd 1: /boot/efi/EFI/Linux/arm64.efi:.initrd"
vm_expect "^loaded=1\$"
vm_expect "^STAGE2 cmdline: $base uki=rescue gaddon=$MARKER addon=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_reject "Kernel panic"
vm_reject "^STAGE1 rc="
vm_done
