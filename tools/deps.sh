#!/bin/bash
# Install missing Debian packages.  Source this file and call
# `deps_install PKG...`, or run it as `tools/deps.sh PKG...`.
#
# As root, missing packages are installed with apt-get; `apt-get update` runs
# at most once per shell and only when something has to be installed (the
# lists may simply be stale or empty on a fresh container).  Not root and
# something missing: one line naming the packages, then exit non-zero,
# because a test that silently skips its dependencies proves nothing.

# Print the packages among "$@" that dpkg does not report as installed.
deps_missing() {
	local pkg native
	native=$(dpkg --print-architecture)
	for pkg in "$@"; do
		# A bare name is the native one: once another architecture's copy of a Multi-Arch:
		# same package is installed (libc6-dev:arm64), `dpkg -s libc6-dev` is ambiguous.
		# Arch-independent packages answer only to the bare name.
		{ [[ $pkg != *:* ]] && dpkg -s "$pkg:$native" 2>/dev/null || dpkg -s "$pkg" 2>/dev/null; } |
			grep -qx 'Status: install ok installed' || printf '%s\n' "$pkg"
	done
}

# `apt-get update`, once per shell: every caller in this process shares it.
deps_apt_update_once() {
	[[ -n ${DEPS_APT_UPDATED:-} ]] && return 0
	DEPS_APT_UPDATED=1
	echo "deps: apt-get update" >&2
	apt-get update -qq >&2
}

deps_install() {
	local missing
	mapfile -t missing < <(deps_missing "$@")
	((${#missing[@]})) || return 0

	if ((EUID != 0)); then
		echo "deps: missing packages (run as root or apt-get install): ${missing[*]}" >&2
		exit 1
	fi
	echo "deps: installing ${missing[*]}" >&2
	# Scenarios run in parallel and may install at the same moment: take turns (apt and dpkg
	# would refuse the second one), and update the lists inside the turn.
	mkdir -p /run/lock
	exec {DEPS_LOCK_FD}>>/run/lock/kexec-tests-apt.lock
	flock "$DEPS_LOCK_FD"
	deps_apt_update_once
	# dpkg's progress chatter only matters when the install fails.
	local out
	out=$(DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends "${missing[@]}" 2>&1) || {
		flock -u "$DEPS_LOCK_FD"
		printf '%s\n' "$out" >&2
		echo "deps: apt-get install ${missing[*]} failed" >&2
		exit 1
	}
	flock -u "$DEPS_LOCK_FD"
	exec {DEPS_LOCK_FD}>&-
}

# What `make` needs: the host build (glibc and musl, the compression libraries, libfdt) and the
# arm64 cross build (gcc-aarch64-linux-gnu and the same libraries for arm64, through dpkg's
# multiarch: Debian's own way to cross-build, also what dpkg-buildpackage -aarm64 needs: its
# Build-Depends for arm64 are these and libfdt.a below).
DEPS_BUILD=(gcc make libc6-dev linux-libc-dev zlib1g-dev liblzma-dev libzstd-dev libfdt-dev
	musl-tools)
DEPS_BUILD_ARM64=(gcc-aarch64-linux-gnu libc6-dev:arm64 linux-libc-dev:arm64 zlib1g-dev:arm64
	liblzma-dev:arm64 libzstd-dev:arm64)
# libfdt-dev is not Multi-Arch: same (its amd64 and arm64 copies conflict), and the host needs
# its own for the unit tests; the arm64 libfdt.a is taken from the arm64 package into this
# folder instead (the headers are the same for both). The Makefile looks there.
KEXEC_CROSS_LIBS=${KEXEC_CROSS_LIBS:-/var/cache/kexec-build}

# Let dpkg install packages of architecture $1 (a no-op when it already may).
deps_add_foreign_arch() {
	[[ $(dpkg --print-architecture) == "$1" ]] && return 0
	dpkg --print-foreign-architectures | grep -qx "$1" && return 0
	if ((EUID != 0)); then
		echo "deps: dpkg does not take $1 packages (as root: dpkg --add-architecture $1)" >&2
		exit 1
	fi
	echo "deps: dpkg --add-architecture $1" >&2
	dpkg --add-architecture "$1"
	unset DEPS_APT_UPDATED # the lists now lack that architecture
}

deps_build() {
	local missing
	deps_install "${DEPS_BUILD[@]}"
	deps_cross_libfdt
	mapfile -t missing < <(deps_missing "${DEPS_BUILD_ARM64[@]}")
	((${#missing[@]})) || return 0
	deps_add_foreign_arch arm64
	deps_install "${DEPS_BUILD_ARM64[@]}"
}

# $KEXEC_CROSS_LIBS/aarch64/libfdt.a, from Debian's libfdt-dev:arm64 (downloaded once).
deps_cross_libfdt() {
	local dir=$KEXEC_CROSS_LIBS/aarch64 tmp
	[[ -f $dir/libfdt.a ]] && return 0
	deps_add_foreign_arch arm64
	deps_apt_update_once
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root libfdt-dev:arm64) &&
		dpkg-deb -x "$tmp"/libfdt-dev_*_arm64.deb "$tmp/x" &&
		mkdir -p "$dir" && cp "$tmp/x/usr/lib/aarch64-linux-gnu/libfdt.a" "$dir/libfdt.a.tmp" &&
		mv "$dir/libfdt.a.tmp" "$dir/libfdt.a"
	local r=$?
	rm -rf "$tmp"
	((r == 0)) || { echo "deps: cannot get libfdt.a for arm64" >&2; exit 1; }
}

# Executed rather than sourced: install the packages named on the command line.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	set -euo pipefail
	deps_install "$@"
fi
