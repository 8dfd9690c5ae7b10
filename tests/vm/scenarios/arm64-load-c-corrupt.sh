#!/bin/bash
# arm64 fault injection: a byte of the device tree flipped after hashing; our purgatory names
# the region on the PL011 and halts instead of booting.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
vm_arch arm64
vm_arm64_boot_kernels arm64-6.1
vm_timeout 150
vm_halt_on "kexec purgatory: SHA-256 mismatch"
vm_fault_kexec
vm_stage1 <<'SH'
KEXEC_TEST_CORRUPT_SEGMENT=dtb kexec-fault -c -l /boot/vmlinuz-6.1 --initrd=/boot/stage2.img \
	--append="console=ttyAMA0 panic=-1 marker=$MARKER"
echo "load rc=$?"
kexec -e
SH
vm_boot
vm_expect "^load rc=0"
vm_expect "test hook: flipped a byte of segment 'dtb'"
vm_expect "kexec purgatory: SHA-256 mismatch in region [0-9]+ at 0x[0-9a-f]+ .*not booting"
vm_reject "^STAGE2"
vm_done
