# shellcheck shell=bash source-path=SCRIPTDIR
# tests/uki-tools.sh: real Unified Kernel Images built by systemd's own ukify, for tests that
# want what distributions ship rather than what we think a UKI looks like.  Debian 12's
# systemd 252 has no ukify and no multi-profile stub, so Debian 13's systemd-ukify and
# systemd-boot-efi (257) are unpacked (never installed) into the test cache; their ukify runs
# as is under Debian 12's /usr/bin/python3 (3.11) with Debian 12's python3-pefile: nothing
# newer was needed.  Source this file, then:
#
#   uki_tools_prepare           0 when the tools are usable (fetched once, then offline);
#                               else 1 and one reason on stderr.  The others call it.
#   uki_ukify ARGS...           run that ukify (stdout and stderr are ukify's own)
#   uki_stub / uki_addon_stub [ARCH]   print the path of linuxx64.efi.stub / addonx64.efi.stub,
#                               or with ARCH arm64 linuxaa64.efi.stub / addonaa64.efi.stub
#                               (systemd-boot-efi:arm64, fetched the first time it is asked
#                               for, into root-arm64; x86 users never fetch it).  Without
#                               ARCH: $UKI_ARCH, else amd64
#   uki_kernel                  print the cached Debian kernel (tests/vm/run caches it)
#   uki_build OUT LINUX INITRD CMDLINE [UKIFY-ARGS...]    a UKI (INITRD may be '')
#   uki_build_profile OUT PROFILE [UKIFY-ARGS...]         a profile PE for --join-profile=
#   uki_build_addon OUT CMDLINE [UKIFY-ARGS...]           an add-on carrying .cmdline
# The uki_build* functions print nothing unless ukify fails; they take the stubs of $UKI_ARCH
# (UKI_ARCH=arm64 uki_build ... builds an arm64 UKI; ukify itself is the same, architecture-free
# Python).  Cache: ${KEXEC_TEST_CACHE:-/var/cache/kexec-test}/uki-tools/{apt,debs,root} and, once
# arm64 is asked for, {apt-arm64,root-arm64}; delete it to refetch.
#
# Section order seen (objdump -h) with ukify 257.13-1~deb13u1, for the C parser's sake:
#   stub (linuxx64.efi.stub): .text .rodata .data .sbat .sdmagic .reloc
#   addon stub:               .text .sdmagic
#   plain UKI:   stub, then .osrel .cmdline .uname .linux .initrd.  .osrel is the host's
#                os-release unless --os-release is given; .uname is read from the kernel;
#                without INITRD there is no .initrd.  ukify's .sbat is not appended: it is
#                written over the stub's own .sbat, which therefore stays third.
#   2 profiles:  uki_build ... --profile=P0 --join-profile=P1.efi gives
#                stub, .osrel .cmdline .uname .linux .initrd, .profile (P0), .profile (P1) .cmdline
#                Everything before the first .profile is the base that every profile shares;
#                a profile is a .profile and the sections up to the next .profile (or the end),
#                each overriding the base's section of that name.  P0 here overrides nothing,
#                so its .profile is followed at once by the next one.  Without --profile=,
#                --join-profile= makes ukify add a base profile "ID=main" of its own, so N
#                joined PEs give N+1 profiles.  A joined profile's sections follow its
#                .profile in ukify's usual order (.osrel .cmdline .uname .initrd seen together
#                in one); ukify copies .linux .osrel .cmdline .initrd .ucode .splash .dtb
#                .uname from a profile PE and drops the rest.
#   profile PE:  addon stub, .profile, then its own sections (.cmdline).  Built with the
#                addon stub because the linux stub's .sbat would come before .profile, and
#                ukify refuses to join a PE whose first UKI section is not .profile.
#   add-on:      addon stub, .cmdline .sbat (the addon stub has no .sbat, so ukify's is
#                appended last).

UKI_TOOLS_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
UKI_TOOLS_DIR=${KEXEC_TEST_CACHE:-/var/cache/kexec-test}/uki-tools
UKI_TOOLS_ROOT=$UKI_TOOLS_DIR/root
# The same mirror tests/vm/lib.sh uses for its private apt states.
UKI_TOOLS_MIRROR=${VM_DEBIAN_MIRROR:-http://deb.debian.org/debian}
UKI_TOOLS_PKGS=(systemd-ukify systemd-boot-efi)
# Another architecture needs only its stubs: ukify and python are the amd64 root's.
UKI_TOOLS_PKGS_ARM64=(systemd-boot-efi)
# ukify's Depends; zstandard only matters for zstd-compressed kernels, but it is cheap.
UKI_TOOLS_HOST_DEPS=(python3-pefile python3-zstandard)

# shellcheck source=../tools/deps.sh
. "$UKI_TOOLS_REPO/tools/deps.sh"

# The EFI name of Debian architecture $1 (amd64 or arm64), as in systemd's stub file names.
_uki_efi_arch() {
	case $1 in
	amd64) echo x64 ;;
	arm64) echo aa64 ;;
	*)
		echo "uki-tools: architecture '$1' is not amd64 or arm64" >&2
		return 1
		;;
	esac
}

