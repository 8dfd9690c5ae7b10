#!/bin/bash
# EDD: the BIOS's disk data (here a virtio disk with an MBR signature) reaches the kexec'd kernel through boot_params, as /sys/firmware/edd shows in both stages.
. "$(dirname "$0")/../lib.sh"
vm_generic_module './lib/modules/*/kernel/drivers/firmware/edd.ko' "$VM_WORK/edd.ko"
vm_file /edd.ko "$VM_WORK/edd.ko"
vm_stage2_file /edd.ko "$VM_WORK/edd.ko"
# A disk whose MBR carries this run's signature (bytes 440..443).
sig=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
head -c 1048576 /dev/zero >"$VM_WORK/disk.img"
printf "$(printf '\\x%s' "${sig:6:2}" "${sig:4:2}" "${sig:2:2}" "${sig:0:2}")" |
	dd of="$VM_WORK/disk.img" bs=1 seek=440 conv=notrunc status=none
printf '\x55\xaa' | dd of="$VM_WORK/disk.img" bs=1 seek=510 conv=notrunc status=none
vm_qemu_args -drive "file=$VM_WORK/disk.img,format=raw,if=virtio"
vm_stage1 <<'SH'
insmod /edd.ko
echo "STAGE1 edd: $(cat /sys/firmware/edd/int13_dev80/mbr_signature)"
kexec -c -l /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
kexec -e
SH
vm_stage2 <<'SH'
insmod /edd.ko
echo "STAGE2 edd: $(cat /sys/firmware/edd/int13_dev80/mbr_signature 2>&1)"
SH
vm_boot
vm_expect "^STAGE1 edd: 0x$sig\$"
vm_expect "^STAGE2 edd: 0x$sig\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_done
