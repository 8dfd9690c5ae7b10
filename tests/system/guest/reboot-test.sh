#!/bin/sh
# Guest side of tests/system/scenarios/reboot-*.sh, run by kt-agent at each boot (output on
# ttyS1, read by the host).  Step N runs on the N-th boot: it reports what this boot looks
# like ("KT boot N ..."), then sets up and triggers the next reboot ("KT act N ...").  The host
# checks from the console how each reboot went (kexec or firmware) and what each boot saw.
# STEPS in $P/env, if set, lists the steps to take instead, one per boot (e.g. "0 2": install
# and reboot through kexec, then coldreboot); the boot after the last one says "done".
P=/run/kt/payload
S=/var/lib/kt
. "$P/env"
mkdir -p "$S"
n=$(cat "$S/n" 2>/dev/null || echo 0)
echo $((n + 1)) >"$S/n"
sync

say() { echo "KT $*"; }
mark() { sed -n 's/.*kt_mark=\([^ ]*\).*/\1/p' /proc/cmdline; }
# The command line without what the test or the boot loader added.
base_cmdline() { sed -e 's/BOOT_IMAGE=[^ ]* *//g' -e 's/ *kt_mark=[^ ]*//g' /proc/cmdline; }
conf() { # KEY VALUE: set KEY="VALUE" in /etc/default/kexec
	sed -i "s|^$1=.*|$1=\"$2\"|" /etc/default/kexec
}
act() {
	say "act $n $*"
	sync
	"$@"
}
prev_journal() { # the kexec-load lines of the previous boot
	journalctl -q -b -1 -o cat -t kexec-load 2>/dev/null | tr '\n' '|'
}
wait_jobs() { # until systemd has no job for kexec-preload.service
	i=0
	while [ $i -lt 120 ] && systemctl list-jobs --no-legend 2>/dev/null | grep -q kexec-preload; do
		sleep 1
		i=$((i + 1))
	done
}

# As on a machine that has been up a while: the boot-time load has finished.
wait_preload() {
	i=0
	while [ $i -lt 300 ] && [ "$(systemctl show -P ActiveState kexec-preload.service 2>/dev/null)" = activating ]; do
		sleep 1
		i=$((i + 1))
	done
}

bi=0
grep -q BOOT_IMAGE= /proc/cmdline && bi=1
say "boot $n kernel=$(uname -r) mark=$(mark) boot_image=$bi"
# Did the root file system need recovery (not cleanly unmounted by the reboot before)?
rec=$(dmesg | grep -E 'EXT4-fs \(vda\).*(recovery complete|orphan cleanup|recovering|errors)' | head -n 1)
say "fs-recovery ${rec:+yes: $rec}${rec:-no}"
wait_preload
say "loaded $(cat /sys/kernel/kexec_loaded)"
# What the last shutdown recorded (kexec or firmware, why, the downtime), as one JSON line: the
# host checks it against how the reboot really went and against the schema.  Only our kexec
# has --last-reboot (not Debian's, before the install; none after dpkg -r).
if [ "$n" -ge 1 ] && lr=$(/usr/sbin/kexec --last-reboot --json 2>&1); then
	say "last-reboot $n $(printf '%s' "$lr" | tr -d '\n')"
fi

# Milliseconds one run of "$@" takes.
ms() { s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000000)); }

step=$n
if [ -n "${STEPS:-}" ]; then
	# shellcheck disable=SC2086 # one word per step
	set -- $STEPS
	step=end
	[ "$n" -lt $# ] && shift "$n" && step=$1
fi
case $step in
0)
	# Where the image has Debian's kexec-tools: its configuration must stay as it is.
	had_kt=0
	if dpkg-query -W -f '${Status}' kexec-tools 2>/dev/null | grep -q 'ok installed'; then
		had_kt=1
		echo '# kt-keep' >>/etc/default/kexec
	fi
	dpkg -i "$P/kexec-ng.deb" >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; say "dpkg failed"; }
	say "installed $(dpkg-query -W -f '${Status}' kexec-ng)"
	if [ $had_kt = 1 ]; then
		say "replaced kexec-tools: $(dpkg-query -W -f '${Status}' kexec-tools 2>&1 | head -n 1)," \
			"configuration kept: $(grep -c kt-keep /etc/default/kexec)"
	fi
	say "kexec-version $(kexec -v 2>&1 | head -n 1)"
	conf LOAD_KEXEC true
	conf APPEND "$(base_cmdline) kt_mark=A"
	systemctl reload kexec-preload.service
	say "loaded $(cat /sys/kernel/kexec_loaded)"
	act reboot
	;;
