#!/bin/bash
# Crash kernels that do not fit the reservation: one line with both sizes and exit 14, with -c, -s and -a; a refusal by our checks leaves the loaded crash kernel alone, a kernel-side one leaves none (the kernel unloads first). Also an ELF vmlinux (fixed address), --print-ckr-size, -c -p -u and --elf32-core-headers.
. "$(dirname "$0")/../lib.sh"
. "$VM_LIB_DIR/vmlinux.sh"
vm_file /boot/vmlinux "$(vm_vmlinux generic)"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage1_append "crashkernel=128M"
vm_stage1 <<'SH'
. /lib/check.sh
K=/boot/vmlinuz
fit='do not fit the 128 MiB reserved by crashkernel=; raise crashkernel= or use a smaller initrd'
check_rc 0 '^134217728$' kexec --print-ckr-size
# Sparse: only their size matters, and writing 328 MiB of zeros takes a minute under TCG.
dd if=/dev/null of=/tmp/big.img bs=1M seek=256 2>/dev/null
dd if=/dev/null of=/tmp/mid.img bs=1M seek=72 2>/dev/null

check_rc 0 '' kexec -c -p $K --initrd=/boot/stage2.img --append="console=ttyS0"
check_rc 1 '' kexec -S
# Larger than the reservation as files: refused before any syscall, for every syscall choice.
check_rc 14 "the crash kernel \([0-9]+ MiB\) and initrd \(256 MiB\) $fit" kexec -c -p $K --initrd=/tmp/big.img
check_rc 14 "and initrd \(256 MiB\) $fit" kexec -s -p $K --initrd=/tmp/big.img
check_rc 14 "and initrd \(256 MiB\) $fit" kexec -p $K --initrd=/tmp/big.img
check_rc 1 '' kexec -S
# The files fit, but not the kernel's 64 MiB init_size next to them: kexec_load's placement
# says so, still before the syscall...
check_rc 14 "the crash kernel \(64 MiB\) and initrd \(72 MiB\) $fit" kexec -c -p $K --initrd=/tmp/mid.img
check_rc 1 '' kexec -S
check_rc 3 "'--elf32-core-headers' is refused: ELF32 core headers" kexec -c -p $K --elf32-core-headers
check_rc 1 '' kexec -S
# An ELF vmlinux loads where it was linked (16 MiB), not inside the reservation.
check_rc 8 "elf-x86_64 images load at the physical address they were linked for, outside the crash kernel reservation" kexec -c -p /boot/vmlinux
check_rc 1 '' kexec -S
# ...kexec_file_load finds out in the kernel, which has already unloaded the old one.
check_rc 14 "do not fit the memory reserved by crashkernel=" kexec -s -p $K --initrd=/tmp/mid.img
check_rc 0 '' kexec -S

check_rc 0 '' kexec -c -p $K --initrd=/boot/stage2.img --append="console=ttyS0" --elf64-core-headers
check_rc 1 '' kexec -S
check_rc 0 '' kexec -c -p -u
check_rc 0 '' kexec -S

# A smaller reservation (the kernel gives the top back to the system).
echo $((64 << 20)) >/sys/kernel/kexec_crash_size
check_rc 0 '^67108864$' kexec --print-ckr-size
check_rc 14 "and initrd \(256 MiB\) do not fit the 64 MiB reserved by crashkernel=" kexec -c -p $K --initrd=/tmp/big.img
check_rc 0 '' kexec -S
SH
vm_boot
vm_reject "CHECK FAIL"
vm_expect "^CHECK ok rc=14: kexec -c -p /boot/vmlinuz --initrd=/tmp/big.img"
vm_expect "^CHECK ok rc=14: kexec -c -p /boot/vmlinuz --initrd=/tmp/mid.img"
vm_expect "^CHECK ok rc=0: kexec -c -p -u"
vm_expect "^CHECK ok rc=0: kexec --print-ckr-size"
vm_expect "^STAGE1 rc=0"
vm_done
