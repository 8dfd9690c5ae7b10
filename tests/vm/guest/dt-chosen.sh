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
p=${1:-DT}
c=/proc/device-tree/chosen
if [ ! -d $c ]; then
	echo "$p dt source: none (no /proc/device-tree/chosen)"
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
