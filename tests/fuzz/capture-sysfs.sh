#!/bin/bash
# tests/fuzz/capture-sysfs.sh bios|uefi OUTDIR
# Boot the test VM (tests/vm/lib.sh) once and copy what our sysfs and /proc readers read there
# into OUTDIR, laid out as under / (OUTDIR/proc/iomem, OUTDIR/sys/firmware/...): real samples
# for the fuzz corpora. The files travel over the serial console as hex. Under bios the edd
# module is loaded and a disk with an MBR signature attached, so /sys/firmware/edd exists.
set -euo pipefail
fw=$1
out=$(realpath -m "$2")
# shellcheck disable=SC2034 # read by lib.sh
VM_NAME=capture-sysfs-$fw
. "$(dirname "$(readlink -f "$0")")/../vm/lib.sh"
vm_firmware "$fw"
vm_no_kexec_bin
if [[ $fw == bios ]]; then
	vm_generic_module './lib/modules/*/kernel/drivers/firmware/edd.ko' "$VM_WORK/edd.ko"
	vm_file /edd.ko "$VM_WORK/edd.ko"
	head -c 1048576 /dev/zero >"$VM_WORK/disk.img"
	printf '\x78\x56\x34\x12' | dd of="$VM_WORK/disk.img" bs=1 seek=440 conv=notrunc status=none
	printf '\x55\xaa' | dd of="$VM_WORK/disk.img" bs=1 seek=510 conv=notrunc status=none
	vm_qemu_args -drive "file=$VM_WORK/disk.img,format=raw,if=virtio"
fi
vm_stage1 <<'SH'
[ -f /edd.ko ] && insmod /edd.ko
for f in /proc/iomem /sys/kernel/boot_params/data $(find /sys/firmware/memmap /sys/firmware/edd \
	/sys/firmware/efi/runtime-map -type f 2>/dev/null) /sys/firmware/efi/fw_vendor \
	/sys/firmware/efi/config_table /sys/firmware/efi/runtime /sys/firmware/efi/systab; do
	[ -f "$f" ] || continue
	echo "DUMP $f $(od -An -v -tx1 "$f" | tr -d ' \n')"
done
SH
vm_boot
mkdir -p "$out"
grep -a '^DUMP ' "$VM_CONSOLE" | while read -r _ path hex; do
	mkdir -p "$out$(dirname "$path")"
	# shellcheck disable=SC2059
	printf "$(echo "$hex" | sed 's/../\\x&/g')" >"$out$path"
done
vm_expect '^DUMP /proc/iomem '
vm_done
