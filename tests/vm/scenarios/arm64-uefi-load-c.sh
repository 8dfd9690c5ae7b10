#!/bin/bash
# arm64 under UEFI (AAVMF), kexec_load (-c) with our purgatory: 6.1 -> 6.1, and the EFI runtime
# services still work in the new kernel. AAVMF gives the kernel ACPI, so the EFI stub hands it a
# device tree with only /chosen (linux,uefi-system-table, linux,uefi-mmap-*); we edit that tree
# (/sys/firmware/fdt) and must keep those properties, since they are the only way the next
# kernel finds the system table and the memory map with the virtual addresses that
# SetVirtualAddressMap fixed. The tree has no stdout-path, so the purgatory's console is given
# with --serial=ttyAMA0 (an SBSA UART under ACPI). Stage 2 calls into the firmware: efivarfs
# (GetNextVariableName, SetVariable, GetVariable) and rtc-efi (GetTime).
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
vm_arch arm64
vm_firmware uefi
vm_arm64_boot_kernels arm64-6.1

# efivarfs is a module in Debian's kernel, and the stage-2 initrd carries none.
vm_arm64_module arm64-6.1 './lib/modules/*/kernel/fs/efivarfs/efivarfs.ko' "$VM_WORK/efivarfs.ko"
vm_stage2_file /efivarfs.ko "$VM_WORK/efivarfs.ko"

vm_stage1 <<'SH'
dt-chosen STAGE1
kexec -c -d -l /boot/vmlinuz-6.1 --initrd=/boot/stage2.img --serial=ttyAMA0 \
	--append="console=ttyAMA0 panic=-1 cryptomgr.notests marker=$MARKER"
echo "load rc=$?"
kexec -e
SH
vm_stage2 <<'SH'
dmesg | grep -o -e 'efi: EFI v[0-9.]* by .*' -e 'Remapping and enabling EFI services' |
	sed 's/^/STAGE2 efi-dmesg: /'
r=/sys/class/rtc/rtc0
echo "STAGE2 rtc: $(cat $r/name) $(cat $r/since_epoch)"
insmod /efivarfs.ko
mount -t efivarfs efivarfs /sys/firmware/efi/efivars || echo "STAGE2 efivarfs: mount failed"
echo "STAGE2 efivars: $(ls /sys/firmware/efi/efivars | wc -l)"
v=/sys/firmware/efi/efivars/KexecTest-8d1b4a2e-5c3f-4e7a-9b10-6b657865630a
printf '\007\000\000\000%s' "$MARKER" >"$v" && echo "STAGE2 setvariable: ok"
echo "STAGE2 getvariable: $(tail -c +5 "$v")"
SH
vm_timeout 150
vm_boot
uefi='linux,uefi-mmap-desc-size linux,uefi-mmap-desc-ver linux,uefi-mmap-size linux,uefi-mmap-start( linux,uefi-secure-boot)? linux,uefi-system-table'
vm_expect "^STAGE1 dt properties: .*$uefi"
vm_expect "^STAGE1 dt uefi: .*linux,uefi-system-table=0x[1-9a-f]"
vm_expect "^load rc=0"
vm_expect "kexec purgatory: [0-9]+ regions verified"
vm_expect "^STAGE2 cmdline: console=ttyAMA0 panic=-1 cryptomgr.notests marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_expect "^STAGE2 dt source: /sys/firmware/fdt \([0-9]+ bytes, no /proc/device-tree: ACPI\)\$"
vm_expect "^STAGE2 dt bootargs: console=ttyAMA0 panic=-1 cryptomgr.notests marker=$MARKER\$"
vm_expect "^STAGE2 dt initrd: 0x[0-9a-f]+-0x[0-9a-f]+ \([1-9][0-9]* bytes\)\$"
vm_expect "^STAGE2 dt properties: .*$uefi"
# The same system table and memory map as the firmware gave stage 1 (values: [0-9a-fx,=-]).
s1=$(grep -a -m 1 '^STAGE1 dt uefi: ' "$VM_CONSOLE" | sed 's/^STAGE1 //') || s1='dt uefi: (no STAGE1 line)'
vm_expect "^STAGE2 $s1\$"
vm_expect "^STAGE2 efi: yes"
vm_expect "^STAGE2 efi-dmesg: efi: EFI v[0-9.]+ by EDK II"
vm_expect "^STAGE2 efi-dmesg: Remapping and enabling EFI services"
vm_expect "^STAGE2 rtc: rtc-efi rtc-efi.0 [1-9][0-9]+\$"
vm_expect "^STAGE2 efivars: [1-9]"
vm_expect "^STAGE2 setvariable: ok"
vm_expect "^STAGE2 getvariable: $MARKER\$"
vm_expect "^STAGE2 done"
# What the kernel says when it runs without the runtime services (either stage).
vm_reject "EFI [Rr]untime [Ss]ervices (will be |are )?(disabled|no longer available|unavailable)"
vm_reject "runtime services will not be available|EFI services will not be available|UEFI not found"
vm_reject "Unable to map EFI|Failed to remap EFI memory map|in EFI runtime service|EFI remap .*failed"
vm_reject "efi: .*([Ff]ailed|invalid)"
vm_reject "Kernel panic"
vm_reject "^STAGE1 rc="
vm_done
