#!/bin/bash
# Debian 12 with sysvinit: reboot comes back through kexec (kernel loaded in runlevel 6,
# executed after the root file system is read-only), coldreboot through the firmware.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
image=$(sys_image bookworm sysvinit)
payload=$(mktemp -d "${TMPDIR:-/tmp}/kexec-payload.XXXXXX")
trap 'rm -rf "$payload"' EXIT
cp "${SYS_DEB:?set by tests/system/run}" "$payload/kexec-ng.deb"
cp "$SYS_LIB_DIR/guest/sysvinit-test.sh" "$payload/guest.sh"
: >"$payload/env"
log=${SYS_LOGDIR:-$SYS_REPO/build/system-logs}/${SYS_NAME:-sysvinit-debian12}.log
echo "system: booting bookworm (sysvinit), console log $log"
sys_boot "$image" "$payload" "$log" bios "${SYS_TIMEOUT:-1500}" || echo "system: QEMU ended with status $?"
summary=$(_sys_summary "$log")
echo "$summary"
kernel=$(dpkg-deb -f "$image/kernel.deb" Package)
kernel=${kernel#linux-image-}
fail=0
for e in "1 kexec $kernel A 0" "2 firmware $kernel - 1"; do
	got=$(awk -v n="${e%% *}" '$1 == n { print $1, $2, $3, $4, $5 }' <<<"$summary")
	[[ $got == "$e" ]] || { echo "FAILED: boot ${e%% *}: expected '$e', got '${got:-no such boot}'"; fail=1; }
done
grep -q ' RECOVERED ' <<<"$summary" && { echo "FAILED: root file system not cleanly unmounted"; fail=1; }
_sys_expect "$log" 'KT done' || fail=1
((fail == 0)) || grep -a '\[S1\]' "$log" | tail -n 30
exit "$fail"
