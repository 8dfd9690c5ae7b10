# shellcheck shell=bash source-path=SCRIPTDIR
# tests/vm/lib.sh: QEMU (TCG) harness for two-stage kexec scenarios.
#
# A scenario sources this file, describes a stage-1 VM (a busybox initramfs
# holding our kexec, two Debian kernels and a stage-2 initrd), boots it, and
# greps the serial console.  Stage 1 kexecs into stage 2, whose /init prints
# what the *new* kernel saw (command line, initrd contents, EFI or not); that
# output is the proof that the kexec worked.  Example:
# tests/vm/scenarios/smoke-kexec-tools.sh.
#
# Scenario API (call in this order; all but vm_boot/vm_done are optional):
#   vm_arch arm64               an arm64 guest (default x86_64); first, see below
#   vm_stage1_append WORDS...   extra stage-1 kernel command line
#   vm_stage1_kernel generic|cloud|newest|/ABS/PATH   (arm64: arm64-6.1|arm64-6.12|arm64-kfile)
#   vm_firmware bios|uefi|uefi-secboot  default $VM_FIRMWARE or bios (arm64: uefi or none)
#   vm_mem SIZE                 default $VM_MEM or 1G
#   vm_timeout SECONDS          default $VM_TIMEOUT or 120
#   vm_qemu_args ARGS...        extra QEMU arguments
#   vm_smp SPEC                 QEMU's -smp (x86_64; default 1)
#   vm_cpu_hotplug ERE          one CPU more, plugged in when a console line matches ERE
#   vm_no_kexec_bin             do not require or ship $KEXEC_BIN
#   vm_file /ABS/DEST HOSTPATH  add a file or directory to stage 1
#   vm_file_dynamic ELF /DEST   same, plus the libraries ldd lists
#   vm_stage2_file /DEST HOST   add a file or directory to the stage-2 initrd
#   vm_peer_kexec_tools         Debian's kexec-tools as /bin/kexec-tools
#   vm_stage1 <<'EOF'           stage-1 script (busybox sh, $MARKER set)
#   vm_stage2 <<'EOF'           stage-2 script, run after the STAGE2 lines
#   vm_boot                     build, boot, wait; log in $VM_LOGDIR/NAME.log
#   vm_expect ERE / vm_reject ERE / vm_expect_timeout
#   vm_done                     exit 0 if all held, else explain and exit 1
# Also: vm_kernel generic|cloud|newest prints a cached vmlinuz path (newest: Debian's newest
# amd64 kernel, see VM_NEWEST_SUITE); $MARKER is a
# fresh random word per run; $VM_LIB_DIR is this directory.
#
# arm64 guests (`vm_arch arm64` right after sourcing this file): QEMU virt
# under TCG, kernel booted directly with a device tree, console on ttyAMA0;
# Debian's kernels arm64-6.1 (bookworm) and arm64-6.12 (trixie), fetched
# with a private apt state into $VM_CACHE/arm64/, and arm64-kfile, built
# with CONFIG_KEXEC_FILE by build-arm64-kernel when a scenario names it.
# Stage 1 holds /boot/vmlinuz-6.1, /boot/vmlinuz-6.12 (vm_arm64_boot_kernels
# changes that) and /boot/stage2.img; our kexec is $KEXEC_BIN_ARM64; stage 2
# also prints "STAGE2 dt ..." lines (guest/dt-chosen.sh).  See the arm64
# section below.
#
# Sourced with VM_LIB_MODE=runner (by tests/vm/run) it only defines functions.

set -euo pipefail

VM_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VM_REPO=$(cd "$VM_LIB_DIR/../.." && pwd)
VM_CACHE=${KEXEC_TEST_CACHE:-/var/cache/kexec-test}
KEXEC_BIN=${KEXEC_BIN:-$VM_REPO/build/kexec}
# Our kexec for arm64 guests: a static AArch64 ELF.
KEXEC_BIN_ARM64=${KEXEC_BIN_ARM64:-$VM_REPO/build/aarch64/kexec}
# x86_64 unless the scenario calls vm_arch (the environment does not choose it: tests/vm/run
# runs x86 and arm64 scenarios side by side).
VM_ARCH=x86_64
VM_LOGDIR=${VM_LOGDIR:-$VM_REPO/build/vm-logs}
# Uncompressed boots faster under TCG than gzip -1 (measured: the guest's
# inflate costs more than copying the extra bytes through fw_cfg).
VM_INITRD_COMPRESS=${VM_INITRD_COMPRESS:-none}
VM_OVMF_CODE=${VM_OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
VM_OVMF_VARS=${VM_OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}
VM_OVMF_SECBOOT_CODE=${VM_OVMF_SECBOOT_CODE:-/usr/share/OVMF/OVMF_CODE_4M.secboot.fd}
VM_OVMF_SECBOOT_VARS=${VM_OVMF_SECBOOT_VARS:-/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd}
VM_DEPS=(qemu-system-x86 busybox-static cpio ovmf binutils)

# shellcheck source=../../tools/deps.sh
. "$VM_REPO/tools/deps.sh"

vm_die() {
	echo "vm: error: $*" >&2
	exit 1
}

vm_note() {
	echo "vm: $*"
}

# ---------------------------------------------------------------------------
# Shared, cached assets (kernels, busybox base archive).  Everything here
# writes only below $VM_CACHE and runs under one flock, so parallel scenarios
# never download or extract the same file twice.

# Run "$@" in a subshell holding the cache lock.  Not reentrant: callers
# below never nest it.
_vm_locked() {
	_vm_locked_on '' "$@"
}

# _vm_locked_on NAME CMD...: the same with lock NAME, for work long enough
# that holding the cache lock would stall every other scenario (building the
# arm64-kfile kernel takes minutes).  NAME '' is the cache lock.  Not
# reentrant either, and never taken inside the cache lock (a child process
# taking it there would wait for its parent).
_vm_locked_on() {
	local lock=$VM_CACHE/.lock${1:+-$1}
	shift
	if ! mkdir -p "$VM_CACHE" 2>/dev/null || [[ ! -w $VM_CACHE ]]; then
		vm_die "cache $VM_CACHE is not writable (set KEXEC_TEST_CACHE)"
	fi
	(
		flock 9
		"$@"
	) 9>"$lock"
}

# The helpers below print nothing (and succeed) when there is no answer, so
# that callers can fall back without tripping errexit/pipefail.

# The package a Debian metapackage currently depends on, e.g.
# linux-image-amd64 -> linux-image-6.1.0-56-amd64.
_vm_apt_resolve_meta() {
	{ apt-cache depends "$1" 2>/dev/null || true; } |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}

_vm_apt_candidate() {
	{ apt-cache policy "$1" 2>/dev/null || true; } |
		awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }'
}

