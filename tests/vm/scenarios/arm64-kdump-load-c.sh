#!/bin/bash
# arm64 kdump through kexec_load (-c -p): Debian's 6.1 with crashkernel= loads itself as the
# capture kernel with our ELF core headers and purgatory; a sysrq panic boots it, with
# linux,elfcorehdr and linux,usable-memory-range in its device tree's /chosen (the reservation
# stage 1 saw in /proc/iomem), and our vmcore-dmesg reads the crashed kernel's log from
# /proc/vmcore, byte for byte as Debian's makedumpfile:arm64 --dump-dmesg prints it. The capture
# kernel then copies /proc/vmcore to a virtio disk, and the host's (x86_64) vmcore-dmesg reads
# that arm64 dump file: the same log, byte for byte.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
vm_arch arm64
vm_arm64_boot_kernels arm64-6.1

VMCORE_DMESG_BIN_ARM64=${VMCORE_DMESG_BIN_ARM64:-$VM_REPO/build/aarch64/vmcore-dmesg}
readelf -h "$VMCORE_DMESG_BIN_ARM64" 2>/dev/null | grep -q 'Machine:.*AArch64' ||
	vm_die "$VMCORE_DMESG_BIN_ARM64 is not an AArch64 ELF: run make"
if readelf -lW "$VMCORE_DMESG_BIN_ARM64" | grep -q '^ *INTERP'; then
	vm_die "$VMCORE_DMESG_BIN_ARM64 is dynamically linked; the VM needs a static binary"
fi

# The peer: bookworm's makedumpfile:arm64 and the arm64 libraries it loads (libdw, libelf,
# liblzo2, zlib and theirs).
vm_arm64_peer makedumpfile usr/bin/makedumpfile /bin/makedumpfile stage2
vm_stage2_file /bin/vmcore-dmesg "$VMCORE_DMESG_BIN_ARM64"
# The disk the dump goes to, and the modules that drive it (Debian builds them as modules).
VMCORE_DMESG_BIN_HOST=${VMCORE_DMESG_BIN:-$VM_REPO/build/vmcore-dmesg}
[[ -x $VMCORE_DMESG_BIN_HOST ]] || vm_die "$VMCORE_DMESG_BIN_HOST does not exist: run make"
truncate -s 512M "$VM_WORK/dump.raw"
vm_qemu_args -drive "file=$VM_WORK/dump.raw,format=raw,if=none,id=dump" \
	-device virtio-blk-device,drive=dump
for m in virtio/virtio_mmio block/virtio_blk; do
	vm_arm64_module arm64-6.1 "./lib/modules/*/kernel/drivers/$m.ko" "$VM_WORK/${m#*/}.ko"
	vm_stage2_file "/lib/${m#*/}.ko" "$VM_WORK/${m#*/}.ko"
done
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"

# The smallest sizes that work: the capture kernel (6.1, 6 MB of initrd) boots in 64M (with 48M
# it runs out of memory while booting); stage 1 unpacks its 43 MB initrd in 384M (not in 256M).
vm_mem 384M
vm_stage1_append "crashkernel=64M"
vm_stage1 <<'SH'
. /lib/check.sh
echo "STAGE1 crash: $(grep 'Crash kernel' /proc/iomem)"
check_rc 0 '' kexec -p -S
check_rc 0 '' kexec -c -p -d /boot/vmlinuz-6.1 --initrd=/boot/stage2.img \
	--append="console=ttyAMA0 panic=-1 cryptomgr.notests reset_devices marker=$MARKER"
check_rc 1 '' kexec -p -S
check_rc 0 '' kexec -l -S
# Only in the crashed kernel's memory, never in a file.
echo "vmcore-marker $MARKER" >/dev/kmsg
printf 'vmcore-bytes caf\303\251 bell\007 tab\there\n' >/dev/kmsg
echo c >/proc/sysrq-trigger
SH
vm_stage2 <<'SH'
c=/proc/device-tree/chosen
for p in linux,elfcorehdr linux,usable-memory-range; do
	if [ -f $c/$p ]; then
		echo "STAGE2 dt $p: $(od -An -v -tx1 $c/$p | tr -d ' \n')"
	else
		echo "STAGE2 dt $p: absent"
	fi
done
echo "STAGE2 vmcore size: $(stat -c %s /proc/vmcore)"
echo "STAGE2 ident:$(head -c 7 /proc/vmcore | od -An -c | tr -s ' ')"
echo "STAGE2 type machine:$(od -An -tx2 -j16 -N4 /proc/vmcore | tr -s ' ')"
vmcore-dmesg /proc/vmcore >/tmp/ours.txt
echo "VMCORE-DMESG rc=$? lines=$(wc -l </tmp/ours.txt)"
for l in "vmcore-marker $MARKER" vmcore-bytes "sysrq: Trigger a crash" "Kernel panic - not syncing"; do
	grep -m 1 -F "$l" /tmp/ours.txt | sed 's/^/OURS /'
