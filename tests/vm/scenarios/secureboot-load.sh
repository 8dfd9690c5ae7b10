#!/bin/bash
# Secure Boot (OVMF with the snakeoil key in db, stage 1 a Debian kernel re-signed with it): the kernel runs locked down with the key in its platform keyring; the default -a loads the test-signed kernel through kexec_file_load and it boots with EFI intact and still locked down.
. "$(dirname "$0")/../lib.sh"
. "$VM_LIB_DIR/secureboot.sh"
sb_sign_kernel "$(vm_kernel generic)" "$VM_WORK/vmlinuz-test"
vm_firmware uefi-secboot
vm_stage1_kernel "$VM_WORK/vmlinuz-test"
vm_file /boot/vmlinuz-test "$VM_WORK/vmlinuz-test"
vm_timeout 240
vm_stage1 <<'SH'
mount -t securityfs securityfs /sys/kernel/security
echo "STAGE1 lockdown: $(cat /sys/kernel/security/lockdown)"
kexec -d -l /boot/vmlinuz-test --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER" >/tmp/out 2>&1
rc=$?
grep -v 'debug: \(plan\|memmap\|fileio\)' /tmp/out
echo "STAGE1 load rc=$rc"
kexec -e
SH
vm_stage2 <<'SH'
mount -t securityfs securityfs /sys/kernel/security
echo "STAGE2 lockdown: $(cat /sys/kernel/security/lockdown)"
SH
vm_boot
# Stage 1 booted under enforcing Secure Boot, locked down, trusting the test key.
vm_expect "secureboot: Secure boot enabled"
vm_expect "Kernel is locked down from EFI Secure Boot"
vm_expect "integrity: Loaded X.509 cert 'SnakeOil"
vm_expect "^STAGE1 lockdown: .*\[integrity\]"
# Loaded by kexec_file_load, which checked the signature: no fallback to kexec_load.
vm_expect "debug: kexec_file_load\(kernel fd"
vm_reject "falling back to kexec_load|kexec_load\(entry"
vm_expect "^STAGE1 load rc=0"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_expect "^STAGE2 efi: yes"
vm_expect "^STAGE2 lockdown: .*\[integrity\]"
vm_done
