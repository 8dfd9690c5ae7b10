#!/bin/bash
# kexec -f (with -d): load and jump at once; -d explains each step and never makes the load fail.
. "$(dirname "$0")/../lib.sh"
vm_stage1 <<'SH'
kexec -d -f /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
echo "force returned rc=$?"
SH
vm_boot
vm_expect "kexec: debug: .*bzImage64, boot protocol 2\.[0-9]+"
vm_expect "kexec: debug: command line \([0-9]+ bytes\): \"console=ttyS0 panic=-1 marker=$MARKER\""
vm_expect "kexec: debug: kexec_file_load\(kernel fd [0-9]+, initrd fd [0-9]+, flags 0x0\)"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_reject "force returned"
vm_done
