#!/bin/bash
# arm64 kdump with crashkernel=,high and ,low on a 4 GiB guest (RAM at 1-5 GiB): the crash kernel
# is loaded (-c -p) into the high reservation, and its /chosen linux,usable-memory-range lists
# both reservations, the high one first, as the kernel's own arm64 loader does; the capture
# kernel boots in them and reads the crashed kernel's log from /proc/vmcore. On the way: -e with
# nothing loaded (exit 12), -p -u and -p -S, --reuse-cmdline dropping both crashkernel=, and
# kexec --show on arm64.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
vm_arch arm64
vm_arm64_boot_kernels arm64-6.1

VMCORE_DMESG_BIN_ARM64=${VMCORE_DMESG_BIN_ARM64:-$VM_REPO/build/aarch64/vmcore-dmesg}
readelf -h "$VMCORE_DMESG_BIN_ARM64" 2>/dev/null | grep -q 'Machine:.*AArch64' ||
	vm_die "$VMCORE_DMESG_BIN_ARM64 is not an AArch64 ELF: run make"
vm_stage2_file /bin/vmcore-dmesg "$VMCORE_DMESG_BIN_ARM64"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"

vm_mem 4G
vm_stage1_append "crashkernel=64M,high crashkernel=32M,low"
vm_stage1 <<'SH'
. /lib/check.sh
grep 'Crash kernel' /proc/iomem | sed 's/^ */STAGE1 crash: /'
# -e with nothing loaded, -p -u, -p -S around a first load; the second one reuses the command
# line, which must lose both crashkernel= words.
check_rc 12 'no kernel is loaded' kexec -e
check_rc 0 '' kexec -c -p /boot/vmlinuz-6.1 --initrd=/boot/stage2.img --append="console=ttyAMA0"
check_rc 1 '' kexec -p -S
check_rc 0 '' kexec -p -u
check_rc 0 '' kexec -p -S
check_rc 0 '' kexec -c -p -d /boot/vmlinuz-6.1 --initrd=/boot/stage2.img --reuse-cmdline \
	--append="reset_devices marker=$MARKER"
check_rc 1 '' kexec -p -S
# --show on arm64: our record, with the arm64 flags (no version string: an Image has none).
check_rc 0 'crash kernel: +loaded$' kexec --show
check_rc 0 'kernel: +/boot/vmlinuz-6.1' kexec --show
check_rc 0 'with: +kexec_load, flags 0xb70001: KEXEC_ON_CRASH\|KEXEC_ARCH_AARCH64$' kexec --show
check_rc 0 'normal kernel: +not loaded' kexec --show
check_rc 0 '"crash": \{' kexec --show --json
echo "vmcore-marker $MARKER" >/dev/kmsg
echo c >/proc/sysrq-trigger
SH
vm_stage2 <<'SH'
echo "STAGE2 dt usable: $(od -An -v -tx1 /proc/device-tree/chosen/linux,usable-memory-range | tr -d ' \n')"
vmcore-dmesg /proc/vmcore >/tmp/ours.txt
echo "VMCORE-DMESG rc=$?"
grep -m 1 -F "vmcore-marker $MARKER" /tmp/ours.txt | sed 's/^/OURS /'
SH
vm_timeout 180
vm_boot
vm_reject "CHECK FAIL"
vm_expect "^STAGE2 cmdline: console=ttyAMA0 panic=-1 cryptomgr.notests reset_devices marker=$MARKER\$"
vm_expect "^VMCORE-DMESG rc=0"
vm_expect "^OURS \[ *[0-9]+\.[0-9]{6}\] vmcore-marker $MARKER\$"

# Two reservations in stage 1, one above 4 GiB; /chosen lists the high one, then the low one.
mapfile -t res < <(sed -n 's/^STAGE1 crash: *\([0-9a-f]*\)-\([0-9a-f]*\) : Crash kernel.*$/\1 \2/p' "$VM_CONSOLE")
use=$(sed -n 's/^STAGE2 dt usable: \([0-9a-f]\{64\}\)$/\1/p' "$VM_CONSOLE")
if ((${#res[@]} != 2)) || [[ -z $use ]]; then
	VM_FAILURES+=("want two Crash kernel ranges in stage 1 (got ${#res[@]}) and two" \
		"linux,usable-memory-range entries (got \"$use\")")
else
	read -r ls le <<<"${res[0]}"
	read -r hs he <<<"${res[1]}"
	((0x$hs >= 0x100000000)) || VM_FAILURES+=("the ,high reservation $hs-$he is below 4 GiB")
	want=$(printf '%016x%016x%016x%016x' $((0x$hs)) $((0x$he - 0x$hs + 1)) $((0x$ls)) $((0x$le - 0x$ls + 1)))
	[[ $use == "$want" ]] || VM_FAILURES+=("linux,usable-memory-range $use, want $want (high, then low)")
	vm_note "reservations $ls-$le and $hs-$he; /chosen: $use"
fi
vm_done
