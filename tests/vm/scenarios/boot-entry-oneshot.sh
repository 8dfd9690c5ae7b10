#!/bin/bash
# A one-shot GRUB entry (grubenv next_entry, as grub-reboot sets it) with /boot on a file system of
# its own: the grub.cfg's paths are relative to /boot ("/vmlinuz"), stage 1 mounts a tmpfs on /boot,
# and kexec finds GRUB's root there through mountinfo. --boot-entry=oneshot names the one-shot
# choice, and =default honours it too (it wins over saved_entry); -e boots it.
. "$(dirname "$0")/../lib.sh"
. "$VM_LIB_DIR/grub-cfg.sh"
uuid=0b5e0000-0000-4000-8000-00000000b007
vm_grub_cfg "$VM_WORK/grub.cfg" ""
vm_grubenv "$VM_WORK/grubenv" "saved_entry=0" "next_entry=1>0"
vm_file /bootfs/grub/grub.cfg "$VM_WORK/grub.cfg"
vm_file /bootfs/grub/grubenv "$VM_WORK/grubenv"
vm_timeout 300
vm_stage1 <<'SH'
cp /boot/vmlinuz /boot/stage2.img /bootfs/
mount -t tmpfs -o size=200m boot /boot && cp -a /bootfs/. /boot/ && echo "boot mounted"
kexec --list-boot-entries | grep -E '^  (default|one-shot):' | sed 's/^/LIST /'
kexec -l --boot-entry=oneshot; echo "oneshot rc=$?"
kexec -u
kexec -d -l --boot-entry=default 2>&1 | grep -E "boot entry|GRUB's root" | sed 's/^/DEBUG /'
kexec -l -S; echo "status=$?"
kexec -e
SH
vm_boot
vm_expect "^boot mounted\$"
vm_expect "^LIST   default: Debian GNU/Linux, with Linux test: one-shot next_entry=1>0 from grubenv"
vm_expect "^LIST   one-shot: Debian GNU/Linux, with Linux test: next_entry=1>0 in grubenv"
vm_expect "^oneshot rc=0\$"
vm_expect "^DEBUG .*kernel /boot/vmlinuz, 1 initrd"
vm_expect "^DEBUG .*/vmlinuz: /boot is a file system of its own: GRUB's root"
vm_expect "^status=1\$"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 entry=advanced marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_reject "^STAGE1 rc="
vm_done
