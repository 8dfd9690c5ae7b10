#!/bin/bash
# exec-floor: kexec -c -i into the cloud kernel with TOOL=kt|ours; gdbstub for sampler/bptimer.
# Run from the repository (needs build/bench/vm-init-1M.img from bench/run): tests/vm/run -j 1 bench/investigations/exec-floor/floor.sh
. "$PWD/tests/vm/lib.sh"
PORT=${PORT:-23461}
vm_peer_kexec_tools
vm_file /boot/bench-init.img "$PWD/build/bench/vm-init-1M.img"
vm_stage1_kernel cloud
vm_mem 2G
vm_timeout ${TIMEOUT:-300}
vm_qemu_args -gdb tcp:127.0.0.1:$PORT ${QEMU_EXTRA:-}
vm_stage1 <<SH
tool=${TOOL:-ours} extra="${EXTRA:-}" opts="${OPTS:--c -i}"
SH
vm_stage1 <<'SH'
bin() { if [ "$1" = kt ]; then echo kexec-tools; else echo kexec; fi; }
cp /boot/bench-init.img /tmp/initrd
app="console=ttyS0 panic=-1 marker=$MARKER $extra"
kexec-tools -d $opts -l /boot/vmlinuz-cloud --initrd=/tmp/initrd --append="$app" 2>&1 | sed 's/^/KTD: /'
kexec-tools -u
kexec -d $opts -l /boot/vmlinuz-cloud --initrd=/tmp/initrd --append="$app" 2>&1 | sed 's/^/OURSD: /'
kexec -u
"$(bin $tool)" $opts -l /boot/vmlinuz-cloud --initrd=/tmp/initrd --append="$app"
echo "FLOOR exec tool=$tool rc=$?"
"$(bin $tool)" -e
SH
HERE=$PWD/bench/investigations/exec-gap
if [ -n "${BPSS:-}" ]; then
python3 "$(dirname "$0")"/bpsample.py $PORT ${OUT:-/tmp/floor}/bps-${TAG:-x}.txt kjmp ${INTERVAL:-0.02} ${MAXS:-15} $BPSS &
elif [ -n "${BPS:-}" ]; then
PMPORT=0x608 python3 "$HERE/bptimer.py" $PORT ${OUT:-/tmp/floor}/bp-${TAG:-x}.txt $BPS &
elif [ -z "${NOSAMPLE:-}" ]; then
python3 "$HERE/sampler.py" $PORT ${OUT:-/tmp/floor}/samples-${TAG:-x}.txt ${INTERVAL:-0.05} ${TIMEOUT:-300} &
fi
vm_boot
vm_expect "^FLOOR exec tool="
vm_expect "^STAGE2 init marker=$MARKER\$"
vm_done
