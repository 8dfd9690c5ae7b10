#!/bin/bash
# kexec_load without --initrd: the new kernel starts with our command line and, having no root, says so.
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
# Under OVMF the new kernel, given no initrd, takes the one the EFI INITRD table names: stage 1's,
# in memory stage 1 has reused. Filling most of stage 1's memory first makes that reuse certain
# (without it, the @uefi run panicked "Cannot find place for new RAMDISK" in 3 of 3 full runs and
# 0 of 6 runs alone); kexec then passes an empty initramfs of its own, which -d reports.
vm_timeout 300
vm_stage1 <<'SH'
dd if=/dev/urandom of=/dev/shm/fill bs=1M count=600 2>/dev/null; rm -f /dev/shm/fill
kexec -d -c -l /boot/vmlinuz --append="console=ttyS0 earlyprintk=serial,ttyS0,115200 panic=-1 noinitrd=$MARKER" 2>&1 | grep -E 'plan:|empty initramfs'
kexec -S -l
echo "loaded=$?"
kexec -e
SH
vm_boot
vm_expect "^loaded=1$"
vm_expect "Kernel command line: .*noinitrd=$MARKER"
vm_expect "VFS: Unable to mount root fs"
vm_reject "Cannot find place for new RAMDISK"
if [[ $VM_FIRMWARE == uefi ]]; then
	vm_expect "passing an empty initramfs"
else
	vm_reject "empty initramfs"
fi
vm_done
