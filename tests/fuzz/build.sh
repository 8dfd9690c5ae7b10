#!/bin/bash
# tests/fuzz/build.sh [fuzz|replay] [TARGET...]
#
# Build the fuzz targets (tests/fuzz/fuzz-*.c, except fuzz-main.c) against the library sources,
# without the Makefile's flags:
#   fuzz    (default) libFuzzer binaries build/fuzz/bin/fuzz-TARGET, clang with
#           -fsanitize=fuzzer,address,undefined; the library is compiled with
#           -fsanitize=fuzzer-no-link so that its branches guide the fuzzer.
#   replay  build/fuzz/replay/fuzz-TARGET: the same target linked with fuzz-main.c instead of
#           libFuzzer, with ${CC:-cc} and -fsanitize=address,undefined; replays files and
#           directories given as arguments. No clang needed (the test command uses this).
#           KEXEC_FUZZ_LIB=ARCHIVE links an already sanitized libkexec.a instead of compiling.
# TARGET is a name without the fuzz- prefix (bzimage, iomem, ...); default: all of them.
# The purgatory blob comes from `make build/purgatory/purgatory.elf`; the include folders and
# its symbol name from the Makefile, so that nothing here is spelled twice.
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
cd "$repo"

mode=${1:-fuzz}
case $mode in
fuzz | replay) shift || true ;;
*) mode=fuzz ;;
esac

targets=("$@")
if ((${#targets[@]} == 0)); then
	for f in tests/fuzz/fuzz-*.c; do
		t=$(basename "$f" .c)
		t=${t#fuzz-}
		[[ $t == main ]] || targets+=("$t")
	done
fi
for t in "${targets[@]}"; do
	[[ -f tests/fuzz/fuzz-$t.c ]] || {
		echo "build.sh: no tests/fuzz/fuzz-$t.c" >&2
		exit 2
	}
done

out=build/fuzz/$([[ $mode == fuzz ]] && echo bin || echo replay)
obj=build/fuzz/obj-$mode
mkdir -p "$out" "$obj"

# shellcheck disable=SC2054 # one flag with a comma, not an array separator
san=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
if [[ $mode == fuzz ]]; then
	cc=${FUZZ_CC:-clang}
	lib_cflags=(-fsanitize=fuzzer-no-link "${san[@]}")
	link_cflags=(-fsanitize=fuzzer "${san[@]}")
else
	cc=${CC:-cc}
	lib_cflags=("${san[@]}")
	link_cflags=("${san[@]}")
fi
read -ra includes < <(make -s print-includes)
cflags=(-std=gnu11 -O1 -g -Wall -Wextra -Wno-missing-field-initializers -D_GNU_SOURCE
	'-DKEXEC_VERSION="fuzz"' "${includes[@]}" -Itests/fuzz)
libs=(-lfdt -lzstd -llzma -lz)

# The library: what libkexec.a holds (the Makefile's LIB_SRC), compiled here with our flags.
lib=${KEXEC_FUZZ_LIB:-}
if [[ -z $lib || $mode == fuzz ]]; then
	srcs=()
	for f in src/shared/*.c src/image/*.c src/arch/*.c src/arch/*/*.c src/kdump/*.c src/bootentry/*.c src/kexec/*.c \
		src/vmcore-dmesg/*.c; do
		[[ -f $f ]] || continue
		case $f in src/kexec/main.c | src/vmcore-dmesg/main.c) continue ;; esac
		srcs+=("$f")
	done
	objs=() stale=()
	for f in "${srcs[@]}"; do
		o=$obj/$(echo "${f%.c}" | tr / _).o
		objs+=("$o")
		# Rebuilt when the source or any header is newer.
		[[ $o -nt $f ]] && ! find src -name '*.h' -newer "$o" | grep -q . && continue
		stale+=("$f:$o")
	done
	if ((${#stale[@]})); then
		# shellcheck disable=SC2016
		printf '%s\n' "${stale[@]}" | xargs -P "$(nproc)" -I{} sh -c \
			'f=${1%%:*} o=${1#*:}; shift; exec "$@" -c -o "$o" "$f"' sh {} \
			"$cc" "${cflags[@]}" "${lib_cflags[@]}"
	fi
	lib=$obj/libkexec-fuzz.a
	rm -f "$lib"
	ar rcs "$lib" "${objs[@]}"
fi
# Linked by name (the arch tables refer to it weakly; see the Makefile's EMBED_OBJ).
make -s build/purgatory/purgatory.elf
"$cc" -c '-DPURGATORY_ELF="build/purgatory/purgatory.elf"' \
	"-DPURGATORY_SYMBOL=$(make -s print-purgatory-symbol)" -o "$obj/embed.o" src/purgatory/embed.S

for t in "${targets[@]}"; do
	if [[ $mode == fuzz ]]; then
		"$cc" "${cflags[@]}" "${link_cflags[@]}" -o "$out/fuzz-$t" "tests/fuzz/fuzz-$t.c" \
			"$obj/embed.o" "$lib" "${libs[@]}"
	else
		"$cc" "${cflags[@]}" "${link_cflags[@]}" -o "$out/fuzz-$t" "tests/fuzz/fuzz-$t.c" \
			tests/fuzz/fuzz-main.c "$obj/embed.o" "$lib" "${libs[@]}"
	fi
	echo "built $out/fuzz-$t"
done
