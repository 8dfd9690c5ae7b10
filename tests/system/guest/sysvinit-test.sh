#!/bin/sh
# Guest side of tests/system/scenarios/sysvinit-debian12.sh (sysvinit, no systemd): install,
# reboot through kexec with a marker in APPEND, then coldreboot, then power off.
P=/run/kt/payload
S=/var/lib/kt
mkdir -p "$S"
n=$(cat "$S/n" 2>/dev/null || echo 0)
echo $((n + 1)) >"$S/n"
sync
say() { echo "KT $*"; }
mark() { sed -n 's/.*kt_mark=\([^ ]*\).*/\1/p' /proc/cmdline; }
base_cmdline() { sed -e 's/BOOT_IMAGE=[^ ]* *//g' -e 's/ *kt_mark=[^ ]*//g' /proc/cmdline; }
conf() { sed -i "s|^$1=.*|$1=\"$2\"|" /etc/default/kexec; }
act() {
	say "act $n $*"
	sync
	"$@"
}
bi=0
grep -q BOOT_IMAGE= /proc/cmdline && bi=1
say "boot $n kernel=$(uname -r) mark=$(mark) boot_image=$bi"
rec=$(dmesg | grep -E 'EXT4-fs \(vda\).*(recovery complete|orphan cleanup|recovering|errors)' | head -n 1)
say "fs-recovery ${rec:+yes: $rec}${rec:-no}"
case $n in
0)
	dpkg -i "$P/kexec-ng.deb" >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; say "dpkg failed"; }
	say "installed $(dpkg-query -W -f '${Status}' kexec-ng)"
	conf APPEND "$(base_cmdline) kt_mark=A"
	act reboot
	;;
1)
	act coldreboot
	;;
*)
	say "done"
	sync
	poweroff
	;;
esac
