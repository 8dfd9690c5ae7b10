#!/bin/bash
# tests/fuzz/coverage.sh TARGET SOURCE... [-- CORPUS_DIR...]
# Line and branch coverage of SOURCE files (e.g. src/image/bzimage.c) reached by replaying a
# target's corpus: tests/fuzz/corpus/TARGET plus build/fuzz/work/TARGET (what run.sh found), or
# the directories after --. Builds the target with clang source-based coverage and fuzz-main.c
# (no sanitizers, no libFuzzer) into build/fuzz/cov/, prints llvm-cov's report for SOURCE,
# function by function.
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
cd "$repo"
(($# >= 2)) || {
	echo "usage: $0 TARGET SOURCE... [-- CORPUS_DIR...]" >&2
	exit 2
}
t=$1
shift
srcs=() dirs=()
while (($#)) && [[ $1 != -- ]]; do
	srcs+=("$1")
	shift
done
if (($#)); then
	shift
	dirs=("$@")
else
	dirs=("tests/fuzz/corpus/$t")
	[[ -d build/fuzz/work/$t ]] && dirs+=("build/fuzz/work/$t")
fi

out=build/fuzz/cov
mkdir -p "$out"
make -s build/purgatory/purgatory.elf
lib=()
for f in src/shared/*.c src/image/*.c src/arch/x86/*.c src/kdump/*.c src/bootentry/*.c src/kexec/*.c \
	src/vmcore-dmesg/*.c; do
	case $f in src/kexec/main.c | src/vmcore-dmesg/main.c) continue ;; esac
	lib+=("$f")
done
clang -c '-DPURGATORY_ELF="build/purgatory/purgatory.elf"' -o "$out/embed.o" src/purgatory/embed.S
clang -std=gnu11 -O1 -g -w -D_GNU_SOURCE '-DKEXEC_VERSION="cov"' -fprofile-instr-generate \
	-fcoverage-mapping $(make -s print-includes) -Itests/fuzz -o "$out/fuzz-$t" "tests/fuzz/fuzz-$t.c" \
	tests/fuzz/fuzz-main.c "${lib[@]}" "$out/embed.o" -lzstd -llzma -lz
rm -f "$out/$t.profraw"
LLVM_PROFILE_FILE="$out/$t.profraw" "$out/fuzz-$t" "${dirs[@]}"
llvm-profdata merge -sparse -o "$out/$t.profdata" "$out/$t.profraw"
llvm-cov report -show-functions "$out/fuzz-$t" -instr-profile="$out/$t.profdata" "${srcs[@]}"
