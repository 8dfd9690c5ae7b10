#!/bin/bash
# Wall-clock exec -> "Linux version" without icount or sampling, variants interleaved.
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
for rep in 1 2 3; do
  for v in bz:0: pre:1: prei:1:-i bzi:0:-i; do
    IFS=: read -r name pre nocheck <<<"$v"
    tag=w-$name-$rep
    NOSAMPLE=1 PRE=$pre NOCHECK=$nocheck TAG=$tag PORT=23490 KEXEC_BIN=${KEXEC_BIN:-build/kexec} VM_LOGDIR=/tmp/logs-$tag \
      tests/vm/run -v bench/investigations/exec-gap/gap.sh > ${OUT:-/tmp}/run-$tag.out 2>&1
    log=/tmp/logs-$tag/gap.log
    kx=$(grep -m1 'Starting new kernel' $log | awk '{print $1}')
    pd=$(grep -m1 -E 'kexec purgatory: ' $log | awk '{print $1}')
    lv=$(awk -v kx=$kx '$1 > kx && /Linux version/ {print $1; exit}' $log)
    s2=$(grep -m1 '^ *[0-9.]* STAGE2 initrd' $log | awk '{print $1}')
    echo "$tag $(grep -oE '^(PASS|FAIL)' ${OUT:-/tmp}/run-$tag.out) exec=$kx purg_done=$pd linux_version=$lv stage2=$s2 load=$(uptime | sed 's/.*average: //')"
  done
done
