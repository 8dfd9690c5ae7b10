#!/bin/bash
# kexec_load (-c) under OVMF: we hand over the UEFI runtime map and SETUP_EFI, so stage 2 has /sys/firmware/efi and working runtime services (efivarfs lists, writes and reads back a variable).
. "$(dirname "$0")/../lib.sh"
vm_firmware uefi

# efivarfs is a module in Debian's kernel, and the stage-2 initrd carries none.
vm_generic_module './lib/modules/*/kernel/fs/efivarfs/efivarfs.ko' "$VM_WORK/efivarfs.ko"
vm_stage2_file /efivarfs.ko "$VM_WORK/efivarfs.ko"

vm_stage1 <<'SH'
kexec -c -d -l /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
echo "load rc=$?"
kexec -e
SH
vm_stage2 <<'SH'
insmod /efivarfs.ko
mount -t efivarfs efivarfs /sys/firmware/efi/efivars || echo "STAGE2 efivarfs: mount failed"
# GetNextVariableName, then SetVariable and GetVariable: each one a call into the firmware
# through the mapping the first kernel set up.
echo "STAGE2 efivars: $(ls /sys/firmware/efi/efivars | wc -l)"
v=/sys/firmware/efi/efivars/KexecTest-8d1b4a2e-5c3f-4e7a-9b10-6b657865630a
printf '\007\000\000\000%s' "$MARKER" >"$v" && echo "STAGE2 setvariable: ok"
echo "STAGE2 getvariable: $(tail -c +5 "$v")"
SH
vm_boot
vm_expect "^load rc=0"
vm_expect "efi: EFI system table 0x[0-9a-f]+, [0-9]+ runtime regions"
vm_expect "kexec purgatory: [0-9]+ regions verified"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_expect "^STAGE2 efi: yes"
vm_expect "^STAGE2 efivars: [1-9]"
vm_expect "^STAGE2 setvariable: ok"
vm_expect "^STAGE2 getvariable: $MARKER\$"
vm_expect "^STAGE2 done"
vm_reject "^STAGE1 rc="
vm_done
