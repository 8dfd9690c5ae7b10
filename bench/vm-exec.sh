#!/bin/bash
# bench/vm-exec.sh: one VM boot of the bench (a tests/vm scenario, parameterised by the
# environment; bench/run writes one small wrapper per boot and runs them with tests/vm/run).
#
# Stage 1 builds an initrd of exactly BENCH_SIZE bytes (bench/vm-init.c's archive plus zeros:
# vm-init-1M.img, extended in 1 MiB blocks),
# loads the kernel with the tool that does NOT execute (timed), unloads, loads with the tool that
# does (timed), prints "BENCH exec" and runs that tool's -e. The host stamps every serial line,
# so the log gives: exec -> "kexec_core: Starting new kernel" -> the new kernel's first line
# ("Linux version") -> its init's first line ("STAGE2 init").
#
#   BENCH_EXEC    kt | ours        the tool whose load is executed (the other one loads first)
#   BENCH_MODE    c | ci           -c (kexec_load, checks on) or -c -i (checks off)
#   BENCH_SIZE    bytes            initrd size, a multiple of 1 MiB
#   BENCH_KERNEL  cloud | generic | vmlinux   the kernel to kexec: Debian's cloud (LZ4) or
#                 generic (XZ) bzImage, or the generic one's ELF vmlinux, already decompressed
#                 (stage 1 always boots the cloud kernel)
#   BENCH_ONLY    1                skip the other tool's load
#   BENCH_QEMU    extra QEMU arguments (word-split), e.g. "-cpu max,sha-ni=off"
#   BENCH_BIN     directory holding fake-kexec and vm-init-1M.img (bench/run builds them)
# shellcheck source-path=SCRIPTDIR source=../tests/vm/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../tests/vm/lib.sh"

: "${BENCH_EXEC:?}" "${BENCH_MODE:?}" "${BENCH_SIZE:?}" "${BENCH_BIN:?}"
((BENCH_SIZE >= 1048576 && BENCH_SIZE % 1048576 == 0)) || vm_die "BENCH_SIZE: a multiple of 1 MiB"
BENCH_KERNEL=${BENCH_KERNEL:-cloud}
vm_peer_kexec_tools
vm_file /bin/bench-time "$BENCH_BIN/fake-kexec"
vm_file /boot/bench-init.img "$BENCH_BIN/vm-init-1M.img"
vm_stage1_kernel cloud
vm_mem 2G
# A 256 MiB boot took 4 min with a dozen other VMs on the 2 CPUs.
vm_timeout 900
# shellcheck disable=SC2086
[[ -z ${BENCH_QEMU:-} ]] || vm_qemu_args $BENCH_QEMU

case $BENCH_KERNEL in
cloud) kernel=/boot/vmlinuz-cloud ;;
generic) kernel=/boot/vmlinuz ;;
vmlinux)
	# shellcheck source=../tests/vm/vmlinux.sh
	. "$VM_LIB_DIR/vmlinux.sh"
	vm_file /boot/vmlinux "$(vm_vmlinux generic)"
	kernel=/boot/vmlinux
	;;
*) vm_die "BENCH_KERNEL: cloud, generic or vmlinux" ;;
esac
case $BENCH_MODE in
c) opts="-c" ;;
ci) opts="-c -i" ;;
*) vm_die "BENCH_MODE: c or ci" ;;
esac
case $BENCH_EXEC in
kt) first=ours ;;
ours) first=kt ;;
*) vm_die "BENCH_EXEC: kt or ours" ;;
esac
[[ ${BENCH_ONLY:-} != 1 ]] || first=

vm_stage1 <<SH
kernel=$kernel opts="$opts" size=$BENCH_SIZE exec=$BENCH_EXEC first=$first
SH
vm_stage1 <<'SH'
bin() { if [ "$1" = kt ]; then echo kexec-tools; else echo kexec; fi; }
grep -q sha_ni /proc/cpuinfo && echo "BENCH cpu sha_ni" || echo "BENCH cpu no sha_ni"
# Whole 1 MiB writes: busybox's head -c would take a minute for 256 MiB under TCG.
cp /boot/bench-init.img /tmp/initrd
[ "$size" -gt 1048576 ] && dd if=/dev/zero bs=1048576 count=$((size / 1048576 - 1)) 2>/dev/null >>/tmp/initrd
echo "BENCH initrd $(stat -c %s /tmp/initrd) bytes"
load() {
	# bench-time prints "wall user sys maxrss_kib status"; the tool's own output goes to stderr.
	r=$(bench-time -n -- "$(bin "$1")" $opts -l "$kernel" --initrd=/tmp/initrd \
		--append="console=ttyS0 panic=-1 marker=$MARKER" 2>/tmp/load.err)
	echo "BENCH load tool=$1 mode=$opts size=$size $r"
	[ -s /tmp/load.err ] && sed 's/^/BENCH stderr: /' /tmp/load.err
}
if [ -n "$first" ]; then
	load "$first"
	"$(bin "$first")" -u
fi
load "$exec"
echo "BENCH exec tool=$exec"
"$(bin "$exec")" -e
echo "BENCH exec returned $?"
SH
vm_boot
vm_expect "^BENCH load tool=$BENCH_EXEC .* 0\$"
vm_expect "^BENCH exec tool="
vm_expect "^STAGE2 init marker=$MARKER\$"
vm_reject "Kernel panic"
vm_reject "^BENCH exec returned"
vm_done