# Where architecture $1's packages are unpacked, and its private apt state: amd64's keep the
# paths they had before arm64 was added, so an existing cache stays valid.
_uki_root() {
	if [[ $1 == amd64 ]]; then echo "$UKI_TOOLS_ROOT"; else echo "$UKI_TOOLS_ROOT-$1"; fi
}
_uki_apt_dir() {
	if [[ $1 == amd64 ]]; then echo "$UKI_TOOLS_DIR/apt"; else echo "$UKI_TOOLS_DIR/apt-$1"; fi
}

# _uki_apt ARCH CMD ARGS...: apt-get/apt-cache seeing only trixie's ARCH packages, through lists,
# cache and an empty dpkg status of their own: the host's apt configuration and state are left
# alone.
_uki_apt() {
	local arch=$1 d
	d=$(_uki_apt_dir "$arch")
	shift
	command "$1" -o "Dir::Etc::SourceList=$d/sources.list" -o Dir::Etc::SourceParts=/dev/null \
		-o "Dir::State::Lists=$d/lists" -o "Dir::Cache=$d/cache" \
		-o Dir::Cache::pkgcache=pkgcache.bin -o Dir::Cache::srcpkgcache= \
		-o "Dir::State::status=$d/status" \
		-o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null \
		-o "APT::Architecture=$arch" -o "APT::Architectures::=$arch" \
		-o Acquire::Languages=none -o APT::Sandbox::User=root "${@:2}"
}

# _uki_tools_ready [ARCH]: ukify and the amd64 stubs are unpacked, and ARCH's stubs if given.
_uki_tools_ready() {
	local arch=${1:-amd64} efi root
	efi=$(_uki_efi_arch "$arch") || return 1
	root=$(_uki_root "$arch")
	[[ -f $UKI_TOOLS_ROOT/usr/bin/ukify &&
		-f $UKI_TOOLS_ROOT/usr/lib/systemd/boot/efi/linuxx64.efi.stub &&
		-f $UKI_TOOLS_ROOT/usr/lib/systemd/boot/efi/addonx64.efi.stub &&
		-f $root/usr/lib/systemd/boot/efi/linux$efi.efi.stub &&
		-f $root/usr/lib/systemd/boot/efi/addon$efi.efi.stub ]]
}

# _uki_tools_deb ARCH PKG: the cached .deb of PKG for ARCH (or all): the candidate's when apt
# knows it, else (offline) the newest.
_uki_tools_deb() {
	local arch=$1 pkg=$2 debs=$UKI_TOOLS_DIR/debs ver f
	ver=$({ _uki_apt "$arch" apt-cache policy "$pkg" 2>/dev/null || true; } |
		awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }')
	if [[ -n $ver ]]; then
		f=$debs/${pkg}_${ver//:/%3a}_$(_uki_apt "$arch" apt-cache show "$pkg=$ver" 2>/dev/null |
			awk '$1 == "Architecture:" { print $2; exit }').deb
		# As root apt would drop to user _apt, which cannot write there.
		[[ -f $f ]] || (cd "$debs" && _uki_apt "$arch" apt-get download -qq "$pkg=$ver" >&2) ||
			true
		[[ -f $f ]] && {
			echo "$f"
			return 0
		}
		echo "uki-tools: could not download $pkg=$ver; trying the cache" >&2
	fi
	# Both architectures' debs share the folder: only ARCH's or all's will do.
	f=$(find "$debs" -maxdepth 1 \( -name "${pkg}_*_$arch.deb" -o -name "${pkg}_*_all.deb" \) \
		-printf '%f\n' | sort -V | tail -n 1)
	[[ -n $f ]] || return 1
	echo "uki-tools: using cached $f" >&2
	echo "$debs/$f"
}

# _uki_tools_fetch_one ARCH: unpack ARCH's packages (amd64: ukify and the stubs; else the stubs)
# into its root, replacing what was there.
_uki_tools_fetch_one() {
	local arch=$1 dir=$UKI_TOOLS_DIR apt root pkg deb list
	local -a pkgs=("${UKI_TOOLS_PKGS[@]}")
	[[ $arch == amd64 ]] || pkgs=("${UKI_TOOLS_PKGS_ARM64[@]}")
	apt=$(_uki_apt_dir "$arch")
	root=$(_uki_root "$arch")
	list="deb [arch=$arch signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $UKI_TOOLS_MIRROR trixie main"
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$dir/debs"
	[[ -e $apt/status ]] || : >"$apt/status"
	echo "$list" >"$apt/sources.list"
	echo "uki-tools: apt-get update (trixie $arch, private lists in $apt)" >&2
	_uki_apt "$arch" apt-get update -qq >&2 ||
		echo "uki-tools: apt-get update failed; trying the cache" >&2
	rm -rf "$root.tmp"
	for pkg in "${pkgs[@]}"; do
		deb=$(_uki_tools_deb "$arch" "$pkg") || deb=
		if [[ -z $deb ]]; then
			echo "uki-tools: no $pkg:$arch: apt cannot fetch it and $dir/debs has none" >&2
			return 1
		fi
		dpkg-deb -x "$deb" "$root.tmp" || return 1
		# shellcheck disable=SC2016 # dpkg-deb's field syntax, not the shell's.
		dpkg-deb -W --showformat='${Package} ${Version} ${Architecture}\n' "$deb" \
			>>"$root.tmp/.versions"
	done
	rm -rf "$root"
	mv "$root.tmp" "$root"
}

