#!/bin/sh
# Guest side of tests/system/scenarios/crash-reload-debian12.sh, run by kt-agent at boot: a crash
# kernel loaded by hand with kexec -p on a kernel without crash hotplug (Debian 12's 6.1), then a
# vCPU that the host plugs in when it reads "KT plug-cpu", then a DIMM on "KT plug-mem". The package's udev rule must reload
# the crash kernel through its service (udevd itself may not call kexec_load), which the load
# record shows; then the machine powers off.
P=/run/kt/payload
rec=/run/kexec/loaded-crash
say() { echo "KT $*"; }
field() { sed -n "s/^$1=//p" "$rec" 2>/dev/null; }
wait_for() { # SECONDS COMMAND...: until COMMAND succeeds
	t=$1
	shift
	while ! "$@" && [ "$t" -gt 0 ]; do
		sleep 1
		t=$((t - 1))
	done
}
reloaded() { [ "$(field loaded_by)" = "kexec-crash-reload (cpu hotplug)" ]; }

dpkg -i "$P/kexec-ng.deb" >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; say "dpkg failed"; }
say "installed $(dpkg-query -W -f '${Status}' kexec-ng)"
say "crash_hotplug $(cat /sys/devices/system/cpu/crash_hotplug 2>/dev/null || echo absent)"
v=$(uname -r)
kexec -p "/boot/vmlinuz-$v" --initrd="/boot/initrd.img-$v" \
	--append="root=/dev/vda ro console=ttyS0 nr_cpus=1 irqpoll reset_devices"
say "load rc=$? loaded_by=$(field loaded_by)"
# What udevd's filter did to the helper before it handed the reload to a service: the load is
# refused with a line naming the filter, and the loaded crash kernel stays.
out=$(systemd-run --quiet --wait --pipe -p SystemCallFilter='@system-service @module @raw-io bpf' \
	-p SystemCallErrorNumber=EPERM /usr/sbin/kexec -p "/boot/vmlinuz-$v" --initrd="/boot/initrd.img-$v" \
	--append="root=/dev/vda ro console=ttyS0 nr_cpus=1" 2>&1)
say "filtered rc=$? $out"
say "filtered-after loaded_by=$(field loaded_by) crash_loaded=$(cat /sys/kernel/kexec_crash_loaded)"
say "plug-cpu"
wait_for 120 test -e /sys/devices/system/cpu/cpu1/online
[ "$(cat /sys/devices/system/cpu/cpu1/online 2>/dev/null)" = 1 ] || echo 1 >/sys/devices/system/cpu/cpu1/online
say "cpus $(grep -c ^processor /proc/cpuinfo)"
wait_for 120 reloaded
udevadm settle
# The add and the online event each start a unit; the second finds nothing new to reload.
wait_for 60 sh -c '! systemctl list-units --no-legend "kexec-crash-reload@*" | grep -q activating'
say "after loaded_by=$(field loaded_by) crash_loaded=$(cat /sys/kernel/kexec_crash_loaded)"
# A 256 MiB DIMM plugged in by the host: its blocks appear offline (Debian's kernel does not
# online hot-added memory by itself) and are onlined here; every add and online event starts a
# unit, and the last reload must describe the onlined memory.
memtotal() { sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo; }
mem0=$(memtotal)
say "plug-mem"
wait_for 120 sh -c 'grep -qx offline /sys/devices/system/memory/memory*/state'
for f in /sys/devices/system/memory/memory*/state; do
	grep -qx offline "$f" && echo online >"$f"
done
say "memory added $(($(memtotal) - mem0)) kB"
reloaded_mem() { [ "$(field loaded_by)" = "kexec-crash-reload (memory hotplug)" ]; }
wait_for 120 reloaded_mem
udevadm settle
wait_for 60 sh -c '! systemctl list-units --no-legend "kexec-crash-reload@*" | grep -q activating'
say "after-mem loaded_by=$(field loaded_by) crash_loaded=$(cat /sys/kernel/kexec_crash_loaded)"
# Nothing changed since the last reload: a run by hand reloads nothing.
out=$(/usr/lib/kexec/kexec-crash-reload memory 2>&1)
say "again rc=$? out=$out"
journalctl -b -o cat -t kexec-crash-reload | sed 's/^/KT journal /'
say "units $(journalctl -b -o cat -u 'kexec-crash-reload@*' | grep -c '^Finished\|Deactivated successfully')"
journalctl -b -o cat -u systemd-udevd | grep -i 'kexec' | sed 's/^/KT udevd /'
say "done"
sync
systemctl poweroff