# Newest cached .deb whose file name matches the ERE $1.
_vm_newest_cached_deb() {
	local f
	for f in "$VM_CACHE"/*.deb; do
		[[ -e $f ]] || continue
		basename "$f"
	done | { grep -E -- "$1" || true; } | sort -V | tail -n 1 | sed "s|^|$VM_CACHE/|"
}

# Print the path of a cached .deb of package $1 at apt's candidate version,
# downloading it if needed.  Without apt (no lists, no network) fall back to
# the newest cached .deb whose name matches the ERE $2.
_vm_fetch_deb() {
	local pkg=$1 fallback=$2 ver f
	ver=$(_vm_apt_candidate "$pkg")
	if [[ -n $ver ]]; then
		for f in "$VM_CACHE/${pkg}"_*.deb; do
			[[ -e $f && $(dpkg-deb -f "$f" Version) == "$ver" ]] && {
				echo "$f"
				return 0
			}
		done
		# As root apt would drop to user _apt, which cannot write here.
		if (cd "$VM_CACHE" && apt-get download -qq -o APT::Sandbox::User=root \
			"$pkg=$ver" >&2); then
			for f in "$VM_CACHE/${pkg}"_*.deb; do
				[[ -e $f && $(dpkg-deb -f "$f" Version) == "$ver" ]] && {
					echo "$f"
					return 0
				}
			done
		fi
		echo "vm: could not download $pkg=$ver; trying the cache" >&2
	fi
	f=$(_vm_newest_cached_deb "$fallback")
	[[ -n $f ]] || return 1
	echo "vm: using cached $(basename "$f")" >&2
	echo "$f"
}

# Extract ./boot of a kernel .deb into $VM_CACHE/kernels/<package>/ (the
# modules are not needed: the initramfs uses built-in drivers only) and point
# the symlink kernels/<flavour> at it.
_vm_install_kernel() {
	local flavour=$1 deb=$2 pkg ver dir
	pkg=$(dpkg-deb -f "$deb" Package)
	ver=$(dpkg-deb -f "$deb" Version)
	dir=$VM_CACHE/kernels/$pkg
	if [[ $(cat "$dir/.version" 2>/dev/null) != "$ver" ]]; then
		rm -rf "$dir" "$dir.tmp"
		mkdir -p "$dir.tmp"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir.tmp" ./boot
		echo "$ver" >"$dir.tmp/.version"
		mv "$dir.tmp" "$dir"
	fi
	ln -sfn "$pkg" "$VM_CACHE/kernels/$flavour.tmp"
	mv -T "$VM_CACHE/kernels/$flavour.tmp" "$VM_CACHE/kernels/$flavour"
}

# flavour metapackage fallback-ERE
_vm_prepare_kernel() {
	local flavour=$1 meta=$2 fallback=$3 pkg deb
	pkg=$(_vm_apt_resolve_meta "$meta")
	if [[ -z $pkg && $EUID -eq 0 ]]; then
		# Fresh container: apt lists may be empty.  Failure here is
		# fine, the cache fallback below still applies.
		deps_apt_update_once >&2 || true
		pkg=$(_vm_apt_resolve_meta "$meta")
	fi
	if [[ -n $pkg ]]; then
		deb=$(_vm_fetch_deb "$pkg" "$fallback") || deb=
	else
		echo "vm: apt cannot resolve $meta; trying the cache" >&2
		deb=$(_vm_newest_cached_deb "$fallback")
	fi
	[[ -n $deb ]] || vm_die "no $flavour kernel: apt could not provide $meta and $VM_CACHE has none"
	_vm_install_kernel "$flavour" "$deb"
}

# Write a newc archive of directory $1 (owned by root, sorted so that
# parents precede children) to $2.
_vm_cpio() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) >"$2"
}

# busybox with all applet links, /etc/passwd with a non-root user, and a
# setuidgid shim (Debian's busybox-static lacks that applet, and its setpriv
# cannot change uids; su as root can).  Shared by both stages.
_vm_build_base_cpio() {
	local out=$VM_CACHE/initramfs/busybox.cpio root applet
	[[ -s $out && $out -nt /bin/busybox && $out -nt ${BASH_SOURCE[0]} ]] && return 0
	root=$(mktemp -d "${TMPDIR:-/tmp}/kexec-vm-base.XXXXXX")
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root}
	cp /bin/busybox "$root/bin/busybox"
	while IFS= read -r applet; do
		[[ -e $root/$applet ]] || ln -s /bin/busybox "$root/$applet"
	done < <(/bin/busybox --list-full)
	printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/:/bin/sh' \
		>"$root/etc/passwd"
	printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$root/etc/group"
	cat >"$root/bin/setuidgid" <<-'EOF'
		#!/bin/sh
		# setuidgid USER CMD...: run CMD as USER with USER's groups.
		u=$1; shift
		# "--": busybox su would take the command's options for its own.
		exec su -s /bin/sh -c 'exec "$0" "$@"' "$u" -- "$@"
	EOF
	chmod 755 "$root/bin/setuidgid"
	mkdir -p "$(dirname "$out")"
	_vm_cpio "$root" "$out.tmp"
	mv "$out.tmp" "$out"
	rm -rf "$root"
}

# /boot/vmlinuz (generic) and /boot/vmlinuz-cloud, rebuilt when the
# resolved kernels change.
_vm_build_kernels_cpio() {
	local out=$VM_CACHE/initramfs/boot-kernels.cpio stamp root generic cloud
	stamp="$(readlink "$VM_CACHE/kernels/generic") $(readlink "$VM_CACHE/kernels/cloud")"
	stamp+=" $(cat "$VM_CACHE/kernels/generic/.version" "$VM_CACHE/kernels/cloud/.version")"
	[[ -s $out && $(cat "$out.stamp" 2>/dev/null) == "$stamp" ]] && return 0
	generic=$(vm_kernel generic)
	cloud=$(vm_kernel cloud)
	root=$(mktemp -d "${TMPDIR:-/tmp}/kexec-vm-kernels.XXXXXX")
	mkdir -p "$root/boot"
	cp "$generic" "$root/boot/vmlinuz"
	cp "$cloud" "$root/boot/vmlinuz-cloud"
	mkdir -p "$(dirname "$out")"
	_vm_cpio "$root" "$out.tmp"
	mv "$out.tmp" "$out"
	echo "$stamp" >"$out.stamp"
	rm -rf "$root"
}

_vm_prepare_shared_locked() {
	deps_install "${VM_DEPS[@]}"
	command -v qemu-system-x86_64 >/dev/null || vm_die "qemu-system-x86_64 not found"
	[[ -x /bin/busybox ]] || vm_die "/bin/busybox not found (busybox-static)"
	mkdir -p "$VM_CACHE/kernels"
	_vm_prepare_kernel generic linux-image-amd64 '^linux-image-[0-9.]+-[0-9]+-amd64_.*\.deb$'
	_vm_prepare_kernel cloud linux-image-cloud-amd64 '^linux-image-[0-9.]+-[0-9]+-cloud-amd64_.*\.deb$'
	_vm_build_base_cpio
	_vm_build_kernels_cpio
}

# Install packages, resolve and unpack the kernels, build the busybox archive.
# tests/vm/run calls this once and exports VM_SHARED_READY=1 so that the
# scenarios it starts skip it; a scenario run by hand does it itself.
vm_prepare_shared() {
	_vm_locked _vm_prepare_shared_locked
}

# The newest Debian kernel for x86_64 guests: linux-image-amd64 from $VM_NEWEST_SUITE
# (trixie-backports: 7.3 in 2026-12; sid had 7.2), fetched with a private apt state in
# $VM_CACHE/apt/amd64-SUITE (the host's apt configuration is left alone, as for arm64) into
# $VM_CACHE/kernels/newest.  Lists older than a day are refreshed; without network the newest
# cached .deb is used.
VM_NEWEST_SUITE=${VM_NEWEST_SUITE:-trixie-backports}

_vm_newest_apt() {
	local dir=$VM_CACHE/apt/amd64-$VM_NEWEST_SUITE
	# shellcheck disable=SC2317 # apt-get and apt-cache are called by the functions "$@" runs.
	(
		VM_APT_O=(-o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
			-o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache"
			-o Dir::Cache::pkgcache=pkgcache.bin -o Dir::Cache::srcpkgcache=
			-o "Dir::State::status=$dir/status"
			-o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
			-o APT::Architecture=amd64 -o APT::Architectures::=amd64
			-o Acquire::Languages=none -o APT::Sandbox::User=root)
		apt-get() { command apt-get "${VM_APT_O[@]}" "$@"; }
		apt-cache() { command apt-cache "${VM_APT_O[@]}" "$@"; }
		"$@"
	)
}

_vm_newest_prepare_locked() {
	local dir=$VM_CACHE/apt/amd64-$VM_NEWEST_SUITE list
	list="deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $VM_DEBIAN_MIRROR $VM_NEWEST_SUITE main"
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$VM_CACHE/kernels"
	[[ -e $dir/status ]] || : >"$dir/status"
	if [[ $(cat "$dir/sources.list" 2>/dev/null) != "$list" ]]; then
		echo "$list" >"$dir/sources.list"
		rm -f "$dir/updated"
	fi
	if [[ -z $(find "$dir/updated" -mmin -1440 2>/dev/null) ]]; then
		echo "vm: apt-get update (amd64 $VM_NEWEST_SUITE, private lists in $dir)" >&2
		if _vm_newest_apt apt-get update -qq >&2; then
			touch "$dir/updated"
			rm -f "$VM_CACHE/kernels/.newest-checked"
		else
			echo "vm: amd64 $VM_NEWEST_SUITE: apt-get update failed; trying the cache" >&2
		fi
	fi
	# Resolved once per list refresh: apt-cache costs seconds, and vm_kernel runs often.
	[[ -e $VM_CACHE/kernels/.newest-checked && -L $VM_CACHE/kernels/newest ]] && return 0
	_vm_newest_apt _vm_newest_fetch
	touch "$VM_CACHE/kernels/.newest-checked"
}

# Since 7.x Debian splits a kernel package: linux-image-VER-amd64 holds no files and depends
# on linux-binary-VER-amd64, whose only file is /usr/lib/modules/VER/vmlinuz (and on the
# modules, not needed). Unpacked as _vm_install_kernel does, into kernels/PKG/boot/vmlinuz-VER.
_vm_newest_fetch() {
	local pkg deb ver dir file
	pkg=$(_vm_apt_resolve_meta linux-image-amd64)
	if [[ -n $pkg ]]; then
		deb=$(_vm_fetch_deb "${pkg/#linux-image-/linux-binary-}" \
			'^linux-binary-[0-9.]+\+deb[0-9]+-amd64_.*_amd64\.deb$') || deb=
	else
		echo "vm: apt cannot resolve linux-image-amd64 in $VM_NEWEST_SUITE; trying the cache" >&2
		deb=$(_vm_newest_cached_deb '^linux-binary-[0-9.]+\+deb[0-9]+-amd64_.*_amd64\.deb$')
	fi
	[[ -n $deb ]] || vm_die "no newest kernel: apt could not provide it and $VM_CACHE has none"
	pkg=$(dpkg-deb -f "$deb" Package)
	ver=$(dpkg-deb -f "$deb" Version)
	dir=$VM_CACHE/kernels/$pkg
	if [[ $(cat "$dir/.version" 2>/dev/null) != "$ver" ]]; then
		file=$(dpkg-deb -c "$deb" | awk '$6 ~ /^\.\/usr\/lib\/modules\/[^/]+\/vmlinuz$/ { print $6 }')
		[[ -n $file ]] || vm_die "$deb has no usr/lib/modules/*/vmlinuz"
		rm -rf "$dir" "$dir.tmp"
		mkdir -p "$dir.tmp/boot"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -O "$file" >"$dir.tmp/boot/vmlinuz-${pkg#linux-binary-}"
		echo "$ver" >"$dir.tmp/.version"
		mv "$dir.tmp" "$dir"
	fi
	ln -sfn "$pkg" "$VM_CACHE/kernels/newest.tmp"
	mv -T "$VM_CACHE/kernels/newest.tmp" "$VM_CACHE/kernels/newest"
}

# vm_kernel generic|cloud|newest: path of that cached vmlinuz.
vm_kernel() {
	case $1 in
	generic | cloud) ;;
	newest) _vm_locked _vm_newest_prepare_locked ;;
	arm64-*)
		_vm_arm64_kernel "$1"
		return 0
		;;
	*) vm_die "vm_kernel: unknown flavour '$1' (generic, cloud or newest)" ;;
	esac
	_vm_cached_vmlinuz "$VM_CACHE/kernels" "$1" "run tests/vm/run, or vm_prepare_shared"
}

