#!/bin/bash
# kexec_load from the generic kernel into the cloud kernel (another build).
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
vm_stage1 <<'SH'
kexec -c -l /boot/vmlinuz-cloud --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
echo "load rc=$?"
kexec -e
SH
vm_boot
vm_expect "^load rc=0"
vm_expect "Linux version [^ ]*-cloud-amd64"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_done
