#!/bin/bash
# Secure Boot refusals, each a precise line and exit 9, with the test-signed kernel loaded first staying loaded and booting: kexec_load (IMA: EACCES), a test-signed kernel with one byte flipped (EKEYREJECTED, no fallback to kexec_load), Debian's own signed kernel whose key this machine does not trust (ENOKEY), an unsigned kernel (ENODATA).
. "$(dirname "$0")/../lib.sh"
. "$VM_LIB_DIR/secureboot.sh"
sb_sign_kernel "$(vm_kernel generic)" "$VM_WORK/vmlinuz-test"
cp "$VM_WORK/vmlinuz-test" "$VM_WORK/vmlinuz-flipped"
# A byte of the compressed kernel, well inside what the signature covers.
sb_flip_byte "$VM_WORK/vmlinuz-flipped" 0x100000
cp "$(vm_kernel generic)" "$VM_WORK/vmlinuz-unsigned"
sbattach --remove "$VM_WORK/vmlinuz-unsigned" >/dev/null
vm_firmware uefi-secboot
vm_stage1_kernel "$VM_WORK/vmlinuz-test"
vm_file /boot/vmlinuz-test "$VM_WORK/vmlinuz-test"
vm_file /boot/vmlinuz-flipped "$VM_WORK/vmlinuz-flipped"
vm_file /boot/vmlinuz-unsigned "$VM_WORK/vmlinuz-unsigned"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_timeout 240
vm_stage1 <<'SH'
. /lib/check.sh
mount -t securityfs securityfs /sys/kernel/security
check_rc 0 '' kexec -l /boot/vmlinuz-test --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
check_rc 9 "kexec_load is forbidden: the kernel is locked down \(integrity, Secure Boot\) .*; use -s with a signed kernel" kexec -c -l /boot/vmlinuz-test --initrd=/boot/stage2.img
check_rc 9 "with kexec_file_load: the kernel's signature check failed: the image does not match its signature" kexec -s -l /boot/vmlinuz-flipped
# The default -a takes the same verdict as final: no kexec_load behind the user's back.
check_rc 9 "the kernel's signature check failed" kexec -d -l /boot/vmlinuz-flipped
check_rc 9 "the kernel is signed, but not by a key this machine trusts" kexec -l /boot/vmlinuz
check_rc 9 "the kernel is not signed, and this machine loads only signed kernels" kexec -l /boot/vmlinuz-unsigned
dmesg | grep -E 'PEFILE|kexec_file|ima:' | sed 's/^/STAGE1 dmesg: /'
check_rc 1 '' kexec -S -l
kexec -e
SH
vm_boot
vm_expect "secureboot: Secure boot enabled"
vm_expect "^CHECK ok rc=9: kexec -c -l"
vm_expect "^CHECK ok rc=9: kexec -d -l /boot/vmlinuz-flipped"
vm_expect "^CHECK ok rc=9: kexec -l /boot/vmlinuz\$"
vm_expect "^CHECK ok rc=9: kexec -l /boot/vmlinuz-unsigned"
# What the kernel said, for the record: digest mismatch, untrusted key, no signature.
vm_expect "STAGE1 dmesg: .*PEFILE: Digest mismatch"
vm_expect "STAGE1 dmesg: .*Enforced kernel signature verification failed \(-126\)"
vm_expect "STAGE1 dmesg: .*PEFILE: Unsigned PE binary"
vm_reject "falling back to kexec_load"
vm_reject "CHECK FAIL"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_expect "^STAGE2 efi: yes"
vm_done
