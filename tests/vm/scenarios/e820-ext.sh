#!/bin/bash
# More than 128 memory-map entries, through two kexec_load hops (issue 11, item 1). QEMU's
# firmware map has a handful of entries and cannot be replaced, so stage 1 (booted by SeaBIOS)
# bind-mounts over /sys/firmware/memmap a copy with 100 4-KiB reserved holes punched between
# 256 and 456 MiB; kexec -c passes 128 entries in the zero page and the rest in SETUP_E820_EXT.
# Stage 2's own firmware map then really has them all: its kernel prints the extended map, and
# its /sys/firmware/memmap, read by an unmodified kexec -c, goes on to stage 3, whose kernel
# must print every entry again.
. "$(dirname "$0")/../lib.sh"
vm_timeout 300
vm_stage2_file /bin/kexec "$KEXEC_BIN"
vm_stage2_file /boot/vmlinuz "$(vm_kernel generic)"
vm_stage1 <<'SH'
fake=/tmp/memmap
mkdir -p $fake
n=0
entry() { # START END TYPE: one more /sys/firmware/memmap-style entry
	mkdir $fake/$n
	printf '0x%x\n' "$1" >$fake/$n/start
	printf '0x%x\n' "$2" >$fake/$n/end
	echo "$3" >$fake/$n/type
	n=$((n + 1))
}
for d in $(ls /sys/firmware/memmap | sort -n); do
	s=$(cat /sys/firmware/memmap/$d/start) e=$(cat /sys/firmware/memmap/$d/end)
	t=$(cat /sys/firmware/memmap/$d/type)
	if [ "$t" = "System RAM" ] && [ $((s)) -le $((0x10000000)) ] && [ $((e)) -ge $((0x1d000000)) ]; then
		p=$((s)) h=$((0x10000000)) k=0
		while [ $k -lt 100 ]; do
			entry $p $((h - 1)) "System RAM"
			entry $h $((h + 0xfff)) "Reserved"
			p=$((h + 0x1000)) h=$((h + 0x200000)) k=$((k + 1))
		done
		entry $p $((e)) "System RAM"
	else
		entry $((s)) $((e)) "$t"
	fi
done
echo "FAKE entries: $n"
mount -o bind $fake /sys/firmware/memmap
kexec -d -c -l /boot/vmlinuz --initrd=/boot/stage2.img \
	--append="console=ttyS0 panic=-1 marker=$MARKER" 2>&1 | grep -E 'SETUP_E820_EXT' | sed 's/^/DEBUG1 /'
kexec -e
SH
vm_stage2 <<'SH'
echo "E820 stage2 entries: $(ls /sys/firmware/memmap | wc -l)"
kexec -d -c -l /boot/vmlinuz --append="console=ttyS0 panic=-1 stage3" 2>&1 |
	grep -E 'SETUP_E820_EXT' | sed 's/^/DEBUG2 /'
kexec -e
SH
vm_boot
vm_expect "^FAKE entries: 20[0-9]\$"
vm_expect "^DEBUG1 .* memory map entries beyond the zero page's 128, in SETUP_E820_EXT"
vm_expect "^DEBUG2 .* memory map entries beyond the zero page's 128, in SETUP_E820_EXT"
vm_expect "Kernel command line: .*stage3"
fake=$(sed -n 's/^FAKE entries: \([0-9]*\).*/\1/p' "$VM_CONSOLE" | tr -d '\r' | head -n 1)
s2=$(sed -n 's/^E820 stage2 entries: \([0-9]*\).*/\1/p' "$VM_CONSOLE" | tr -d '\r' | head -n 1)
# Each kexec'd kernel prints its whole table once it has merged the extension: "extended: [mem
# ...]" lines after "extended physical RAM map:" (6.1 prints that heading a second time, with
# the lines under another prefix), one block per kernel (stages 2 and 3).
blocks=$(awk '/extended physical RAM map:/ { b++ } /\] extended: \[mem / { n[b]++ }
	END { for (i = 1; i <= b; i++) if (n[i]) printf "%d ", n[i] }' "$VM_CONSOLE")
vm_note "entries: stage 1's fake map $fake, stage 2's /sys/firmware/memmap ${s2:-?}, printed by stages 2 and 3: $blocks"
[[ -n $fake && $s2 == "$fake" ]] || VM_FAILURES+=("stage 2 has ${s2:-no} entries in /sys/firmware/memmap, not $fake")
[[ $blocks == "$fake $fake " ]] || VM_FAILURES+=("the kexec'd kernels printed '$blocks' extended entries, not $fake twice")
vm_done
