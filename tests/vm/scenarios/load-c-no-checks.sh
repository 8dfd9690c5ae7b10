#!/bin/bash
# -i: the same corrupted (but harmless) boot_params byte boots, because the purgatory skips its check as asked.
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
vm_fault_kexec
vm_stage1 <<'SH'
KEXEC_TEST_CORRUPT_SEGMENT=boot_params kexec-fault -d -i -l /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER" 2>&1 | grep -E 'using kexec_load|SHA-256 checks'
kexec -e
SH
vm_boot
vm_expect "-i: using kexec_load"
vm_expect "SHA-256 checks off \(-i\)"
vm_expect "kexec purgatory: checks skipped"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_done
