#!/bin/bash
# Crash hotplug (-c -p on Debian's newest kernel, CONFIG_CRASH_HOTPLUG): kexec asks the kernel to keep the crash kernel's ELF core headers up to date (KEXEC_UPDATE_ELFCOREHDR, room for them as /sys/kernel/crash_elfcorehdr_size says, left out of the purgatory's digest). QEMU hot-adds a second vCPU after the load; stage 1 onlines it and panics; the capture kernel's /proc/vmcore holds a register note (NT_PRSTATUS) for each of the two CPUs, and the purgatory, which checked every other segment, booted it although the kernel rewrote the headers.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
deps_install socat

vm_stage1_kernel newest
vm_timeout 240
vm_stage1_append "crashkernel=192M"
# One CPU at boot, room for a second; the monitor is where the host plugs it in.
vm_smp 1,maxcpus=2,sockets=2,cores=1,threads=1
vm_qemu_args -monitor "unix:$VM_WORK/monitor.sock,server=on,wait=off"
# Since 6.18 (and its stable updates) x86 counts the disabled MADT entries QEMU lists for
# hotpluggable CPUs only in a guest of a known hypervisor (arch/x86/kernel/acpi/boot.c
# acpi_is_processor_usable); TCG announces none the kernel knows. The kernel's VMware check for
# CPUs without the hypervisor bit (a DMI serial naming VMware, then the backdoor port, which
# QEMU's vmport device answers) makes this guest one.
vm_qemu_args -cpu max,hypervisor=off -smbios type=1,serial=VMware-kexec-test
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage2_file /lib/vmcore-notes.sh "$VM_LIB_DIR/guest/vmcore-notes.sh"

vm_stage1 <<'SH'
. /lib/check.sh
for f in /sys/kernel/crash_elfcorehdr_size /sys/kernel/kexec/crash_elfcorehdr_size \
	/sys/devices/system/cpu/crash_hotplug /sys/devices/system/memory/crash_hotplug; do
	echo "STAGE1 $f: $(cat $f 2>&1)"
done
# The capture kernel: bookworm's 6.1 (any kernel reads the dump), one CPU is enough for it.
check_rc 0 'KEXEC_UPDATE_ELFCOREHDR' kexec -c -d -p /boot/vmlinuz --initrd=/boot/stage2.img \
	--reuse-cmdline --append="nr_cpus=1 capture=$MARKER"
echo "STAGE1 after load, cpu/crash_hotplug: $(cat /sys/devices/system/cpu/crash_hotplug)"
echo "STAGE1 cpus before: $(grep -c ^processor /proc/cpuinfo)"
echo "HOTPLUG-REQUEST $MARKER"
i=0
while [ ! -e /sys/devices/system/cpu/cpu1/online ] && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done
echo 1 >/sys/devices/system/cpu/cpu1/online
sleep 1
echo "STAGE1 cpus after: $(grep -c ^processor /proc/cpuinfo)"
echo c >/proc/sysrq-trigger
SH
vm_stage2 <<'SH'
. /lib/vmcore-notes.sh
vmcore_notes /proc/vmcore
SH

# The host's half: when stage 1 asks, plug a vCPU into the free socket (query-hotpluggable-cpus
# names it: socket 1 with the topology above). Bounded: gives up with the VM.
(
	for _ in $(seq 1 "$VM_TIMEOUT_S"); do
		if grep -aq "^HOTPLUG-REQUEST $MARKER" "$VM_WORK/console" 2>/dev/null; then
			{
				echo "info hotpluggable-cpus"
				echo "device_add max-x86_64-cpu,id=hotcpu1,socket-id=1,core-id=0,thread-id=0"
				sleep 2
			} | socat - "UNIX-CONNECT:$VM_WORK/monitor.sock" >"$VM_WORK/monitor.out" 2>&1
			exit 0
		fi
		sleep 1
	done
) &
plugger=$!

vm_boot
wait "$plugger" || true
# The monitor's answers, without its line editor's echo of what was typed.
tr -d '\r' <"$VM_WORK/monitor.out" 2>/dev/null | grep -av $'\e' | sed 's/^/vm: monitor: /' || true

vm_reject "CHECK FAIL"
vm_expect "^STAGE1 /sys/kernel/crash_elfcorehdr_size: [1-9][0-9]*\$"
vm_expect "^STAGE1 after load, cpu/crash_hotplug: 1\$"
vm_expect "^STAGE1 cpus before: 1\$"
vm_expect "^STAGE1 cpus after: 2\$"
vm_expect "sysrq: Trigger a crash"
vm_expect "^STAGE2 cmdline: .*capture=$MARKER"
vm_expect "^STAGE2 note: VMCOREINFO 0 "
n=$(grep -ac "^STAGE2 note: CORE 1 " "$VM_CONSOLE" || true)
[[ $n == 2 ]] || VM_FAILURES+=("the dump has $n NT_PRSTATUS notes, not 2 (one per CPU)")
vm_expect "^STAGE2 script rc=0"
vm_done
