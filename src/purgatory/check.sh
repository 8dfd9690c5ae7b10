#!/bin/sh
# check.sh BAD_RELOCS_ERE PURGATORY.ELF OBJ...: the purgatory must run wherever it is placed,
# with nothing to resolve: no undefined symbols, and none of the architecture's absolute or GOT
# relocations (BAD_RELOCS_ERE, from src/arch/<arch>/purgatory/arch.mk) in its objects.
set -eu
bad_relocs=$1
elf=$2
shift 2
undef=$(${NM:-nm} -u "$elf")
if [ -n "$undef" ]; then
	echo "purgatory: undefined symbols: $undef" >&2
	exit 1
fi
bad=$(${READELF:-readelf} -rW "$@" | awk -v re="^($bad_relocs)\$" '$3 ~ re { print $3, $5 }')
if [ -n "$bad" ]; then
	echo "purgatory: absolute or GOT relocations would break position independence:" >&2
	echo "$bad" >&2
	exit 1
fi
