# shellcheck shell=bash
# tests/vm/oracle.sh: the kernel's own loader as the oracle for ours (issue #11). Sourced by the
# oracle-* scenarios after lib.sh.
#
# For one VM configuration, the same VM is booted once per loader: stage 1 (started by the
# firmware, so both boots start from the same state) loads stage 2 (the same kernel, initrd and
# command line) with `-s` (kexec_file_load: the kernel builds boot_params, e820 and setup_data
# itself) or with `-c` (kexec_load: ours), and boots it, by kexec -e or, for a crash kernel, by
# a panic. Stage 2 prints what it was handed (guest/boot-view.sh: "VIEW ..." lines) and the host
# compares the two views: boot_params field by field (compare-boot-params.c), then the firmware
# map, the setup_data types, /proc/iomem's reserved ranges, the ACPI tables and the console.
# Each difference is a failure unless it is intended, and the intended ones are listed, with the
# reason, here, in compare-boot-params.c and in the README.
#
# Why two boots and not one chain (firmware -> -s -> stage 2a -> -c -> stage 2b): stage 2a is
# itself a kexec'd kernel, which sees what the kernel's loader made of stage 1 (its
# e820_table_kexec, its own boot_params), so 2b would be compared with a different input than
# 2a; a difference in 2a's input would be hidden or doubled. Two boots cost one more firmware
# and stage-1 boot per comparison, and compare equal inputs.

# oracle_init: ship the view script, write both stages' scripts. Stage 1 reads its mode from
# /oracle-mode (oracle_boot writes it): s, c (normal kernel), s-crash, c-crash (crash kernel,
# needs crashkernel= on stage 1's command line). A stage-1 script may be added first with
# vm_stage1 (e.g. loading a DRM driver); it runs before the load.
oracle_init() {
	vm_stage2_file /boot-view.sh "$VM_LIB_DIR/guest/boot-view.sh"
	vm_stage1 <<'SH'
mode=$(cat /oracle-mode)
set -- /boot/vmlinuz --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
echo "STAGE1 oracle mode: $mode"
case $mode in
s) kexec -s -l "$@" && kexec -e ;;
c) kexec -c -l "$@" && kexec -e ;;
s-crash) kexec -s -p "$@" && echo c >/proc/sysrq-trigger ;;
c-crash) kexec -c -p "$@" && echo c >/proc/sysrq-trigger ;;
esac
echo "STAGE1 oracle: $mode did not boot stage 2"
SH
	vm_stage2 <<'SH'
. /boot-view.sh
SH
}

# oracle_boot MODE: boot the VM with stage 1 in MODE; its view goes to $VM_WORK/view.MODE and,
# for the record, to $VM_LOGDIR/$VM_NAME.view.MODE.
oracle_boot() {
	local mode=$1
	echo "$mode" >"$VM_WORK/oracle-mode"
	vm_file /oracle-mode "$VM_WORK/oracle-mode"
	vm_boot
	vm_expect "^STAGE1 oracle mode: $mode\$"
	vm_expect "^STAGE2 initrd: $MARKER\$"
	vm_expect "^VIEW end\$"
	grep -a '^VIEW ' "$VM_CONSOLE" >"$VM_WORK/view.$mode" || true
	cp "$VM_WORK/view.$mode" "$VM_LOGDIR/$VM_NAME.view.$mode"
}

# _oracle_section VIEW WHAT: the lines of one kind, without the prefix.
_oracle_section() {
	sed -n "s/^VIEW $2 //p" "$1"
}

# _oracle_memmap VIEW: the firmware map with touching System RAM entries merged. Intended: the
# kernel's loader passes its kexec table, where the running kernel's own setup_data blocks are
# split out as E820_TYPE_RESERVED_KERN, which stage 2 lists as "System RAM" too (see
# compare-boot-params.c); ours passes the firmware's map, as kexec-tools does.
_oracle_memmap() {
	local st en ty s=-1 e=-1 t=
	while read -r st en ty; do
		if [[ $ty == "System RAM" && $t == "$ty" ]] && ((st == e + 1)); then
			e=$((en))
			continue
		fi
		((s < 0)) || printf '0x%x 0x%x %s\n' "$s" "$e" "$t"
		s=$((st)) e=$((en)) t=$ty
	done < <(_oracle_section "$1" memmap)
	((s < 0)) || printf '0x%x 0x%x %s\n' "$s" "$e" "$t"
}

