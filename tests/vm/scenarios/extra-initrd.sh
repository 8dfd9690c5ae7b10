#!/bin/bash
# --extra-initrd through kexec_file_load: the stage-2 initrd, then a gzip'd archive of one file,
# handed to the kernel as one memfd; stage 2 has the files of both.
. "$(dirname "$0")/../lib.sh"
mkdir -p "$VM_WORK/extra"
echo "extra-$MARKER" >"$VM_WORK/extra/extra-marker"
_vm_cpio "$VM_WORK/extra" "$VM_WORK/extra.cpio"
gzip -9n "$VM_WORK/extra.cpio"
vm_file /boot/extra.img "$VM_WORK/extra.cpio.gz"
vm_stage1 <<'SH'
kexec -d -s -l /boot/vmlinuz --initrd=/boot/stage2.img --extra-initrd=/boot/extra.img \
	--append="console=ttyS0 panic=-1 marker=$MARKER" 2>&1 | grep -E 'initrd' | sed 's/^/DEBUG /'
kexec -l -S; echo "status rc=$?"
kexec -e
SH
vm_stage2 <<'SH'
echo "extra: $(cat /extra-marker)"
SH
vm_boot
vm_expect "^DEBUG .*2 initrds, [0-9]+ bytes in all"
vm_expect "^status rc=1"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_expect "^extra: extra-$MARKER\$"
vm_reject "^STAGE1 rc="
vm_done