# Fetch what _uki_tools_ready ARCH lacks: amd64's root first (ukify runs from it), then ARCH's.
_uki_tools_fetch_locked() {
	local arch=$1
	_uki_tools_ready "$arch" && return 0 # another test fetched them while this one waited
	_uki_tools_ready amd64 || _uki_tools_fetch_one amd64 || return 1
	[[ $arch == amd64 ]] || _uki_tools_ready "$arch" || _uki_tools_fetch_one "$arch"
}

# uki_tools_prepare [ARCH]: as above; ARCH (amd64, the default, or arm64) adds that
# architecture's stubs.
uki_tools_prepare() {
	local arch=${1:-amd64}
	[[ ${_UKI_TOOLS_OK:-} == *" $arch "* ]] && _uki_tools_ready "$arch" && return 0
	_uki_efi_arch "$arch" >/dev/null || return 1
	if ! _uki_tools_ready "$arch"; then
		if ! mkdir -p "$UKI_TOOLS_DIR" 2>/dev/null || [[ ! -w $UKI_TOOLS_DIR ]]; then
			echo "uki-tools: cache $UKI_TOOLS_DIR is not writable (set KEXEC_TEST_CACHE)" >&2
			return 1
		fi
		# Parallel scenarios share the cache: one fetches, the others wait and find it done.
		(
			flock 9
			_uki_tools_fetch_locked "$arch"
		) 9>"$UKI_TOOLS_DIR/.lock" || return 1
	fi
	if [[ -n $(deps_missing "${UKI_TOOLS_HOST_DEPS[@]}") ]]; then
		# deps_install exits on failure; a test should get to say SKIP instead.
		(deps_install "${UKI_TOOLS_HOST_DEPS[@]}") ||
			{
				echo "uki-tools: cannot install ${UKI_TOOLS_HOST_DEPS[*]}" >&2
				return 1
			}
	fi
	_UKI_TOOLS_OK="${_UKI_TOOLS_OK:- }$arch "
}

# Debian's python, not whatever python3 comes first in PATH (a pyenv one lacks pefile).
uki_ukify() {
	uki_tools_prepare || return 1
	/usr/bin/python3 "$UKI_TOOLS_ROOT/usr/bin/ukify" "$@"
}

# _uki_stub_path KIND [ARCH]: systemd's KIND (linux or addon) stub for ARCH.
_uki_stub_path() {
	local arch=${2:-${UKI_ARCH:-amd64}} efi
	efi=$(_uki_efi_arch "$arch") || return 1
	uki_tools_prepare "$arch" || return 1
	echo "$(_uki_root "$arch")/usr/lib/systemd/boot/efi/$1$efi.efi.stub"
}

uki_stub() { _uki_stub_path linux "$@"; }
uki_addon_stub() { _uki_stub_path addon "$@"; }

uki_kernel() {
	local f
	for f in "${KEXEC_TEST_CACHE:-/var/cache/kexec-test}"/kernels/generic/boot/vmlinuz-*; do
		[[ -f $f ]] && {
			echo "$f"
			return 0
		}
	done
	echo "uki-tools: no cached Debian kernel (run tests/vm/run once)" >&2
	return 1
}

# ukify's progress lines would clutter test output; they are shown only when it fails.
_uki_quiet() {
	local out
	out=$("$@" 2>&1) || {
		printf '%s\n' "$out" >&2
		return 1
	}
}

uki_build() {
	local out=$1 linux=$2 initrd=$3 cmdline=$4 stub
	shift 4
	stub=$(uki_stub "${UKI_ARCH:-amd64}") || return 1
	_uki_quiet uki_ukify build --linux="$linux" ${initrd:+--initrd="$initrd"} \
		--cmdline="$cmdline" --stub="$stub" --output="$out" "$@"
}

uki_build_profile() {
	local out=$1 profile=$2 stub
	shift 2
	stub=$(uki_addon_stub "${UKI_ARCH:-amd64}") || return 1
	_uki_quiet uki_ukify build --profile="$profile" --stub="$stub" --output="$out" "$@"
}

uki_build_addon() {
	local out=$1 cmdline=$2 stub
	shift 2
	stub=$(uki_addon_stub "${UKI_ARCH:-amd64}") || return 1
	_uki_quiet uki_ukify build --cmdline="$cmdline" --stub="$stub" --output="$out" "$@"
}
