#!/bin/sh
# Guest side of tests/system/scenarios/kdump-*.sh: kexec-ng and Debian's kdump-tools on one
# system (crashkernel= on the command line), run by kt-agent at each boot like reboot-test.sh.
# Boot 0 installs kexec-ng over kexec-tools (kdump-tools stays), races kdump-config reload
# against kexec-load for $ROUNDS rounds, with PLUG=1 has a vCPU plugged in, installs a second kernel package (both packages' hooks
# run) and panics; kdump-tools' capture kernel saves the dump and reboots through the firmware;
# boot 1 checks both kernels are loaded again and reports what /var/crash holds.  (The reboot
# through kexec with both packages is left to reboot-*.sh: each boot costs minutes under TCG.)
P=/run/kt/payload
S=/var/lib/kt
. "$P/env"
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
# Until the boot-time loads (kdump-tools.service, kexec-preload.service) have finished.
settle() {
	i=0
	while [ $i -lt 300 ]; do
		busy=no
		for u in kdump-tools.service kexec-preload.service; do
			[ "$(systemctl show -P ActiveState $u 2>/dev/null)" = activating ] && busy=yes
		done
		systemctl list-jobs --no-legend 2>/dev/null | grep -q -e kexec-preload -e kdump-tools && busy=yes
		[ $busy = no ] && return
		sleep 1
		i=$((i + 1))
	done
}
kdump_state() { kdump-config status 2>&1 | sed -n 's/^current state *: *//p'; }
loaded() { echo "normal=$(cat /sys/kernel/kexec_loaded) crash=$(cat /sys/kernel/kexec_crash_loaded)"; }

bi=0
grep -q BOOT_IMAGE= /proc/cmdline && bi=1
say "boot $n kernel=$(uname -r) mark=$(mark) boot_image=$bi"
rec=$(dmesg | grep -E 'EXT4-fs \(vda\).*(recovery complete|orphan cleanup|recovering|errors)' | head -n 1)
say "fs-recovery ${rec:+yes: $rec}${rec:-no}"
settle

case $n in
0)
	sed -i 's/^USE_KDUMP=.*/USE_KDUMP=1/' /etc/default/kdump-tools
	dpkg -i "$P/kexec-ng.deb" >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; say "dpkg failed"; }
	say "installed $(dpkg-query -W -f '${Status}' kexec-ng) kdump-tools=$(dpkg-query -W -f '${Status}' kdump-tools)"
	conf LOAD_KEXEC true
	conf APPEND "$(base_cmdline) kt_mark=A"
	systemctl restart kdump-tools.service
	systemctl reload kexec-preload.service
	settle
	say "kdump-state $(kdump_state)"
	say "loaded $(loaded)"
	# Both packages at once: kdump-config reload (unload, then load the crash kernel) in a
	# loop, against kexec-load unloading and loading the reboot kernel in another.
	(
		f=0
		i=0
		while [ $i -lt "$ROUNDS" ]; do
			i=$((i + 1))
			out=$(kdump-config reload 2>&1)
			rc=$?
			if [ $rc -ne 0 ] || printf '%s\n' "$out" | grep -qi fail; then
				f=$((f + 1))
				printf '%s\n' "$out" | sed "s/^/KT race kdump-config round $i rc=$rc: /"
			fi
		done
		echo "$f" >/tmp/kdump-failed
	) &
	bg=$!
	rounds=0 lf=0
	while kill -0 $bg 2>/dev/null || [ $rounds -lt "$ROUNDS" ]; do
		/usr/lib/kexec/kexec-load unload >/tmp/kl.out 2>&1 || lf=$((lf + 1))
		/usr/lib/kexec/kexec-load load >>/tmp/kl.out 2>&1 || { lf=$((lf + 1)); sed 's/^/KT race kexec-load: /' /tmp/kl.out; }
		rounds=$((rounds + 1))
	done
	wait $bg
	say "race rounds=$rounds kdump_failed=$(cat /tmp/kdump-failed) kexec_load_failed=$lf"
	say "after-race $(loaded) kdump-state $(kdump_state)"
	if [ "${PLUG:-0}" = 1 ]; then
		# A vCPU plugged in (by the host, on "KT plug-cpu") on a kernel that cannot update the
		# crash headers: kdump-tools' udev rule runs kdump-config inside udevd's system call
		# filter; our rule's service reloads kdump-tools' crash kernel from kexec's record.
		say "plug-cpu"
		i=0
		while [ ! -e /sys/devices/system/cpu/cpu1/online ] && [ $i -lt 120 ]; do sleep 1; i=$((i + 1)); done
		[ "$(cat /sys/devices/system/cpu/cpu1/online 2>/dev/null)" = 1 ] || echo 1 >/sys/devices/system/cpu/cpu1/online
		i=0
		while ! grep -qx 'loaded_by=kexec-crash-reload (cpu hotplug)' /run/kexec/loaded-crash && [ $i -lt 120 ]; do
			sleep 1
			i=$((i + 1))
		done
		udevadm settle
		say "hotplug cpus=$(grep -c ^processor /proc/cpuinfo) $(loaded) $(grep '^loaded_by=' /run/kexec/loaded-crash) kdump-state $(kdump_state)"
		journalctl -b -o cat -t kexec-crash-reload | sed 's/^/KT hotplug-journal /'
		journalctl -b -o cat -u systemd-udevd | grep -i -e kdump -e kexec | head -n 5 | sed 's/^/KT hotplug-udevd /'
	fi
	# A kernel upgrade runs kdump-tools' hook (its initrd for the new kernel) and ours.
	dpkg -i "$P/kernel2.deb" >/tmp/dpkg.log 2>&1 || { tail -n 20 /tmp/dpkg.log; say "dpkg failed"; }
	settle
	say "after-upgrade $(loaded) kdump-state $(kdump_state) kdump-initrd=$([ -s "/var/lib/kdump/initrd.img-$KERNEL2" ] && echo yes || echo no)"
	# A real panic: kdump-tools' capture kernel saves the dump and reboots (firmware).
	echo "kt-panic-marker A" >/dev/kmsg
	act sh -c 'echo c >/proc/sysrq-trigger'
	;;
1)
	say "after-boot $(loaded) kdump-state $(kdump_state)"
	d=$(ls -d /var/crash/2* 2>/dev/null | tail -n 1)
	dump=$(ls "$d"/dump.* 2>/dev/null | head -n 1)
	dmesg=$(ls "$d"/dmesg.* 2>/dev/null | head -n 1)
	say "crash dir=${d:-none} dump_bytes=$(stat -c %s "$dump" 2>/dev/null || echo 0)" \
		"panic_line=$(grep -c 'Kernel panic - not syncing' "$dmesg" 2>/dev/null || echo 0)" \
		"marker=$(grep -c 'kt-panic-marker A' "$dmesg" 2>/dev/null || echo 0)"
	say done
	act systemctl poweroff
	;;
*)
	act systemctl poweroff
	;;
esac
