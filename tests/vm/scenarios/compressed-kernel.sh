#!/bin/bash
# A gzip'd vmlinux (vmlinux.gz, as some distributions ship it): decompressed in memory and loaded with kexec_load under the default -a; -s and a truncated file are refused with their own message and exit code.
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
. "$VM_LIB_DIR/vmlinux.sh"
vmlinux=$(vm_vmlinux generic)
vm_file /boot/vmlinux.gz "$vmlinux.gz"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage1 <<'SH'
. /lib/check.sh
head -c 2000000 /boot/vmlinux.gz > /tmp/truncated.gz
check_rc 8 "kernel '/tmp/truncated.gz' is a gzip file, but its compressed data is truncated or corrupt" kexec -l /tmp/truncated.gz
check_rc 2 "a compressed kernel file can only be loaded with kexec_load; use -c or -a" kexec -s -l /boot/vmlinux.gz
check_rc 0 '' kexec -S -l
kexec -d -l /boot/vmlinux.gz --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
echo "load rc=$?"
kexec -e
SH
vm_boot
vm_reject "CHECK FAIL"
vm_expect "kernel /boot/vmlinux.gz: gzip-compressed, [0-9]+ bytes decompressed to [0-9]+"
vm_expect "kernel /boot/vmlinux.gz: elf-x86_64"
vm_expect "the kernel file is compressed: using kexec_load"
vm_reject "kexec_file_load\("
vm_expect "^load rc=0"
vm_expect "kexec purgatory: [0-9]+ regions verified"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_done
