#!/bin/bash
# kexec_load with a 256 MiB initrd (stage 2's archive plus 256 MiB of zero padding): hashed, placed, checked, booted.
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
vm_mem 2G
vm_timeout 240
vm_stage1 <<'SH'
{ cat /boot/stage2.img; head -c 268435456 /dev/zero; } > /tmp/big.img
ls -l /tmp/big.img
t0=$(cut -d' ' -f1 /proc/uptime)
kexec -c -l /boot/vmlinuz --initrd=/tmp/big.img --append="console=ttyS0 panic=-1 marker=$MARKER"
echo "load rc=$? in $(awk -v t0="$t0" '{ printf "%.2f", $1 - t0 }' /proc/uptime) s"
rm /tmp/big.img
kexec -d -e
SH
vm_boot
vm_expect "^load rc=0"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_done
