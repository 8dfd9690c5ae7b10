# shellcheck shell=sh
# Sourced by stage-1 scripts inside the VM (busybox sh). Each check prints one line that the
# host greps: "CHECK ok ..." or "CHECK FAIL ...", so a scenario fails on any "CHECK FAIL".

# check_rc WANT REGEX CMD...: CMD exits WANT and its output (stdout+stderr) matches REGEX.
check_rc() {
	want=$1 pattern=$2
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ] && printf '%s\n' "$out" | grep -Eq -- "$pattern"; then
		echo "CHECK ok rc=$rc: $*"
	else
		echo "CHECK FAIL rc=$rc (want $want, output matching '$pattern'): $*"
	fi
	printf '%s\n' "$out" | sed 's/^/  | /'
}

# The normal and the crash kernel's load state, as kexec -S reports it.
check_loaded() {
	check_rc "$1" '' kexec -S -l
}
