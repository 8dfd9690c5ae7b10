#!/bin/sh
# phases.sh SAMPLES [FROM [TO]]: collapse hmpsample.py's samples into spans of one kind of code:
# "kernel" (RIP in the kernel half), "user", or "phys CR3=... RIP=..." (per CR3 and code megabyte) (code running on an
# identity map: relocate_kernel, a purgatory, the bzImage's startup and decompressor); per span
# the host seconds, the vCPU thread's CPU seconds and QEMU's TB invalidations.
awk -v from="${2:-0}" -v to="${3:-1e9}" '
function kind(rip, cr3) {
	if (rip ~ /^ffff/) return "kernel"
	if (rip ~ /^0000(7f|55|56)/) return "user"
	# on an identity map: one span per page-table root (and per megabyte of code)
	return "phys CR3=" cr3 " RIP=" substr(rip, 1, 11) "xxxxx"
}
$1 >= from && $1 <= to {
	k = kind($2, $4)
	if (k != cur) {
		if (cur != "") out()
		cur = k; t0 = $1; c0 = $8; i0 = $12
	}
	t1 = $1; c1 = $8; i1 = $12
}
function out() {
	printf "%8.2f-%8.2f %7.2fs wall %7.2fs vCPU %9d TB invalidations  %s\n", t0, t1, t1 - t0, c1 - c0, i1 - i0, cur
}
END { if (cur != "") out() }' "$1"
