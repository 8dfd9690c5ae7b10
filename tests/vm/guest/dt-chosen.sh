# shellcheck shell=sh
# dt-chosen.sh [PREFIX]: what the device tree's /chosen node told this kernel, one line per
# fact, each starting with PREFIX (default "DT"), for the host to grep. Runs under busybox sh on
# any device-tree machine (arm64). lib.sh ships it as /bin/dt-chosen in both stages of an arm64
# VM and runs it in stage 2 with PREFIX "STAGE2", giving e.g.
#   STAGE2 dt source: /proc/device-tree (/sys/firmware/fdt 1048576 bytes)
#   STAGE2 dt bootargs: console=ttyAMA0 panic=-1 marker=m0123456789ab
#   STAGE2 dt initrd: 0x48000000-0x48400000 (4194304 bytes)
#   STAGE2 dt kaslr-seed: nonzero        (zero once the kernel used it, or absent)
#   STAGE2 dt rng-seed: absent           (or "8 bytes")
#   STAGE2 dt kaslr: KASLR enabled       (the kernel's own KASLR line, from dmesg)
#   STAGE2 dt properties: bootargs kaslr-seed linux,initrd-end linux,initrd-start ...
# The kernel consumes the seeds early: it wipes kaslr-seed to zero after using it for KASLR and
# removes rng-seed from the blob (the same blob /sys/firmware/fdt exports), so "zero" and
# "absent" are what a seed that was passed usually looks like here.
# Booted with ACPI (as under UEFI firmware on QEMU virt: the EFI stub made a tree with only
# /chosen), the kernel does not unflatten the tree into /proc/device-tree but still exports it
# as /sys/firmware/fdt; then the lines come from that blob:
#   STAGE2 dt source: /sys/firmware/fdt (553 bytes, no /proc/device-tree: ACPI)
#   STAGE2 dt bootargs: ...  STAGE2 dt initrd: ...  (as above)
#   STAGE2 dt uefi: linux,uefi-mmap-desc-size=0x30 ... linux,uefi-system-table=0x6fed0018
#   STAGE2 dt properties: bootargs linux,initrd-end ... linux,uefi-system-table
p=${1:-DT}
c=/proc/device-tree/chosen

# fdt_chosen FILE: one line "NAME HEX" per property of /chosen in flattened tree FILE.
fdt_chosen() {
	od -An -v -tu1 "$1" | awk '
	function u32(o) { return ((b[o] * 256 + b[o + 1]) * 256 + b[o + 2]) * 256 + b[o + 3] }
	{ for (i = 1; i <= NF; i++) b[n++] = $i }
	END {
		if (n < 40 || u32(0) != 3490578157) exit 1	# magic 0xd00dfeed
		o = u32(8); strs = u32(12); d = 0
		while (o + 4 <= n) {
			t = u32(o); o += 4
			if (t == 1) {		# FDT_BEGIN_NODE, name, padding
				nm = ""
				while (o < n && b[o] != 0) nm = nm sprintf("%c", b[o++])
				node[++d] = nm; o = int((o + 4) / 4) * 4
			} else if (t == 2) {	# FDT_END_NODE
				d--
			} else if (t == 3) {	# FDT_PROP len nameoff value
				len = u32(o); s = strs + u32(o + 4); o += 8
				if (d == 2 && node[2] == "chosen") {
					nm = ""
					while (s < n && b[s] != 0) nm = nm sprintf("%c", b[s++])
					h = ""
					for (i = 0; i < len; i++) h = h sprintf("%02x", b[o + i])
					print nm, h
				}
				o = int((o + len + 3) / 4) * 4
			} else if (t != 4) {	# FDT_END, or garbage
				break
			}
		}
	}'
}

if [ ! -d $c ]; then
	f=/sys/firmware/fdt
	if [ ! -r $f ] || ! t=$(fdt_chosen $f); then
		echo "$p dt source: none (no /proc/device-tree/chosen)"
		exit 0
	fi
	echo "$p dt source: $f ($(wc -c <$f) bytes, no /proc/device-tree: ACPI)"
	# val NAME: the property's value in hex, empty when absent.
	val() { echo "$t" | awk -v k="$1" '$1 == k { print ($2 == "" ? "-" : $2) }'; }
	v=$(val bootargs)
	if [ -n "$v" ]; then
		echo "$p dt bootargs: $(echo "$v" | awk -v x=0123456789abcdef '{
			for (i = 1; i < length($0); i += 2) {
				c = (index(x, substr($0, i, 1)) - 1) * 16 + index(x, substr($0, i + 1, 1)) - 1
				if (c) printf "%c", c
			} }')"
	else
		echo "$p dt bootargs: absent"
	fi
	s=$(val linux,initrd-start)
	e=$(val linux,initrd-end)
	if [ -n "$s" ] && [ -n "$e" ]; then
		echo "$p dt initrd: 0x${s#"${s%%[1-9a-f]*}"}-0x${e#"${e%%[1-9a-f]*}"} ($((0x$e - 0x$s)) bytes)"
	else
		echo "$p dt initrd: absent"
	fi
	echo "$p dt uefi:$(echo "$t" | awk '$1 ~ /^linux,uefi-/ { h = $2; sub(/^0+/, "", h); printf " %s=0x%s", $1, (h == "" ? "0" : h) }')"
	echo "$p dt properties: $(echo "$t" | awk '{ print $1 }' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"
	exit 0
fi
# hex VALUE-FILE: the big-endian cells of a property as one hex number, e.g. 0x48000000.
hex() {
	printf '0x%s' "$(od -An -v -tx1 "$1" | tr -d ' \n' | sed 's/^0*\(.\)/\1/')"
}
if [ -r /sys/firmware/fdt ]; then
	echo "$p dt source: /proc/device-tree (/sys/firmware/fdt $(wc -c </sys/firmware/fdt) bytes)"
else
	echo "$p dt source: /proc/device-tree (no /sys/firmware/fdt)"
fi
if [ -f $c/bootargs ]; then
	echo "$p dt bootargs: $(tr -d '\000' <$c/bootargs)"
else
	echo "$p dt bootargs: absent"
fi
if [ -f $c/linux,initrd-start ] && [ -f $c/linux,initrd-end ]; then
	s=$(hex $c/linux,initrd-start)
	e=$(hex $c/linux,initrd-end)
	echo "$p dt initrd: $s-$e ($((e - s)) bytes)"
else
	echo "$p dt initrd: absent"
fi
for seed in kaslr-seed rng-seed; do
	if [ ! -f $c/$seed ]; then
		echo "$p dt $seed: absent"
	elif [ "$seed" = kaslr-seed ]; then
		if od -An -v -tx1 $c/$seed | grep -q '[1-9a-f]'; then
			echo "$p dt $seed: nonzero"
		else
			echo "$p dt $seed: zero"
		fi
	else
		echo "$p dt $seed: $(wc -c <$c/$seed) bytes"
	fi
done
k=$(dmesg | grep -m 1 -E -o 'KASLR (enabled|disabled).*')
echo "$p dt kaslr: ${k:-no KASLR message}"
props=
for f in "$c"/*; do
	props="$props ${f##*/}"
done
echo "$p dt properties:$props"
