#!/bin/bash
# tests/check-show-schema.sh: every JSON report tests/unit/test-show.c produces (nothing loaded,
# loaded with and without a valid record, hostile records, odd bytes in paths) is valid JSON and
# valid against dist/schema/kexec-show.schema.json (JSON Schema draft 2020-12); likewise every
# kexec --last-reboot --json report of tests/unit/test-last-reboot.c against
# dist/schema/kexec-last-reboot.schema.json.
# Needs python3 with jsonschema (Debian: python3-jsonschema); without it, says SKIP and exits 0.
# Exits 1 if a report is not valid. Builds build/tests/test-show if needed.
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$repo"

if ! python3 -c 'import jsonschema' 2>/dev/null; then
	echo "check-show-schema: SKIP (no python3 jsonschema; apt-get install python3-jsonschema)"
	exit 0
fi
make -s build/tests/test-show build/tests/test-last-reboot
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/last-reboot"
(cd tests/unit && KEXEC_LAST_REBOOT_JSON_DIR=$dir/last-reboot ../../build/tests/test-last-reboot \
	>/dev/null 2>&1)
python3 - dist/schema/kexec-last-reboot.schema.json "$dir/last-reboot" <<'PY'
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
states = {d["record"] for d in docs}
if states != {"valid", "none", "invalid", "this-boot"}:
    print(f"reports cover only the record states {sorted(states)}")
    bad += 1
# Broken on purpose, a valid report must fail the schema.
valid = [d for d in docs if d["record"] == "valid" and d["multi_user"] == "reached"]
for change in ("via", "time", "problem", "extra", "multi_user", "missing"):
    if not valid:
        break
    d = json.loads(json.dumps(valid[0]))
    if change == "via":
        d["via"] = "teleport"
    elif change == "time":
        d["shutdown_time"] = "yesterday"
    elif change == "problem":
        d["record"] = "invalid"
    elif change == "extra":
        d["surprise"] = 1
    elif change == "multi_user":
        d["multi_user"] = "unknown"
    else:
        del d["downtime_ms"]
    if validator.is_valid(d):
        print(f"a last-reboot report with '{change}' broken passes the schema")
        bad += 1
if not valid:
    print("no valid last-reboot report to break")
    bad += 1
print(f"check-show-schema: {len(files)} last-reboot reports, {bad} problems")
sys.exit(1 if bad else 0)
PY
(cd tests/unit && KEXEC_SHOW_JSON_DIR=$dir ../../build/tests/test-show >/dev/null 2>&1)
python3 - dist/schema/kexec-show.schema.json "$dir" <<'PY'
import glob, json, os, sys
import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
files = sorted(glob.glob(os.path.join(sys.argv[2], "*.json")))
bad = 0
for path in files:
    with open(path, "rb") as f:
        raw = f.read()
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        print(f"{os.path.basename(path)}: not JSON: {e}")
        bad += 1
        continue
    for err in validator.iter_errors(doc):
        print(f"{os.path.basename(path)}: {'/'.join(map(str, err.absolute_path))}: {err.message}")
        bad += 1
if not files:
    print("no reports were written")
    bad += 1
# The schema is no rubber stamp: reports broken on purpose must fail it.
with_details = [json.load(open(p)) for p in files]
with_details = [d for d in with_details if d["normal"]["details"]]
broken = []
if with_details:
    for change in ("record", "loaded", "sha256", "extra", "crash"):
        d = json.loads(json.dumps(with_details[0]))
        if change == "record":
            d["normal"]["record"] = "none"
        elif change == "loaded":
            d["normal"]["loaded"] = False
        elif change == "sha256":
            d["normal"]["details"]["kernel"]["sha256"] = "xyz"
        elif change == "extra":
            d["normal"]["details"]["surprise"] = 1
        else:
            del d["crash"]["reserved_bytes"]
        broken.append((change, d))
else:
    print("no report with details to break")
    bad += 1
for change, d in broken:
    if validator.is_valid(d):
        print(f"a report with '{change}' broken passes the schema")
        bad += 1
print(f"check-show-schema: {len(files)} reports, {bad} problems")
sys.exit(1 if bad else 0)
PY
