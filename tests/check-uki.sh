#!/bin/bash
# tests/check-uki.sh: kexec --inspect on a real Unified Kernel Image, built here from Debian's
# kernel (KEXEC_TEST_KERNEL, else the cached generic one) and systemd's real EFI stub
# (systemd-boot-efi's linuxx64.efi.stub):
#   - with ukify when it is installed (systemd 253 and later: Debian 13's systemd-ukify);
#     Debian 12's systemd 252 has no ukify, so otherwise with objcopy, the way systemd 252's
#     systemd-stub(7) describes (same sections, .linux and .initrd last);
#   - the sections kexec lists are the ones objdump lists, with the same file offsets and sizes;
#   - .uname, PRETTY_NAME from .osrel, .cmdline and the .linux kernel's version are read back;
#   - signed with sbsign (sbsigntool) by a throwaway key, the signer's subject is the key's;
#   - one section's size made absurd, or the file cut: one line on stderr, exit 8, nothing out.
# Installs systemd-boot-efi (tools/deps.sh) when missing; says SKIP and exits 0 when it cannot,
# or without a cached kernel. Exits 1 on any mismatch.
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$repo"
. tools/deps.sh
stub=/usr/lib/systemd/boot/efi/linuxx64.efi.stub

skip() {
	echo "check-uki: SKIP ($*)"
	exit 0
}
[[ $(uname -m) == x86_64 ]] || skip "the stub and kernel used are x86_64"
kernel=${KEXEC_TEST_KERNEL:-}
if [[ -z $kernel ]]; then
	VM_LIB_MODE=runner . tests/vm/lib.sh
	kernel=$(vm_kernel generic 2>/dev/null) || true
fi
[[ -f $kernel ]] || skip "no Debian kernel: set KEXEC_TEST_KERNEL or run tests/vm/run once"
if [[ ! -f $stub ]]; then
	(deps_install systemd-boot-efi) >/dev/null 2>&1 || true
	[[ -f $stub ]] || skip "systemd-boot-efi (the systemd EFI stub) not installable here"
fi
for tool in objdump objcopy; do
	command -v $tool >/dev/null || skip "no $tool (binutils)"
done
make -s build/kexec
kexec=build/kexec
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
fail() {
	echo "check-uki: FAIL: $*"
	bad=$((bad + 1))
}

