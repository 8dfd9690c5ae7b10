#!/bin/bash
# Without --initrd: the new kernel boots with our command line and finds no root, as it should.
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
# BIOS: kexec_file_load gets KEXEC_FILE_NO_INITRAMFS. OVMF: an empty initramfs of ours instead, or
# the new kernel would take stage 1's stale one from the EFI INITRD table (see load-c-no-initrd;
# the kernel's own loader has the same flaw). Stage 1 fills its memory first to make that certain.
vm_stage1 <<'SH'
dd if=/dev/urandom of=/dev/shm/fill bs=1M count=600 2>/dev/null; rm -f /dev/shm/fill
kexec -d -l /boot/vmlinuz --append="console=ttyS0 panic=-1 noinitrd=$MARKER" 2>&1 | grep -E 'empty initramfs|kexec_file_load\('
kexec -S -l
echo "loaded=$?"
kexec -e
SH
vm_boot
vm_expect "^loaded=1$"
# The second kernel's own banner line, carrying this run's marker.
vm_expect "Kernel command line: .*noinitrd=$MARKER"
vm_expect "VFS: Unable to mount root fs"
vm_reject "Cannot find place for new RAMDISK"
vm_reject "^STAGE2"
if [[ $VM_FIRMWARE == uefi ]]; then
	vm_expect "passing an empty initramfs"
else
	vm_expect "kexec_file_load\(kernel fd [0-9]+, initrd fd -1,"
fi
vm_done
