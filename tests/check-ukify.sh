#!/bin/bash
# tests/check-ukify.sh: kexec --inspect on the PE files systemd's own ukify (Debian 13's, through
# tests/uki-tools.sh) makes: a plain UKI, a UKI with 2 profiles (repeated .profile and .cmdline
# sections), the profile PE it was joined from, and an add-on carrying .cmdline.  For each, the
# sections kexec lists (name, size, RVA, file offset) must be the ones objdump lists, and
# objdump's section names must still be in the order uki-tools.sh documents: the C parser is
# written against that order, so a ukify that changes it should be noticed here.
# Says SKIP and exits 0 without the tools or a cached kernel; exits 1 on any mismatch.
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$repo"
# shellcheck source-path=SCRIPTDIR source=uki-tools.sh
. tests/uki-tools.sh

skip() {
	echo "check-ukify: SKIP ($*)"
	exit 0
}
kernel=$(uki_kernel 2>/dev/null) || skip "no cached Debian kernel: run tests/vm/run once"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
uki_tools_prepare 2>"$tmp/prepare.err" || skip "$(tail -n 1 "$tmp/prepare.err")"
command -v objdump >/dev/null || (deps_install binutils) >/dev/null 2>&1 || true
command -v objdump >/dev/null || skip "no objdump (binutils)"
make -s build/kexec
kexec=build/kexec
bad=0

head -c 300000 /dev/urandom >"$tmp/initrd"
uki_build "$tmp/plain.efi" "$kernel" "$tmp/initrd" "root=/dev/vda ro console=ttyS0"
uki_build_profile "$tmp/rescue.efi" $'TITLE=Rescue\nID=rescue' --cmdline="root=/dev/vda ro single"
uki_build "$tmp/profiles.efi" "$kernel" "$tmp/initrd" "root=/dev/vda ro console=ttyS0" \
	--profile=$'TITLE=Default\nID=default' --join-profile="$tmp/rescue.efi"
uki_build_addon "$tmp/debug.addon.efi" "loglevel=7 debug"

stub='.text .rodata .data .sbat .sdmagic .reloc'
addon_stub='.text .sdmagic'
base='.osrel .cmdline .uname .linux .initrd'
while read -r name layout; do
	"$kexec" --inspect --json "$tmp/$name.efi" >"$tmp/$name.json" ||
		{
			echo "check-ukify: FAIL: $name: --inspect --json exited $?"
			bad=$((bad + 1))
			continue
		}
	python3 - "$tmp/$name.json" "$tmp/$name.efi" "$name" "$layout" <<'PY' || bad=$((bad + 1))
import json, subprocess, sys
path, efi, name, layout = sys.argv[1:]
r = json.load(open(path))
out = subprocess.run(["objdump", "-h", efi], capture_output=True, text=True, check=True).stdout
theirs = []
for line in out.splitlines():
    f = line.split()
    if len(f) >= 6 and f[0].isdigit():
        theirs.append((f[1], int(f[2], 16), int(f[3], 16), int(f[5], 16)))
bad = []
# objdump prints VMAs with the image base added.
base = r["pe"]["image_base"]
theirs = [(n, size, vma - base, off) for n, size, vma, off in theirs]
ours = [(s["name"], s["virtual_size"], s["rva"], s["file_offset"]) for s in r["pe"]["sections"]]
if ours != theirs:
    bad.append(f"sections (name, size, rva, offset): kexec {ours}, objdump {theirs}")
if [t[0] for t in theirs] != layout.split():
    bad.append(f"ukify's layout changed: {' '.join(t[0] for t in theirs)}, expected {layout}")
for b in bad:
    print(f"check-ukify: FAIL: {name}: {b}")
sys.exit(1 if bad else 0)
PY
done <<EOF
plain $stub $base
rescue $addon_stub .profile .cmdline
profiles $stub $base .profile .profile .cmdline
debug.addon $addon_stub .cmdline .sbat
EOF

echo "check-ukify: 4 PE files from $(uki_ukify --version) and $(basename "$kernel"): $bad problems"
((bad == 0))
