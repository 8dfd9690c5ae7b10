#!/bin/bash
# Harness self-test: Debian's kexec-tools (-s, kexec_file_load) boots stage 2, which sees our marker.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
vm_no_kexec_bin
vm_peer_kexec_tools
vm_stage1 <<'SH'
kexec-tools -s -l /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
kexec-tools -e
SH
vm_boot
vm_expect "^STAGE1 start"
vm_expect "^STAGE2 cmdline: .*marker=$MARKER"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_expect "^STAGE2 done"
vm_reject "Kernel panic"
vm_reject "^STAGE1 rc="
vm_done
