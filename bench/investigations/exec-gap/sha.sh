#!/bin/bash
# SHA-256 cost in the VM: ours vs Debian's kexec-tools, kexec_load (-c -l) of bzImage + 256 MiB
# initrd, interleaved, ROUNDS times; then boot with ours (-d) to time the purgatory's check.
# Run from the repository: tests/vm/run bench/investigations/exec-gap/sha.sh
HERE=$(cd "$(dirname "$0")" && pwd)
. "$PWD/tests/vm/lib.sh"
vm_mem 2G
vm_timeout ${TIMEOUT:-900}
vm_peer_kexec_tools
vm_qemu_args -gdb tcp:127.0.0.1:${PORT:-23471} ${QEMU_EXTRA:-}
vm_stage1 <<SH
ROUNDS=${ROUNDS:-2}
SH
vm_stage1 <<'SH'
{ cat /boot/stage2.img; head -c 268435456 /dev/zero; } > /tmp/big.img
ls -l /tmp/big.img
up() { cut -d' ' -f1 /proc/uptime; }
A="console=ttyS0 panic=-1 marker=$MARKER"
i=0
while [ $i -lt $ROUNDS ]; do
  for tool in kexec kexec-tools; do
    t0=$(up)
    time $tool -c -l /boot/vmlinuz --initrd=/tmp/big.img --append="$A"
    rc=$?
    t1=$(up)
    echo "LOAD $tool round=$i rc=$rc uptime_delta=$(awk -v a=$t0 -v b=$t1 'BEGIN{printf "%.3f", b-a}')"
    $tool -u
  done
  i=$((i+1))
done
kexec -c -d -l /boot/vmlinuz --initrd=/tmp/big.img --append="$A" 2>&1 | grep -E 'plan: (kernel|initrd|boot_params) +0x'
rm /tmp/big.img
kexec -e
SH
python3 "$HERE/sampler.py" ${PORT:-23471} ${OUT:-/tmp}/samples-${TAG:-sha}.txt ${INTERVAL:-0.2} 900 &
vm_boot
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_done
