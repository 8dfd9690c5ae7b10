#!/bin/bash
# Fault injection (the test build kexec-fault): a byte of boot_params flipped after hashing; the purgatory names the segment and halts instead of booting. The shipped kexec ignores the variable.
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
vm_timeout 150
vm_halt_on "kexec purgatory: SHA-256 mismatch"
vm_fault_kexec
vm_stage1 <<'SH'
KEXEC_TEST_CORRUPT_SEGMENT=boot_params kexec -d -c -l /boot/vmlinuz --initrd=/boot/stage2.img >/tmp/shipped.log 2>&1
echo "shipped rc=$? hook=$(grep -c 'test hook' /tmp/shipped.log)"
KEXEC_TEST_CORRUPT_SEGMENT=boot_params kexec-fault -c -l /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
echo "load rc=$?"
kexec -e
SH
vm_boot
vm_expect "^shipped rc=0 hook=0$"
vm_expect "^load rc=0"
vm_expect "test hook: flipped a byte of segment 'boot_params'"
vm_expect "kexec purgatory: SHA-256 mismatch in region [0-9]+ at 0x[0-9a-f]+ \(8 KiB\).*not booting"
vm_reject "^STAGE2"
vm_done
