#!/bin/bash
cd "$(dirname "$0")/../../.." && export VM_LOGDIR=/tmp/floor/logs; mkdir -p /tmp/floor
for i in 1 2 3; do for t in ours kt; do
  NOSAMPLE=1 TOOL=$t tests/vm/run -j 1 bench/investigations/exec-floor/floor.sh >/dev/null 2>&1
  cp /tmp/floor/logs/floor.log /tmp/floor/ab-$t-$i.log
  awk -v t=$t -v i=$i '/FLOOR exec/{e=$1} /Starting new kernel/{s=$1} /Linux version/ && s {l=$1} /Run \/init/ && l && !r {r=$1} /STAGE2 init/{st=$1} END{printf "%s %d start=%.3f first=%.3f init=%.3f\n", t, i, s-e, l-s, st-s}' /tmp/floor/ab-$t-$i.log
done; done
