#!/bin/bash
# tests/fuzz/make-bootentry-seeds.sh CORPUS_DIR: seeds for fuzz-bootentry (first byte: the
# parser, see fuzz-bootentry.c): grub.cfg as tests/vm/grub-cfg.sh lays it out (grub-mkconfig's
# 00_header/10_linux/30_uefi-firmware/41_custom), with /boot on / and on its own file system,
# each followed by a grubenv; a BLS entry with a boot counter, loader.conf, an EFI variable, a
# grubenv alone. Called by make-seeds.sh.
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
out=$1/bootentry
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
# shellcheck source=../vm/grub-cfg.sh
. "$repo/tests/vm/grub-cfg.sh"
MARKER=seed
vm_grubenv "$tmp/grubenv" "saved_entry=1>1" "next_entry=1>0"
for boot in /boot ""; do
	vm_grub_cfg "$tmp/grub.cfg" "$boot"
	{ printf '\0'; cat "$tmp/grub.cfg"; printf '\0'; cat "$tmp/grubenv"; } \
		>"$out/gen-grub${boot:+-boot-on-root}"
done
printf '\1title T\nversion 6.1.0-9\nsort-key debian\nlinux /v\ninitrd /a\ninitrd /b\noptions x\noptions y\n' \
	>"$out/gen-bls"
printf '\2timeout 3\ndefault debian-*\n' >"$out/gen-loader-conf"
printf '\3\7\0\0\0d\0e\0b\0\0\0' >"$out/gen-efivar"
{ printf '\4'; cat "$tmp/grubenv"; } >"$out/gen-grubenv"
