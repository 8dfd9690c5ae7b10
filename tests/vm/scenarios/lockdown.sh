#!/bin/bash
# lockdown=integrity: kexec_load is refused with the lockdown explained (use -s with a signed kernel); kexec_file_load of a kernel this machine cannot verify is refused as such, and -a does not fall back; nothing gets loaded. kexec --check foresees kexec_load's refusal (the kernel's own gate) and an unsigned kernel's (EPERM), with the same exit code; kexec --inspect reports the lockdown and the signer.
. "$(dirname "$0")/../lib.sh"
. "$VM_LIB_DIR/secureboot.sh"
cp "$(vm_kernel generic)" "$VM_WORK/vmlinuz-unsigned"
while sbverify --list "$VM_WORK/vmlinuz-unsigned" 2>/dev/null | grep -q '^signature [0-9]'; do
	sbattach --remove "$VM_WORK/vmlinuz-unsigned" >/dev/null
done
vm_file /boot/vmlinuz-unsigned "$VM_WORK/vmlinuz-unsigned"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage1_append "lockdown=integrity"
vm_stage1 <<'SH'
. /lib/check.sh
mount -t securityfs securityfs /sys/kernel/security
echo "lockdown: $(cat /sys/kernel/security/lockdown)"
check_rc 9 'kexec_load is forbidden under kernel lockdown \(integrity\); use -s with a signed kernel' kexec -c -l /boot/vmlinuz --initrd=/boot/stage2.img
check_rc 9 'refused by kernel lockdown \(integrity\): the kernel must be signed by a key this machine trusts' kexec -s -l /boot/vmlinuz --initrd=/boot/stage2.img
check_rc 9 'with kexec_file_load: refused by kernel lockdown' kexec -l /boot/vmlinuz --initrd=/boot/stage2.img
# --check says the same, before any load: kexec_load's gate is the kernel's answer; an unsigned
# kernel is refused by lockdown (EPERM); both exit 9 as the loads do.
# (check_rc matches one line: one call per line looked for)
check_rc 9 'kernel gates for kexec_load: refused \(EPERM' kexec --check -c -l /boot/vmlinuz --initrd=/boot/stage2.img
check_rc 9 'kexec_load is forbidden under kernel lockdown \(integrity\)' kexec --check -c -l /boot/vmlinuz --initrd=/boot/stage2.img
check_rc 9 'lockdown \(integrity\) accepts only a kernel with a trusted signature' kexec --check -l /boot/vmlinuz-unsigned --initrd=/boot/stage2.img
check_rc 9 'would fail \(EPERM\), a verdict -a takes as final: no fallback to kexec_load, which the kernel would refuse too \(EPERM\)' kexec --check -l /boot/vmlinuz-unsigned --initrd=/boot/stage2.img
check_rc 9 'with kexec_file_load: refused by kernel lockdown \(integrity\)' kexec --check -l /boot/vmlinuz-unsigned --initrd=/boot/stage2.img
check_rc 9 'with kexec_file_load: refused by kernel lockdown' kexec -l /boot/vmlinuz-unsigned --initrd=/boot/stage2.img
check_rc 0 '' kexec -S -l
# --inspect reads the same state from the running kernel: lockdown on, kexec_file_load only,
# a signature required, and Debian's kernel named with its signer.
check_rc 0 '^  lockdown: +integrity$' kexec --inspect /boot/vmlinuz
check_rc 0 '^  syscall: +kexec_file_load$' kexec --inspect /boot/vmlinuz
check_rc 0 '^  signature: +required$' kexec --inspect /boot/vmlinuz
check_rc 0 '^  accepted: +only if the kernel trusts the key of .CN=Debian Secure Boot Signer' kexec --inspect /boot/vmlinuz
check_rc 0 '"lockdown": "integrity"' kexec --inspect --json /boot/vmlinuz
echo "lockdown scenario end"
SH
vm_boot
vm_expect "^lockdown: .*\[integrity\]"
vm_expect "^lockdown scenario end"
vm_reject "CHECK FAIL"
vm_done
