#!/bin/bash
# tests/fuzz/run.sh TARGET SECONDS [libFuzzer options...]
# Fuzz one target (e.g. bzimage, iomem; see tests/fuzz/fuzz-*.c) for SECONDS at the lowest CPU
# priority, starting from its seed corpus tests/fuzz/corpus/TARGET. New inputs go to
# build/fuzz/work/TARGET (the committed corpus stays small: merge by hand with -merge=1 if an
# input is worth keeping), crashes/leaks/timeouts to build/fuzz/artifacts/TARGET/. Builds the
# target first (build.sh). Prints one summary line:
#   fuzz-TARGET: S s, N execs (N/s), cov C ft F, corpus N, result: clean|FOUND <artifact>
# and appends it to build/fuzz/results.txt. Exits 1 if libFuzzer found something.
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
cd "$repo"
(($# >= 2)) || {
	echo "usage: $0 TARGET SECONDS [libFuzzer options...]" >&2
	exit 2
}
t=$1 secs=$2
shift 2
[[ -d tests/fuzz/corpus/$t ]] || {
	echo "run.sh: no seed corpus tests/fuzz/corpus/$t" >&2
	exit 2
}
tests/fuzz/build.sh fuzz "$t" >/dev/null

work=build/fuzz/work/$t art=build/fuzz/artifacts/$t
mkdir -p "$work" "$art"
log=build/fuzz/logs/$t-$(date +%Y%m%d-%H%M%S).log
mkdir -p "$(dirname "$log")"

start=$SECONDS
set +e
# -close_fd_mask=2: the targets log at debug level; libFuzzer and sanitizer reports still show.
nice -n 19 "build/fuzz/bin/fuzz-$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-close_fd_mask=2 -print_final_stats=1 -artifact_prefix="$art/" "$@" \
	"$work" "tests/fuzz/corpus/$t" >"$log" 2>&1
rc=$?
set -e
elapsed=$((SECONDS - start))

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
found=$(grep -oE "(crash|leak|timeout|oom)-[0-9a-f]+" "$log" | head -n 1 || true)
# A unit slower than -report_slow_units (10 s) is saved but is no failure: on a shared machine it
# is as often the neighbours as the input. Above -timeout it is a timeout, which is one.
slow=$(grep -oE "slow-unit-[0-9a-f]+" "$log" | head -n 1 || true)
if ((rc == 0)) && [[ -z $found ]]; then
	result=clean${slow:+ (slowest unit saved as $art/$slow)}
else
	result="FOUND ${found:-rc=$rc} (log $log)"
fi
line="fuzz-$t: $elapsed s, ${execs:-?} execs ($((${execs:-0} / (elapsed ? elapsed : 1)))/s), cov ${cov:-?} ft ${ft:-?}, corpus ${corp:-?}, result: $result"
echo "$line"
echo "$(date -u +%FT%TZ) $line" >>build/fuzz/results.txt
[[ $result == clean* ]]
