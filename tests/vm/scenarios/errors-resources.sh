#!/bin/bash
# Bad-input rows beyond errors-input: a valid header with absurd sizes, an unreadable initrd, an initrd larger than memory (both sizes named, either syscall, and the plan's room for kexec_load), a file truncated while it is read; each one line and exit code, and the kernel loaded before stays loaded and boots.
. "$(dirname "$0")/../lib.sh"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage1 <<'SH'
. /lib/check.sh
K=/boot/vmlinuz
# patch FILE OFFSET BYTES: overwrite bytes (octal escapes) at OFFSET of a copy of $K.
patch() { cp $K "$1" && printf "$3" | dd of="$1" bs=1 seek=$(($2)) conv=notrunc 2>/dev/null; }
check_rc 0 '' kexec -l $K --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"

# A valid header with absurd sizes or offsets: refused before either syscall, naming the field.
patch /tmp/k-init-size 0x260 '\377\377\377\377'
check_rc 8 "cannot be loaded: corrupt: init_size is 4095 MiB, more than an x86-64 kernel can occupy" kexec -s -l /tmp/k-init-size
check_rc 8 "init_size is 4095 MiB" kexec -c -l /tmp/k-init-size
patch /tmp/k-align 0x230 '\000\000\060\000'
check_rc 8 "corrupt: kernel_alignment 0x300000 is not a power of two" kexec -l /tmp/k-align
patch /tmp/k-pref 0x258 '\000\000\000\000\000\000\000\200'
check_rc 8 "corrupt: pref_address 0x8000000000000000 is beyond" kexec -l /tmp/k-pref
patch /tmp/k-hdr 0x201 '\060'
check_rc 8 "corrupt: its setup header ends at 0x232" kexec -l /tmp/k-hdr
patch /tmp/k-syssize 0x1f4 '\377\377\377\017'
check_rc 8 "truncated: [0-9]+ bytes, but its header announces" kexec -l /tmp/k-syssize

# An initrd root cannot read (a write-only sysfs attribute refuses readers, even root).
check_rc 7 "cannot read initrd '/sys/bus/pci/rescan': Permission denied" kexec -l $K --initrd=/sys/bus/pci/rescan

# An initrd larger than the memory left: refused up front on both syscalls, with both sizes.
# Sparse: it costs no memory here (the VM has 1 GiB; kexec takes files up to 2 GiB).
truncate -s 1500M /tmp/huge.img
check_rc 10 "the kernel \([0-9]+ MiB\) and initrd '/tmp/huge.img' \(1500 MiB\) need at least [0-9]+ MiB of memory to load, but only [0-9]+ MiB is available \(MemAvailable, plus [0-9]+ MiB of free swap\); use a smaller initrd" kexec -s -l $K --initrd=/tmp/huge.img
check_rc 10 "initrd '/tmp/huge.img' \(1500 MiB\) need at least" kexec -c -l $K --initrd=/tmp/huge.img
check_rc 10 "initrd '/tmp/huge.img' \(1500 MiB\) need at least" kexec -l $K --initrd=/tmp/huge.img
# kexec_load's own placement: the initrd fits in memory, not in the RAM it may use.
truncate -s 300M /tmp/big.img
check_rc 10 "no room in memory for the bzImage64 image's segments within --mem-min/--mem-max: the kernel needs [0-9]+ MiB and the initrd 300 MiB, in RAM of which kexec_load may use [0-9]+ MiB \([0-9]+ MiB in one piece at most\)" kexec -c -l $K --initrd=/tmp/big.img --mem-max=0x10000000
rm -f /tmp/big.img

# A file truncated in place while kexec reads it (copying and hashing 300 MiB takes seconds
# under TCG): reported as what happened, before any syscall, whether kexec_load's copy comes
# short or the mapping faults (SIGBUS).
truncate -s 300M /tmp/shrink.img
(sleep 1; truncate -s 1M /tmp/shrink.img) &
check_rc 7 "the kernel or initrd file shrank while it was being read .*nothing was loaded" kexec -c -l $K --initrd=/tmp/shrink.img
wait
rm -f /tmp/shrink.img

# ...and the kernel loaded first is still the one that boots.
check_rc 1 '' kexec -S -l
kexec -e
SH
vm_boot
vm_expect "^CHECK ok rc=8: kexec -s -l /tmp/k-init-size"
vm_expect "^CHECK ok rc=10: kexec -s -l /boot/vmlinuz --initrd=/tmp/huge.img"
vm_expect "^CHECK ok rc=7: kexec -c -l /boot/vmlinuz --initrd=/tmp/shrink.img"
vm_reject "CHECK FAIL"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_done
