#!/bin/bash
# tests/check-inspect-schema.sh: every JSON report tests/unit/test-inspect.c produces (a
# multi-profile UKI, bzImages plain, gzip'd, under lockdown, with kexec disabled, an arm64 PE,
# and, with KEXEC_TEST_KERNEL set, Debian's signed kernel) is valid JSON and valid against
# dist/schema/kexec-inspect.schema.json (JSON Schema draft 2020-12); reports broken on purpose
# are not. The sibling of tests/check-show-schema.sh, run next to it by tests/run.
# Needs python3 with jsonschema (Debian: python3-jsonschema); without it, says SKIP and exits 0.
# Exits 1 if a report is not valid. Builds build/tests/test-inspect if needed.
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$repo"

if ! python3 -c 'import jsonschema' 2>/dev/null; then
	echo "check-inspect-schema: SKIP (no python3 jsonschema; apt-get install python3-jsonschema)"
	exit 0
fi
make -s build/tests/test-inspect
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
(cd tests/unit && KEXEC_INSPECT_JSON_DIR=$dir ../../build/tests/test-inspect >/dev/null 2>&1)
python3 - dist/schema/kexec-inspect.schema.json "$dir" <<'PY'
import glob, json, os, sys
import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
files = sorted(glob.glob(os.path.join(sys.argv[2], "*.json")))
bad = 0
docs = []
for path in files:
    with open(path, "rb") as f:
        raw = f.read()
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        print(f"{os.path.basename(path)}: not JSON: {e}")
        bad += 1
        continue
    docs.append(doc)
    for err in validator.iter_errors(doc):
        print(f"{os.path.basename(path)}: {'/'.join(map(str, err.absolute_path))}: {err.message}")
        bad += 1
if not files:
    print("no reports were written")
    bad += 1
# The schema is no rubber stamp: reports broken on purpose must fail it.
uki = [d for d in docs if d["format"] == "UKI"]
loadable = [d for d in docs if d["verdict"]["loadable"]]
broken = []
if uki and loadable:
    for change in ("uki-null", "profile", "extra", "reason", "lockdown", "section-name", "syscall"):
        d = json.loads(json.dumps(uki[0] if change in ("uki-null", "profile", "section-name") else loadable[0]))
        if change == "uki-null":
            d["uki"] = None
        elif change == "profile":
            d["pe"]["sections"][-1]["profile"] = -1
        elif change == "extra":
            d["surprise"] = 1
        elif change == "reason":
            d["verdict"]["not_loadable_reason"] = "x"
        elif change == "lockdown":
            d["machine"]["lockdown"] = "maybe"
        elif change == "section-name":
            d["pe"]["sections"][0]["name"] = ".waytoolong"
        else:
            d["verdict"]["syscall"] = "kexec_load only"
        broken.append((change, d))
else:
    print("no UKI or loadable report to break")
    bad += 1
for change, d in broken:
    if validator.is_valid(d):
        print(f"a report with '{change}' broken passes the schema")
        bad += 1
print(f"check-inspect-schema: {len(files)} reports, {bad} problems")
sys.exit(1 if bad else 0)
PY
