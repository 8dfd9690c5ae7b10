#!/bin/bash
# Bad files, options and command lines: one clear line and a distinct exit code each, and the kernel loaded before stays loaded and boots.
. "$(dirname "$0")/../lib.sh"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage1 <<'SH'
. /lib/check.sh
K=/boot/vmlinuz
check_rc 0 '' kexec -l $K --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"

check_rc 2 'unknown option' kexec --bogus
check_rc 2 'no kernel image given' kexec -l
check_rc 2 'needs a value' kexec -l $K --initrd
check_rc 3 "'--pass-memmap-cmdline' is not supported yet" kexec -l $K --pass-memmap-cmdline
check_rc 7 "kernel '/nonexistent' does not exist" kexec -l /nonexistent
check_rc 7 "kernel '/boot' is a directory" kexec -l /boot
check_rc 7 "initrd '/nonexistent.img' does not exist" kexec -l $K --initrd=/nonexistent.img
check_rc 7 "initrd '/boot' is a directory" kexec -l $K --initrd=/boot
check_rc 7 "not a regular file" kexec -l /dev/null
: > /tmp/empty
check_rc 8 "empty file" kexec -l /tmp/empty
check_rc 7 "initrd '/tmp/empty' is an empty file" kexec -l $K --initrd=/tmp/empty
check_rc 8 "not a kernel image" kexec -l /bin/busybox
head -c 1000000 $K > /tmp/truncated
check_rc 8 "truncated: 1000000 bytes" kexec -l /tmp/truncated
head -c 600 $K > /tmp/header-only
check_rc 8 "truncated" kexec -l /tmp/header-only
check_rc 8 "not a bzImage64 image" kexec -l -t bzImage64 /bin/busybox
check_rc 2 "unknown image type 'nope'" kexec -l -t nope $K

# The longest command line kexec_file_load takes (cmdline_size - 1 for the NUL - 30 the kernel
# keeps for elfcorehdr=) loads with -s; one byte more is refused before any syscall. The default
# -a takes kexec_load for longer lines, up to cmdline_size (the boot protocol's limit).
size=$(($(od -An -t u4 -j $((0x238)) -N 4 $K)))
max=$((size - 31))
long=$(head -c "$max" /dev/zero | tr '\0' x)
check_rc 11 "command line is $((max + 1)) bytes, but this kernel accepts at most $max through kexec_file_load" kexec -s -l $K --append="${long}y"
check_rc 0 '' kexec -s -l $K --append="$long"
full=$(head -c "$size" /dev/zero | tr '\0' x)
check_rc 11 "command line is $((size + 1)) bytes, but this kernel accepts at most $size;" kexec -l $K --append="${full}y"
check_rc 0 '' kexec -d -l $K --append="$full"

# ...and the kernel loaded above is still the one that boots.
check_rc 0 '' kexec -l $K --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
check_rc 7 'does not exist' kexec -l /nonexistent
check_rc 8 'truncated' kexec -l /tmp/truncated
check_rc 11 'command line' kexec -l $K --append="${full}y"
check_rc 1 '' kexec -S -l
kexec -e
SH
vm_boot
vm_expect "^CHECK ok rc=11: kexec -s -l /boot/vmlinuz --append=x+y\$"
vm_expect "the command line is too long for kexec_file_load \(at most [0-9]+ bytes\); using kexec_load"
vm_expect "^CHECK ok rc=8: kexec -l /tmp/truncated"
vm_expect "^CHECK ok rc=1: kexec -S -l"
vm_reject "CHECK FAIL"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_done
