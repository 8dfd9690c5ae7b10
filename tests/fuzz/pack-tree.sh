#!/bin/bash
# tests/fuzz/pack-tree.sh DIR [PREFIX] > SEED
# Pack the regular files below DIR into the record format fuzz.h's fuzz_tree_build() reads:
# "PREFIX/relative/path" NUL, length (2 bytes, little endian), content (at most 65535 bytes).
# Used to turn sysfs samples into seeds for the tree-reading targets (efi, edd,
# memmap-firmware).
set -euo pipefail
dir=$1
prefix=${2:-}
cd "$dir"
find . -type f | LC_ALL=C sort | while IFS= read -r f; do
	f=${f#./}
	len=$(stat -c %s "$f")
	((len <= 65535)) || len=65535
	printf '%s\0' "${prefix:+$prefix/}$f"
	# shellcheck disable=SC2059
	printf "$(printf '\\x%02x\\x%02x' $((len & 255)) $((len >> 8)))"
	head -c "$len" "$f"
done
