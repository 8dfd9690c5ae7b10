#!/bin/bash
# arm64: --boot-entry=default from Boot Loader Specification entries on /boot/efi, as on an arm64
# machine booted by systemd-boot: the newest entry for this architecture ("architecture aa64")
# is the default and boots; an entry for x86-64 ("x64") sorts first but is unusable here and
# refused by name; --append adds to the entry's options.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
vm_arch arm64
vm_arm64_boot_kernels arm64-6.1
e="$VM_WORK/esp/loader/entries"
mkdir -p "$e"
printf 'title Debian arm64 new\nversion 6.1.0-10\narchitecture aa64\nlinux /vmlinuz-6.1\ninitrd /stage2.img\noptions console=ttyAMA0 panic=-1 cryptomgr.notests marker=%s entry=new\n' "$MARKER" >"$e/debian-6.1.0-10.conf"
printf 'title Debian arm64 old\nversion 6.1.0-9\narchitecture aa64\nlinux /vmlinuz-6.1\ninitrd /stage2.img\noptions console=ttyAMA0 panic=-1 entry=old\n' >"$e/debian-6.1.0-9.conf"
printf 'title Debian x86-64\nversion 6.1.0-99\narchitecture x64\nlinux /vmlinuz-6.1\noptions entry=x64\n' >"$e/debian-6.1.0-99.conf"
vm_file /boot/efi "$VM_WORK/esp"
vm_timeout 200
vm_stage1 <<'SH'
cp /boot/vmlinuz-6.1 /boot/stage2.img /boot/efi/
kexec --list-boot-entries | sed 's/^/LIST /'
kexec -l --boot-entry=debian-6.1.0-99 2>&1 | sed 's/^/REFUSED /'
kexec -c -l --boot-entry=default --append=appended=1; echo "load rc=$?"
kexec -e
SH
vm_boot
vm_expect "^LIST   default: Debian arm64 new: first in the specification's sort order"
vm_expect "^REFUSED kexec: boot entry 'debian-6.1.0-99' .* cannot be loaded: for architecture 'x64'"
vm_expect "^load rc=0\$"
vm_expect "^STAGE2 cmdline: console=ttyAMA0 panic=-1 cryptomgr.notests marker=$MARKER entry=new appended=1\$"
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_reject "Kernel panic"
vm_reject "^STAGE1 rc="
vm_done
