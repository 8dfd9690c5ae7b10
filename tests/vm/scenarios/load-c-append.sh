#!/bin/bash
# kexec_load (-c) with our purgatory: bzImage, initrd, command line; the purgatory checks every segment and boots stage 2,
# which finds our random seed (setup_data type 9, SETUP_RNG_SEED) in its boot_params.
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
vm_stage1 <<'SH'
kexec -c -d -l /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
echo "load rc=$?"
kexec -e
SH
vm_stage2 <<'SH'
echo "setup_data types: $(cat /sys/kernel/boot_params/setup_data/*/type 2>/dev/null | tr '\n' ' ')"
SH
vm_boot
vm_expect "^load rc=0"
vm_expect "kexec purgatory: [0-9]+ regions verified"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_expect "^setup_data types: .*0x9"
vm_done