# _vm_cached_vmlinuz DIR NAME HINT: the vmlinuz extracted under DIR/NAME, or die with HINT.
_vm_cached_vmlinuz() {
	local f
	for f in "$1/$2"/boot/vmlinuz-*; do
		[[ -f $f ]] && {
			echo "$f"
			return 0
		}
	done
	vm_die "no cached $2 kernel in $1 ($3)"
}

# Fail unless $KEXEC_BIN is a static x86-64 ELF: the initramfs has no libc.
vm_check_kexec_bin() {
	[[ -f $KEXEC_BIN ]] || vm_die "$KEXEC_BIN does not exist: run make (or set KEXEC_BIN)"
	readelf -h "$KEXEC_BIN" 2>/dev/null | grep -q 'Machine:.*X86-64' ||
		vm_die "$KEXEC_BIN is not an x86-64 ELF: run make"
	if readelf -lW "$KEXEC_BIN" | grep -q '^ *INTERP'; then
		vm_die "$KEXEC_BIN is dynamically linked; the VM needs a static binary: run make"
	fi
}

# Peer binaries: Debian's kexec-tools, unpacked once into the cache.
_vm_prepare_peer_kexec_tools_locked() {
	local deb ver libs dir=$VM_CACHE/peers/kexec-tools
	deb=$(_vm_fetch_deb kexec-tools '^kexec-tools_.*_amd64\.deb$') ||
		vm_die "kexec-tools: apt could not download it and $VM_CACHE has no copy"
	# Debian links it against the Xen libraries (libxenmisc*); ldd can only
	# find them, for copying into the VM, once they are installed on the host.
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

# ---------------------------------------------------------------------------
# Scenario API.  State lives in VM_* globals of the scenario's shell.

_vm_scenario_init() {
	VM_NAME=${VM_NAME:-$(basename "$0" .sh)}
	VM_WORK=$(mktemp -d "${TMPDIR:-/tmp}/kexec-vm-$VM_NAME.XXXXXX")
	VM_S1=$VM_WORK/stage1-root
	VM_S2=$VM_WORK/stage2-root
	mkdir -p "$VM_S1/boot" "$VM_S2"
	MARKER=m$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
	export MARKER
	VM_STAGE1_APPEND=
	VM_STAGE1_KERNEL=generic
	vm_firmware "${VM_FIRMWARE:-bios}"
	VM_MEM_SEL=${VM_MEM:-1G}
	VM_TIMEOUT_S=${VM_TIMEOUT:-120}
	VM_NEED_KEXEC_BIN=1
	VM_QEMU_EXTRA=()
	VM_BOOTS=0
	VM_CONSOLE=
	VM_LOG=
	VM_TIMED_OUT=0
	VM_EXPECT_TIMEOUT=0
	VM_HALT_ON=
	VM_CPU_HOTPLUG_ON=
	VM_HOTPLUG_CMDS=()
	VM_DONE=0
	VM_FAILURES=()
	: >"$VM_WORK/stage1.body"
	trap _vm_exit EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	if [[ -z ${VM_SHARED_READY:-} ]]; then
		vm_prepare_shared
	fi
}

_vm_exit() {
	local rc=$?
	local pid
	pid=$(cat "$VM_WORK/qemu.pid" 2>/dev/null) || pid=
	if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null || true
	fi
	if [[ -n ${VM_KEEP:-} ]]; then
		echo "vm: kept work dir $VM_WORK"
	else
		rm -rf "$VM_WORK"
	fi
	# A scenario that forgets vm_done would otherwise pass without checking.
	if ((rc == 0 && VM_BOOTS > 0 && !VM_DONE)); then
		echo "vm: scenario ended without vm_done" >&2
		exit 1
	fi
	exit "$rc"
}

# Extra words for the stage-1 kernel command line (may be called repeatedly).
vm_stage1_append() {
	VM_STAGE1_APPEND+=" $*"
}

# Which kernel boots stage 1: generic (default) or cloud, or a kernel file given by its
# absolute path (e.g. one re-signed for uefi-secboot).
vm_stage1_kernel() {
	if [[ $1 == /* ]]; then
		[[ -f $1 ]] || vm_die "vm_stage1_kernel: no file $1"
	else
		vm_kernel "$1" >/dev/null
	fi
	VM_STAGE1_KERNEL=$1
}

# uefi-secboot: OVMF built for Secure Boot (q35 with SMM) with the variable store whose PK, KEK
# and db hold Debian's snakeoil test key (/usr/share/ovmf/PkKek-1-snakeoil.*): Secure Boot is
# on and enforcing, so stage 1 must be a kernel signed with that key.
vm_firmware() {
	if [[ $VM_ARCH == arm64 ]]; then
		_vm_arm64_firmware "$1"
		return 0
	fi
	case $1 in
	bios | uefi | uefi-secboot) VM_FIRMWARE_SEL=$1 ;;
	*) vm_die "vm_firmware: '$1' is not bios, uefi or uefi-secboot" ;;
	esac
}

vm_mem() { VM_MEM_SEL=$1; }
vm_timeout() {
	[[ $1 =~ ^[1-9][0-9]*$ ]] || vm_die "vm_timeout: '$1' is not a number of seconds"
	VM_TIMEOUT_S=$1
}
# Extra QEMU arguments, e.g. vm_qemu_args -icount shift=0,sleep=off
vm_qemu_args() { VM_QEMU_EXTRA+=("$@"); }
# QEMU's -smp for an x86_64 guest (default 1), e.g. vm_smp 1,maxcpus=2,sockets=2 for a CPU
# that the host plugs in later (device_add on the monitor).
VM_SMP=1
vm_smp() { VM_SMP=$1; }
# More -accel tcg options (",thread=single").
VM_TCG_EXTRA=''

# vm_cpu_hotplug ERE: boot x86_64 stage 1 with one CPU and room for a second, which the host
# plugs in (device_add on QEMU's monitor) once a console line matches ERE; the guest then sees
# /sys/devices/system/cpu/cpu1 and onlines it itself. Since 6.18 (and its stable updates) x86
# counts the disabled MADT entries QEMU lists for hotpluggable CPUs only in a guest of a
# hypervisor it knows (arch/x86/kernel/acpi/boot.c acpi_is_processor_usable), and TCG announces
# none it knows: the kernel's VMware check for CPUs without the hypervisor bit (a DMI serial
# naming VMware, then the backdoor port, which QEMU's vmport device answers) makes the guest
# one. The monitor's answers go to the scenario's output after vm_boot.
# thread=single: with one host thread per vCPU, QEMU 7.2 gives a hot-added vCPU a slice of the
# translation cache, and by then the first vCPU may have taken every slice of the small one
# (tb-size=64, above): it aborts ("tcg_region_initial_alloc__locked: assertion failed"), as it
# did here once in two runs. One thread for both vCPUs shares one cache; it also takes one host
# CPU, not two.
vm_cpu_hotplug() {
	VM_CPU_HOTPLUG_ON=$1
	deps_install socat
	VM_TCG_EXTRA=,thread=single
	vm_smp 1,maxcpus=2,sockets=2,cores=1,threads=1
	vm_qemu_args -monitor "unix:$VM_WORK/monitor.sock,server=on,wait=off" \
		-cpu max,hypervisor=off -smbios type=1,serial=VMware-kexec-test
}

# vm_mem_hotplug ERE SIZE: boot x86_64 stage 1 with room for a DIMM of SIZE (e.g. 256M), which
# the host plugs in (object_add + device_add pc-dimm on QEMU's monitor) once a console line
# matches ERE; the guest then sees new memory blocks under /sys/devices/system/memory (ACPI
# memory hotplug) and onlines them itself. The DIMM goes above 4 GiB, in QEMU's device memory.
vm_mem_hotplug() {
	VM_CPU_HOTPLUG_ON=$1
	deps_install socat
	VM_MEM_SEL="${VM_MEM_SEL%%,*},slots=2,maxmem=4G"
	VM_HOTPLUG_CMDS=("object_add memory-backend-ram,id=hotmem1,size=$2"
		"device_add pc-dimm,id=hotdimm1,memdev=hotmem1" "info memory-devices")
	vm_qemu_args -monitor "unix:$VM_WORK/monitor.sock,server=on,wait=off"
}

# Started by vm_boot: wait for the line (bounded by the VM's timeout), then plug the CPU into
# the free slot (socket 1 with the topology above; query-hotpluggable-cpus names it), or what
# VM_HOTPLUG_CMDS says (vm_mem_hotplug).
_vm_cpu_plugger() {
	local _ c
	for _ in $(seq 1 "$VM_TIMEOUT_S"); do
		if grep -aEq -- "$VM_CPU_HOTPLUG_ON" "$VM_CONSOLE" 2>/dev/null; then
			{
				if ((${#VM_HOTPLUG_CMDS[@]})); then
					for c in "${VM_HOTPLUG_CMDS[@]}"; do
						echo "$c"
						sleep 1
					done
				else
					echo "info hotpluggable-cpus"
					echo "device_add max-x86_64-cpu,id=hotcpu1,socket-id=1,core-id=0,thread-id=0"
				fi
				sleep 2
			} | socat - "UNIX-CONNECT:$VM_WORK/monitor.sock" >"$VM_WORK/monitor.out" 2>&1
			return 0
		fi
		sleep 1
	done
}
# This scenario does not use our kexec: do not require (or ship) $KEXEC_BIN.
vm_no_kexec_bin() { VM_NEED_KEXEC_BIN=0; }
# Ship the test build as /bin/kexec-fault: kexec plus the fault injection of tests/fault/
# (KEXEC_TEST_CORRUPT_SEGMENT), which the shipped kexec does not have. Call after vm_arch.
vm_fault_kexec() {
	local bin=$VM_REPO/build/kexec-fault
	[[ $VM_ARCH == arm64 ]] && bin=$VM_REPO/build/aarch64/kexec-fault
	[[ -f $bin ]] || vm_die "$bin does not exist: run make"
	vm_file /bin/kexec-fault "$bin"
}
# The VM must hang (e.g. purgatory rejects a corrupted segment).
vm_expect_timeout() { VM_EXPECT_TIMEOUT=1; }
# vm_halt_on ERE: the guest is meant to stop for good once a console line matches ERE (the
# purgatory refusing to boot): end the boot 3 s after the match instead of waiting out the
# timeout, which then only bounds a guest that never gets there. Counts as the expected timeout.
vm_halt_on() {
	VM_HALT_ON=$1
	VM_EXPECT_TIMEOUT=1
}

# Copy host file or directory $2 into the initramfs at absolute path $1.
# Relative host paths are relative to the scenario's cwd (the runner uses the
# repository root).
_vm_copy_into() {
	local root=$1 dest=$2 src=$3
	[[ $dest == /* ]] || vm_die "vm_file: destination '$dest' must be absolute"
	[[ -e $src ]] || vm_die "vm_file: '$src' does not exist"
	mkdir -p "$root$(dirname "$dest")"
	cp -rL --preserve=mode "$src" "$root$dest"
}

vm_file() { _vm_copy_into "$VM_S1" "$1" "$2"; }
vm_stage2_file() { _vm_copy_into "$VM_S2" "$1" "$2"; }

# Stage-1 script from stdin; runs under busybox sh with $MARKER set.
vm_stage1() { cat >>"$VM_WORK/stage1.body"; }
# vm_generic_module GLOB OUT: copy the module matching GLOB (a path inside the package, e.g.
# './lib/modules/*/kernel/fs/efivarfs/efivarfs.ko') out of the cached package of the generic
# kernel, the one at /boot/vmlinuz in both stages. The initramfs images carry no modules.
vm_generic_module() {
	local glob=$1 out=$2 pkg ver deb
	pkg=$(readlink "$VM_CACHE/kernels/generic")
	ver=$(cat "$VM_CACHE/kernels/generic/.version")
	for deb in "$VM_CACHE/${pkg}"_*.deb; do
		[[ -e $deb && $(dpkg-deb -f "$deb" Version) == "$ver" ]] || continue
		dpkg-deb --fsys-tarfile "$deb" | tar -x -O --wildcards "$glob" >"$out"
		[[ -s $out ]] || vm_die "no $glob in $deb"
		return 0
	done
	vm_die "no cached $pkg $ver package to take $glob from"
}

# Optional stage-2 script from stdin; runs after the STAGE2 report lines.
vm_stage2() { cat >>"$VM_WORK/stage2.body"; }

# Put ELF $1 at $2 in stage 1 together with the shared libraries and the
# dynamic loader it needs, at the paths ldd reports on the host.
vm_file_dynamic() {
	local src=$1 dest=$2 lib missing
	vm_file "$dest" "$src"
	missing=$(ldd "$src" | grep 'not found' || true)
	[[ -z $missing ]] || vm_die "$src needs libraries this host lacks: $missing"
	for lib in $(ldd "$src" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		[[ -e $VM_S1$lib ]] || vm_file "$lib" "$lib"
	done
}

# Debian's kexec-tools at /bin/kexec-tools in stage 1 (reference peer).
vm_peer_kexec_tools() {
	if [[ $VM_ARCH == arm64 ]]; then
		_vm_arm64_peer_kexec_tools
		return 0
	fi
	_vm_locked _vm_prepare_peer_kexec_tools_locked
	vm_file_dynamic "$VM_CACHE/peers/kexec-tools/sbin/kexec" /bin/kexec-tools
}

# ---------------------------------------------------------------------------
# Image building and booting.

_vm_write_stage2() {
	echo "$MARKER" >"$VM_S2/marker"
	cat >"$VM_S2/init" <<-'EOF'
		#!/bin/sh
		# stage-2 init (tests/vm/lib.sh): report what the kexec'd kernel saw.
		export PATH=/bin:/sbin:/usr/bin:/usr/sbin
		mount -t proc proc /proc
		mount -t sysfs sysfs /sys
		mount -t devtmpfs devtmpfs /dev
		# Our output goes to ttyS1: on ttyS0 kernel messages split our lines.
		[ -c /dev/ttyS1 ] && exec >/dev/ttyS1 2>&1
		echo "STAGE2 cmdline: $(cat /proc/cmdline)"
		echo "STAGE2 initrd: $(cat /marker)"
		if [ -d /sys/firmware/efi ]; then echo "STAGE2 efi: yes"; else echo "STAGE2 efi: no"; fi
		if [ -f /stage2.sh ]; then
			sh /stage2.sh
			echo "STAGE2 script rc=$?"
		fi
		echo "STAGE2 done"
		# Closing the last handle on ttyS1 waits until its output is sent.
		exec >/dev/console 2>&1
		poweroff -f
	EOF
	chmod 755 "$VM_S2/init"
	if [[ -f $VM_WORK/stage2.body ]]; then
		{
			printf 'MARKER=%s\nexport MARKER\n' "$MARKER"
			cat "$VM_WORK/stage2.body"
		} >"$VM_S2/stage2.sh"
	fi
}

_vm_write_stage1() {
	cat >"$VM_S1/init" <<-'EOF'
		#!/bin/sh
		# stage-1 init (tests/vm/lib.sh): run the scenario, then power off so
		# that a failed kexec -e ends the VM quickly instead of timing out.
		export PATH=/bin:/sbin:/usr/bin:/usr/sbin
		mount -t proc proc /proc
		mount -t sysfs sysfs /sys
		mount -t devtmpfs devtmpfs /dev
		# Our output goes to ttyS1: on ttyS0 kernel messages split our lines.
		[ -c /dev/ttyS1 ] && exec >/dev/ttyS1 2>&1
		echo "STAGE1 start"
		sh /stage1.sh
		echo "STAGE1 rc=$?"
		# Closing the last handle on ttyS1 waits until its output is sent.
		exec >/dev/console 2>&1
		poweroff -f
	EOF
	{
		printf 'MARKER=%s\nexport MARKER\n' "$MARKER"
		cat "$VM_WORK/stage1.body"
	} >"$VM_S1/stage1.sh"
	# `kexec KERNEL` (load + reboot) runs `shutdown -r now`; there is no
	# init system here to finish the job with kexec -e, so this does it.
	mkdir -p "$VM_S1/sbin"
	cat >"$VM_S1/sbin/shutdown" <<-'EOF'
		#!/bin/sh
		echo "STAGE1 shutdown called: $*"
		exec kexec -e
	EOF
	chmod 755 "$VM_S1/init" "$VM_S1/sbin/shutdown"
	if ((VM_NEED_KEXEC_BIN)) && [[ $VM_ARCH == arm64 ]]; then
		vm_check_kexec_bin_arm64
		vm_file /bin/kexec "$KEXEC_BIN_ARM64"
	elif ((VM_NEED_KEXEC_BIN)); then
		vm_check_kexec_bin
		vm_file /bin/kexec "$KEXEC_BIN"
	fi
}

# cat the uncompressed archives $2... into $1, gzip -1 if asked.
_vm_concat() {
	local out=$1
	shift
	case $VM_INITRD_COMPRESS in
	none) cat "$@" >"$out" ;;
	gzip) cat "$@" | gzip -1 -n >"$out" ;;
	*) vm_die "VM_INITRD_COMPRESS must be none or gzip" ;;
	esac
}

_vm_build_images() {
	local base=$VM_CACHE/initramfs/busybox.cpio
	local kernels=$VM_CACHE/initramfs/boot-kernels.cpio
	if [[ $VM_ARCH == arm64 ]]; then
		_vm_arm64_build_images
		return 0
	fi
	[[ -s $base && -s $kernels ]] || vm_die "shared archives missing in $VM_CACHE/initramfs"
	_vm_write_stage2
	_vm_cpio "$VM_S2" "$VM_WORK/stage2-extra.cpio"
	_vm_concat "$VM_S1/boot/stage2.img" "$base" "$VM_WORK/stage2-extra.cpio"
	_vm_write_stage1
	_vm_cpio "$VM_S1" "$VM_WORK/stage1-extra.cpio"
	_vm_concat "$VM_WORK/stage1.img" "$base" "$kernels" "$VM_WORK/stage1-extra.cpio"
}

# Prefix each console line with seconds since $1 (a ${EPOCHREALTIME/./}
# value); timestamped lines go to stdout, raw lines are appended to file $2.  Pure bash,
# no fork per line, so the timestamps stay close to when QEMU wrote them.
# Carriage returns and the firmware's terminal escapes (clear screen, colours)
# are dropped first: they only get in the way of reading and of grep.
_vm_stamp() {
	local t0=$1 raw=$2 line now d
	sed -u -e 's/\r//g' -e 's/\x1b\[[0-9;?=]*[A-Za-z]//g' \
		-e 's/\x1b[()][0-9A-Za-z]//g' -e 's/\x1b[0-9A-Za-z=>]//g' |
		while IFS= read -r line || [[ -n $line ]]; do
			now=${EPOCHREALTIME/[.,]/}
			d=$((now - t0))
			printf '%4d.%03d %s\n' $((d / 1000000)) $((d / 1000 % 1000)) "$line"
			printf '%s\n' "$line" >&3
		done 3>>"$raw"
}

# Host time (seconds since boot start) of the first log line matching ERE $1.
_vm_time_of() {
	awk -v re="$1" '{ t = $1; $1 = ""; sub(/^ /, ""); if ($0 ~ re) { print t; exit } }' "$VM_LOG"
}

_vm_report_times() {
	local s1 kx s2 end
	s1=$(_vm_time_of '^STAGE1 start')
	kx=$(_vm_time_of 'kexec_core: Starting new kernel')
	s2=$(_vm_time_of '^STAGE2 ')
	end=$(tail -n 1 "$VM_LOG" | awk '{ print $1 }')
	vm_note "times: STAGE1 start ${s1:--} s, kexec ${kx:--} s, first STAGE2 ${s2:--} s," \
		"end ${end:--} s ($VM_FIRMWARE_SEL, initrd $VM_INITRD_COMPRESS," \
		"$(stat -c %s "$VM_WORK/stage1.img") bytes)"
}

_vm_qemu_cmd() {
	local kernel
	if [[ $VM_ARCH == arm64 ]]; then
		_vm_arm64_qemu_cmd
		return 0
	fi
	if [[ $VM_STAGE1_KERNEL == /* ]]; then
		kernel=$VM_STAGE1_KERNEL
	else
		kernel=$(vm_kernel "$VM_STAGE1_KERNEL")
	fi
	# tb-size=64: with TCG's default 1 GiB translation cache, a kexec jump that overwrites pages
	# still holding translations of stage 1's programs can stall for minutes under host load
	# (bench/investigations/first-kexec-jump.md; seen once as a 100 s silence after "Starting
	# new kernel" in load-c-no-initrd@uefi). tests/system/lib.sh boots the same way.
	VM_CMD=(qemu-system-x86_64 -accel "tcg,tb-size=64$VM_TCG_EXTRA" -cpu max -smp "$VM_SMP" -m "$VM_MEM_SEL"
		-nodefaults -nographic -no-reboot
		-serial stdio -serial "file:$VM_WORK/ttyS1"
		-pidfile "$VM_WORK/qemu.pid"
		-kernel "$kernel"
		-initrd "$VM_WORK/stage1.img"
		-append "console=ttyS0 panic=-1$VM_STAGE1_APPEND")
	if [[ $VM_FIRMWARE_SEL == uefi ]]; then
		[[ -r $VM_OVMF_CODE && -r $VM_OVMF_VARS ]] ||
			vm_die "OVMF not found at $VM_OVMF_CODE (package ovmf)"
		# The variable store must be writable and private to this VM.
		cp "$VM_OVMF_VARS" "$VM_WORK/ovmf-vars.fd"
		VM_CMD+=(-drive "if=pflash,format=raw,unit=0,readonly=on,file=$VM_OVMF_CODE"
			-drive "if=pflash,format=raw,unit=1,file=$VM_WORK/ovmf-vars.fd")
	elif [[ $VM_FIRMWARE_SEL == uefi-secboot ]]; then
		[[ -r $VM_OVMF_SECBOOT_CODE && -r $VM_OVMF_SECBOOT_VARS ]] ||
			vm_die "Secure Boot OVMF not found at $VM_OVMF_SECBOOT_CODE (package ovmf)"
		cp "$VM_OVMF_SECBOOT_VARS" "$VM_WORK/ovmf-vars.fd"
		# SMM guards the variable store: without it the firmware runs no Secure Boot.
		VM_CMD+=(-machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on
			-drive "if=pflash,format=raw,unit=0,readonly=on,file=$VM_OVMF_SECBOOT_CODE"
			-drive "if=pflash,format=raw,unit=1,file=$VM_WORK/ovmf-vars.fd")
	fi
	VM_CMD+=("${VM_QEMU_EXTRA[@]}")
}

# Build both initramfs images, boot stage 1, wait for QEMU to exit (guest
# poweroff, reboot or panic) or for the timeout, and keep the console.
#
# Two serial ports: the kernel's console on ttyS0 (QEMU's stdout) and the
# stage scripts' output on ttyS1 (a FIFO).  On a single port the kernel's
# asynchronous messages land in the middle of user-space lines ("STAGE2
# cmdline: ...[    2.308025] clocksource: Switched..."), which breaks
# matching.  Both streams are stamped with the same clock and appended,
# line by line, to one log.
vm_boot() {
	local t0 rc reader fd watcher plugger suffix=''
	VM_BOOTS=$((VM_BOOTS + 1))
	((VM_BOOTS == 1)) || suffix=.$VM_BOOTS
	mkdir -p "$VM_LOGDIR"
	VM_LOG=$VM_LOGDIR/$VM_NAME$suffix.log
	VM_CONSOLE=$VM_WORK/console$suffix
	_vm_build_images
	_vm_qemu_cmd
	vm_note "booting $VM_NAME ($VM_FIRMWARE_SEL, $VM_STAGE1_KERNEL kernel, -m $VM_MEM_SEL," \
		"timeout ${VM_TIMEOUT_S}s, MARKER=$MARKER)"
	: >"$VM_LOG"
	: >"$VM_CONSOLE"
	rm -f "$VM_WORK/ttyS1"
	mkfifo "$VM_WORK/ttyS1"
	t0=${EPOCHREALTIME/[.,]/}
	_vm_stamp "$t0" "$VM_CONSOLE" <"$VM_WORK/ttyS1" >>"$VM_LOG" &
	reader=$!
	# --foreground keeps QEMU in our process group, so whoever kills the
	# scenario's group (tests/vm/run on ^C) also kills QEMU.
	if [[ -n $VM_HALT_ON ]]; then
		# QEMU is the only process whose command line names this work directory.
		(
			until grep -aEq -- "$VM_HALT_ON" "$VM_CONSOLE" 2>/dev/null; do sleep 0.5; done
			sleep 3
			touch "$VM_WORK/halted"
			pkill -TERM -f -- "$VM_WORK/" || true
		) &
		watcher=$!
	fi
	if [[ -n $VM_CPU_HOTPLUG_ON ]]; then
		_vm_cpu_plugger &
		plugger=$!
	fi
	set +e
	timeout --foreground -k 5 "$VM_TIMEOUT_S" "${VM_CMD[@]}" </dev/null 2>&1 |
		_vm_stamp "$t0" "$VM_CONSOLE" >>"$VM_LOG"
	rc=${PIPESTATUS[0]}
	set -e
	if [[ -n $VM_HALT_ON ]]; then
		kill "$watcher" 2>/dev/null || true
		wait "$watcher" 2>/dev/null || true
		# Stopped by the watcher (QEMU exits 0 on SIGTERM): the guest halted as expected.
		[[ -e $VM_WORK/halted ]] && rc=124
	fi
	if [[ -n $VM_CPU_HOTPLUG_ON ]]; then
		kill "$plugger" 2>/dev/null || true
		wait "$plugger" 2>/dev/null || true
		# The monitor's answers, without its line editor's echo of what was typed.
		tr -d '\r' <"$VM_WORK/monitor.out" 2>/dev/null | grep -av $'\e' |
			sed 's/^/vm: monitor: /' || true
	fi
	# If QEMU died before opening the FIFO, the reader still blocks in
	# open(); opening it read-write (which never blocks) releases it.
	exec {fd}<>"$VM_WORK/ttyS1"
	exec {fd}>&-
	wait "$reader" || true
	VM_TIMED_OUT=0
	if ((rc == 124 || rc == 137)); then
		VM_TIMED_OUT=1
		echo "TIMEOUT after ${VM_TIMEOUT_S} s" | _vm_stamp "$t0" /dev/null >>"$VM_LOG"
	elif ((rc != 0)); then
		VM_FAILURES+=("qemu exited with status $rc")
	fi
	_vm_report_times
	vm_note "console log: $VM_LOG"
}

_vm_need_boot() {
	[[ -n $VM_CONSOLE ]] || vm_die "$1 before vm_boot"
}

# ERE $1 must appear on a console line of the last boot.
vm_expect() {
	_vm_need_boot vm_expect
	grep -aEq -- "$1" "$VM_CONSOLE" || VM_FAILURES+=("expected, not found: $1")
}

# ERE $1 must not appear on the console of the last boot.
vm_reject() {
	local hit
	_vm_need_boot vm_reject
	hit=$(grep -aE -m 1 -- "$1" "$VM_CONSOLE") || return 0
	VM_FAILURES+=("rejected, but found: $1    (line: $hit)")
}

# Exit 0 if every expectation held; otherwise explain and exit 1.
vm_done() {
	local f
	VM_DONE=1
	_vm_need_boot vm_done
	if ((VM_TIMED_OUT && !VM_EXPECT_TIMEOUT)); then
		VM_FAILURES+=("TIMEOUT: VM still running after ${VM_TIMEOUT_S} s")
	elif ((!VM_TIMED_OUT && VM_EXPECT_TIMEOUT)); then
		VM_FAILURES+=("expected a TIMEOUT, but the VM stopped by itself")
	fi
	if ((${#VM_FAILURES[@]} == 0)); then
		vm_note "all expectations met"
		exit 0
	fi
	echo "FAILED expectations of $VM_NAME:"
	for f in "${VM_FAILURES[@]}"; do
		echo "  - $f"
	done
	echo "--- console tail ($VM_LOG) ---"
	tail -n 40 "$VM_LOG"
	echo "---"
	exit 1
}

# ---------------------------------------------------------------------------
# arm64 guests.  A scenario calls `vm_arch arm64` right after sourcing this
# file; the rest of the API is unchanged.  Example:
# tests/vm/scenarios/arm64-smoke-kexec-tools.sh.
#
# QEMU's virt machine under TCG (KVM cannot run a foreign architecture),
# booting the kernel directly, without firmware: QEMU hands the kernel a
# device tree whose /chosen holds bootargs, linux,initrd-start/-end and
# kaslr-seed.  CPU: VM_ARM64_CPU, default cortex-a57, measured faster than
# max,pauth-impdef=on (QEMU 7.2, a busybox initramfs, boot to poweroff, 3
# runs each on a loaded 2-CPU host: 6.1 in 2.5-3.9 s against 3.7-4.1 s, 6.12
# in 3.1-3.9 s against 4.0-4.3 s); plain max, which emulates QARMA pointer
# authentication, took 10.8 s for 6.12.  -smp 1; -m 768M (VM_MEM or vm_mem
# override it; 512M and 1G boot as fast).
#
# kexec in these kernels: Debian builds both without CONFIG_KEXEC_FILE, so
# only kexec_load exists (kexec-tools -s: "syscall kexec_file_load not
# available").  kexec-tools' purgatory checks the segments' SHA-256 with the
# MMU off, which under TCG takes about 46 s for 6.12 plus a small initrd;
# with -i (no checks) the jump takes 1-3 s.
#
# Console: the kernel's on the PL011 (ttyAMA0, QEMU's stdout).  The stage
# scripts write to ttyS1 as on x86: here the second port of a PCI 16550 card
# (pci-serial-2x; 8250_pci and the generic PCI host are built into Debian's
# arm64 kernels), whose first port, ttyS0, goes nowhere.  With a one-port
# card the guest's ttyS1 would be one of 8250's placeholder ports, on which
# writes fail with EIO.  The stage inits (x86's) need nothing else: they
# mount proc, sys and devtmpfs, use no x86 path, and poweroff -f is PSCI
# SYSTEM_OFF.
#
# Kernels, as Debian ships them (source package linux-signed-arm64):
#   arm64-6.1  = bookworm's linux-image-arm64 (6.1.0-57: 32956352 bytes)
#   arm64-6.12 = trixie's linux-image-arm64  (6.12.118+deb13: 37797824 bytes)
# Each vmlinuz is a raw, uncompressed arm64 Image that is also a signed
# PE/COFF EFI application, neither gzip'd nor EFI zboot (CONFIG_EFI_ZBOOT is
# not set in either config).  Evidence: file(1) says "Linux kernel ARM64
# boot executable Image, little-endian, 4K pages"; bytes 0-1 "MZ", arm64
# Image magic "ARM\x64" at 0x38, "PE\0\0" at 0x40, text_offset (0x08) 0,
# image_size (0x10) 0x2010000 and 0x2510000, flags (0x18) 0xa (little
# endian, 4K pages, placeable anywhere); the PE certificate table (1472
# bytes) ends each file.  In stage 1 they are /boot/vmlinuz-6.1 and
# /boot/vmlinuz-6.12 (both unless vm_arm64_boot_kernels says otherwise:
# 33 and 38 MB of initrd each), next to /boot/stage2.img.
#
# Packages come from a private apt state per suite under
# $VM_CACHE/arm64/apt/ (arm64 only; the host's apt configuration and dpkg
# architectures are untouched) and are kept in $VM_CACHE/arm64/, apart from
# the amd64 .debs of the same names and versions.  Stage 2 of an arm64 VM
# runs guest/dt-chosen.sh (/bin/dt-chosen in both stages) before the
# scenario's vm_stage2 script: "STAGE2 dt bootargs: ...", "STAGE2 dt
# initrd: START-END (N bytes)", "STAGE2 dt kaslr-seed: ...", "STAGE2 dt
# rng-seed: ...".
#
# arm64-kfile: Debian's arm64 kernels have no kexec_file_load, so the
# scenarios that prove it boot bookworm's 6.1 built from linux-source-6.1
# with a small configuration (build-arm64-kernel, arm64-kexec-file.config:
# allnoconfig plus the VM's drivers, KEXEC_FILE, EFI_ZBOOT: a 4 MB Image that
# boots in about a second under TCG).  The first scenario that names it
# builds it (5-10 minutes on 2 CPUs; others wait for that build) and the
# cache keeps it per recipe (build-arm64-kernel's header says what that
# covers), so a change to the recipe builds again.  vm_kernel arm64-kfile is
# its Image, vm_kernel arm64-kfile-zboot the same kernel as an EFI zboot
# vmlinuz.efi; in stage 1 (vm_arm64_boot_kernels arm64-kfile) they are
# /boot/vmlinuz-kfile and /boot/vmlinuz-kfile.efi.

VM_ARM64_CACHE=$VM_CACHE/arm64
VM_ARM64_CPU=${VM_ARM64_CPU:-cortex-a57}
VM_AAVMF_CODE=${VM_AAVMF_CODE:-/usr/share/AAVMF/AAVMF_CODE.fd}
VM_AAVMF_VARS=${VM_AAVMF_VARS:-/usr/share/AAVMF/AAVMF_VARS.fd}
VM_ARM64_DEPS=(qemu-system-arm busybox-static cpio binutils)
VM_DEBIAN_MIRROR=${VM_DEBIAN_MIRROR:-http://deb.debian.org/debian}
VM_DEBIAN_SECURITY_MIRROR=${VM_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
VM_ARM64_BOOT_KERNELS=(arm64-6.1 arm64-6.12)
VM_ARM64_STAGE2_ONLY=0
# The arm64-kfile build of this clone's recipe, once _vm_arm64_kfile_prepare found it.
VM_ARM64_KFILE_DIR=

# The Debian suite an arm64 kernel name comes from (arm64-kfile: its source).
_vm_arm64_suite() {
	case $1 in
	arm64-6.1 | arm64-kfile) echo bookworm ;;
	arm64-6.12) echo trixie ;;
	*) vm_die "unknown arm64 kernel '$1' (arm64-6.1, arm64-6.12 or arm64-kfile)" ;;
	esac
}

# _vm_arm64_apt SUITE CMD...: run CMD in a subshell in which apt-get and
# apt-cache see only SUITE's arm64 packages (private sources, lists, cache
# and an empty dpkg status in $VM_ARM64_CACHE/apt/SUITE; its binary caches
# are kept there even where apt.conf turns them off, as Docker images do:
# apt-cache then answers in a fraction of a second, not 1-3 s) and in which
# $VM_CACHE is $VM_ARM64_CACHE: the functions above (_vm_fetch_deb,
# _vm_prepare_kernel, ...) then download and unpack there.
_vm_arm64_apt() {
	local dir=$VM_ARM64_CACHE/apt/$1
	shift
	# shellcheck disable=SC2030,SC2317 # VM_CACHE is meant to change in the subshell only;
	# apt-get and apt-cache are called by the functions "$@" runs.
	(
		VM_APT_O=(-o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
			-o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache"
			-o Dir::Cache::pkgcache=pkgcache.bin -o Dir::Cache::srcpkgcache=
			-o "Dir::State::status=$dir/status"
			-o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
			-o APT::Architecture=arm64 -o APT::Architectures::=arm64
			-o Acquire::Languages=none -o APT::Sandbox::User=root)
		apt-get() { command apt-get "${VM_APT_O[@]}" "$@"; }
		apt-cache() { command apt-cache "${VM_APT_O[@]}" "$@"; }
		VM_CACHE=$VM_ARM64_CACHE
		"$@"
	)
}

# Refresh SUITE's private package lists when missing, a day old or pointing
# elsewhere.  A failed update is not fatal: _vm_fetch_deb falls back to the
# newest cached .deb.
_vm_arm64_apt_update() {
	local suite=$1 dir=$VM_ARM64_CACHE/apt/$1 opt list
	opt='[arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]'
	list=$(printf 'deb %s %s %s main\n' "$opt" "$VM_DEBIAN_MIRROR" "$suite" \
		"$opt" "$VM_DEBIAN_MIRROR" "$suite-updates" "$opt" "$VM_DEBIAN_SECURITY_MIRROR" "$suite-security")
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	[[ -e $dir/status ]] || : >"$dir/status"
	if [[ $(cat "$dir/sources.list" 2>/dev/null) != "$list" ]]; then
		echo "$list" >"$dir/sources.list"
		rm -f "$dir/updated"
	fi
	[[ -n $(find "$dir/updated" -mmin -1440 2>/dev/null) ]] && return 0
	echo "vm: apt-get update (arm64 $suite, private lists in $dir)" >&2
	if _vm_arm64_apt "$suite" apt-get update -qq >&2; then
		touch "$dir/updated"
	else
		echo "vm: arm64 $suite: apt-get update failed; trying the cache" >&2
	fi
}

# Print the path of a cached arm64 .deb of package $2 from suite $1,
# downloading it if needed.
_vm_arm64_deb() {
	_vm_arm64_apt "$1" _vm_fetch_deb "$2" "^${2//+/\\+}_.*_arm64\\.deb\$"
}

_vm_arm64_prepare_kernel_locked() {
	local name=$1 suite ere
	suite=$(_vm_arm64_suite "$name")
	case $name in
	arm64-6.1) ere='^linux-image-6\.1\.[0-9]+-[0-9]+-arm64_.*_arm64\.deb$' ;;
	arm64-6.12) ere='^linux-image-6\.12\.[0-9]+\+deb13-arm64_.*_arm64\.deb$' ;;
	esac
	_vm_arm64_apt_update "$suite"
	mkdir -p "$VM_ARM64_CACHE/kernels"
	_vm_arm64_apt "$suite" _vm_prepare_kernel "$name" linux-image-arm64 "$ere"
}

# /boot/vmlinuz-6.1 or /boot/vmlinuz-6.12 alone in an archive, rebuilt when
# the kernel package changes.
_vm_arm64_build_kernel_cpio_locked() {
	local name=$1 out stamp root
	out=$VM_ARM64_CACHE/initramfs/boot-$name.cpio
	stamp="$(readlink "$VM_ARM64_CACHE/kernels/$name") $(cat "$VM_ARM64_CACHE/kernels/$name/.version")"
	[[ -s $out && $(cat "$out.stamp" 2>/dev/null) == "$stamp" ]] && return 0
	root=$(mktemp -d "${TMPDIR:-/tmp}/kexec-vm-kernels.XXXXXX")
	mkdir -p "$root/boot"
	cp "$(_vm_arm64_kernel "$name")" "$root/boot/vmlinuz-${name#arm64-}"
	mkdir -p "$(dirname "$out")"
	_vm_cpio "$root" "$out.tmp"
	mv "$out.tmp" "$out"
	echo "$stamp" >"$out.stamp"
	rm -rf "$root"
}

# The x86 base archive with bookworm's arm64 busybox-static in place of the
# host's.  The applet links are the host busybox's (--list-full cannot run
# the arm64 binary here); Debian builds both from one configuration, and the
# versions are compared.
_vm_arm64_build_base_locked() {
	# shellcheck disable=SC2031 # the global VM_CACHE, untouched here
	local out=$VM_ARM64_CACHE/initramfs/busybox.cpio x86=$VM_CACHE/initramfs/busybox.cpio
	local deb ver host root
	_vm_arm64_apt_update bookworm
	deb=$(_vm_arm64_deb bookworm busybox-static) ||
		vm_die "busybox-static:arm64: apt could not download it and $VM_ARM64_CACHE has no copy"
	ver=$(dpkg-deb -f "$deb" Version)
	[[ -s $out && $(cat "$out.stamp" 2>/dev/null) == "$ver" && $out -nt $x86 &&
		$out -nt ${BASH_SOURCE[0]} ]] && return 0
	host=$(dpkg-query -W -f '${Version}' busybox-static 2>/dev/null) || host=
	[[ $host == "$ver" ]] || echo "vm: applet links from the host's busybox $host," \
		"arm64 busybox is $ver" >&2
	root=$(mktemp -d "${TMPDIR:-/tmp}/kexec-vm-base.XXXXXX")
	(cd "$root" && cpio -id --quiet) <"$x86"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -O ./bin/busybox >"$root/bin/busybox"
	readelf -h "$root/bin/busybox" | grep -q 'Machine:.*AArch64' ||
		vm_die "$deb: ./bin/busybox is not an AArch64 ELF"
	mkdir -p "$(dirname "$out")"
	_vm_cpio "$root" "$out.tmp"
	mv "$out.tmp" "$out"
	echo "$ver" >"$out.stamp"
	rm -rf "$root"
}

_vm_arm64_prepare_locked() {
	local k
	deps_install "${VM_ARM64_DEPS[@]}"
	command -v qemu-system-aarch64 >/dev/null || vm_die "qemu-system-aarch64 not found"
	[[ -x /bin/busybox ]] || vm_die "/bin/busybox not found (busybox-static)"
	_vm_build_base_cpio
	_vm_arm64_build_base_locked
	for k in arm64-6.1 arm64-6.12; do
		_vm_arm64_prepare_kernel_locked "$k"
		_vm_arm64_build_kernel_cpio_locked "$k"
	done
}

# Cached vmlinuz of arm64 kernel $1 (vm_kernel arm64-6.1, arm64-6.12,
# arm64-kfile and arm64-kfile-zboot come here).
_vm_arm64_kernel() {
	case $1 in
	arm64-kfile-zboot)
		_vm_arm64_kfile_prepare
		echo "$VM_ARM64_KFILE_DIR/vmlinuz.efi"
		return 0
		;;
	arm64-kfile)
		_vm_arm64_kfile_prepare
		_vm_cached_vmlinuz "${VM_ARM64_KFILE_DIR%/*}" "${VM_ARM64_KFILE_DIR##*/}" \
			"build-arm64-kernel made it"
		return 0
		;;
	esac
	_vm_arm64_suite "$1" >/dev/null
	_vm_cached_vmlinuz "$VM_ARM64_CACHE/kernels" "$1" "vm_arch arm64 fetches it"
}

# Build arm64-kfile, or find the cached build of this clone's recipe (which
# asks apt for the source's version: once per scenario shell, not per
# $(vm_kernel ...) when the scenario's shell did it first).  build-arm64-kernel
# takes its own lock, so never call this under the cache lock.
_vm_arm64_kfile_prepare() {
	[[ -z $VM_ARM64_KFILE_DIR ]] || return 0
	VM_ARM64_KFILE_DIR=$("$VM_LIB_DIR/build-arm64-kernel") ||
		vm_die "no arm64-kfile kernel (see above)"
}

# vm_arch arm64: this scenario's VM is an arm64 one.  Call it first, before
# vm_stage1_kernel (default there: arm64-6.1) and the vm_file calls.
# Fetches what is missing (QEMU, kernels, busybox) under the cache lock.
vm_arch() {
	case $1 in
	x86_64)
		[[ $VM_ARCH == x86_64 ]] || vm_die "vm_arch: already $VM_ARCH"
		return 0
		;;
	arm64) ;;
	*) vm_die "vm_arch: '$1' is not x86_64 or arm64" ;;
	esac
	((VM_BOOTS == 0)) || vm_die "vm_arch after vm_boot"
	VM_ARCH=arm64
	_vm_arm64_firmware "$VM_FIRMWARE_SEL"
	VM_STAGE1_KERNEL=arm64-6.1
	VM_MEM_SEL=${VM_MEM:-768M}
	_vm_locked _vm_arm64_prepare_locked
	vm_file /bin/dt-chosen "$VM_LIB_DIR/guest/dt-chosen.sh"
	vm_stage2_file /bin/dt-chosen "$VM_LIB_DIR/guest/dt-chosen.sh"
	chmod 755 "$VM_S1/bin/dt-chosen" "$VM_S2/bin/dt-chosen"
	echo 'dt-chosen STAGE2' >>"$VM_WORK/stage2.body"
}

