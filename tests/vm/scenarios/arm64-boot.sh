#!/bin/bash
# Harness self-test, arm64: QEMU virt boots trixie's 6.12 straight into the stage-2 initrd (no
# kexec); its /init reports the command line, the initrd marker and the device tree's /chosen.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
vm_arch arm64
vm_no_kexec_bin
vm_stage1_kernel arm64-6.12
vm_stage2_only
vm_stage2 <<'SH'
echo "uname: $(uname -m) $(uname -r)"
SH
vm_timeout 90
vm_boot
vm_expect "^STAGE2 cmdline: console=ttyAMA0 panic=-1 cryptomgr.notests marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_expect "^STAGE2 efi: no\$"
vm_expect "^STAGE2 dt bootargs: console=ttyAMA0 panic=-1 cryptomgr.notests marker=$MARKER\$"
vm_expect "^STAGE2 dt initrd: 0x[0-9a-f]+-0x[0-9a-f]+ \([1-9][0-9]* bytes\)\$"
vm_expect "^STAGE2 dt kaslr-seed: (zero|nonzero)\$"
vm_expect "^STAGE2 dt rng-seed: "
vm_expect "^uname: aarch64 6\.12\."
vm_expect "^STAGE2 script rc=0"
vm_expect "^STAGE2 done"
vm_reject "Kernel panic"
vm_done
