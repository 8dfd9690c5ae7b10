#!/bin/bash
# Boot entries from grub.cfg files that Debian's own grub-mkconfig scripts write (grub-common's
# /etc/grub.d/00_header, 10_linux, 30_uefi-firmware, 41_custom, run from the package unpacked into
# the cache, in a private mount namespace whose /boot holds fake kernels) and grubenv files that
# Debian's grub-editenv writes, in several layouts: /boot on / or on its own file system, submenus
# or GRUB_DISABLE_SUBMENU, GRUB_DEFAULT by index, '>' path, title path and saved (grub-set-default),
# one-shot next_entry (grub-reboot), GRUB_SAVEDEFAULT. On the host, no VM: each answer of
# "kexec --root=TREE --list-boot-entries --boot-entry=default" is checked. Only the device probes
# (grub-probe, grub-mkrelpath) are stand-ins: they describe a disk that is not there (and with no
# /dev/disk/by-uuid link for it, 10_linux writes root=/dev/vda2, as it would).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$here/../.." && pwd)
kexec=${KEXEC_REAL:-$repo/build/kexec}
cache=${KEXEC_TEST_CACHE:-/var/cache/kexec-test}/grub-common
[ -x "$kexec" ] || { echo "grub-mkconfig: $kexec missing: run make" >&2; exit 1; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# Debian's grub-common, unpacked once into the cache (apt-get download: no install on the host).
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [ ! -x "$cache/x/etc/grub.d/10_linux" ]; then
	(cd "$cache" && rm -f grub-common_*.deb && apt-get download grub-common >/dev/null 2>&1) ||
		{ echo "grub-mkconfig: cannot download grub-common" >&2; exit 1; }
	rm -rf "$cache/x"
	dpkg-deb -x "$cache"/grub-common_*.deb "$cache/x"
fi
flock -u 9
X=$cache/x
echo "grub-common: $(basename "$cache"/grub-common_*.deb)"

mkdir -p "$t/bin"
cat >"$t/bin/grub-probe" <<'SH'
#!/bin/sh
# What grub-mkconfig_lib asks about the (absent) disk: an msdos partition with ext2 on it.
for a; do case $a in --target=*) target=${a#--target=} ;; esac; done
case $target in
partmap) echo msdos ;;
fs) echo ext2 ;;
fs_uuid) echo 0b5e0000-0000-4000-8000-00000000b007 ;;
compatibility_hint) echo hd0,msdos1 ;;
hints_string) echo "--hint-bios=hd0,msdos1 --hint-efi=hd0,msdos1 --hint-baremetal=ahci0,msdos1 " ;;
device) echo /dev/vda1 ;;
abstraction | cryptodisk_uuid) ;;
*) exit 1 ;;
esac
SH
cat >"$t/bin/grub-mkrelpath" <<'SH'
#!/bin/sh
# A path relative to its file system's root: with /boot on its own one, /boot is its root.
case "$SEPARATE_BOOT:$1" in
yes:/boot) echo "" ;;
yes:/boot/*) echo "${1#/boot}" ;;
*) echo "$1" ;;
esac
SH
chmod 755 "$t/bin/"*

# mkconfig NAME SEPARATE_BOOT VAR=VALUE...: $t/NAME/boot/grub/grub.cfg as grub-mkconfig writes it.
mkconfig() {
	local name=$1 sep=$2 root=$t/$1
	shift 2
	mkdir -p "$root/boot/grub"
	for v in 6.1.0-56-amd64 6.1.0-57-amd64; do
		echo "kernel $v" >"$root/boot/vmlinuz-$v"
		echo "initrd $v" >"$root/boot/initrd.img-$v"
	done
	unshare -m sh -c 'mount --bind "$1/boot" /boot && shift && exec env "$@" sh -c '\''
		for s in 00_header 10_linux 30_uefi-firmware 41_custom; do
			echo "### BEGIN /etc/grub.d/$s ###"
			sh "$X/etc/grub.d/$s"
			echo "### END /etc/grub.d/$s ###"
		done'\' sh "$root" X="$X" pkgdatadir="$X/usr/share/grub" grub_probe="$t/bin/grub-probe" \
		grub_mkrelpath="$t/bin/grub-mkrelpath" SEPARATE_BOOT="$sep" GRUB_DEVICE=/dev/vda2 \
		GRUB_DEVICE_UUID=77aa0000-0000-4000-8000-0000000000aa GRUB_DEVICE_BOOT=/dev/vda1 \
		GRUB_DEVICE_BOOT_UUID=0b5e0000-0000-4000-8000-00000000b007 GRUB_FS=ext2 \
		GRUB_DISTRIBUTOR=Debian GRUB_TIMEOUT=5 GRUB_CMDLINE_LINUX_DEFAULT=quiet \
		GRUB_CMDLINE_LINUX="console=ttyS0" GRUB_RECOVERY_TITLE="recovery mode" \
		"$@" >"$root/boot/grub/grub.cfg" 2>"$t/$name.err" ||
		{ cat "$t/$name.err"; exit 1; }
	# Debian's layout: /boot/grub/grub.cfg; the kernel files are found by kexec itself.
}
editenv() { # NAME ARGS...: grub-editenv on NAME's grubenv, as grub-reboot/grub-set-default do
	local env=$t/$1/boot/grub/grubenv
	shift
	[ -e "$env" ] || "$X/usr/bin/grub-editenv" "$env" create
	"$X/usr/bin/grub-editenv" "$env" "$@"
}

pass=0 fail=0
check() { # NAME TREE EXPECTED...: kexec's answer for --boot-entry=default holds each line
	local name=$1 tree=$2 out
	shift 2
	out=$("$kexec" --root="$t/$tree" --list-boot-entries --boot-entry="${SPEC:-default}" 2>&1) ||
		out="$out (exit $?)"
	for want; do
		if [[ $'\n'$out$'\n' == *$'\n'"$want"$'\n'* ]]; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			printf 'FAILED: %s\n  expected the line: %s\n  got:\n%s\n' "$name" "$want" "$out"
		fi
	done
}
latest=/boot/vmlinuz-6.1.0-57-amd64
older=/boot/vmlinuz-6.1.0-56-amd64
id_adv=gnulinux-advanced-0b5e0000-0000-4000-8000-00000000b007
id_56=gnulinux-6.1.0-56-amd64-advanced-0b5e0000-0000-4000-8000-00000000b007

mkconfig root-default no GRUB_DEFAULT=0
check "/boot on /, GRUB_DEFAULT=0" root-default "kernel $latest" \
	"initrd /boot/initrd.img-6.1.0-57-amd64" "options root=/dev/vda2 ro console=ttyS0 quiet"
SPEC=1 check "a submenu: its first entry" root-default "kernel $latest"

mkconfig sep-path yes "GRUB_DEFAULT=1>2"
check "/boot separate, GRUB_DEFAULT=1>2 (the older kernel)" sep-path "kernel $older" \
	"initrd /boot/initrd.img-6.1.0-56-amd64"
grep -q "linux	/vmlinuz-6.1.0-56-amd64 " "$t/sep-path/boot/grub/grub.cfg" &&
	pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAILED: separate /boot: paths from /boot's root"; }
SPEC="1>1" check "recovery entry" sep-path "options root=/dev/vda2 ro single console=ttyS0"

mkconfig title yes "GRUB_DEFAULT=Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.1.0-56-amd64"
check "GRUB_DEFAULT by title path" title "kernel $older"

mkconfig saved yes GRUB_DEFAULT=saved GRUB_SAVEDEFAULT=true
check "GRUB_DEFAULT=saved, nothing saved: the first" saved "kernel $latest"
editenv saved set "saved_entry=$id_adv>$id_56"
check "grub-set-default by ids" saved "kernel $older"
editenv saved set next_entry=0
check "grub-reboot: one-shot next_entry wins" saved "kernel $latest"
SPEC=oneshot check "--boot-entry=oneshot" saved "kernel $latest"
editenv saved unset next_entry
SPEC=oneshot check "no one-shot: refused" saved "kexec: no one-shot boot entry is set (exit 15)"

mkconfig flat no GRUB_DEFAULT=2 GRUB_DISABLE_SUBMENU=y
check "GRUB_DISABLE_SUBMENU: index 2 is the older kernel" flat "kernel $older"

# Hostile edits of a real file: one line with the place, exit 15.
mkdir -p "$t/bad/boot/grub"
sed '/^submenu/,$d' "$t/saved/boot/grub/grub.cfg" >"$t/bad/boot/grub/grub.cfg"
echo "if [ x = x ]; then" >>"$t/bad/boot/grub/grub.cfg"
check "truncated grub.cfg" bad "kexec: /boot/grub/grub.cfg:$(wc -l <"$t/bad/boot/grub/grub.cfg"): 'if' without 'fi' (exit 15)"

echo "grub-mkconfig: $pass checks passed, $fail failed"
((fail == 0))
