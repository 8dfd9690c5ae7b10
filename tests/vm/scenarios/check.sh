#!/bin/bash
# kexec --check against the real load, case by case in one Secure Boot boot (OVMF, snakeoil key in db, crashkernel=96M): each --check exits as the load that follows it: a test-signed kernel (-s -l, -s -p), an unsigned one (-s, and -a without fallback), -c (IMA: EACCES), a truncated kernel, crash kernels too big for the reservation as files and by init_size (-s, -c), then kernel.kexec_load_disabled=1; kexec-load check on a good and a bad /etc/default/kexec; the signed kernel loaded first still boots.
. "$(dirname "$0")/../lib.sh"
. "$VM_LIB_DIR/secureboot.sh"
sb_sign_kernel "$(vm_kernel generic)" "$VM_WORK/vmlinuz-test"
cp "$(vm_kernel generic)" "$VM_WORK/vmlinuz-unsigned"
while sbverify --list "$VM_WORK/vmlinuz-unsigned" 2>/dev/null | grep -q '^signature [0-9]'; do
	sbattach --remove "$VM_WORK/vmlinuz-unsigned" >/dev/null
done
head -c 65536 "$VM_WORK/vmlinuz-test" >"$VM_WORK/vmlinuz-cut"
vm_firmware uefi-secboot
vm_stage1_kernel "$VM_WORK/vmlinuz-test"
vm_stage1_append "crashkernel=96M"
vm_file /boot/vmlinuz-test "$VM_WORK/vmlinuz-test"
vm_file /boot/vmlinuz-unsigned "$VM_WORK/vmlinuz-unsigned"
vm_file /boot/vmlinuz-cut "$VM_WORK/vmlinuz-cut"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_file /lib/kexec-load "$VM_LIB_DIR/../../dist/kexec-load"
vm_timeout 300
vm_stage1 <<'SH'
. /lib/check.sh
mount -t securityfs securityfs /sys/kernel/security
mount -t efivarfs efivarfs /sys/firmware/efi/efivars 2>/dev/null
# agree WANT PATTERN ARGS...: kexec --check ARGS exits WANT, saying PATTERN; then kexec ARGS too.
agree() {
	want=$1 pattern=$2
	shift 2
	check_rc "$want" "check: verdict.*exit $want" kexec --check "$@"
	check_rc "$want" "$pattern" kexec --check "$@"
	check_rc "$want" '' kexec "$@"
}
S=/boot/vmlinuz-test U=/boot/vmlinuz-unsigned
# cjson WANT ARGS...: kexec --check --json ARGS exits WANT; the object goes to the host's schema check.
cjson() {
	want=$1
	shift
	check_rc "$want" "\"exit\": $want," kexec --check --json "$@"
	kexec --check --json "$@" 2>/dev/null | sed 's/^/CHECKJSON /'
	echo CHECKJSON-END
}
dd if=/dev/null of=/tmp/big.img bs=1M seek=128 2>/dev/null
dd if=/dev/null of=/tmp/mid.img bs=1M seek=40 2>/dev/null
agree 0 'kernel signature: present.*only it can tell' -s -l $S --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
agree 9 'kernel signature: none.*Secure Boot makes the kernel accept only signed kernels' -s -l $U --initrd=/boot/stage2.img
agree 9 'would fail \(ENODATA\), a verdict -a takes as final: no fallback to kexec_load, which the kernel would refuse too \(EACCES\)' -l $U --initrd=/boot/stage2.img
agree 9 'kernel gates for kexec_load: refused \(EACCES' -c -l $S --initrd=/boot/stage2.img
agree 8 'cannot be loaded' -s -l /boot/vmlinuz-cut
agree 8 'cannot be loaded' -c -l /boot/vmlinuz-cut
agree 14 'and initrd \(128 MiB\) do not fit the 96 MiB reserved' -s -p $S --initrd=/tmp/big.img
agree 14 'crash reservation: too small for what kexec_file_load places' -s -p $S --initrd=/tmp/mid.img
agree 14 'do not fit' -c -p $S --initrd=/tmp/mid.img
agree 0 'verdict: kexec_file_load would load it' -s -p $S --initrd=/boot/stage2.img --append="console=ttyS0"
cjson 0 -s -l $S --initrd=/boot/stage2.img
cjson 9 -l $U
cjson 14 -s -p $S --initrd=/tmp/mid.img
check_rc 1 '' kexec -S -p
# The Debian integration's check of its configuration: one line, exit 0 or 1, nothing loaded.
kl() { KEXEC_CONF=/tmp/kexec.conf KEXEC_CONFD=/tmp/none KEXEC_BIN=$(command -v kexec) sh /lib/kexec-load check; }
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\nINITRD=/boot/stage2.img\nAPPEND="console=ttyS0"\n' $S >/tmp/kexec.conf
check_rc 0 "^kexec-load: configuration check: $S with /boot/stage2.img would load through kexec_file_load\$" kl
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\nINITRD=/boot/stage2.img\n' $U >/tmp/kexec.conf
check_rc 1 "^kexec-load: configuration check: $U would not load \(kexec exit 9: kexec: .*not signed.*\); fix /tmp/kexec.conf" kl
echo 1 >/proc/sys/kernel/kexec_load_disabled
agree 6 'kexec_load_disabled: 1' -s -l $S --initrd=/boot/stage2.img
agree 6 'kexec_load_disabled: 1' -c -l $S
cjson 6 -c -l $S
kexec --check -l $S --initrd=/boot/stage2.img 2>&1 | sed 's/^/STAGE1 report: /'
check_rc 1 '' kexec -S -l
kexec -e
SH
vm_boot
vm_expect "secureboot: Secure boot enabled"
vm_expect "^STAGE1 report: check: Secure Boot: on\$"
vm_expect "^CHECK ok rc=1: kl"
vm_expect "^CHECK ok rc=0: kexec --check -s -l /boot/vmlinuz-test"
vm_expect "^CHECK ok rc=9: kexec --check -l /boot/vmlinuz-unsigned"
vm_expect "^CHECK ok rc=9: kexec --check -c -l /boot/vmlinuz-test"
vm_expect "^CHECK ok rc=8: kexec --check -s -l /boot/vmlinuz-cut"
vm_expect "^CHECK ok rc=14: kexec --check -s -p /boot/vmlinuz-test --initrd=/tmp/mid.img"
vm_expect "^CHECK ok rc=14: kexec -s -p /boot/vmlinuz-test --initrd=/tmp/mid.img"
vm_expect "^CHECK ok rc=6: kexec --check -s -l"
vm_expect "^CHECK ok rc=6: kexec -s -l"
vm_reject "CHECK FAIL"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"

