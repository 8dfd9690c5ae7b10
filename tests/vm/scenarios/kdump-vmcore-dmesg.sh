#!/bin/bash
# kdump end to end: a panic boots the capture kernel (kexec -s -p), whose vmcore-dmesg reads the crashed kernel's log from /proc/vmcore and from a makedumpfile -E copy, byte for byte as makedumpfile --dump-dmesg prints it.
# vm-firmwares: bios uefi
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

VMCORE_DMESG_BIN=${VMCORE_DMESG_BIN:-$VM_REPO/build/vmcore-dmesg}
[[ -x $VMCORE_DMESG_BIN ]] || vm_die "$VMCORE_DMESG_BIN does not exist: run make"
if readelf -lW "$VMCORE_DMESG_BIN" | grep -q '^ *INTERP'; then
	vm_die "$VMCORE_DMESG_BIN is dynamically linked; the VM needs a static binary: run make"
fi

# The peer: Debian's makedumpfile, unpacked once into the cache like kexec-tools.
# shellcheck disable=SC2317 # run through _vm_locked
_prepare_makedumpfile_locked() {
	local deb ver libs dir=$VM_CACHE/peers/makedumpfile
	deb=$(_vm_fetch_deb makedumpfile '^makedumpfile_.*_amd64\.deb$') ||
		vm_die "makedumpfile: apt could not download it and $VM_CACHE has no copy"
	# ldd finds the libraries to copy into the VM only once they are installed here.
	mapfile -t libs < <(dpkg-deb -f "$deb" Depends | sed 's/[,|]/\n/g' |
		awk '$1 ~ /^lib/ && $1 != "libc6" { print $1 }' | sort -u)
	((${#libs[@]} == 0)) || deps_install "${libs[@]}"
	ver=$(dpkg-deb -f "$deb" Version)
	if [[ $(cat "$dir/.version" 2>/dev/null) != "$ver" ]]; then
		rm -rf "$dir" "$dir.tmp"
		mkdir -p "$dir.tmp"
		dpkg-deb -x "$deb" "$dir.tmp"
		echo "$ver" >"$dir.tmp/.version"
		mv "$dir.tmp" "$dir"
	fi
}
_vm_locked _prepare_makedumpfile_locked

# Copy dynamic ELF $1 to $2 in the stage-2 initrd, with the libraries and loader ldd lists.
declare -A stage2_copied=()
stage2_file_dynamic() {
	local src=$1 dest=$2 lib missing
	vm_stage2_file "$dest" "$src"
	missing=$(ldd "$src" | grep 'not found' || true)
	[[ -z $missing ]] || vm_die "$src needs libraries this host lacks: $missing"
	for lib in $(ldd "$src" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		[[ -n ${stage2_copied[$lib]:-} ]] && continue
		stage2_copied[$lib]=1
		vm_stage2_file "$lib" "$lib"
	done
}

vm_mem 1G
vm_timeout 300
# The -d 31 dump (about 105 MB: makedumpfile 1.7.2 writes the kernel image twice, through its
# own PT_LOAD and through RAM) is written to the capture kernel's RAM: 256M leaves it room.
# init_on_free: freed pages are zero, so that -d 31 leaves them out even though makedumpfile
# 1.7.2 does not know 6.1's page flags ("The kernel version is not supported").
vm_stage1_append "crashkernel=256M init_on_free=1"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage2_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage2_file /bin/vmcore-dmesg "$VMCORE_DMESG_BIN"
stage2_file_dynamic "$VM_CACHE/peers/makedumpfile/usr/bin/makedumpfile" /bin/makedumpfile

vm_stage1 <<'SH'
. /lib/check.sh
check_rc 0 '' kexec -s -p /boot/vmlinuz --initrd=/boot/stage2.img \
	--append="console=ttyS0 panic=-1 reset_devices nr_cpus=1 capture=$MARKER"
check_rc 1 '' kexec -S
# The capture kernel keeps its copy of the kernel and initrd. Freed, these files' pages are
# left out of the -d 31 dump, which the capture kernel must hold in its RAM.
rm -f /boot/vmlinuz /boot/vmlinuz-cloud /boot/stage2.img
# A line only the crashed kernel's log can hold.
echo "vmcore-marker $MARKER" > /dev/kmsg
printf 'vmcore-bytes caf\303\251 bell\007 tab\there\n' > /dev/kmsg
echo c > /proc/sysrq-trigger
SH

vm_stage2 <<'SH'
. /lib/check.sh
# compare NAME OURS: our output against makedumpfile's /tmp/m.txt. The one deliberate
# difference: makedumpfile prints a byte >= 0x80 sign-extended ("\xffffffc3"), we print
# "\xc3" (as kexec-tools' vmcore-dmesg does). Identical once that is undone, and the raw
# outputs differ only on lines with such bytes.
compare() {
	sed 's/\\xffffff\([89a-f][0-9a-f]\)/\\x\1/g' /tmp/m.txt > /tmp/m-norm.txt
	if cmp "$2" /tmp/m-norm.txt; then
		echo "COMPARE $1: identical"
	else
		echo "COMPARE $1: differ"
		diff /tmp/m-norm.txt "$2" | head -n 20 | sed 's/^/  | /'
	fi
	diff /tmp/m.txt "$2" | grep '^-\[' > /tmp/raw.diff
	echo "RAWDIFF $1: $(wc -l < /tmp/raw.diff) line(s), $(grep -c '\\xffffff' /tmp/raw.diff) with sign-extended bytes"
}
# rootfs is a tmpfs capped at half the capture kernel's memory: too small for the dump.
mount -t tmpfs -o size=90% tmpfs /tmp
free -m | sed 's/^/MEM /'
echo "VMCORE bytes: $(stat -c %s /proc/vmcore)"

t0=$(date +%s)
vmcore-dmesg /proc/vmcore > /tmp/ours.txt
echo "VMCORE-DMESG proc rc=$? lines=$(wc -l < /tmp/ours.txt) in $(($(date +%s) - t0)) s"
grep -m 1 "vmcore-marker $MARKER" /tmp/ours.txt | sed 's/^/OURS /'
grep -m 1 "vmcore-bytes" /tmp/ours.txt | sed 's/^/OURS /'
grep -m 1 "sysrq: Trigger a crash" /tmp/ours.txt | sed 's/^/OURS /'
grep -m 1 "Kernel panic - not syncing" /tmp/ours.txt | sed 's/^/OURS /'

t0=$(date +%s)
makedumpfile --dump-dmesg /proc/vmcore /tmp/m.txt > /tmp/md.out 2>&1
echo "MAKEDUMPFILE dmesg rc=$? lines=$(wc -l < /tmp/m.txt) in $(($(date +%s) - t0)) s"
compare proc /tmp/ours.txt
t0=$(date +%s)
makedumpfile -E -d 31 /proc/vmcore /tmp/dump.elf > /tmp/md.out 2>&1
echo "MAKEDUMPFILE elf rc=$? bytes=$(stat -c %s /tmp/dump.elf) in $(($(date +%s) - t0)) s"
tr '\r' '\n' < /tmp/md.out | grep -v '^Copying data\|^Excluding\|^$' | tail -n 4 | sed 's/^/  | /'
vmcore-dmesg /tmp/dump.elf > /tmp/ours-elf.txt
echo "VMCORE-DMESG elf rc=$? lines=$(wc -l < /tmp/ours-elf.txt)"
compare elf /tmp/ours-elf.txt
# Where the log was found, and how addresses were translated.
vmcore-dmesg --debug /proc/vmcore 2>&1 >/dev/null | sed 's/^/DEBUG proc: /'
vmcore-dmesg --debug /tmp/dump.elf 2>&1 >/dev/null | sed 's/^/DEBUG elf: /'

# One line and a documented status for files that are no vmcore.
check_rc 4 'not a vmcore' vmcore-dmesg /bin/busybox
check_rc 3 'No such file' vmcore-dmesg /tmp/none
check_rc 3 'is a directory' vmcore-dmesg /tmp
echo "VMCORE" > /tmp/short.elf
check_rc 4 'not a vmcore' vmcore-dmesg /tmp/short.elf
check_rc 2 'no FILE' vmcore-dmesg
SH

vm_boot
vm_reject "CHECK FAIL"
vm_expect "sysrq: Trigger a crash"
vm_expect "^STAGE2 cmdline: .*capture=$MARKER"
vm_expect "^VMCORE-DMESG proc rc=0 "
vm_expect "^OURS \[ *[0-9]+\.[0-9]{6}\] vmcore-marker $MARKER\$"
vm_expect "^OURS \[ *[0-9]+\.[0-9]{6}\] vmcore-bytes caf\\\\xc3\\\\xa9 bell\\\\x07 tab"
vm_expect "^OURS \[ *[0-9]+\.[0-9]{6}\] sysrq: Trigger a crash"
vm_expect "^OURS \[ *[0-9]+\.[0-9]{6}\] Kernel panic - not syncing: sysrq triggered crash"
vm_expect "^MAKEDUMPFILE dmesg rc=0 "
vm_expect "^COMPARE proc: identical"
vm_expect "^RAWDIFF proc: 1 line\\(s\\), 1 with sign-extended bytes"
vm_expect "^MAKEDUMPFILE elf rc=0 "
vm_expect "^VMCORE-DMESG elf rc=0 "
vm_expect "^COMPARE elf: identical"
vm_expect "^RAWDIFF elf: 1 line\\(s\\), 1 with sign-extended bytes"
vm_expect "^STAGE2 script rc=0"
vm_done
