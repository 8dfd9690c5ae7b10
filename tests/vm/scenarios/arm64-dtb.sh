#!/bin/bash
# arm64, --dtb: the device tree the user gives replaces the running one (this one is QEMU's own
# for the same machine, with a marker node added on the host by fdtput); kexec still writes
# /chosen into it, and stage 2 finds the marker in /proc/device-tree. The kernel is a gzip'd
# Image (decompressed in userspace), loaded without the purgatory's check (-i).
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
vm_arch arm64
vm_arm64_boot_kernels arm64-6.1
deps_install device-tree-compiler
dtb=$VM_WORK/user.dtb
qemu-system-aarch64 -M "virt,dumpdtb=$dtb" -accel tcg -cpu "$VM_ARM64_CPU" -smp 1 -m "$VM_MEM_SEL" \
	-nodefaults -nographic >/dev/null
fdtput -c "$dtb" /kexec-test
fdtput -t s "$dtb" /kexec-test marker "$MARKER"
vm_file /boot/user.dtb "$dtb"
vm_stage1 <<'SH'
gzip -1 -c /boot/vmlinuz-6.1 >/tmp/Image.gz && rm /boot/vmlinuz-6.1
kexec -i -l /tmp/Image.gz --dtb=/boot/user.dtb --initrd=/boot/stage2.img \
	--append="console=ttyAMA0 panic=-1 cryptomgr.notests marker=$MARKER"
echo "load rc=$?"
kexec -e
SH
vm_stage2 <<'SH'
echo "dt marker: $(cat /proc/device-tree/kexec-test/marker 2>/dev/null)"
SH
vm_timeout 150
vm_boot
vm_expect "^load rc=0"
vm_expect "^STAGE2 cmdline: console=ttyAMA0 panic=-1 cryptomgr.notests marker=$MARKER\$"
vm_expect "^dt marker: $MARKER"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_done
