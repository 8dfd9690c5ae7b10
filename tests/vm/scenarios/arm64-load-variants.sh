#!/bin/bash
# arm64, the default -a on a kernel without CONFIG_KEXEC_FILE (Debian's): kexec_file_load fails
# with ENOSYS and the load falls back to kexec_load, quietly but for -d. The target is another
# build (6.1 -> 6.12) in an EFI zboot container (made on the host by tests/vm/make-zboot, since
# no Debian kernel is zboot), unpacked in userspace, with --reuse-cmdline plus --append; -l -S
# sees it loaded.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
vm_arch arm64
vm_arm64_boot_kernels
"$VM_LIB_DIR/make-zboot" "$(vm_kernel arm64-6.12)" "$VM_WORK/vmlinuz.zboot"
vm_file /boot/vmlinuz-6.12.zboot "$VM_WORK/vmlinuz.zboot"
vm_stage1_append "reuse=$MARKER"
vm_stage1 <<'SH'
kexec -d -l /boot/vmlinuz-6.12.zboot --initrd=/boot/stage2.img --reuse-cmdline \
	--append="marker=$MARKER" 2>&1 | grep -E 'falling back|kexec_load\(|container' | sed 's/^/DEBUG /'
kexec -l -S; echo "status rc=$?"
kexec -e
SH
vm_stage2 <<'SH'
echo "uname: $(uname -r)"
SH
vm_timeout 150
vm_boot
vm_expect "^DEBUG .*zboot container of [0-9]+ bytes, unpacked: Image"
vm_expect "^DEBUG .*kexec_file_load failed.*falling back to kexec_load"
vm_expect "^DEBUG .*kexec_load\(entry 0x[0-9a-f]+ \(purgatory\).*SHA-256 checks on"
vm_expect "^status rc=1"
vm_expect "^STAGE2 cmdline: console=ttyAMA0 panic=-1 cryptomgr.notests reuse=$MARKER marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_expect "^uname: 6\.12\."
vm_reject "Kernel panic"
vm_done
