#!/bin/bash
# From Debian's generic kernel into its cloud kernel (another build): stage 2 runs the cloud kernel with our marker.
. "$(dirname "$0")/../lib.sh"
vm_stage1_kernel generic
vm_stage1 <<'SH'
echo "stage1 kernel: $(uname -r)"
kexec -l /boot/vmlinuz-cloud --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
echo "load rc=$?"
kexec -e
SH
vm_boot
vm_expect "^stage1 kernel: .*-amd64$"
vm_reject "^stage1 kernel: .*cloud"
vm_expect "Linux version [^ ]*-cloud-amd64"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_done