# The --json objects, each validated against the schema when the host has python3-jsonschema.
reports=$VM_WORK/check-json
mkdir -p "$reports"
awk -v dir="$reports" '
	BEGIN { n = 1 }
	/CHECKJSON-END/ { n++; next }
	/CHECKJSON / { sub(/^.*CHECKJSON /, ""); print > (dir "/" n ".json") }' "$VM_CONSOLE"
if (($(ls "$reports" | wc -l) != 4)); then
	VM_FAILURES+=("expected 4 --check --json objects, found $(ls "$reports" | wc -l)")
elif python3 -c 'import jsonschema' 2>/dev/null; then
	if ! out=$(python3 - "$VM_LIB_DIR/../../dist/schema/kexec-check.schema.json" "$reports"/*.json 2>&1 <<'PY'
import json, sys
import jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
docs = [(p, json.load(open(p))) for p in sys.argv[2:]]
bad = [f"{p}: {e.message}" for p, d in docs for e in v.iter_errors(d)]
# In the order the scenario asked: kexec_file_load would load; then exits 9, 14, 6.
want = [0, 9, 14, 6]
got = [d["exit"] for p, d in sorted(docs, key=lambda x: int(x[0].rsplit("/", 1)[1].split(".")[0]))]
if got != want:
    bad.append(f"exits {got}, expected {want}")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
	); then
		VM_FAILURES+=("--check --json against dist/schema/kexec-check.schema.json: $out")
	else
		vm_note "4 --check --json objects valid against the schema"
	fi
else
	vm_note "python3-jsonschema missing: --check --json objects not validated"
fi
vm_done
