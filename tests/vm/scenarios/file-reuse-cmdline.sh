#!/bin/bash
# --reuse-cmdline: stage 2 gets stage 1's command line without BOOT_IMAGE= (crashkernel= kept for -l), plus --append.
. "$(dirname "$0")/../lib.sh"
vm_stage1_append "BOOT_IMAGE=/boot/vmlinuz-old crashkernel=64M first=$MARKER"
vm_stage1 <<'SH'
kexec -l /boot/vmlinuz --initrd=/boot/stage2.img --reuse-cmdline --append="added=$MARKER"
echo "load rc=$?"
kexec -e
SH
vm_boot
vm_expect "^load rc=0"
vm_expect "^STAGE2 cmdline: .*crashkernel=64M first=$MARKER added=$MARKER\$"
vm_expect "^STAGE2 cmdline: console=ttyS0 "
vm_reject "^STAGE2 cmdline: .*BOOT_IMAGE"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_done
