#!/bin/bash
# kexec_load without --initrd: the new kernel starts with our command line and, having no root, says so.
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
# Twice, in full runs with another VM beside it, the @uefi boot printed nothing after "Starting
# new kernel" for the 120 s it had (the clean-clone runs of sessions 4 and 5; 5 runs alone passed
# in 28-30 s). earlyprintk shows how far stage 2 gets if it happens again, -d the plan, and 300 s
# tells a slow boot from a hang.
vm_timeout 300
vm_stage1 <<'SH'
kexec -d -c -l /boot/vmlinuz --append="console=ttyS0 earlyprintk=serial,ttyS0,115200 panic=-1 noinitrd=$MARKER" 2>&1 | grep -E 'plan:'
kexec -S -l
echo "loaded=$?"
kexec -e
SH
vm_boot
vm_expect "^loaded=1$"
vm_expect "Kernel command line: .*noinitrd=$MARKER"
vm_expect "VFS: Unable to mount root fs"
vm_done
