#!/bin/bash
# Debian 12 on arm64 (QEMU virt, cortex-a57, TCG; Debian's cloud-arm64 kernel booted by QEMU
# without firmware): our arm64 .deb replaces Debian's kexec-tools and keeps its configuration,
# `reboot` comes back through kexec, `coldreboot` through a reset.  Three boots only, TCG being
# slow: steps 0 and 2 of guest/reboot-test.sh.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
. "$(dirname "$0")/../lib.sh"
image=$(sys_image bookworm systemd arm64)
payload=$(mktemp -d "${TMPDIR:-/tmp}/kexec-payload.XXXXXX")
trap 'rm -rf "$payload"' EXIT
if [[ -n ${SYS_DEB_ARM64:-} ]]; then
	cp "$SYS_DEB_ARM64" "$payload/kexec-ng.deb"
else
	cp "$(sys_build_deb "$payload/deb" arm64)" "$payload/kexec-ng.deb"
	rm -rf "$payload/deb"
fi
[[ $(dpkg-deb -f "$payload/kexec-ng.deb" Architecture) == arm64 ]] ||
	sys_die "$(dpkg-deb -f "$payload/kexec-ng.deb" Package Architecture | tr '\n' ' '): not an arm64 package"
cp "$SYS_LIB_DIR/guest/reboot-test.sh" "$payload/guest.sh"
printf 'STEPS="0 2"\n' >"$payload/env"
log=${SYS_LOGDIR:-$SYS_REPO/build/system-logs}/${SYS_NAME:-reboot-debian12-arm64}.log
echo "system: booting bookworm (arm64), console log $log"
sys_boot "$image" "$payload" "$log" bios "${SYS_TIMEOUT:-1500}" || echo "system: QEMU ended with status $?"
summary=$(_sys_summary "$log")
echo "boot via kernel mark BOOT_IMAGE fs reboot->multi-user(s)"
echo "$summary"
kernel=$(dpkg-deb -f "$image/kernel.deb" Package)
kernel=${kernel#linux-image-}
fail=0
# boot: via kernel mark BOOT_IMAGE.  Through kexec: the kernel said "Starting new kernel" and not
# "Restarting system", and booted with kexec-load's command line (APPEND's mark, no BOOT_IMAGE=,
# which only QEMU's -append has).
for e in "1 kexec $kernel A 0" "2 firmware $kernel - 1"; do
	got=$(awk -v n="${e%% *}" '$1 == n { print $1, $2, $3, $4, $5 }' <<<"$summary")
	[[ $got == "$e" ]] || { echo "FAILED: boot ${e%% *}: expected '$e', got '${got:-no such boot}'"; fail=1; }
done
if grep -q ' RECOVERED ' <<<"$summary"; then
	echo "FAILED: a boot found its root file system not cleanly unmounted"
	fail=1
fi
[[ $kernel == *-arm64 ]] || { echo "FAILED: the image's kernel $kernel is not an arm64 one"; fail=1; }
_sys_expect "$log" 'KT installed install ok installed' || fail=1
_sys_expect "$log" 'KT kexec-version kexec .*kexec-tools compatible' || fail=1
_sys_expect "$log" 'KT replaced kexec-tools: (deinstall|unknown|purge|.*not-installed|.*config-files).*configuration kept: 1' || fail=1
_sys_expect "$log" 'KT done' || fail=1
((fail == 0)) || grep -a '\[S1\]' "$log" | tail -n 30
exit "$fail"
