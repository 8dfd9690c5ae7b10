#!/bin/bash
# bench/vm-sha256.sh: SHA-256 throughput inside the VM (a tests/vm scenario; bench/run runs it).
# bench/sha256-peer.c, built static, hashes a 4 MiB buffer with kexec-tools' C code, our
# portable C and, when the emulated CPU has it, our SHA-NI path: under TCG every instruction is
# emulated, so this is the speed of the hashing done by both tools' loads and purgatories.
# Best of 30 runs: the guest's CPU clock also runs while the host deschedules QEMU.
#
#   BENCH_BIN     directory holding sha256-peer-static (bench/run builds it)
#   BENCH_QEMU    extra QEMU arguments (word-split), e.g. "-cpu max,sha-ni=on"
# shellcheck source-path=SCRIPTDIR source=../tests/vm/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../tests/vm/lib.sh"

: "${BENCH_BIN:?}"
vm_no_kexec_bin
vm_file /bin/sha256-peer "$BENCH_BIN/sha256-peer-static"
vm_stage1_kernel cloud
vm_timeout 900
# shellcheck disable=SC2086
[[ -z ${BENCH_QEMU:-} ]] || vm_qemu_args $BENCH_QEMU
vm_stage1 <<'SH'
grep -q sha_ni /proc/cpuinfo && echo "BENCH cpu sha_ni" || echo "BENCH cpu no sha_ni"
sha256-peer 4194304 30 | sed 's/^/BENCH sha256: /'
SH
vm_boot
vm_expect "^BENCH sha256: ours, generic "
vm_done
