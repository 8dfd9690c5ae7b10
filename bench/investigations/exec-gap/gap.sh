#!/bin/bash
# RIP sampling across kexec: MODE=c|s (kexec_load/kexec_file_load), FW=bios|uefi, EXTRA=cmdline words, PORT
# Run from the repository: tests/vm/run bench/investigations/exec-gap/gap.sh (the runner cds there).
HERE=$(cd "$(dirname "$0")" && pwd)
. "$PWD/tests/vm/lib.sh"
PORT=${PORT:-23451}
vm_firmware ${FW:-bios}
vm_timeout ${TIMEOUT:-200}
[ -n "${S1APPEND:-}" ] && vm_stage1_append $S1APPEND
vm_qemu_args -gdb tcp:127.0.0.1:$PORT ${QEMU_EXTRA:-}
export MODE=${MODE:-c} EXTRA=${EXTRA:-}
vm_stage1 <<SH
export KEXEC_EXPERIMENT_PREEXTRACT=${PRE:-0}
MODE=$MODE
EXTRA="$EXTRA"
SH
vm_stage1 <<SH
LOADTIME=${LOADTIME:-0}
NOCHECK=${NOCHECK:-}
SH
vm_stage1 <<'SH'
if [ "$LOADTIME" = 1 ]; then
  for pre in 0 1 0 1; do
    t0=$(cut -d' ' -f1 /proc/uptime)
    KEXEC_EXPERIMENT_PREEXTRACT=$pre time kexec -c -l /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0"
    echo "LOADTIME pre=$pre rc=$? $(awk -v t0="$t0" '{ printf "%.3f", $1 - t0 }' /proc/uptime) s"
    kexec -u
  done
fi
if [ "$MODE" = s ]; then
kexec -s -d -l /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER $EXTRA"
else
kexec -c $NOCHECK -d -l /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER $EXTRA"
fi
echo "load rc=$?"
kexec -e
SH
if [ -n "${BPS:-}" ]; then
PMPORT=${PMPORT:-0x608} python3 "$HERE/bptimer.py" $PORT ${OUT:-/tmp}/bp-${TAG:-x}.txt $BPS &
elif [ -z "${NOSAMPLE:-}" ]; then
python3 "$HERE/sampler.py" $PORT ${OUT:-/tmp}/samples-${TAG:-x}.txt ${INTERVAL:-0.1} ${TIMEOUT:-200} &
fi
vm_boot
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_done