version=$(basename "$kernel")
version=${version#vmlinuz-}
printf 'root=/dev/vda ro console=ttyS0 kexec.check=%s' "$$" >"$tmp/cmdline"
printf '%s' "$version" >"$tmp/uname"
printf 'ID=debian\nPRETTY_NAME="kexec check-uki %s"\n' "$$" >"$tmp/osrel"
head -c 300000 /dev/urandom >"$tmp/initrd"

if command -v ukify >/dev/null; then
	how=ukify
	ukify build --linux="$kernel" --initrd="$tmp/initrd" --cmdline=@"$tmp/cmdline" \
		--uname="$version" --os-release=@"$tmp/osrel" --stub="$stub" --output="$tmp/uki.efi" \
		>/dev/null
else
	how=objcopy
	# Above the stub's own sections, in the order and alignment systemd-stub(7) (252) gives.
	objcopy --add-section .osrel="$tmp/osrel" --change-section-vma .osrel=0x20000 \
		--add-section .cmdline="$tmp/cmdline" --change-section-vma .cmdline=0x30000 \
		--add-section .uname="$tmp/uname" --change-section-vma .uname=0x40000 \
		--add-section .linux="$kernel" --change-section-vma .linux=0x2000000 \
		--add-section .initrd="$tmp/initrd" --change-section-vma .initrd=0x3000000 \
		"$stub" "$tmp/uki.efi"
fi

"$kexec" --inspect "$tmp/uki.efi" >"$tmp/text" || fail "--inspect exited $?"
"$kexec" --inspect --json "$tmp/uki.efi" >"$tmp/json" || fail "--inspect --json exited $?"
python3 - "$tmp/json" "$tmp/uki.efi" "$version" "$$" "$kernel" "$tmp/objdump" <<'PY' || bad=$((bad + 1))
import json, subprocess, sys
path, uki, version, pid, kernel = sys.argv[1:6]
r = json.load(open(path))
bad = []
def want(what, got, exp):
    if got != exp:
        bad.append(f"{what}: {got!r}, expected {exp!r}")
want("format", r["format"], "UKI")
want("uname", r["uki"]["uname"], version)
want("os_release", r["uki"]["os_release"], f"kexec check-uki {pid}")
want("cmdline", r["uki"]["cmdline"], f"root=/dev/vda ro console=ttyS0 kexec.check={pid}")
want("kernel format", r["kernel"]["format"], "bzImage64")
if not (r["kernel"]["version"] or "").startswith(version + " "):
    bad.append(f"kernel version {r['kernel']['version']!r} does not start with {version!r}")
want("loadable", r["verdict"]["loadable"], True)
# objdump's section table: name, size, VMA, file offset.
out = subprocess.run(["objdump", "-h", uki], capture_output=True, text=True, check=True).stdout
theirs = []
for line in out.splitlines():
    f = line.split()
    if len(f) >= 6 and f[0].isdigit():
        theirs.append((f[1], int(f[2], 16), int(f[3], 16), int(f[5], 16)))
ours = [(s["name"], s["virtual_size"], s["rva"], s["file_offset"]) for s in r["pe"]["sections"]]
# objdump prints VMAs with the image base added.
base = r["pe"]["image_base"]
theirs = [(n, size, vma - base, off) for n, size, vma, off in theirs]
want("sections (name, size, rva, offset)", ours, theirs)
linux = [s for s in r["pe"]["sections"] if s["name"] == ".linux"]
import os
if not linux or linux[0]["virtual_size"] != os.path.getsize(kernel):
    bad.append(".linux is not the kernel's size")
for b in bad:
    print("check-uki: FAIL:", b)
sys.exit(1 if bad else 0)
PY
grep -q "^format:           Unified Kernel Image$" "$tmp/text" || fail "text report: no UKI format line"

# Signed by a key made here: the subject kexec names is that key's.
if command -v sbsign >/dev/null && command -v openssl >/dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=kexec check-uki $$/O=kexec-ng" \
		-keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
	sbsign --key "$tmp/key.pem" --cert "$tmp/cert.pem" --output "$tmp/signed.efi" "$tmp/uki.efi" \
		>/dev/null 2>&1 || fail "sbsign failed"
	# Into a file first: grep -q stops reading at its match, and kexec, still writing, would
	# die of SIGPIPE and fail the pipeline (pipefail) now and then.
	"$kexec" --inspect "$tmp/signed.efi" >"$tmp/signed.txt" || fail "--inspect of the signed UKI exited $?"
	grep -qx "signature:        Authenticode sha256, signed by CN=kexec check-uki $$, O=kexec-ng (issuer CN=kexec check-uki $$, O=kexec-ng)" \
		"$tmp/signed.txt" || fail "the sbsign'd UKI's signer is not named"
	signed="signed by sbsign"
else
	signed="signing skipped (no sbsigntool or openssl)"
fi

# Hostile: .linux's size made absurd in the section table; the file cut inside .linux.
python3 - "$tmp/uki.efi" "$tmp/huge.efi" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
pe = struct.unpack_from("<I", b, 0x3c)[0]
n = struct.unpack_from("<H", b, pe + 6)[0]
opt = struct.unpack_from("<H", b, pe + 20)[0]
table = pe + 24 + opt
for i in range(n):
    if b[table + 40 * i:table + 40 * i + 8].rstrip(b"\0") == b".linux":
        struct.pack_into("<I", b, table + 40 * i + 16, 0xfffffe00)
open(sys.argv[2], "wb").write(b)
PY
head -c $(($(stat -c %s "$tmp/uki.efi") / 2)) "$tmp/uki.efi" >"$tmp/cut.efi"
for f in huge cut; do
	rc=0
	"$kexec" --inspect "$tmp/$f.efi" >"$tmp/$f.out" 2>"$tmp/$f.err" || rc=$?
	((rc == 8)) || fail "$f UKI: exit $rc, expected 8"
	[[ ! -s $tmp/$f.out ]] || fail "$f UKI: a report was printed"
	(($(wc -l <"$tmp/$f.err") == 1)) || fail "$f UKI: not one line on stderr"
	grep -q "past the end of the file" "$tmp/$f.err" || fail "$f UKI: $(cat "$tmp/$f.err")"
done

echo "check-uki: UKI built with $how from $(basename "$kernel") and $(basename "$stub"), $signed: $bad problems"
((bad == 0))
