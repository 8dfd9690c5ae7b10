#!/bin/bash
# An uncompressed ELF vmlinux with the default -a: kexec_file_load refuses it (x86 has only a bzImage loader), we fall back to kexec_load with the elf-x86_64 loader, and the vmlinux boots stage 2.
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
. "$VM_LIB_DIR/vmlinux.sh"
vmlinux=$(vm_vmlinux generic)
vm_file /boot/vmlinux "$vmlinux"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage1 <<'SH'
. /lib/check.sh
# Programs are not kernels, even static ones loaded at addresses above 1 MiB.
check_rc 8 "it is an x86-64 program, not a kernel image" kexec -l /bin/kexec
# kexec_file_load alone cannot take it; the kernel's refusal is explained.
check_rc 8 "does not recognise this image format" kexec -s -l /boot/vmlinux
kexec -d -l /boot/vmlinux --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
echo "load rc=$?"
kexec -e
SH
vm_boot
vm_reject "CHECK FAIL"
vm_expect "kernel /boot/vmlinux: elf-x86_64"
vm_expect "kexec_file_load failed \(Exec format error\); falling back to kexec_load"
vm_expect "^load rc=0"
vm_expect "kexec purgatory: [0-9]+ regions verified"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_done