# Firmware of an arm64 VM: none (VM_FIRMWARE_SEL=direct: QEMU boots the kernel itself, the
# default, what bios means here) or uefi: AAVMF (Debian's qemu-efi-aarch64, edk2's ArmVirtQemu)
# as pflash, which still takes QEMU's -kernel/-initrd/-append through fw_cfg and starts the
# Image (a PE file) as an EFI application, so the kernel enters through its EFI stub.
_vm_arm64_firmware() {
	case $1 in
	bios | direct) VM_FIRMWARE_SEL=direct ;;
	uefi) VM_FIRMWARE_SEL=uefi ;;
	*) vm_die "vm_firmware: '$1' is not supported for arm64 (uefi, or bios for none)" ;;
	esac
}

# vm_arm64_module arm64-6.1|arm64-6.12 GLOB OUT: vm_generic_module for an arm64 kernel, from its
# cached package (e.g. './lib/modules/*/kernel/fs/efivarfs/efivarfs.ko' for arm64-6.1). The
# module is kept in $VM_ARM64_CACHE/modules/PKG-VERSION/: unpacking the package takes 5 s.
vm_arm64_module() {
	local pkg ver deb kept
	pkg=$(readlink "$VM_ARM64_CACHE/kernels/$1") || vm_die "vm_arm64_module: no kernel $1"
	ver=$(cat "$VM_ARM64_CACHE/kernels/$1/.version")
	kept=$VM_ARM64_CACHE/modules/$pkg-$ver/${2##*/}
	if [[ ! -s $kept ]]; then
		for deb in "$VM_ARM64_CACHE/${pkg}"_*.deb; do
			[[ -e $deb && $(dpkg-deb -f "$deb" Version) == "$ver" ]] && break
			deb=
		done
		[[ -n $deb ]] || vm_die "no cached $pkg $ver package to take $2 from"
		mkdir -p "${kept%/*}"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -O --wildcards "$2" >"$kept.$$"
		[[ -s $kept.$$ ]] || vm_die "no $2 in $deb"
		mv "$kept.$$" "$kept"
	fi
	cp "$kept" "$3"
}

# vm_arm64_boot_kernels arm64-6.1|arm64-6.12|arm64-kfile...: the kernels stage 1 carries in
# /boot (default 6.1 and 6.12; arm64-kfile brings two files, see above); none at all with no
# argument.  Each costs its size in initrd.
vm_arm64_boot_kernels() {
	local k
	[[ $VM_ARCH == arm64 ]] || vm_die "vm_arm64_boot_kernels before vm_arch arm64"
	for k in "$@"; do
		_vm_arm64_suite "$k" >/dev/null
		[[ $k != arm64-kfile ]] || _vm_arm64_kfile_prepare
	done
	VM_ARM64_BOOT_KERNELS=("$@")
}

# vm_stage2_only (arm64): boot the stage-2 initrd directly with the stage-1
# kernel, command line "console=ttyAMA0 panic=-1 cryptomgr.notests
# marker=$MARKER" plus vm_stage1_append's words; no stage 1, no kexec.  The
# harness's own check (tests/vm/scenarios/arm64-boot.sh).
vm_stage2_only() {
	[[ $VM_ARCH == arm64 ]] || vm_die "vm_stage2_only before vm_arch arm64"
	VM_ARM64_STAGE2_ONLY=1
}

# Fail unless $KEXEC_BIN_ARM64 is a static AArch64 ELF.
vm_check_kexec_bin_arm64() {
	[[ -f $KEXEC_BIN_ARM64 ]] ||
		vm_die "$KEXEC_BIN_ARM64 does not exist: build the arm64 kexec (or set KEXEC_BIN_ARM64)"
	readelf -h "$KEXEC_BIN_ARM64" 2>/dev/null | grep -q 'Machine:.*AArch64' ||
		vm_die "$KEXEC_BIN_ARM64 is not an AArch64 ELF"
	if readelf -lW "$KEXEC_BIN_ARM64" | grep -q '^ *INTERP'; then
		vm_die "$KEXEC_BIN_ARM64 is dynamically linked; the VM needs a static binary"
	fi
}

# _vm_sysroot_path ROOT REL: REL (a path inside the unpacked packages at
# ROOT) with its symbolic links followed inside ROOT, never on the host.
_vm_sysroot_path() {
	local root=$1 rel=$2 t
	for _ in 1 2 3 4 5 6 7 8; do
		[[ -L $root/$rel ]] || break
		t=$(readlink "$root/$rel")
		if [[ $t == /* ]]; then rel=${t#/}; else rel=$(dirname "$rel")/$t; fi
	done
	echo "$rel"
}

# _vm_sysroot_closure ROOT REL: the dynamic loader and every shared library
# that the ELF ROOT/REL needs, directly or not, one path relative to ROOT a
# line (the path the loader will look for, links not followed).  A library
# not found is named on stderr and makes it return 1.
_vm_sysroot_closure() {
	local root=$1 queue=("$2") seen=' ' rc=0 f so d found interp
	interp=$(readelf -lW "$root/$2" |
		sed -n 's/.*Requesting program interpreter: \/\(.*\)\]/\1/p')
	[[ -z $interp ]] || echo "$interp"
	while ((${#queue[@]})); do
		f=$(_vm_sysroot_path "$root" "${queue[0]}")
		queue=("${queue[@]:1}")
		for so in $(readelf -dW "$root/$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			[[ $seen == *" $so "* ]] && continue
			seen+="$so "
			found=
			for d in lib/aarch64-linux-gnu usr/lib/aarch64-linux-gnu lib usr/lib; do
				if [[ -e $root/$(_vm_sysroot_path "$root" "$d/$so") ]]; then
					found=$d/$so
					break
				fi
			done
			if [[ -z $found ]]; then
				echo "vm: $2 needs $so, which is not in $root" >&2
				rc=1
				continue
			fi
			echo "$found"
			queue+=("$found")
		done
	done
	return "$rc"
}

# The shared-library packages (lib*, zlib*) among the Depends of .deb $1.
_vm_deb_lib_depends() {
	dpkg-deb -f "$1" Depends | sed -e 's/([^)]*)//g' -e 's/[,|]/\n/g' |
		awk '$1 ~ /^(lib|zlib)/ && $1 !~ /-dev$/ { sub(/:.*/, "", $1); print $1 }' | sort -u
}

# _vm_arm64_prepare_peer_locked PKG BIN: Debian bookworm's PKG:arm64 and the
# arm64 libraries its program BIN (a path inside the package) loads, unpacked
# together into $VM_ARM64_CACHE/peers/PKG.  The library packages are its
# Depends, then theirs, as long as a needed library is still missing
# (kexec-tools links libxenctrl, whose Xen libraries come from further down).
_vm_arm64_prepare_peer_locked() {
	local pkg=$1 bin=$2 dir=$VM_ARM64_CACHE/peers/$1 deb ver dep d round seen=' '
	local -a want next
	_vm_arm64_apt_update bookworm
	deb=$(_vm_arm64_deb bookworm "$pkg") ||
		vm_die "$pkg:arm64: apt could not download it and $VM_ARM64_CACHE has no copy"
	ver=$(dpkg-deb -f "$deb" Version)
	[[ $(cat "$dir/.version" 2>/dev/null) == "$ver" ]] && return 0
	rm -rf "$dir.tmp"
	mkdir -p "$dir.tmp"
	dpkg-deb -x "$deb" "$dir.tmp"
	mapfile -t want < <(_vm_deb_lib_depends "$deb")
	for round in 1 2 3 4 5 6; do
		_vm_sysroot_closure "$dir.tmp" "$bin" >/dev/null 2>&1 && break
		((round < 6)) || {
			_vm_sysroot_closure "$dir.tmp" "$bin" >/dev/null || true
			vm_die "$pkg:arm64: libraries missing after $((round - 1)) rounds of Depends"
		}
		next=()
		for dep in "${want[@]}"; do
			[[ $seen == *" $dep "* ]] && continue
			seen+="$dep "
			d=$(_vm_arm64_deb bookworm "$dep") || vm_die "$dep:arm64: could not download it"
			dpkg-deb -x "$d" "$dir.tmp"
			mapfile -t -O "${#next[@]}" next < <(_vm_deb_lib_depends "$d")
		done
		want=("${next[@]}")
	done
	echo "$ver" >"$dir.tmp/.version"
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
}

# vm_arm64_peer PKG BIN DEST stage1|stage2: ship Debian's arm64 program BIN of
# package PKG as DEST into stage 1 or the stage-2 initrd, with its libraries at
# the paths its loader looks for (/lib/ld-linux-aarch64.so.1,
# /lib/aarch64-linux-gnu/...).
vm_arm64_peer() {
	local pkg=$1 bin=$2 dest=$3 where=$4 dir=$VM_ARM64_CACHE/peers/$1 rel libs
	_vm_locked _vm_arm64_prepare_peer_locked "$pkg" "$bin"
	libs=$(_vm_sysroot_closure "$dir" "$bin") || vm_die "$pkg:arm64 lacks libraries"
	if [[ $where == stage1 ]]; then
		vm_file "$dest" "$dir/$bin"
		for rel in $libs; do
			[[ -e $VM_S1/$rel ]] || vm_file "/$rel" "$dir/$(_vm_sysroot_path "$dir" "$rel")"
		done
	else
		vm_stage2_file "$dest" "$dir/$bin"
		for rel in $libs; do
			vm_stage2_file "/$rel" "$dir/$(_vm_sysroot_path "$dir" "$rel")"
		done
	fi
}

# vm_peer_kexec_tools in an arm64 VM: /bin/kexec-tools and its libraries.
_vm_arm64_peer_kexec_tools() {
	vm_arm64_peer kexec-tools sbin/kexec /bin/kexec-tools stage1
}

_vm_arm64_build_images() {
	local base=$VM_ARM64_CACHE/initramfs/busybox.cpio k
	local -a kernels=()
	for k in "${VM_ARM64_BOOT_KERNELS[@]}"; do
		if [[ $k == arm64-kfile ]]; then
			kernels+=("$VM_ARM64_KFILE_DIR/boot.cpio")
		else
			kernels+=("$VM_ARM64_CACHE/initramfs/boot-$k.cpio")
		fi
		[[ -s ${kernels[-1]} ]] || vm_die "shared archive ${kernels[-1]} missing"
	done
	[[ -s $base ]] || vm_die "shared archive $base missing"
	_vm_write_stage2
	_vm_cpio "$VM_S2" "$VM_WORK/stage2-extra.cpio"
	if ((VM_ARM64_STAGE2_ONLY)); then
		_vm_concat "$VM_WORK/stage1.img" "$base" "$VM_WORK/stage2-extra.cpio"
		return 0
	fi
	_vm_concat "$VM_S1/boot/stage2.img" "$base" "$VM_WORK/stage2-extra.cpio"
	_vm_write_stage1
	_vm_cpio "$VM_S1" "$VM_WORK/stage1-extra.cpio"
	_vm_concat "$VM_WORK/stage1.img" "$base" "${kernels[@]}" "$VM_WORK/stage1-extra.cpio"
}

_vm_arm64_qemu_cmd() {
	local kernel
	case $VM_STAGE1_KERNEL in
	/*) kernel=$VM_STAGE1_KERNEL ;;
	arm64-*) kernel=$(vm_kernel "$VM_STAGE1_KERNEL") ;;
	*) vm_die "arm64 VM: stage-1 kernel '$VM_STAGE1_KERNEL' is not arm64-6.1, arm64-6.12 or arm64-kfile" ;;
	esac
	# shellcheck disable=SC2054 # commas inside QEMU's option values
	VM_CMD=(qemu-system-aarch64 -M virt -accel tcg -cpu "$VM_ARM64_CPU" -smp 1 -m "$VM_MEM_SEL"
		-nodefaults -nographic -no-reboot
		-serial stdio
		-chardev null,id=vm-ttyS0 -chardev "file,id=vm-ttyS1,path=$VM_WORK/ttyS1"
		-device pci-serial-2x,chardev1=vm-ttyS0,chardev2=vm-ttyS1
		-pidfile "$VM_WORK/qemu.pid"
		-kernel "$kernel"
		-initrd "$VM_WORK/stage1.img"
		-append "console=ttyAMA0 panic=-1 cryptomgr.notests$VM_STAGE1_APPEND")
	if ((VM_ARM64_STAGE2_ONLY)); then
		VM_CMD[-1]+=" marker=$MARKER"
	fi
	if [[ $VM_FIRMWARE_SEL == uefi ]]; then
		deps_install qemu-efi-aarch64
		[[ -r $VM_AAVMF_CODE && -r $VM_AAVMF_VARS ]] ||
			vm_die "AAVMF not found at $VM_AAVMF_CODE (package qemu-efi-aarch64)"
		# The variable store must be writable and private to this VM.
		cp "$VM_AAVMF_VARS" "$VM_WORK/aavmf-vars.fd"
		VM_CMD+=(-drive "if=pflash,format=raw,unit=0,readonly=on,file=$VM_AAVMF_CODE"
			-drive "if=pflash,format=raw,unit=1,file=$VM_WORK/aavmf-vars.fd")
	fi
	VM_CMD+=("${VM_QEMU_EXTRA[@]}")
}

if [[ ${VM_LIB_MODE:-scenario} == scenario ]]; then
	_vm_scenario_init
fi
