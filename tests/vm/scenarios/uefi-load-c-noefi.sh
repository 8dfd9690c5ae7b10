#!/bin/bash
# --noefi under OVMF: the default -a takes kexec_load for it (kexec_file_load always passes EFI), hands over no UEFI state, and stage 2 boots as on BIOS, finding ACPI through the RSDP in boot_params.
. "$(dirname "$0")/../lib.sh"
vm_firmware uefi
vm_stage1 <<'SH'
kexec -d --noefi -l /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
echo "load rc=$?"
kexec -e
SH
vm_stage2 <<'SH'
echo "STAGE2 acpi: $(ls /sys/firmware/acpi/tables 2>/dev/null | grep -c .)"
SH
vm_boot
vm_expect "^load rc=0"
vm_expect "--noefi: using kexec_load"
vm_expect "kexec purgatory: [0-9]+ regions verified"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_expect "^STAGE2 efi: no"
vm_expect "^STAGE2 acpi: [1-9]"
vm_expect "^STAGE2 done"
vm_reject "^STAGE1 rc="
vm_done
