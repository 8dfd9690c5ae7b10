#!/bin/bash
# arm64 kdump under UEFI (AAVMF): the crash kernel loaded with kexec_load (-c -p) keeps the
# firmware's /chosen linux,uefi-* properties, so after a panic the capture kernel finds the
# system table and the memory map with SetVirtualAddressMap's addresses, calls the runtime
# services (rtc-efi, efivarfs) and reads the crashed kernel's log from /proc/vmcore.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
vm_arch arm64
vm_firmware uefi
vm_arm64_boot_kernels arm64-6.1

VMCORE_DMESG_BIN_ARM64=${VMCORE_DMESG_BIN_ARM64:-$VM_REPO/build/aarch64/vmcore-dmesg}
readelf -h "$VMCORE_DMESG_BIN_ARM64" 2>/dev/null | grep -q 'Machine:.*AArch64' ||
	vm_die "$VMCORE_DMESG_BIN_ARM64 is not an AArch64 ELF: run make"
vm_stage2_file /bin/vmcore-dmesg "$VMCORE_DMESG_BIN_ARM64"
vm_arm64_module arm64-6.1 './lib/modules/*/kernel/fs/efivarfs/efivarfs.ko' "$VM_WORK/efivarfs.ko"
vm_stage2_file /efivarfs.ko "$VM_WORK/efivarfs.ko"

vm_mem 512M
vm_stage1_append "crashkernel=64M"
vm_stage1 <<'SH'
dt-chosen STAGE1
kexec -c -p -d /boot/vmlinuz-6.1 --initrd=/boot/stage2.img --serial=ttyAMA0 \
	--append="console=ttyAMA0 panic=-1 cryptomgr.notests reset_devices marker=$MARKER"
echo "load rc=$?"
echo "vmcore-marker $MARKER" >/dev/kmsg
echo c >/proc/sysrq-trigger
SH
vm_stage2 <<'SH'
dmesg | grep -o -e 'efi: EFI v[0-9.]* by .*' -e 'Remapping and enabling EFI services' |
	sed 's/^/STAGE2 efi-dmesg: /'
r=/sys/class/rtc/rtc0
echo "STAGE2 rtc: $(cat $r/name) $(cat $r/since_epoch)"
insmod /efivarfs.ko
mount -t efivarfs efivarfs /sys/firmware/efi/efivars || echo "STAGE2 efivarfs: mount failed"
echo "STAGE2 efivars: $(ls /sys/firmware/efi/efivars | wc -l)"
vmcore-dmesg /proc/vmcore >/tmp/ours.txt
echo "VMCORE-DMESG rc=$?"
grep -m 1 -F "vmcore-marker $MARKER" /tmp/ours.txt | sed 's/^/OURS /'
SH
vm_timeout 180
vm_boot
uefi='linux,uefi-mmap-desc-size linux,uefi-mmap-desc-ver linux,uefi-mmap-size linux,uefi-mmap-start( linux,uefi-secure-boot)? linux,uefi-system-table'
vm_expect "^STAGE1 dt uefi: .*linux,uefi-system-table=0x[1-9a-f]"
vm_expect "^load rc=0"
vm_expect "sysrq: Trigger a crash"
vm_expect "^STAGE2 cmdline: console=ttyAMA0 panic=-1 cryptomgr.notests reset_devices marker=$MARKER\$"
vm_expect "^STAGE2 dt properties: .*linux,usable-memory-range.*"
vm_expect "^STAGE2 dt properties: .*$uefi"
s1=$(grep -a -m 1 '^STAGE1 dt uefi: ' "$VM_CONSOLE" | sed 's/^STAGE1 //') || s1='dt uefi: (no STAGE1 line)'
vm_expect "^STAGE2 $s1\$"
vm_expect "^STAGE2 efi: yes"
vm_expect "^STAGE2 efi-dmesg: Remapping and enabling EFI services"
vm_expect "^STAGE2 rtc: rtc-efi rtc-efi.0 [1-9][0-9]+\$"
vm_expect "^STAGE2 efivars: [1-9]"
vm_expect "^VMCORE-DMESG rc=0"
vm_expect "^OURS \[ *[0-9]+\.[0-9]{6}\] vmcore-marker $MARKER\$"
vm_expect "^STAGE2 done"
vm_reject "EFI [Rr]untime [Ss]ervices (will be |are )?(disabled|no longer available|unavailable)"
vm_reject "runtime services will not be available|EFI services will not be available|UEFI not found"
vm_reject "Unable to map EFI|Failed to remap EFI memory map|in EFI runtime service|EFI remap .*failed"
vm_done
