#!/bin/bash
# kexec_load in a 6 GiB VM: the initrd goes top-down above 4 GiB (the kernel allows it), and stage 2's boot_params say so.
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
vm_mem 6G
vm_stage2_file /initrd-addr.sh "$VM_LIB_DIR/guest/initrd-addr.sh"
vm_stage1 <<'SH'
kexec -c -d -l /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER" 2>&1 | grep 'plan: initrd'
kexec -e
SH
vm_stage2 <<'SH'
. /initrd-addr.sh
SH
vm_boot
vm_expect "plan: initrd +0x00000001"
vm_expect "^STAGE2 initrd at 0x1[0-9a-f]{8}\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_done
