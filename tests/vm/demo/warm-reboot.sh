#!/bin/bash
# The main job: a VM running Debian's kernel warm-reboots into Debian's kernel with our kexec.
. "$(dirname "$0")/../lib.sh"
vm_stage1 <<'SH'
t0=$(cut -d' ' -f1 /proc/uptime)
kexec -d -l /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
echo "DEMO load rc=$? in $(awk -v t0="$t0" '{ printf "%.2f", $1 - t0 }' /proc/uptime) s (guest clock); now kexec -e"
kexec -d -e
SH
vm_boot
vm_expect "^DEMO load rc=0"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_done
