#!/bin/bash
# bench/vm-arm64-exec.sh: one arm64 VM boot of bench/vm-arm64.sh (a tests/vm scenario,
# parameterised by the environment; bench/vm-arm64.sh writes one small wrapper per boot and runs
# them with tests/vm/run).
#
# QEMU virt, cortex-a57, TCG (tests/vm/lib.sh's arm64 guest), stage 1 booted with Debian's 6.1
# arm64 kernel. Stage 1 loads that same Image with the harness's stage-2 initrd
# (/boot/stage2.img) and one command line, first with the tool that does NOT execute (timed),
# unloads, loads with the tool that does (timed), prints "BENCH exec" and runs that tool's -e.
# The host stamps every serial line, so the log gives: exec -> "kexec_core: Starting new
# kernel" -> "Bye!" (the old kernel's last line, just before it jumps to the purgatory) -> the
# new kernel's first line (earlycon: "Booting Linux on physical CPU", printed as soon as its
# setup_arch parses the command line) -> its init's first line ("STAGE2 cmdline").
# Ours runs with -d, so its purgatory reports "N KiB checked in M ms" on the PL011.
#
#   BENCH_EXEC    kt | ours        the tool whose load is executed (the other one loads first)
#   BENCH_MODE    c | ci           checks on (ours -c, kexec-tools' default) or off (-i, both)
#   BENCH_BIN     directory holding bench-time (bench/fake-kexec.c built for aarch64) and
#                 kexec (our arm64 build; bench/vm-arm64.sh passes it as KEXEC_BIN_ARM64 too)
# shellcheck source-path=SCRIPTDIR source=../tests/vm/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../tests/vm/lib.sh"

: "${BENCH_EXEC:?}" "${BENCH_MODE:?}" "${BENCH_BIN:?}"
vm_arch arm64
vm_arm64_boot_kernels arm64-6.1
vm_peer_kexec_tools
vm_file /bin/bench-time "$BENCH_BIN/bench-time"
# kexec-tools' checks take about 45 s under TCG on an idle machine; leave room for a busy one.
vm_timeout 600

case $BENCH_MODE in
c) iopt= ;;
ci) iopt=-i ;;
*) vm_die "BENCH_MODE: c or ci" ;;
esac
case $BENCH_EXEC in
kt) first=ours ;;
ours) first=kt ;;
*) vm_die "BENCH_EXEC: kt or ours" ;;
esac

vm_stage1 <<SH
mode=$BENCH_MODE iopt="$iopt" exec=$BENCH_EXEC first=$first
SH
vm_stage1 <<'SH'
append="console=ttyAMA0 panic=-1 cryptomgr.notests earlycon marker=$MARKER"
cmd() { if [ "$1" = kt ]; then echo "kexec-tools $iopt"; else echo "kexec -c -d $iopt"; fi; }
bin() { if [ "$1" = kt ]; then echo kexec-tools; else echo kexec; fi; }
load() {
	# bench-time prints "wall user sys maxrss_kib status"; the tool's own output goes to stderr.
	# shellcheck disable=SC2046
	r=$(bench-time -n -- $(cmd "$1") -l /boot/vmlinuz-6.1 --initrd=/boot/stage2.img \
		--append="$append" 2>/tmp/load.err)
	echo "BENCH load tool=$1 mode=$mode $r"
	case $r in *" 0") ;; *) sed 's/^/BENCH stderr: /' /tmp/load.err ;; esac
}
echo "BENCH cpu $(grep -m 1 '^Features' /proc/cpuinfo)"
echo "BENCH sizes kernel=$(stat -c %s /boot/vmlinuz-6.1) initrd=$(stat -c %s /boot/stage2.img)"
echo "BENCH append $append"
load "$first"
"$(bin "$first")" -u
load "$exec"
echo "BENCH exec tool=$exec"
"$(bin "$exec")" -e
echo "BENCH exec returned $?"
SH
vm_boot
vm_expect "^BENCH load tool=$BENCH_EXEC .* 0\$"
vm_expect "^BENCH exec tool="
vm_expect "Bye!"
vm_expect "^STAGE2 cmdline: console=ttyAMA0 panic=-1 cryptomgr.notests earlycon marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_reject "Kernel panic"
vm_reject "^BENCH exec returned"
vm_done