_oracle_list() {
	if [[ $2 == memmap ]]; then
		_oracle_memmap "$1"
	elif [[ $2 == cmdline ]]; then
		# Where the ELF core headers are is placement; the kernel's loader puts elfcorehdr=
		# first, ours (as kexec-tools) last, where it wins over a stray one in --append.
		local line re='(^| )elfcorehdr=[^ ]*'
		line=$(_oracle_section "$1" cmdline)
		if [[ $line =~ $re ]]; then
			line="${line/"${BASH_REMATCH[0]}"/} elfcorehdr=ADDR"
			line=${line# }
		fi
		echo "$line"
	else
		_oracle_section "$1" "$2"
	fi
}

_oracle_compare_lists() {
	local what=$1 ref=$2 test=$3 d
	if d=$(diff <(_oracle_list "$ref" "$what") <(_oracle_list "$test" "$what")); then
		vm_note "oracle: $what: same"
		return 0
	fi
	vm_note "oracle: $what differs (< -s, > -c):"
	sed 's/^/    /' <<<"$d"
	VM_FAILURES+=("oracle: $what differs between -s and -c (see above)")
}

# oracle_compare REF TEST [--crash] [WHAT...]: compare the views of modes REF (the kernel's
# loader) and TEST (ours); WHAT names the lists compared after boot_params (default: all of
# them). --crash: capture kernels (compare-boot-params.c's --crash); their firmware map is then
# compared through boot_params' e820 table alone, where that rule applies.
oracle_compare() {
	local ref=$VM_WORK/view.$1 test=$VM_WORK/view.$2 out rc what crash=
	shift 2
	if [[ ${1:-} == --crash ]]; then
		crash=--crash
		shift
	fi
	[[ -s $ref && -s $test ]] || {
		VM_FAILURES+=("oracle: no view to compare ($(basename "$ref"), $(basename "$test"))")
		return 0
	}
	if [[ ! -x $VM_WORK/compare-boot-params ]]; then
		# The host's compiler and uapi headers (not $CC: a musl-gcc has no <asm/bootparam.h>).
		cc -std=gnu11 -O2 -Wall -Wextra -Werror -o "$VM_WORK/compare-boot-params" \
			"$VM_LIB_DIR/compare-boot-params.c" || vm_die "cannot build compare-boot-params"
	fi
	rc=0
	out=$("$VM_WORK/compare-boot-params" "$ref" "$test" $crash) || rc=$?
	sed 's/^/vm: oracle: /' <<<"$out"
	((rc == 0)) || VM_FAILURES+=("oracle: boot_params differ between -s and -c (rc $rc, see above)")
	(($#)) || set -- cmdline setup_data memmap iomem acpi consoles fb klog
	[[ -z $crash ]] || set -- "${@/#memmap/}"
	for what in "$@"; do
		[[ -n $what ]] || continue
		_oracle_compare_lists "$what" "$ref" "$test"
	done
}

# oracle_drm_modules: stage 1 loads bochs-drm (and the DRM modules it needs, from the generic
# kernel's package, in dependency order) before the load, so that a native driver holds the
# framebuffer the firmware set up, as on a desktop; stage 1 says which framebuffer it has.
oracle_drm_modules() {
	local pkg ver deb dir=$VM_WORK/drm m f pats=()
	local mods=(drm drm_kms_helper ttm/ttm drm_ttm_helper drm_vram_helper tiny/bochs)
	pkg=$(readlink "$VM_CACHE/kernels/generic")
	ver=$(cat "$VM_CACHE/kernels/generic/.version")
	for deb in "$VM_CACHE/${pkg}"_*.deb; do
		[[ -e $deb && $(dpkg-deb -f "$deb" Version) == "$ver" ]] && break
		deb=
	done
	[[ -n $deb ]] || vm_die "no cached $pkg $ver package to take the DRM modules from"
	mkdir -p "$dir"
	# One pass over the package (each tar run reads all of it).
	for m in "${mods[@]}"; do pats+=("./lib/modules/*/kernel/drivers/gpu/drm/$m.ko"); done
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir" --wildcards "${pats[@]}"
	for m in "${mods[@]}"; do
		f=$(find "$dir" -name "${m##*/}.ko")
		[[ -n $f ]] || vm_die "no DRM module ${m##*/}.ko in $deb"
		vm_file "/drm/${m##*/}.ko" "$f"
	done
	# shellcheck disable=SC2016 # stage 1's shell expands these
	{
		printf 'for m in'
		printf ' %s' "${mods[@]##*/}"
		printf '; do insmod /drm/$m.ko || echo "STAGE1 insmod $m failed"; done\n'
		echo 'echo "STAGE1 fb: $(cat /proc/fb)"'
	} | vm_stage1
}
