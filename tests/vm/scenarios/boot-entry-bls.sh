#!/bin/bash
# --boot-entry=default from Boot Loader Specification type 1 entries on an ESP-like /boot/efi (no
# grub.cfg): three entries whose file names and versions set the spec's order (the newest first, an
# entry out of boot tries last), loader.conf without a default; the first in order boots. An entry
# for another architecture and a 'efi' (UKI) entry are listed as unusable and refused by name.
. "$(dirname "$0")/../lib.sh"
mkdir -p "$VM_WORK/esp/loader/entries"
e="$VM_WORK/esp/loader/entries"
printf 'title Debian 6.1.0-9\nversion 6.1.0-9-amd64\nlinux /vmlinuz\ninitrd /stage2.img\noptions console=ttyS0 panic=-1\noptions entry=older marker=%s\n' "$MARKER" >"$e/debian-6.1.0-9-amd64.conf"
printf 'title Debian 6.1.0-10\nversion 6.1.0-10-amd64\nlinux /vmlinuz\ninitrd /stage2.img\noptions console=ttyS0 panic=-1\noptions entry=newest marker=%s\n' "$MARKER" >"$e/debian-6.1.0-10-amd64.conf"
printf 'title Debian 6.1.0-99 out of tries\nlinux /vmlinuz\ninitrd /stage2.img\noptions entry=bad\n' >"$e/debian-6.1.0-99-amd64+0-3.conf"
printf 'title Other arch\narchitecture aa64\nlinux /vmlinuz\n' >"$e/other-arch.conf"
printf 'timeout 3\n' >"$VM_WORK/esp/loader/loader.conf"
vm_file /boot/efi "$VM_WORK/esp"
vm_timeout 300
vm_stage1 <<'SH'
cp /boot/vmlinuz /boot/stage2.img /boot/efi/
kexec --list-boot-entries | sed 's/^/LIST /'
kexec -l --boot-entry=other-arch 2>&1 | sed 's/^/REFUSED /'
kexec -l --boot-entry=oneshot >/dev/null 2>&1; echo "oneshot rc=$?"
kexec -l --boot-entry=default; echo "load rc=$?"
kexec -e
SH
vm_boot
vm_expect "^LIST boot loader: Boot Loader Specification \(no grub.cfg"
vm_expect "^LIST   default: Debian 6.1.0-10: first in the specification's sort order"
vm_expect "^REFUSED kexec: boot entry 'other-arch' .* cannot be loaded: for architecture 'aa64'"
vm_expect "^oneshot rc=15\$"
vm_expect "^load rc=0\$"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 entry=newest marker=$MARKER\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_reject "^STAGE1 rc="
vm_done
