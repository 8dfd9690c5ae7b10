#!/bin/bash
# --mem-max below 1 GiB in a 2 GiB VM: every segment is placed below it, and stage 2's boot_params show the initrd there.
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
vm_mem 2G
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage2_file /initrd-addr.sh "$VM_LIB_DIR/guest/initrd-addr.sh"
vm_stage1 <<'SH'
. /lib/check.sh
check_rc 10 'no room in memory .*--mem-min/--mem-max' kexec -c -l /boot/vmlinuz --initrd=/boot/stage2.img --mem-max=0x1800000
kexec -c -d -l /boot/vmlinuz --initrd=/boot/stage2.img --mem-max=0x3fffffff --append="console=ttyS0 panic=-1 marker=$MARKER" 2>&1 | grep 'plan: '
kexec -e
SH
vm_stage2 <<'SH'
. /initrd-addr.sh
SH
vm_boot
vm_reject "CHECK FAIL"
vm_reject "plan: [a-z_]+ +0x0000000[4-9a-f]"
vm_reject "plan: [a-z_]+ +0x00000001"
vm_expect "^STAGE2 initrd at 0x(3[0-9a-f]{7}|[0-2]?[0-9a-f]{1,7})\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_done
