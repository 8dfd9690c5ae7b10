#!/bin/sh
# Guest side of tests/system/bench-reboot: install the package, then alternate kexec reboots
# ("reboot") and firmware reboots ("coldreboot"), $ROUNDS of each, then power off.  The host
# times each reboot from "KT act" to the next boot's multi-user.target.
P=/run/kt/payload
S=/var/lib/kt
. "$P/env"
mkdir -p "$S"
n=$(cat "$S/n" 2>/dev/null || echo 0)
echo $((n + 1)) >"$S/n"
sync
say() { echo "KT $*"; }
act() {
	say "act $n $*"
	sync
	"$@"
}
say "boot $n kernel=$(uname -r) mark= boot_image=0"
if [ "$n" = 0 ]; then
	dpkg -i "$P/kexec-ng.deb" >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; say "dpkg failed"; }
fi
# Let the boot-time load finish, as on a machine that has been up for a while.
i=0
while [ $i -lt 300 ] && ! systemctl -q is-active kexec-preload.service; do
	sleep 1
	i=$((i + 1))
done
if [ "$n" -ge $((2 * ROUNDS + 1)) ]; then
	say "done"
	sync
	systemctl poweroff
elif [ $((n % 2)) = 0 ]; then
	act reboot
else
	act coldreboot
fi
