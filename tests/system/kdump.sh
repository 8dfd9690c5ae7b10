# shellcheck shell=bash
# tests/system/kdump.sh: kexec-ng beside Debian's kdump-tools (sourced by scenarios/kdump-*.sh,
# after lib.sh).  The image is the systemd one plus kdump-tools and makedumpfile, with
# kdump-tools' initrd built at image time; it boots with crashkernel=.  See guest/kdump-test.sh
# for the steps.

# sys_kdump_scenario RELEASE KERNEL2_SOURCE ROUNDS [plug]: ROUNDS of kdump-config reload against
# kexec-load (about 20 s each under TCG); "plug": then a vCPU is plugged in, and kdump-tools'
# crash kernel must be reloaded by our udev rule's service (a kernel without crash hotplug).
sys_kdump_scenario() {
	local release=$1 other=$2 rounds=$3 plug=${4:-} image payload log summary fail=0 kernel1 kernel2
	local name=${SYS_NAME:-kdump-$release}
	image=$(sys_image "$release" systemd-kdump)
	payload=$(_sys_payload "$image" "$other" kdump-test.sh)
	kernel1=$(_sys_kernel_version "$image/kernel.deb")
	kernel2=$(_sys_kernel_version "$payload/kernel2.deb")
	printf 'KERNEL2=%s\nROUNDS=%s\nPLUG=%s\n' "$kernel2" "$rounds" "$([[ $plug == plug ]] && echo 1 || echo 0)" \
		>"$payload/env"
	log=${SYS_LOGDIR:-$SYS_REPO/build/system-logs}/$name.log
	echo "system: booting $release with kdump-tools, console log $log"
	local plug_on=''
	[[ $plug == plug ]] && plug_on='KT plug-cpu'
	SYS_CPU_HOTPLUG_ON=$plug_on SYS_APPEND="crashkernel=256M" sys_boot "$image" "$payload" "$log" bios "${SYS_TIMEOUT:-2400}" ||
		echo "system: QEMU ended with status $?"
	rm -rf "$payload"
	summary=$(_sys_summary "$log")
	echo "boot via kernel mark BOOT_IMAGE fs reboot->multi-user(s)"
	echo "$summary"
	local expect=(
		"1 firmware $kernel1 - 1" # the capture kernel's reboot after saving the dump
	)
	local e got
	for e in "${expect[@]}"; do
		got=$(awk -v n="${e%% *}" '$1 == n { print $1, $2, $3, $4, $5 }' <<<"$summary")
		if [[ $got != "$e" ]]; then
			echo "FAILED: boot ${e%% *}: expected '$e', got '${got:-no such boot}'"
			fail=1
		fi
	done
	_sys_expect "$log" 'KT installed install ok installed kdump-tools=install ok installed' || fail=1
	_sys_expect "$log" 'KT kdump-state ready to kdump' || fail=1
	_sys_expect "$log" 'KT race rounds=[0-9]+ kdump_failed=0 kexec_load_failed=0' || fail=1
	_sys_expect "$log" 'KT after-race normal=1 crash=1 kdump-state ready to kdump' || fail=1
	if [[ $plug == plug ]]; then
		_sys_expect "$log" 'KT hotplug cpus=2 normal=1 crash=1 loaded_by=kexec-crash-reload \(cpu hotplug\) kdump-state ready to kdump' || fail=1
		_sys_expect "$log" 'KT hotplug-journal reloaded the crash kernel /boot/vmlinuz-.* after cpu hotplug' || fail=1
	fi
	_sys_expect "$log" "KT after-upgrade normal=1 crash=1 kdump-state ready to kdump kdump-initrd=yes" || fail=1
	_sys_expect "$log" 'sysrq: Trigger a crash' || fail=1
	_sys_expect "$log" 'KT after-boot normal=1 crash=1 kdump-state ready to kdump' || fail=1
	_sys_expect "$log" 'KT crash dir=/var/crash/2[0-9]+ dump_bytes=[1-9][0-9]{5,} panic_line=[1-9][0-9]* marker=[1-9]' || fail=1
	_sys_expect "$log" 'KT done' || fail=1
	if grep -aq 'KT race kdump-config\|KT race kexec-load' "$log"; then
		echo "FAILED: a load failed during the races:"
		grep -a 'KT race kdump-config\|KT race kexec-load' "$log" | head -n 10
		fail=1
	fi
	if ((fail)); then
		echo "--- guest lines ---"
		grep -a '\[S1\]' "$log" | tail -n 60
	fi
	return "$fail"
}