1)
	# The shutdown check's decision step when nothing changed since the boot-time load, timed
	# in this guest (bench/reboot-times.md): this package's, and the one before the stamp
	# (kexec-load.old in the payload, if the host put it there), interleaved, 5 runs each.
	new='' old=''
	for i in 1 2 3 4 5; do
		new="$new $(ms /usr/lib/kexec/kexec-load shutdown --reboot)"
		[ -f "$P/kexec-load.old" ] && old="$old $(ms sh "$P/kexec-load.old" shutdown --reboot)"
	done
	say "check-ms new$new${old:+ old$old}"
	say "loaded $(cat /sys/kernel/kexec_loaded)"
	# Changed after the boot-time load: the shutdown check must see it.
	conf APPEND "$(base_cmdline) kt_mark=B"
	act systemctl reboot
	;;
2)
	act coldreboot
	;;
3)
	# Loaded at the command: systemd goes for kexec, the shutdown check unloads it.
	conf LOAD_KEXEC false
	conf APPEND "$(base_cmdline) kt_mark=D"
	act reboot
	;;
4)
	conf LOAD_KEXEC true
	conf KERNEL_IMAGE /boot/vmlinuz-missing
	act reboot
	;;
5)
	say "journal-before $(prev_journal)"
	conf APPEND "$(base_cmdline) kt_mark=E"
	if [ "${GRUB:-0}" = 1 ]; then
		# KERNEL_IMAGE stays missing: only grub.cfg can name the kernel. update-grub once now;
		# the kernel package's hook (zz-update-grub) runs it again for the new kernel.
		mkdir -p /boot/grub
		update-grub >/tmp/grub.log 2>&1 || { tail -n 5 /tmp/grub.log; say "update-grub failed"; }
		say "grub-default-before $(kexec --list-boot-entries --boot-entry=default | grep '^kernel ')"
		conf USE_GRUB_CONFIG true
	else
		conf KERNEL_IMAGE /vmlinuz
	fi
	dpkg -i "$P/kernel2.deb" >/tmp/dpkg.log 2>&1 || { tail -n 20 /tmp/dpkg.log; say "dpkg failed"; }
	say "vmlinuz $(readlink /vmlinuz)"
	if [ "${GRUB:-0}" = 1 ]; then
		say "grub-first-after $(sed -n 's/^[[:space:]]*linux[[:space:]]\{1,\}\([^[:space:]]*\).*/\1/p' /boot/grub/grub.cfg | head -n 1)"
	fi
	# The kernel hook asked kexec-preload.service for a reload; let it finish.
	wait_jobs
	say "loaded $(cat /sys/kernel/kexec_loaded)"
	act reboot
	;;
6)
	conf APPEND "$(base_cmdline) kt_mark=F"
	systemctl reload kexec-preload.service
	act systemctl kexec
	;;
7)
	case $EXTRA in
	syntax)
		# A kernel is loaded; the configuration breaks before the reboot.
		echo 'APPEND="unterminated' >>/etc/default/kexec
		act shutdown -r now
		;;
	remove)
		dpkg -r kexec-ng >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; say "dpkg -r failed"; }
		say "loaded $(cat /sys/kernel/kexec_loaded)"
		act reboot
		;;
	esac
	;;
*)
	say "journal-before $(prev_journal)"
	say "done"
	sync
	systemctl poweroff
	;;
esac
