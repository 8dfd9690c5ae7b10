#!/bin/bash
# Harness self-test, arm64: Debian bookworm's kexec-tools 2.0.25 (kexec_load) takes 6.1 to
# trixie's 6.12 (its vmlinuz as shipped, a raw Image) with --initrd and --append; stage 2 sees
# that command line and initrd, also in the device tree's /chosen.
# -i: without it kexec-tools' purgatory checks the segments' SHA-256 with the MMU off, which
# under TCG takes 46 s between "Bye!" and the new kernel's first line (3 s with -i).
# No -s: Debian's arm64 kernels are built without CONFIG_KEXEC_FILE.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
vm_arch arm64
vm_no_kexec_bin
vm_peer_kexec_tools
vm_arm64_boot_kernels arm64-6.12
vm_stage1 <<'SH'
kexec-tools -i -l /boot/vmlinuz-6.12 --initrd=/boot/stage2.img \
	--append="console=ttyAMA0 panic=-1 cryptomgr.notests marker=$MARKER"
echo "load rc=$?"
kexec-tools -e
SH
vm_stage2 <<'SH'
echo "uname: $(uname -m) $(uname -r)"
SH
vm_timeout 150
vm_boot
vm_expect "^STAGE1 start"
vm_expect "^load rc=0"
vm_expect "kexec_core: Starting new kernel"
vm_expect "^STAGE2 cmdline: console=ttyAMA0 panic=-1 cryptomgr.notests marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_expect "^STAGE2 dt bootargs: console=ttyAMA0 panic=-1 cryptomgr.notests marker=$MARKER\$"
vm_expect "^STAGE2 dt initrd: 0x[0-9a-f]+-0x[0-9a-f]+ \([1-9][0-9]* bytes\)\$"
vm_expect "^uname: aarch64 6\.12\."
vm_expect "^STAGE2 done"
vm_reject "Kernel panic"
vm_reject "^STAGE1 rc="
vm_done
