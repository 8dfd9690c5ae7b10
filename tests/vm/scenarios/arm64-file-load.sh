#!/bin/bash
# arm64, kexec_file_load on a kernel that has it. Debian builds its arm64 kernels without
# CONFIG_KEXEC_FILE, so this VM runs arm64-kfile: bookworm's 6.1 built by
# tests/vm/build-arm64-kernel, as a plain Image and as an EFI zboot vmlinuz.efi. One VM, three
# kexecs, each into that same kernel and each proving one path:
#   stage 1 -> hop 1   -s, the plain Image, an initrd and --append: the kernel reads the files
#   hop 1 -> hop 2     -s, the real zboot vmlinuz.efi (as `make vmlinuz.efi` writes it):
#                      unpacked in userspace, the Image goes to the kernel as a memfd
#   hop 2 -> hop 3     the default (-a, neither -s nor -c): kexec_file_load, no fallback
# The kernel builds the new device tree itself (linux,booted-from-kexec in /chosen). Each hop's
# stage-2 script loads the next one with the running initramfs packed again as the initrd, its
# marker file changed, so every hop proves that its own initrd and command line arrived.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
vm_arch arm64
vm_arm64_boot_kernels arm64-kfile
vm_stage1_kernel arm64-kfile
vm_check_kexec_bin_arm64
vm_stage2_file /bin/kexec "$KEXEC_BIN_ARM64"
vm_stage2_file /boot/vmlinuz-kfile "$(vm_kernel arm64-kfile)"
vm_stage2_file /boot/vmlinuz-kfile.efi "$(vm_kernel arm64-kfile-zboot)"
vm_stage1 <<'SH'
kexec -s -d -l /boot/vmlinuz-kfile --initrd=/boot/stage2.img \
	--append="console=ttyAMA0 panic=-1 marker=$MARKER hop=1" >/tmp/load.log 2>&1
echo "LOAD1 rc=$?"
sed 's/^/LOAD1 /' /tmp/load.log
kexec -e
SH
vm_stage2 <<'SH'
hop=$(sed -n 's/.* hop=\([0-9]*\).*/\1/p' /proc/cmdline)
echo "hop $hop: $(uname -r)"
next=$((hop + 1))
case $hop in
1) how="-s -d -l /boot/vmlinuz-kfile.efi" ;;
2) how="-d -l /boot/vmlinuz-kfile" ;;
*) exit 0 ;;
esac
# The next initrd: this initramfs (proc, sys and dev are other file systems) with the marker
# that the next hop's init is to print.
echo "$MARKER hop$next" >/marker
(cd / && find . -xdev ! -path ./next.img | cpio -o -H newc >/next.img) 2>/dev/null
# shellcheck disable=SC2086 # $how is several words
kexec $how --initrd=/next.img --append="console=ttyAMA0 panic=-1 marker=$MARKER hop=$next" \
	>/tmp/load.log 2>&1
echo "LOAD$next rc=$?"
sed "s/^/LOAD$next /" /tmp/load.log
kexec -e
echo "kexec -e returned $?"
exit 1
SH
vm_timeout 150
vm_boot
base="console=ttyAMA0 panic=-1 marker=$MARKER"
file_load='kexec_file_load\(kernel fd [0-9]+, initrd fd [0-9]+, flags 0x0\)$'
# stage 1 -> hop 1: -s, the Image file itself.
vm_expect "^LOAD1 rc=0\$"
vm_expect "^LOAD1 .*kernel /boot/vmlinuz-kfile: Image, [0-9]+ bytes"
vm_expect "^LOAD1 .*$file_load"
vm_expect "^STAGE2 cmdline: $base hop=1\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_expect "^hop 1: 6\.1\.[0-9]+-kfile\$"
# hop 1 -> hop 2: -s, the zboot container, unpacked and passed as a memfd.
vm_expect "^LOAD2 rc=0\$"
vm_expect "^LOAD2 .*zboot container of [0-9]+ bytes, unpacked: Image\$"
vm_expect "^LOAD2 .*the unpacked Image \([0-9]+ bytes\) goes to kexec_file_load as memfd [0-9]+\$"
vm_expect "^LOAD2 .*$file_load"
vm_expect "^STAGE2 cmdline: $base hop=2\$"
vm_expect "^STAGE2 initrd: $MARKER hop2\$"
vm_expect "^hop 2: 6\.1\.[0-9]+-kfile\$"
# hop 2 -> hop 3: the default picks kexec_file_load, and it works.
vm_expect "^LOAD3 rc=0\$"
vm_expect "^LOAD3 .*$file_load"
vm_expect "^LOAD3 .*loaded /boot/vmlinuz-kfile as the next kernel\$"
vm_reject "^LOAD3 .*(falling back|kexec_load\()"
vm_expect "^STAGE2 cmdline: $base hop=3\$"
vm_expect "^STAGE2 initrd: $MARKER hop3\$"
vm_expect "^STAGE2 dt properties: .*linux,booted-from-kexec"
vm_expect "^STAGE2 done\$"
vm_reject "^LOAD[0-9] .*(error|warning):"
vm_reject "could not bring every network interface down"
vm_reject "kexec -e returned"
vm_reject "Kernel panic"
vm_reject "^STAGE1 rc="
vm_done
