#!/bin/bash
# tests/analyze.sh: static analysis with GCC's -fanalyzer (the compiler the project already
# builds with; no other package) over every C file under src/, each with the flags it is built
# with (the purgatory freestanding). A finding listed in tests/analyze.suppress (file, function,
# warning option, and the reason) is allowed; any other finding, a file that does not compile,
# or a suppression that matches nothing any more fails. Ends with
# "analyze: N findings, N suppressed, N new".
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$repo"
cc=${CC:-gcc}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

read -ra includes < <(make -s print-includes)
# The host compiler builds the host's purgatory only; another architecture's purgatory folder
# needs its cross compiler and is left out here.
arch=$(make -s print-arch)
user_flags=(-std=gnu11 -O1 -fanalyzer -D_GNU_SOURCE -DKEXEC_VERSION='"analyze"' "${includes[@]}")
purg_flags=(-std=gnu11 -O2 -fanalyzer -ffreestanding -fno-builtin -nostdinc
	-isystem "$($cc -print-file-name=include)" $(make -s print-purgatory-cflags) -Isrc/purgatory
	-Isrc/shared)

failed=0
while read -r f; do
	case $f in
	src/purgatory/* | "src/arch/$arch/purgatory/"*) flags=("${purg_flags[@]}") ;;
	src/arch/*/purgatory/*) continue ;;
	*) flags=("${user_flags[@]}") ;;
	esac
	if ! "$cc" "${flags[@]}" -c -o /dev/null "$f" >>"$out" 2>&1; then
		echo "analyze: $f does not compile"
		failed=1
	fi
done < <(find src -name '*.c' | LC_ALL=C sort)

# One key per finding: "file function -Woption" ("In function 'x'" comes before it).
# A finding in an inlined helper (freep() of macro.h, for a _cleanup_ variable) is keyed by the
# function and file it was inlined into ("inlined from 'f' at file:line:col:").
findings=$(awk '
	/: In function / { fn = $0; sub(/.*In function [^a-zA-Z_]*/, "", fn); sub(/[^a-zA-Z0-9_].*/, "", fn); into = "" }
	/^ +inlined from / {
		fn = $0; sub(/.*inlined from [^a-zA-Z_]*/, "", fn); sub(/[^a-zA-Z0-9_].*/, "", fn)
		into = $0; sub(/.* at /, "", into); sub(/:.*/, "", into)
	}
	/: warning: .*\[-Wanalyzer/ {
		file = $0; sub(/:.*/, "", file)
		if (into != "") { file = into; into = "" }
		opt = $0; sub(/.*\[-W/, "-W", opt); sub(/\].*/, "", opt)
		print file " " fn " " opt
	}' "$out")
grep -E ': warning: .*\[-Wanalyzer' "$out" || true
suppressed=$(grep -vE '^(#|$)' tests/analyze.suppress | awk '{ print $1, $2, $3 }')

n_all=0 n_sup=0 n_new=0
while read -r key; do
	[[ -n $key ]] || continue
	n_all=$((n_all + 1))
	if grep -qxF -- "$key" <<<"$suppressed"; then
		n_sup=$((n_sup + 1))
		echo "analyze: suppressed: $key (reason in tests/analyze.suppress)"
	else
		n_new=$((n_new + 1))
		echo "analyze: NEW: $key"
	fi
done <<<"$findings"
while read -r key; do
	[[ -n $key ]] || continue
	if ! grep -qxF -- "$key" <<<"$findings"; then
		echo "analyze: suppression matches no finding any more, remove it: $key"
		failed=1
	fi
done <<<"$suppressed"
((n_new == 0)) || failed=1
echo "analyze: $n_all findings, $n_sup suppressed, $n_new new"
((failed == 0))
