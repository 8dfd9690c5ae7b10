#!/bin/bash
# kexec --show after real loads: details of our own -l (kexec_file_load, with the initrd) and
# -c -p (kexec_load), who loaded it (KEXEC_LOADED_BY), the kernel's SHA-256 and version; the
# record 0644 under /run/kexec; removed by -u and -p -u, and by a failed load when nothing is
# loaded, kept by one that left the kernel loaded; Debian's kexec-tools' load shown as "loaded by
# another tool"; -S unchanged. Every --json report is checked against the schema on the host.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_peer_kexec_tools
vm_stage1_append "crashkernel=192M"
vm_timeout 300
vm_stage1 <<'SH'
. /lib/check.sh
json() { kexec --show --json | sed 's/^/SHOWJSON /'; echo "SHOWJSON-END"; }
mkdir -p /run
ln -s vmlinuz /boot/vmlinuz-link
sum=$(sha256sum /boot/vmlinuz | cut -c1-64)
rd=$(stat -c %s /boot/stage2.img)
check_rc 0 'normal kernel: +not loaded' kexec --show
check_rc 0 'crash kernel: +not loaded' kexec --show
check_rc 0 'reserved: +192\.0 MiB' kexec --show
json

# Ours, through kexec_file_load.
check_rc 0 '' env KEXEC_LOADED_BY=show-scenario kexec -s -l /boot/vmlinuz-link --initrd=/boot/stage2.img \
	--append="console=ttyS0 m=$MARKER"
check_rc 0 'normal kernel: +loaded$' kexec --show
check_rc 0 'kernel: +/boot/vmlinuz \(given as /boot/vmlinuz-link\)' kexec --show
check_rc 0 'version: +6\.[0-9]+\.[0-9]+-' kexec --show
check_rc 0 "sha256: +$sum" kexec --show
check_rc 0 "initrd: +/boot/stage2\.img, (.* [(])?$rd bytes" kexec --show
check_rc 0 "command line: +console=ttyS0 m=$MARKER\$" kexec --show
check_rc 0 'loaded: +20[0-9-]+T[0-9:]+Z by show-scenario' kexec --show
check_rc 0 'with: +kexec_file_load, flags 0x0$' kexec --show
check_rc 0 '^-rw-r--r--' ls -l /run/kexec/loaded-normal
check_rc 1 '' kexec -S -l
json

# A failed load that leaves the kernel loaded keeps the record.
check_rc 7 'does not exist' kexec -l /boot/missing
check_rc 0 "sha256: +$sum" kexec --show

# -u removes it.
check_rc 0 '' kexec -u
check_rc 0 'normal kernel: +not loaded' kexec --show
check_rc 1 '' test -e /run/kexec/loaded-normal

# Another tool's load.
check_rc 0 '' kexec-tools -s -l /boot/vmlinuz --append="console=ttyS0"
check_rc 0 'normal kernel: +loaded by another tool, details unknown' kexec --show
json
check_rc 0 '' kexec-tools -s -u

# Our record left behind when another tool unloads; the next failed load of ours, with nothing
# loaded, removes it.
check_rc 0 '' kexec -s -l /boot/vmlinuz --append="console=ttyS0"
check_rc 0 '' kexec-tools -s -u
check_rc 0 'normal kernel: +not loaded' kexec --show
check_rc 0 '"record": "stale"' kexec --show --json
check_rc 7 '' kexec -l /boot/missing
check_rc 1 '' test -e /run/kexec/loaded-normal

# The crash kernel through kexec_load.
check_rc 0 '' kexec -c -p /boot/vmlinuz --append="console=ttyS0 irqpoll m=$MARKER"
check_rc 0 'crash kernel: +loaded$' kexec --show
check_rc 0 'with: +kexec_load, flags 0x3e0001: KEXEC_ON_CRASH\|KEXEC_ARCH_X86_64$' kexec --show
check_rc 0 'initrd: +none' kexec --show
check_rc 0 'by kexec \(by hand\)' kexec --show
check_rc 1 '' kexec -S
json
check_rc 0 '' kexec -p -u
check_rc 0 'crash kernel: +not loaded' kexec --show
check_rc 1 '' test -e /run/kexec/loaded-crash
echo "show scenario end"
SH
vm_boot
vm_expect "^show scenario end"
vm_reject "CHECK FAIL"
vm_reject "^STAGE2"

# The JSON reports, each validated against the schema when the host has python3-jsonschema.
reports=$VM_WORK/show-json
mkdir -p "$reports"
awk -v dir="$reports" '
	BEGIN { n = 1 }
	/^SHOWJSON-END/ { n++; next }
	/^SHOWJSON / { sub(/^SHOWJSON /, ""); print > (dir "/" n ".json") }' "$VM_CONSOLE"
if (($(ls "$reports" | wc -l) != 4)); then
	VM_FAILURES+=("expected 4 --json reports, found $(ls "$reports" | wc -l)")
elif python3 -c 'import jsonschema' 2>/dev/null; then
	if ! out=$(python3 - "$VM_LIB_DIR/../../dist/schema/kexec-show.schema.json" "$reports"/*.json 2>&1 <<'PY'
import json, sys
import jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
bad = [f"{p}: {e.message}" for p in sys.argv[2:] for e in v.iter_errors(json.load(open(p)))]
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
	); then
		VM_FAILURES+=("a --json report does not match the schema: $out")
	fi
else
	vm_note "python3 jsonschema missing: --json reports not checked against the schema"
fi
vm_done
