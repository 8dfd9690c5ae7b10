#!/bin/bash
# arm64, kexec_load (-c) with our purgatory: Debian's 6.1 Image, an initrd and a command line;
# the device tree is the running one from /sys/firmware/fdt with /chosen edited (bootargs,
# initrd, fresh seeds); the purgatory checks every segment with the MMU and caches on, says so
# on the PL011 (-d), and enters the kernel with x0 = the device tree.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
vm_arch arm64
vm_arm64_boot_kernels arm64-6.1
vm_stage1 <<'SH'
kexec -c -d -l /boot/vmlinuz-6.1 --initrd=/boot/stage2.img \
	--append="console=ttyAMA0 panic=-1 cryptomgr.notests marker=$MARKER"
echo "load rc=$?"
kexec -e
SH
vm_stage2 <<'SH'
echo "uname: $(uname -m) $(uname -r)"
SH
vm_timeout 150
vm_boot
vm_expect "^load rc=0"
vm_expect "kexec purgatory: [0-9]+ regions verified"
vm_expect "^STAGE2 cmdline: console=ttyAMA0 panic=-1 cryptomgr.notests marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_expect "^STAGE2 dt bootargs: console=ttyAMA0 panic=-1 cryptomgr.notests marker=$MARKER\$"
vm_expect "^STAGE2 dt initrd: 0x[0-9a-f]+-0x[0-9a-f]+ \([1-9][0-9]* bytes\)\$"
vm_expect "^uname: aarch64 6\.1\."
vm_reject "Kernel panic"
vm_reject "^STAGE1 rc="
vm_done
