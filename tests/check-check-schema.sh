#!/bin/bash
# tests/check-check-schema.sh: the kexec --check --json objects tests/unit/test-check.c writes
# (would load through either syscall, refused with unknowns as null, crash loads, a note that
# is not UTF-8) are valid JSON and valid against dist/schema/kexec-check.schema.json (draft
# 2020-12), and objects broken on purpose are not. The VM scenario `check` validates real ones.
# Needs python3 with jsonschema (Debian: python3-jsonschema); without it, says SKIP and exits 0.
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$repo"

if ! python3 -c 'import jsonschema' 2>/dev/null; then
	echo "check-check-schema: SKIP (no python3 jsonschema; apt-get install python3-jsonschema)"
	exit 0
fi
make -s build/tests/test-check
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
(cd tests/unit && KEXEC_CHECK_JSON_DIR=$dir ../../build/tests/test-check >/dev/null 2>&1)
python3 - dist/schema/kexec-check.schema.json "$dir" <<'PY'
import glob, json, os, sys
import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
files = sorted(glob.glob(os.path.join(sys.argv[2], "*.json")))
bad = 0
docs = []
for path in files:
    try:
        doc = json.loads(open(path, "rb").read().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        print(f"{os.path.basename(path)}: not JSON: {e}")
        bad += 1
        continue
    docs.append(doc)
    for err in validator.iter_errors(doc):
        print(f"{os.path.basename(path)}: {'/'.join(map(str, err.absolute_path))}: {err.message}")
        bad += 1
if len(files) != 5:
    print(f"{len(files)} objects written, expected 5")
    bad += 1
# The schema is no rubber stamp: objects broken on purpose must fail it.
if docs:
    ok = docs[0]
    for change in ("exit", "syscall", "policy", "extra", "notes"):
        d = json.loads(json.dumps(ok))
        if change == "exit":
            d["exit"] = 9          # would_load true with a failing exit
        elif change == "syscall":
            d["syscall"] = "reboot"
        elif change == "policy":
            del d["policy"]["lockdown"]
        elif change == "extra":
            d["surprise"] = 1
        else:
            d["notes"] = [1]
        if validator.is_valid(d):
            print(f"an object with '{change}' broken passes the schema")
            bad += 1
print(f"check-check-schema: {len(files)} objects, {bad} problems")
sys.exit(1 if bad else 0)
PY
