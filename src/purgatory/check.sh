#!/bin/sh
# check.sh PURGATORY.ELF OBJ...: the purgatory must run wherever it is placed, with nothing to
# resolve: no undefined symbols, and only PC-relative relocations in its objects.
set -eu
elf=$1
shift
undef=$(nm -u "$elf")
if [ -n "$undef" ]; then
	echo "purgatory: undefined symbols: $undef" >&2
	exit 1
fi
bad=$(readelf -rW "$@" | awk '$3 ~ /^R_X86_64_(64|32|32S|GOTPCREL|GOTPCRELX|REX_GOTPCRELX|GOT.*)$/ { print $3, $5 }')
if [ -n "$bad" ]; then
	echo "purgatory: absolute or GOT relocations would break position independence:" >&2
	echo "$bad" >&2
	exit 1
fi
