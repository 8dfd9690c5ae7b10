# shellcheck shell=bash
# tests/vm/secureboot.sh: sourced by the secureboot-* scenarios after lib.sh. Makes kernels for
# a Secure Boot VM (vm_firmware uefi-secboot): Debian's generic kernel with its signature
# replaced by one made with the snakeoil key that the VM's db trusts, and a copy of that with
# one byte flipped. Needs sbsigntool (sbattach, sbsign) and openssl.
SB_KEY=${SB_KEY:-/usr/share/ovmf/PkKek-1-snakeoil.key}
SB_CERT=${SB_CERT:-/usr/share/ovmf/PkKek-1-snakeoil.pem}
# The key's passphrase, as Debian's ovmf package documents it.
SB_KEY_PASS=${SB_KEY_PASS:-snakeoil}

deps_install sbsigntool openssl

# sb_sign_kernel SRC DEST: DEST is SRC without its signatures, signed with the snakeoil key.
sb_sign_kernel() {
	local src=$1 dest=$2
	[[ -r $SB_KEY && -r $SB_CERT ]] || vm_die "no snakeoil key at $SB_KEY (package ovmf)"
	cp "$src" "$dest.unsigned"
	# Debian's kernel carries one signature; remove every one there is.
	while sbverify --list "$dest.unsigned" 2>/dev/null | grep -q '^signature [0-9]'; do
		sbattach --remove "$dest.unsigned" >/dev/null
	done
	openssl pkey -in "$SB_KEY" -passin "pass:$SB_KEY_PASS" -out "$dest.key"
	sbsign --key "$dest.key" --cert "$SB_CERT" --output "$dest" "$dest.unsigned" >/dev/null
	rm -f "$dest.key" "$dest.unsigned"
	sbverify --cert "$SB_CERT" "$dest" >/dev/null || vm_die "sb_sign_kernel: $dest does not verify"
}

# sb_flip_byte FILE OFFSET: invert the byte at OFFSET (decimal or 0x...) in place.
sb_flip_byte() {
	local file=$1 off=$(($2)) byte
	byte=$(od -An -tu1 -j "$off" -N1 "$file" | tr -d ' ')
	# shellcheck disable=SC2059
	printf "$(printf '\\%03o' $((byte ^ 0xff)))" |
		dd of="$file" bs=1 seek="$off" conv=notrunc status=none
}
