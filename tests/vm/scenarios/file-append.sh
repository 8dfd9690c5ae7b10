#!/bin/bash
# kexec_file_load: -s -l with --initrd and --append, then -e; stage 2 sees exactly that command line and initrd.
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
vm_stage1 <<'SH'
kexec -s -l /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
echo "load rc=$?"
kexec -e
SH
vm_boot
vm_expect "^load rc=0"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_expect "^STAGE2 done"
vm_reject "^STAGE1 rc="
vm_done
