#!/bin/bash
# kexec-load on the host, against fixtures and a stand-in kexec (no VM): the configuration
# (defaults, snippets and the warnings for skipped ones, syntax errors, bad values), GRUB's
# default entry, BOOT_IMAGE= removal, skipping an unchanged reload, unloading on failure,
# coldreboot's mark, the shutdown check's stamp (the fast path and what ends it) and its record.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
loader=$here/../../dist/kexec-load
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/sys" "$t/d" "$t/boot" "$t/run"
echo 0 >"$t/sys/kexec_loaded"
echo "BOOT_IMAGE=/boot/vmlinuz-6.1.0-56-amd64 root=/dev/vda ro console=ttyS0" >"$t/cmdline"
for f in vmlinuz initrd.img boot/vmlinuz-6.1.0-56-amd64 boot/initrd.img-6.1.0-56-amd64 \
	boot/vmlinuz-6.1.0-50-amd64 boot/initrd.img-6.1.0-50-amd64 boot/intel-ucode.img; do
	echo "$f" >"$t/$f"
done
# The stand-in kexec: records its arguments, sets kexec_loaded, fails on request; boot entries
# (--root=DIR --list-boot-entries --boot-entry=SPEC) are read by the real one, built by make.
real=${KEXEC_REAL:-$here/../../build/kexec}
[ -x "$real" ] || { echo "kexec-load-config: $real missing: run make" >&2; exit 1; }
mkdir -p "$t/boot/grub"
cp "$here/fixtures/grub.cfg" "$t/boot/grub/grub.cfg"
cat >"$t/kexec" <<SH
#!/bin/sh
echo "\$*" >>"$t/kexec.log"
case \$1 in
--root=*) exec "$real" "\$@" ;;
-l) [ -e "$t/fail" ] && { echo "kexec: refused by the kernel" >&2; exit 13; }; echo 1 >"$t/sys/kexec_loaded" ;;
-u) echo 0 >"$t/sys/kexec_loaded" ;;
esac
SH
chmod 755 "$t/kexec"
export KEXEC_CONF=$t/conf KEXEC_CONFD=$t/d KEXEC_SYS_KERNEL=$t/sys KEXEC_PROC_CMDLINE=$t/cmdline \
	KEXEC_STATE_DIR=$t/run KEXEC_BIN=$t/kexec \
	KEXEC_ROOT=$t \
	KEXEC_EFIVARS=$t/efivars KEXEC_REBOOT_PARAM=$t/reboot-param
unset JOURNAL_STREAM

