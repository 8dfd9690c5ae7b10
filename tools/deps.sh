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
	local pkg
	for pkg in "$@"; do
		dpkg -s "$pkg" 2>/dev/null | grep -qx 'Status: install ok installed' ||
			printf '%s\n' "$pkg"
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

# Executed rather than sourced: install the packages named on the command line.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	set -euo pipefail
	deps_install "$@"
fi
