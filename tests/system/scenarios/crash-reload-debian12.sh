#!/bin/bash
# Debian 12 (systemd, 6.1: no crash hotplug in the kernel) with crashkernel=: a crash kernel
# loaded by hand, then a vCPU and a DIMM plugged in by QEMU. The package's udev rule reloads it through
# kexec-crash-reload@.service, as the load record shows (guest/crash-reload-test.sh). What
# the reloaded dump then holds is proven in the VM scenario kdump-hotplug-reload.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
image=$(sys_image bookworm systemd)
payload=$(mktemp -d "${TMPDIR:-/tmp}/kexec-payload.XXXXXX")
trap 'rm -rf "$payload"' EXIT
cp "${SYS_DEB:?set by tests/system/run}" "$payload/kexec-ng.deb"
cp "$SYS_LIB_DIR/guest/crash-reload-test.sh" "$payload/guest.sh"
: >"$payload/env"
log=${SYS_LOGDIR:-$SYS_REPO/build/system-logs}/${SYS_NAME:-crash-reload-debian12}.log
echo "system: booting bookworm with crashkernel=, console log $log"
SYS_APPEND="crashkernel=192M" SYS_CPU_HOTPLUG_ON='KT plug-cpu' SYS_MEM_HOTPLUG_ON='KT plug-mem' \
	sys_boot "$image" "$payload" "$log" bios "${SYS_TIMEOUT:-900}" || echo "system: QEMU ended with status $?"
fail=0
_sys_expect "$log" 'KT installed install ok installed' || fail=1
_sys_expect "$log" 'KT crash_hotplug absent' || fail=1
_sys_expect "$log" 'KT load rc=0 loaded_by=kexec \(by hand\)' || fail=1
_sys_expect "$log" 'KT filtered rc=4 kexec: .*operation not permitted, and kexec runs under a seccomp system call filter' || fail=1
_sys_expect "$log" 'KT filtered-after loaded_by=kexec \(by hand\) crash_loaded=1' || fail=1
_sys_expect "$log" 'KT cpus 2' || fail=1
_sys_expect "$log" 'KT after loaded_by=kexec-crash-reload \(cpu hotplug\) crash_loaded=1' || fail=1
_sys_expect "$log" 'KT journal reloaded the crash kernel /boot/vmlinuz-.* after cpu hotplug' || fail=1
_sys_expect "$log" 'KT memory added 262144 kB' || fail=1
_sys_expect "$log" 'KT after-mem loaded_by=kexec-crash-reload \(memory hotplug\) crash_loaded=1' || fail=1
_sys_expect "$log" 'KT journal reloaded the crash kernel /boot/vmlinuz-.* after memory hotplug' || fail=1
_sys_expect "$log" 'KT again rc=0 out=$' || fail=1
_sys_expect "$log" 'KT done' || fail=1
if grep -aq 'KT journal .*failed' "$log"; then
	echo "FAILED: a reload failed:"
	grep -a 'KT journal .*failed' "$log"
	fail=1
fi
((fail == 0)) || grep -a '\[S1\]' "$log" | tail -n 30
exit "$fail"
