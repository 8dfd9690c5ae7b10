#!/bin/sh
# Payload of first-kexec-jump/run.sh, run by kt-agent at each boot (ttyS1).  Knobs in ./env:
#   MODES   one load mode per jump, e.g. "s s c" (-s kexec_file_load, -c kexec_load); after the
#           last, power off
#           deb: install kexec-ng.deb and reboot as the system test does; reboot: wait for
#           kexec-preload and reboot
#   EXEC    systemctl (systemctl kexec) or e (kexec -e)
#   BUSY    1: keep the disks busy while the reboot starts (dd from vda/vdb in the background)
#   PRE_DPKG 1: install kexec-ng.deb first (LOAD_KEXEC=false), then load by hand
#   LATE    seconds to wait before loading (default 0)
#   UNLOAD  1: load, unload, load again
P=/run/kt/payload
# shellcheck disable=SC1091
. "$P/env"
S=/var/lib/kt
mkdir -p "$S"
n=$(cat "$S/n" 2>/dev/null || echo 0)
echo $((n + 1)) >"$S/n"
[ -f "$S/deb" ] || sed -i 's/^LOAD_KEXEC=.*/LOAD_KEXEC=false/' /etc/default/kexec 2>/dev/null
sync
say() { echo "KT $*"; echo "KT $*" >/dev/kmsg; }
say "boot $n $(uname -r) up $(cut -d' ' -f1 /proc/uptime)"
# shellcheck disable=SC2086 # one word per boot
set -- $MODES
i=0
mode=
for m in "$@"; do [ $i = "$n" ] && mode=$m; i=$((i + 1)); done
if [ -z "$mode" ]; then
	say "done"
	sync
	systemctl poweroff
	exit 0
fi
wait_preload() {
	i=0
	while [ $i -lt 300 ] && [ "$(systemctl show -P ActiveState kexec-preload.service 2>/dev/null)" = activating ]; do
		sleep 1
		i=$((i + 1))
	done
}
case $mode in
deb) # as tests/system/guest/reboot-test.sh step 0
	touch "$S/deb"
	dpkg -i "$P/kexec-ng.deb" >/tmp/dpkg.log 2>&1 || say "dpkg failed"
	sed -i 's|^LOAD_KEXEC=.*|LOAD_KEXEC="true"|' /etc/default/kexec
	systemctl reload kexec-preload.service
	say "loaded deb $(cat /sys/kernel/kexec_loaded)"
	say "act $n"
	sync
	reboot
	exit 0 ;;
reboot) # the package is installed: the boot-time load, then reboot
	wait_preload
	say "loaded preload $(cat /sys/kernel/kexec_loaded)"
	say "act $n"
	sync
	reboot
	exit 0 ;;
esac
if [ "$PRE_DPKG" = 1 ] && [ "$n" = 0 ]; then
	# the same process storm as the system test's install, without the package's own load
	dpkg -i "$P/kexec-ng.deb" >/tmp/dpkg.log 2>&1 || say "dpkg failed"
	sed -i 's|^LOAD_KEXEC=.*|LOAD_KEXEC="false"|' /etc/default/kexec
	say "dpkg done, loaded $(cat /sys/kernel/kexec_loaded)"
fi
[ -n "$LATE" ] && sleep "$LATE"
K=$P/kexec
t=$(date +%s.%N)
if [ "$UNLOAD" = 1 ]; then
	$K -"$mode" -l /vmlinuz --initrd=/initrd.img --reuse-cmdline
	$K -u
fi
$K -"$mode" -l /vmlinuz --initrd=/initrd.img --reuse-cmdline --append="kt_n=$((n + 1))" || say "load failed"
say "loaded $mode $(cat /sys/kernel/kexec_loaded) in $(awk -v a="$t" -v b="$(date +%s.%N)" "BEGIN{print b-a}")"
if [ "$BUSY" = 1 ]; then
	(while :; do dd if=/dev/vda of=/dev/null bs=1M count=2000 iflag=direct 2>/dev/null; done) &
	(while :; do dd if=/dev/zero of=/var/tmp/busy bs=1M count=200 conv=fsync 2>/dev/null; done) &
	sleep 2
fi
say "act $n"
sync
case $EXEC in
e) $K -e ;;
*) systemctl kexec ;;
esac
