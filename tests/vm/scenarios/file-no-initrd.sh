#!/bin/bash
# Without --initrd (KEXEC_FILE_NO_INITRAMFS): the new kernel boots with our command line and finds no root, as it should.
. "$(dirname "$0")/../lib.sh"
vm_stage1 <<'SH'
kexec -l /boot/vmlinuz --append="console=ttyS0 panic=-1 noinitrd=$MARKER"
echo "load rc=$?"
kexec -e
SH
vm_boot
vm_expect "^load rc=0"
# The second kernel's own banner line, carrying this run's marker.
vm_expect "Kernel command line: .*noinitrd=$MARKER"
vm_expect "VFS: Unable to mount root fs"
vm_reject "^STAGE2"
vm_done
