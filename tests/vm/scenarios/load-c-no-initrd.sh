#!/bin/bash
# kexec_load without --initrd: the new kernel starts with our command line and, having no root, says so.
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
vm_stage1 <<'SH'
kexec -c -l /boot/vmlinuz --append="console=ttyS0 panic=-1 noinitrd=$MARKER"
echo "load rc=$?"
kexec -e
SH
vm_boot
vm_expect "^load rc=0"
vm_expect "Kernel command line: .*noinitrd=$MARKER"
vm_expect "VFS: Unable to mount root fs"
vm_done
