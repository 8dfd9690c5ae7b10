# shellcheck shell=bash
# tests/vm/vmlinux.sh: the ELF vmlinux inside a cached Debian bzImage, for the
# scenarios that load a vmlinux (sourced after lib.sh).
#
# A bzImage's payload (boot.rst, protocol 2.08+: payload_offset at 0x248 from
# the end of the real-mode setup, payload_length at 0x24c) is the compressed
# vmlinux; for every format but gzip, the build appends the 32-bit size
# (scripts/Makefile.lib size_append), which the command-line tools would take
# for trailing garbage, so it is cut off.  The result is cached in
# $VM_CACHE/vmlinux/<kernel file name>/, with a gzip'd copy.

# _vm_u32 FILE OFFSET: little-endian 32-bit value at OFFSET.
_vm_u32() {
	od -An -t u4 -j "$2" -N 4 "$1" | tr -d ' '
}

_vm_extract_vmlinux_locked() {
	local bz=$1 dir=$2 setup off len magic tmp
	[[ -s $dir/vmlinux && -s $dir/vmlinux.gz ]] && return 0
	mkdir -p "$dir"
	tmp=$(mktemp -d "$dir/.tmp.XXXXXX")
	setup=$(od -An -t u1 -j $((0x1f1)) -N 1 "$bz" | tr -d ' ')
	((setup != 0)) || setup=4
	setup=$(((setup + 1) * 512))
	off=$((setup + $(_vm_u32 "$bz" $((0x248)))))
	len=$(_vm_u32 "$bz" $((0x24c)))
	magic=$(od -An -t x1 -j "$off" -N 6 "$bz" | tr -d ' \n')
	case $magic in
	1f8b*) tail -c +$((off + 1)) "$bz" | head -c "$len" | gzip -dc >"$tmp/vmlinux" ;;
	fd377a585a00) tail -c +$((off + 1)) "$bz" | head -c $((len - 4)) | xz -dc >"$tmp/vmlinux" ;;
	28b52ffd*) tail -c +$((off + 1)) "$bz" | head -c $((len - 4)) | zstd -dcq >"$tmp/vmlinux" ;;
	*)
		rm -rf "$tmp"
		vm_die "$bz: payload at $off starts with $magic: not gzip, xz or zstd"
		;;
	esac
	if ! readelf -h "$tmp/vmlinux" 2>/dev/null | grep -q 'Type:.*EXEC' ||
		! readelf -h "$tmp/vmlinux" | grep -q 'Machine:.*X86-64'; then
		rm -rf "$tmp"
		vm_die "$bz: the decompressed payload is not an x86-64 ELF executable"
	fi
	gzip -9 -n -c "$tmp/vmlinux" >"$tmp/vmlinux.gz"
	mv "$tmp/vmlinux" "$tmp/vmlinux.gz" "$dir/"
	rmdir "$tmp"
}

# vm_vmlinux generic|cloud: host path of that kernel's vmlinux (and of
# vmlinux.gz next to it), extracted once.
vm_vmlinux() {
	local bz dir
	bz=$(vm_kernel "$1")
	dir=$VM_CACHE/vmlinux/$(basename "$bz")
	_vm_locked _vm_extract_vmlinux_locked "$bz" "$dir"
	echo "$dir/vmlinux"
}
