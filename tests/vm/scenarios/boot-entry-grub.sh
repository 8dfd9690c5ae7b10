#!/bin/bash
# --boot-entry=default from GRUB: a grub.cfg as grub-mkconfig writes it with GRUB_DEFAULT=saved and
# a grubenv whose saved_entry names, by ids, the submenu entry with two files on its initrd line.
# First a hostile grub.cfg: one line naming the place, exit 15, the kernel loaded before left alone. Then the real one:
# --list-boot-entries says which is the default and why, -l --boot-entry=default, -e; stage 2 has
# the entry's command line and the files of both initrds.
. "$(dirname "$0")/../lib.sh"
. "$VM_LIB_DIR/grub-cfg.sh"
uuid=0b5e0000-0000-4000-8000-00000000b007
vm_grub_cfg "$VM_WORK/grub.cfg" /boot
vm_grubenv "$VM_WORK/grubenv" "saved_entry=gnulinux-advanced-$uuid>gnulinux-test-two-$uuid"
mkdir -p "$VM_WORK/extra"
echo "extra-$MARKER" >"$VM_WORK/extra/extra-marker"
_vm_cpio "$VM_WORK/extra" "$VM_WORK/extra.cpio"
vm_file /boot/extra.img "$VM_WORK/extra.cpio"
vm_file /boot/grub/grub.cfg "$VM_WORK/grub.cfg"
vm_file /boot/grub/grubenv "$VM_WORK/grubenv"
vm_timeout 300
vm_stage1 <<'SH'
kexec -l /boot/vmlinuz-cloud --append="first $MARKER"; echo "first rc=$?"
cp /boot/grub/grub.cfg /tmp/good.cfg
printf 'menuentry "broken {\n linux /boot/vmlinuz\n' >/boot/grub/grub.cfg
kexec -l --boot-entry=default 2>&1 | sed 's/^/HOSTILE /'
kexec -l --boot-entry=default >/dev/null 2>&1; echo "hostile rc=$?"
kexec -l -S; echo "after hostile status=$?"
cp /tmp/good.cfg /boot/grub/grub.cfg
kexec --list-boot-entries | sed 's/^/LIST /'
kexec --list-boot-entries --json | grep -c '"default": true' | sed 's/^/JSON defaults: /'
kexec -d -l --boot-entry=default 2>&1 | grep -E 'boot entry|initrds' | sed 's/^/DEBUG /'
kexec -l -S; echo "status=$?"
kexec -e
SH
vm_stage2 <<'SH'
echo "extra: $(cat /extra-marker)"
SH
vm_boot
vm_expect "^HOSTILE kexec: /boot/grub/grub.cfg:1: unterminated double quote\$"
vm_expect "^hostile rc=15\$"
vm_expect "^first rc=0\$"
vm_expect "^after hostile status=1\$"
vm_expect "^LIST   default: Debian GNU/Linux, with Linux test \(two initrds\): saved_entry=gnulinux-advanced-"
vm_expect "^JSON defaults: 1\$"
vm_expect "^DEBUG .*2 initrds, [0-9]+ bytes in all"
vm_expect "^status=1\$"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 entry=two-initrds marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_expect "^extra: extra-$MARKER\$"
vm_reject "^STAGE1 rc="
vm_done
