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
#   uki_stub / uki_addon_stub   print the path of linuxx64.efi.stub / addonx64.efi.stub
#   uki_kernel                  print the cached Debian kernel (tests/vm/run caches it)
#   uki_build OUT LINUX INITRD CMDLINE [UKIFY-ARGS...]    a UKI (INITRD may be '')
#   uki_build_profile OUT PROFILE [UKIFY-ARGS...]         a profile PE for --join-profile=
#   uki_build_addon OUT CMDLINE [UKIFY-ARGS...]           an add-on carrying .cmdline
# The uki_build* functions print nothing unless ukify fails.  Cache:
# ${KEXEC_TEST_CACHE:-/var/cache/kexec-test}/uki-tools/{apt,debs,root}; delete it to refetch.
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
# ukify's Depends; zstandard only matters for zstd-compressed kernels, but it is cheap.
UKI_TOOLS_HOST_DEPS=(python3-pefile python3-zstandard)

# shellcheck source=../tools/deps.sh
. "$UKI_TOOLS_REPO/tools/deps.sh"

# apt-get/apt-cache seeing only trixie's amd64 packages, through lists, cache and an empty
# dpkg status of their own: the host's apt configuration and state are left alone.
_uki_apt() {
	local d=$UKI_TOOLS_DIR/apt
	command "$1" -o "Dir::Etc::SourceList=$d/sources.list" -o Dir::Etc::SourceParts=/dev/null \
		-o "Dir::State::Lists=$d/lists" -o "Dir::Cache=$d/cache" \
		-o Dir::Cache::pkgcache=pkgcache.bin -o Dir::Cache::srcpkgcache= \
		-o "Dir::State::status=$d/status" \
		-o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null \
		-o APT::Architecture=amd64 -o APT::Architectures::=amd64 \
		-o Acquire::Languages=none -o APT::Sandbox::User=root "${@:2}"
}

_uki_tools_ready() {
	[[ -f $UKI_TOOLS_ROOT/usr/bin/ukify &&
		-f $UKI_TOOLS_ROOT/usr/lib/systemd/boot/efi/linuxx64.efi.stub &&
		-f $UKI_TOOLS_ROOT/usr/lib/systemd/boot/efi/addonx64.efi.stub ]]
}

# The cached .deb of package $1: the candidate's when apt knows it, else (offline) the newest.
_uki_tools_deb() {
	local pkg=$1 debs=$UKI_TOOLS_DIR/debs ver f
	ver=$({ _uki_apt apt-cache policy "$pkg" 2>/dev/null || true; } |
		awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }')
	if [[ -n $ver ]]; then
		f=$debs/${pkg}_${ver//:/%3a}_$(_uki_apt apt-cache show "$pkg=$ver" 2>/dev/null |
			awk '$1 == "Architecture:" { print $2; exit }').deb
		# As root apt would drop to user _apt, which cannot write there.
		[[ -f $f ]] || (cd "$debs" && _uki_apt apt-get download -qq "$pkg=$ver" >&2) || true
		[[ -f $f ]] && {
			echo "$f"
			return 0
		}
		echo "uki-tools: could not download $pkg=$ver; trying the cache" >&2
	fi
	f=$(find "$debs" -maxdepth 1 -name "${pkg}_*.deb" -printf '%f\n' | sort -V | tail -n 1)
	[[ -n $f ]] || return 1
	echo "uki-tools: using cached $f" >&2
	echo "$debs/$f"
}

_uki_tools_fetch_locked() {
	local dir=$UKI_TOOLS_DIR pkg deb list
	_uki_tools_ready && return 0 # another test fetched them while this one waited
	list="deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $UKI_TOOLS_MIRROR trixie main"
	mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/debs"
	[[ -e $dir/apt/status ]] || : >"$dir/apt/status"
	echo "$list" >"$dir/apt/sources.list"
	echo "uki-tools: apt-get update (trixie, private lists in $dir/apt)" >&2
	_uki_apt apt-get update -qq >&2 || echo "uki-tools: apt-get update failed; trying the cache" >&2
	rm -rf "$dir/root.tmp"
	for pkg in "${UKI_TOOLS_PKGS[@]}"; do
		deb=$(_uki_tools_deb "$pkg") || deb=
		if [[ -z $deb ]]; then
			echo "uki-tools: no $pkg: apt cannot fetch it and $dir/debs has none" >&2
			return 1
		fi
		dpkg-deb -x "$deb" "$dir/root.tmp" || return 1
		# shellcheck disable=SC2016 # dpkg-deb's field syntax, not the shell's.
		dpkg-deb -W --showformat='${Package} ${Version}\n' "$deb" >>"$dir/root.tmp/.versions"
	done
	rm -rf "$dir/root"
	mv "$dir/root.tmp" "$dir/root"
}

uki_tools_prepare() {
	[[ -n ${_UKI_TOOLS_OK:-} ]] && _uki_tools_ready && return 0
	if ! _uki_tools_ready; then
		if ! mkdir -p "$UKI_TOOLS_DIR" 2>/dev/null || [[ ! -w $UKI_TOOLS_DIR ]]; then
			echo "uki-tools: cache $UKI_TOOLS_DIR is not writable (set KEXEC_TEST_CACHE)" >&2
			return 1
		fi
		# Parallel scenarios share the cache: one fetches, the others wait and find it done.
		(
			flock 9
			_uki_tools_fetch_locked
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
	_UKI_TOOLS_OK=1
}

# Debian's python, not whatever python3 comes first in PATH (a pyenv one lacks pefile).
uki_ukify() {
	uki_tools_prepare || return 1
	/usr/bin/python3 "$UKI_TOOLS_ROOT/usr/bin/ukify" "$@"
}

uki_stub() {
	uki_tools_prepare || return 1
	echo "$UKI_TOOLS_ROOT/usr/lib/systemd/boot/efi/linuxx64.efi.stub"
}

uki_addon_stub() {
	uki_tools_prepare || return 1
	echo "$UKI_TOOLS_ROOT/usr/lib/systemd/boot/efi/addonx64.efi.stub"
}

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
	stub=$(uki_stub) || return 1
	_uki_quiet uki_ukify build --linux="$linux" ${initrd:+--initrd="$initrd"} \
		--cmdline="$cmdline" --stub="$stub" --output="$out" "$@"
}

uki_build_profile() {
	local out=$1 profile=$2 stub
	shift 2
	stub=$(uki_addon_stub) || return 1
	_uki_quiet uki_ukify build --profile="$profile" --stub="$stub" --output="$out" "$@"
}

uki_build_addon() {
	local out=$1 cmdline=$2 stub
	shift 2
	stub=$(uki_addon_stub) || return 1
	_uki_quiet uki_ukify build --cmdline="$cmdline" --stub="$stub" --output="$out" "$@"
}