pass=0 fail=0
check() { # NAME EXPECTED ACTUAL
	if [[ $3 == *"$2"* ]]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'FAILED: %s\n  expected to contain: %s\n  got: %s\n' "$1" "$2" "$3"
	fi
}
run() { sh "$loader" "$@" 2>&1 || echo "exit=$?"; }
grubenv() { # LINE...: a GRUB environment block as grub-editenv writes it
	printf '# GRUB Environment Block\n' >"$t/boot/grub/grubenv"
	[ $# -eq 0 ] || printf '%s\n' "$@" >>"$t/boot/grub/grubenv"
	printf '%s' '##########' >>"$t/boot/grub/grubenv"
}

printf 'KERNEL_IMAGE=%s\nINITRD=%s\n' "$t/vmlinuz" "$t/initrd.img" >"$t/conf"
check "defaults: LOAD_KEXEC=true" "LOAD_KEXEC=true" "$(run config)"
check "empty APPEND: /proc/cmdline without BOOT_IMAGE=" "cmdline=root=/dev/vda ro console=ttyS0" "$(run config)"

echo 'APPEND="BOOT_IMAGE=/x root=/dev/sda1 quiet"' >>"$t/conf"
check "APPEND: BOOT_IMAGE= dropped" "cmdline=root=/dev/sda1 quiet" "$(run config)"

echo 'APPEND="$APPEND panic=10"' >"$t/d/10-panic"
echo 'APPEND="ignored"' >"$t/d/20-old.dpkg-old"
echo 'APPEND="ignored"' >"$t/d/30 space"
echo 'APPEND="unterminated' >"$t/d/40-broken"
echo 'APPEND="$APPEND kt"' >"$t/d/50-dot.conf"
out=$(run config)
check "snippets read in order, dotted names too" "cmdline=root=/dev/sda1 quiet panic=10 kt" "$out"
check "backup snippet: warning" "skipping $t/d/20-old.dpkg-old (backup" "$out"
check "bad snippet name: warning" "skipping $t/d/30 space (use only" "$out"
check "snippet syntax error: warning" "skipping $t/d/40-broken (" "$out"
rm -f "$t/d"/*

out=$(run load)
check "load: kexec -l with the initrd and command line" "-l $t/vmlinuz --append=root=/dev/sda1 quiet --initrd=$t/initrd.img" "$(cat "$t/kexec.log")"
check "load: one info line" "kexec-load: loaded $t/vmlinuz" "$out"
: >"$t/kexec.log"
run load >/dev/null
check "load again, nothing changed: no kexec call" "calls: 0" "calls: $(wc -l <"$t/kexec.log")"
touch -d '2001-01-01' "$t/initrd.img"
run load >/dev/null
check "initrd changed: loaded again" "-l $t/vmlinuz" "$(cat "$t/kexec.log")"

: >"$t/kexec.log"
touch "$t/fail"
touch -d '2002-01-01' "$t/vmlinuz"
out=$(run load)
check "refused load: one warning, firmware reboot" "kexec-load: cannot load $t/vmlinuz (kexec exit 13: kexec: refused by the kernel); the next reboot goes through the firmware" "$out"
check "refused load: old kernel unloaded" "0" "$(cat "$t/sys/kexec_loaded")"
rm -f "$t/fail"

sed -i "s|^KERNEL_IMAGE=.*|KERNEL_IMAGE=$t/missing|" "$t/conf"
check "missing kernel" "not loading a kernel for kexec reboots: $t/missing does not exist" "$(run load)"
printf 'LOAD_KEXEC=maybe\n' >>"$t/conf"
check "bad LOAD_KEXEC" "LOAD_KEXEC must be true or false, not 'maybe'" "$(run load)"
printf 'KERNEL_IMAGE="%s/vmlinuz\n' "$t" >"$t/conf"
check "syntax error" "not loading a kernel for kexec reboots: $t/conf: 2: Syntax error" "$(run load)"
printf 'exit 0\n' >"$t/conf"
check "configuration that exits" "stopped the shell that read it" "$(run load)"

printf 'KERNEL_IMAGE=%s\nINITRD=%s\nLOAD_KEXEC=false\n' "$t/vmlinuz" "$t/initrd.img" >"$t/conf"
echo 1 >"$t/sys/kexec_loaded"
: >"$t/kexec.log"
run load >/dev/null
check "LOAD_KEXEC=false: a kernel loaded by hand stays" "1" "$(cat "$t/sys/kexec_loaded")"

printf 'KERNEL_IMAGE=%s\nINITRD=%s\n' "$t/vmlinuz" "$t/initrd.img" >"$t/conf"
: >"$t/run/coldreboot"
out=$(run shutdown --reboot)
check "coldreboot mark: unloaded at shutdown" "rebooting through the firmware: coldreboot was asked for" "$out"
check "coldreboot mark: nothing loaded" "0" "$(cat "$t/sys/kexec_loaded")"
rm -f "$t/run/coldreboot"
echo "firmware" >"$t/reboot-param"
check "reboot argument: firmware reboot" "a reboot argument for the firmware" "$(run shutdown --reboot)"
rm -f "$t/reboot-param"

# The shutdown check records how the machine will come back (kexec --record-reboot), and skips
# reading the configuration when the stamp of its files is unchanged since the load.
last_record() { grep -- '--record-reboot' "$t/kexec.log" | tail -n 1; }
: >"$t/kexec.log"
run shutdown --reboot >/dev/null
check "coldreboot-free shutdown: loaded, recorded as kexec" "--record-reboot=kexec --reason=loaded $t/vmlinuz during the shutdown" "$(last_record)"
: >"$t/kexec.log"
run shutdown --reboot >/dev/null
check "unchanged since the load: no reload, one call (the record)" "calls: 1" "calls: $(wc -l <"$t/kexec.log")"
check "unchanged since the load: recorded as kexec" "--record-reboot=kexec --reason=the kernel loaded for kexec reboots is loaded, its files and the configuration unchanged" "$(last_record)"
for change in "touch $t/vmlinuz" "echo 'APPEND=\"x\"' >$t/d/10-new" "rm $t/d/10-new" "echo '#' >>$t/conf" \
	"ln -sf $t/initrd.img $t/initrd2 && sed -i 's|^INITRD=.*|INITRD=$t/initrd2|' $t/conf"; do
	sleep 0.01
	eval "$change"
	: >"$t/kexec.log"
	run shutdown --reboot >/dev/null
	check "after '$change': the full check, recorded as kexec" "--record-reboot=kexec" "$(last_record)"
	check "after '$change': not the unchanged fast path" "unchanged: no" "unchanged: $(grep -q 'files and the configuration unchanged' "$t/kexec.log" && echo yes || echo no)"
done
: >"$t/kexec.log"
: >"$t/run/coldreboot"
run shutdown --reboot >/dev/null
check "coldreboot: recorded as firmware" "--record-reboot=firmware --reason=coldreboot was asked for" "$(last_record)"
rm -f "$t/run/coldreboot"
sed -i "s|^KERNEL_IMAGE=.*|KERNEL_IMAGE=$t/missing|" "$t/conf"
run shutdown --reboot >/dev/null
check "missing kernel: recorded as firmware, with the reason" "--record-reboot=firmware --reason=cannot load: $t/missing does not exist" "$(last_record)"
printf 'KERNEL_IMAGE=%s\nINITRD=%s\nLOAD_KEXEC=false\n' "$t/vmlinuz" "$t/initrd.img" >"$t/conf"
run shutdown --reboot >/dev/null
check "LOAD_KEXEC=false: recorded as firmware" "--record-reboot=firmware --reason=LOAD_KEXEC=false in $t/conf" "$(last_record)"
echo 'KERNEL_IMAGE="unterminated' >>"$t/conf"
: >"$t/fail"
run shutdown --reboot >/dev/null
check "broken configuration: recorded as firmware" "--record-reboot=firmware --reason=configuration unusable: $t/conf: 5: Syntax error" "$(last_record)"
printf 'KERNEL_IMAGE=%s\nINITRD=%s\n' "$t/vmlinuz" "$t/initrd.img" >"$t/conf"
run shutdown --reboot >/dev/null
check "refused load: recorded as firmware, with kexec's message" "--record-reboot=firmware --reason=cannot load $t/vmlinuz (kexec exit 13: kexec: refused by the kernel)" "$(last_record)"
rm -f "$t/fail"

# GRUB: saved_entry by id path, by title path, by index, a submenu alone, the default.
printf 'KERNEL_IMAGE=/vmlinuz\nUSE_GRUB_CONFIG=true\n' >"$t/conf"
grubenv
out=$(run config)
check "grub: first entry" "kernel=$t/boot/vmlinuz-6.1.0-56-amd64" "$out"
check "grub: its command line" "cmdline=root=UUID=0b5e ro quiet" "$out"
grubenv 'saved_entry=gnulinux-advanced-0b5e>gnulinux-6.1.0-50-amd64-advanced-0b5e'
out=$(run config)
check "grub: saved_entry id path" "kernel=$t/boot/vmlinuz-6.1.0-50-amd64" "$out"
check "grub: two initrds" "initrd=$t/boot/intel-ucode.img $t/boot/initrd.img-6.1.0-50-amd64" "$out"
grubenv 'saved_entry=Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.1.0-56-amd64 (recovery mode)'
check "grub: title path, GRUB variables dropped" "cmdline=root=UUID=0b5e ro single" "$(run config)"
grubenv 'saved_entry=1>2'
check "grub: index path" "kernel=$t/boot/vmlinuz-6.1.0-50-amd64" "$(run config)"
grubenv 'saved_entry=1'
check "grub: submenu alone = its first entry" "kernel=$t/boot/vmlinuz-6.1.0-56-amd64" "$(run config)"
echo 'APPEND="root=/dev/vdb"' >>"$t/conf"
grubenv 'saved_entry=1>2'
check "grub: APPEND wins" "cmdline=root=/dev/vdb" "$(run config)"
: >"$t/kexec.log"
run load >/dev/null
check "grub: microcode first, then the main initrd" "--initrd=$t/boot/intel-ucode.img --extra-initrd=$t/boot/initrd.img-6.1.0-50-amd64" "$(cat "$t/kexec.log")"

# BOOT_ENTRY: a spec of kexec --boot-entry, winning over USE_GRUB_CONFIG; kexec's own message on
# failure, and nothing loaded.
printf 'KERNEL_IMAGE=/vmlinuz\nUSE_GRUB_CONFIG=true\nBOOT_ENTRY="1>1"\n' >"$t/conf"
grubenv 'saved_entry=1>2'
out=$(run config)
check "BOOT_ENTRY: menu path" "cmdline=root=UUID=0b5e ro single" "$out"
check "BOOT_ENTRY: shown" "BOOT_ENTRY=1>1" "$out"
printf 'KERNEL_IMAGE=/vmlinuz\nBOOT_ENTRY=nope\n' >"$t/conf"
check "BOOT_ENTRY: unknown entry" "boot entry 'nope': no boot entry 'nope'" "$(run config)"
printf 'KERNEL_IMAGE=/vmlinuz\nBOOT_ENTRY=default\n' >"$t/conf"
grubenv 'next_entry=1>0'
check "BOOT_ENTRY=default: one-shot next_entry" "kernel=$t/boot/vmlinuz-6.1.0-56-amd64" "$(run config)"
printf 'menuentry "broken {\n' >"$t/boot/grub/grub.cfg"
echo 0 >"$t/sys/kexec_loaded"
: >"$t/kexec.log"
out=$(run load)
check "hostile grub.cfg: kexec's line" "/boot/grub/grub.cfg:1: unterminated double quote" "$out"
check "hostile grub.cfg: nothing loaded" "0" "$(cat "$t/sys/kexec_loaded")"

echo "kexec-load-config: $pass checks passed, $fail failed"
((fail == 0))