done
vmcore-dmesg --debug /proc/vmcore 2>&1 >/dev/null | sed 's/^/DEBUG /'
makedumpfile --dump-dmesg /proc/vmcore /tmp/m.txt >/tmp/md.out 2>&1
echo "MAKEDUMPFILE rc=$? lines=$(wc -l </tmp/m.txt)"
sed 's/^/  | /' /tmp/md.out
# makedumpfile prints a byte >= 0x80 sign-extended ("\xffffffc3"), we print "\xc3" (as
# kexec-tools' vmcore-dmesg does): identical once that is undone.
sed 's/\\xffffff\([89a-f][0-9a-f]\)/\\x\1/g' /tmp/m.txt >/tmp/m-norm.txt
if cmp /tmp/ours.txt /tmp/m-norm.txt; then
	echo "COMPARE: identical"
else
	echo "COMPARE: differ"
	diff /tmp/m-norm.txt /tmp/ours.txt | head -n 20 | sed 's/^/  | /'
fi
echo "OURS sha256: $(sha256sum </tmp/ours.txt | cut -d' ' -f1)"
insmod /lib/virtio_mmio.ko && insmod /lib/virtio_blk.ko
t0=$(cut -d' ' -f1 /proc/uptime)
dd if=/proc/vmcore of=/dev/vda bs=1M conv=fsync 2>/dev/null
echo "DUMP rc=$? in $(awk -v t0="$t0" '{ printf "%.1f", $1 - t0 }' /proc/uptime) s"
SH
vm_timeout 240
vm_boot
vm_reject "CHECK FAIL"
vm_expect "sysrq: Trigger a crash"
vm_expect "^STAGE2 cmdline: console=ttyAMA0 panic=-1 cryptomgr.notests reset_devices marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_expect "^STAGE2 ident: 177 E L F 002 001 001\$"
vm_expect "^STAGE2 type machine: 0004 00b7\$"
vm_expect "^STAGE2 vmcore size: [0-9]{8,}\$"
vm_expect "^VMCORE-DMESG rc=0 "
vm_expect "^OURS \[ *[0-9]+\.[0-9]{6}\] vmcore-marker $MARKER\$"
vm_expect "^OURS \[ *[0-9]+\.[0-9]{6}\] vmcore-bytes caf\\\\xc3\\\\xa9 bell\\\\x07 tab"
vm_expect "^OURS \[ *[0-9]+\.[0-9]{6}\] sysrq: Trigger a crash"
vm_expect "^OURS \[ *[0-9]+\.[0-9]{6}\] Kernel panic - not syncing: sysrq triggered crash"
vm_expect "^MAKEDUMPFILE rc=0 "
vm_expect "^COMPARE: identical"
vm_expect "^STAGE2 script rc=0"
vm_expect "^STAGE2 done"

# /chosen: the core headers inside the reservation, and the reservation itself as usable memory
# (address and size, two cells each).
crash=$(sed -n 's/^STAGE1 crash: *\([0-9a-f]*\)-\([0-9a-f]*\) : Crash kernel$/\1 \2/p' "$VM_CONSOLE")
hdr=$(sed -n 's/^STAGE2 dt linux,elfcorehdr: \([0-9a-f]\{32\}\)$/\1/p' "$VM_CONSOLE")
use=$(sed -n 's/^STAGE2 dt linux,usable-memory-range: \([0-9a-f]\{32\}\)$/\1/p' "$VM_CONSOLE")
if [[ -z $crash || -z $hdr || -z $use ]]; then
	VM_FAILURES+=("no reservation in stage 1 (\"$crash\") or no linux,elfcorehdr (\"$hdr\")" \
		"or linux,usable-memory-range (\"$use\") in the capture kernel's /chosen")
else
	read -r cs ce <<<"$crash"
	((0x${use:0:16} == 0x$cs && 0x${use:0:16} + 0x${use:16} == 0x$ce + 1)) ||
		VM_FAILURES+=("linux,usable-memory-range $use is not the reservation $cs-$ce")
	((0x${hdr:0:16} >= 0x$cs && 0x${hdr:0:16} + 0x${hdr:16} <= 0x$ce + 1)) ||
		VM_FAILURES+=("linux,elfcorehdr $hdr lies outside the reservation $cs-$ce")
	vm_note "reservation $cs-$ce, linux,elfcorehdr $hdr"
fi

# The arm64 dump file, read on this (x86_64) host.
vm_expect "^DUMP rc=0 "
want=$(sed -n 's/^OURS sha256: \([0-9a-f]\{64\}\)$/\1/p' "$VM_CONSOLE")
"$VMCORE_DMESG_BIN_HOST" "$VM_WORK/dump.raw" >"$VM_WORK/host-dmesg.txt" 2>"$VM_WORK/host-dmesg.err" ||
	VM_FAILURES+=("host vmcore-dmesg on the arm64 dump: $(head -n 1 "$VM_WORK/host-dmesg.err")")
got=$(sha256sum <"$VM_WORK/host-dmesg.txt" | cut -d' ' -f1)
if [[ -z $want || $got != "$want" ]]; then
	VM_FAILURES+=("the host's vmcore-dmesg read the arm64 dump file differently from the capture" \
		"kernel's ($(wc -l <"$VM_WORK/host-dmesg.txt") lines, sha256 $got, want ${want:-none})")
else
	vm_note "host vmcore-dmesg on the arm64 dump: $(wc -l <"$VM_WORK/host-dmesg.txt") lines, same as in the guest"
fi
rm -f "$VM_WORK/dump.raw"
vm_done
