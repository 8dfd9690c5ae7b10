#!/bin/bash
# "kexec KERNEL" without -l loads, then reboots through the init system (shutdown -r now), which ends in the new kernel.
. "$(dirname "$0")/../lib.sh"
vm_stage1 <<'SH'
kexec /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
echo "kexec returned rc=$?"
SH
vm_boot
vm_expect "^STAGE1 shutdown called: -r now"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_reject "kexec returned"
vm_done
