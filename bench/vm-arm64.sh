#!/bin/bash
# bench/vm-arm64.sh: the arm64 rows of the benchmarks: our kexec against kexec-tools in arm64
# VMs; writes bench/RESULTS-arm64.md.
#
# Usage: bench/vm-arm64.sh [--reps N] [-j N] [-o FILE]
#        bench/vm-arm64.sh --report-only [-o FILE]    rewrite the report from the last run's data
#
# QEMU virt, cortex-a57, TCG (tests/vm/lib.sh's arm64 guests), stage 1 on Debian's 6.1 arm64
# kernel; one boot per sample (bench/vm-arm64-exec.sh through tests/vm/run). In every boot both
# tools load the same 6.1 Image, the harness's stage-2 initrd and one command line (each load
# timed in the guest), then one of them runs -e. Modes: checks on (ours -c, kexec-tools
# without -i) and off (-i, both). --reps (5) boots per tool and mode, listed as kt/ours pairs
# interleaved (the pair's order alternating from one repetition to the next), -j (1) at a time.
# The host stamps console lines: exec -> "Starting new kernel", "Bye!" -> the new kernel's
# first line (earlycon), -> its init. Medians; ratios to kexec-tools from the same run.
#
# As root, on Debian 12; the harness installs what it misses (QEMU, Debian's arm64 kernels and
# kexec-tools:arm64, into ${KEXEC_TEST_CACHE:-/var/cache/kexec-test}/arm64). Raw data and logs
# stay in build/bench/arm64/. Not part of tests/run: nothing here asserts a timing. 6 to 11
# minutes on 2 CPUs shared with other jobs (5 repetitions).

set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"
# shellcheck source=tests/vm/lib.sh
VM_LIB_MODE=runner . tests/vm/lib.sh

cmdline="bench/vm-arm64.sh${*:+ $*}"
out=bench/RESULTS-arm64.md
reps=5
jobs=1
report_only=0
while (($#)); do
	case $1 in
	--report-only) report_only=1 ;;
	--reps) reps=$2 && shift ;;
	-j) jobs=$2 && shift ;;
	-o) out=$2 && shift ;;
	-h | --help)
		sed -n '3,/^$/s/^# \{0,1\}//p' "$0"
		exit 0
		;;
	*)
		echo "bench/vm-arm64.sh: unknown argument '$1' (see bench/vm-arm64.sh --help)" >&2
		exit 2
		;;
	esac
	shift
done
for n in "$reps" "$jobs"; do
	[[ $n =~ ^[1-9][0-9]*$ ]] || {
		echo "bench/vm-arm64.sh: '$n' is not a positive number" >&2
		exit 2
	}
done

B=$repo/build/bench/arm64
mkdir -p "$B"
start_time=${EPOCHREALTIME/[.,]/}
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
load_end=
sampler=

log() {
	printf '%s bench-arm64: %s\n' "$(date +%T)" "$*" >&2
}

die() {
	echo "bench/vm-arm64.sh: error: $*" >&2
	exit 1
}

# --------------------------------------------------------------------------------------------
# Build: our arm64 kexec (a private copy, so that a concurrent `make` cannot swap it mid-run)
# and bench-time, bench/fake-kexec.c built for aarch64 (its -n mode only times a command).

build() {
	log "building kexec (make)"
	make -s >/dev/null
	[[ -x build/aarch64/kexec ]] || die "make built no build/aarch64/kexec (gcc-aarch64-linux-gnu missing?)"
	cp build/aarch64/kexec "$B/kexec"
	# What was built: the commit, and whether src/ or the Makefile differed from it.
	build_commit=$(git rev-parse --short HEAD)
	if ! git diff --quiet HEAD -- src Makefile || [[ -n $(git ls-files --others --exclude-standard src) ]]; then
		build_commit+=" with uncommitted changes in src/"
	fi
	kexec_sum=$(sha256sum "$B/kexec" | cut -c1-16)
	kexec_size=$(stat -c %s "$B/kexec")
	command -v aarch64-linux-gnu-gcc >/dev/null || deps_install gcc-aarch64-linux-gnu
	aarch64-linux-gnu-gcc -static -Os -Wall -Wextra -s -o "$B/bench-time" bench/fake-kexec.c
}

# --------------------------------------------------------------------------------------------
# Boots.

# vm_case NAME VAR=VALUE...: one boot's scenario wrapper, running bench/vm-arm64-exec.sh.
vm_case() {
	local name=$1 f kv
	shift
	mkdir -p "$B/vm"
	f=$B/vm/$name.sh
	{
		echo '#!/bin/bash'
		printf 'export BENCH_BIN=%q KEXEC_BIN_ARM64=%q\n' "$B" "$B/kexec"
		for kv in "$@"; do
			printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"
		done
		printf '. %q\n' "$repo/bench/vm-arm64-exec.sh"
	} >"$f"
	chmod 755 "$f"
	# Booted in the order listed: tests/vm/run must not sort them.
	echo "$f" >>"$B/vm.order"
}

# The 1-minute load average every 10 s while the boots run, for the report.
sample_load() {
	while :; do
		cut -d' ' -f1 /proc/loadavg >>"$B/loadavg.txt"
		sleep 10
	done
}

stop_sampler() {
	[[ -n $sampler ]] || return 0
	kill "$sampler" 2>/dev/null || true
	wait "$sampler" 2>/dev/null || true
	sampler=
}

vm() {
	local rep mode tool pair
	rm -rf "$B/vm" "$B/vm-logs" "$B/vm.order" "$B/loadavg.txt"
	for ((rep = 1; rep <= reps; rep++)); do
		pair="kt ours"
		((rep % 2)) || pair="ours kt"
		for mode in c ci; do
			for tool in $pair; do
				vm_case "a64-$mode-$tool-r$rep" BENCH_EXEC="$tool" BENCH_MODE="$mode"
			done
		done
	done
	other_qemu=$(pgrep -c qemu-system || true)
	log "arm64 VM boots: $(wc -l <"$B/vm.order"), $jobs at a time"
	trap stop_sampler EXIT
	sample_load &
	sampler=$!
	# shellcheck disable=SC2046 # the paths have no spaces
	VM_LOGDIR="$B/vm-logs" KEXEC_BIN="$repo/build/kexec" \
		tests/vm/run -j "$jobs" $(cat "$B/vm.order") >"$B/vm.out" 2>&1 || true
	stop_sampler
	tail -n 1 "$B/vm.out" >&2
	grep '^FAIL' "$B/vm.out" >&2 || true
}

# One line per boot in exec.tsv: mode tool rep exec->"Starting new kernel" "Bye!"->first line
# first line->init exec->init purgatory_ms (s; "-" when missing); one per load in load.tsv:
# mode tool rep wall user sys rss_kib.
parse() {
	local f
	: >"$B/exec.tsv"
	: >"$B/load.tsv"
	for f in "$B"/vm-logs/a64-*.log; do
		[[ -e $f ]] || continue
		# shellcheck disable=SC2016
		awk -v name="$(basename "$f" .log)" -v exec_out="$B/exec.tsv" -v load_out="$B/load.tsv" '
			BEGIN { split(name, p, "-"); mode = p[2]; tool = p[3]; rep = p[4] }
			{ t = $1 + 0; sub(/^ *[0-9.]+ /, "") }
			/^BENCH load tool=/ && $NF == "0" {
				lt = $3; sub(/^tool=/, "", lt)
				print mode, lt, rep, $5, $6, $7, $8 >> load_out
			}
			/^BENCH exec tool=/ { te = t }
			te != "" && ts == "" && /kexec_core: Starting new kernel/ { ts = t }
			ts != "" && tb == "" && /\] Bye!$/ { tb = t }
			tb != "" && pm == "" && /^kexec purgatory: [0-9]+ KiB checked in [0-9]+ ms/ { pm = $7 }
			tb != "" && tf == "" && /\] Booting Linux on physical CPU/ { tf = t }
			tf != "" && ti == "" && /^STAGE2 cmdline: / { ti = t }
			function d(a, b) { return (a == "" || b == "") ? "-" : sprintf("%.3f", b - a) }
			END { print mode, tool, rep, d(te, ts), d(tb, tf), d(tf, ti), d(te, ti), (pm == "" ? "-" : pm) >> exec_out }
		' "$f"
	done
	# Facts about the guest, from any boot.
	f=
	for f in "$B"/vm-logs/a64-*.log; do break; done
	[[ -e $f ]] || f=
	guest_cpu=
	guest_sizes=
	guest_append=
	if [[ -n $f ]]; then
		guest_cpu=$(sed -n 's/^ *[0-9.]* BENCH cpu Features[[:space:]]*: //p' "$f" | head -n 1)
		guest_sizes=$(sed -n 's/^ *[0-9.]* BENCH sizes kernel=\([0-9]*\) initrd=\([0-9]*\)$/Image \1 B, initrd \2 B/p' "$f" | head -n 1)
		guest_append=$(sed -n 's/^ *[0-9.]* BENCH append //p' "$f" | head -n 1 | sed 's/marker=m[0-9a-f]*/marker=…/')
	fi
}

# --------------------------------------------------------------------------------------------
# Report.

AWK_LIB='
function median(s,   a, n, i, j, t) {
	n = split(s, a, " ")
	if (n == 0) return ""
	for (i = 2; i <= n; i++) {
		t = a[i] + 0
		for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]
		a[j + 1] = t
	}
	return n % 2 ? a[(n + 1) / 2] + 0 : (a[n / 2] + a[n / 2 + 1]) / 2
}
function count(s,   a) { return split(s, a, " ") }
function ratio(x, y) { return (x == "" || y == "" || y + 0 == 0) ? "–" : sprintf("%.2f×", x / y) }
function f(x, fmt) { return x == "" ? "–" : sprintf(fmt, x) }
'

machine() {
	local cpu
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	echo "$cpu, $(nproc) CPUs, $(free -g | awk '/^Mem:/ { print $2 }') GiB," \
		"Linux $(uname -r), Debian $(cat /etc/debian_version)"
}

# exec_median MODE TOOL COLUMN (4 exec->start, 5 Bye!->first, 6 first->init, 7 exec->init, 8 ms)
exec_median() {
	awk -v key="$1 $2" -v col="$3" "$AWK_LIB"'
		$1 " " $2 == key && $col != "-" { s = s " " $col }
		END { print median(s) }' "$B/exec.tsv"
}

# load_median MODE TOOL: median load wall time from load.tsv
load_median() {
	awk -v key="$1 $2" "$AWK_LIB"'
		$1 " " $2 == key { s = s " " $4 }
		END { print median(s) }' "$B/load.tsv"
}

report_table() {
	awk "$AWK_LIB"'
		FILENAME ~ /load/ { k = $1 " " $2; lw[k] = lw[k] " " $4; lc[k] = lc[k] " " ($5 + $6); lr[k] = lr[k] " " $7 / 1024 }
		FILENAME ~ /exec/ {
			k = $1 " " $2
			if ($4 != "-") s[k] = s[k] " " $4
			if ($5 != "-") bf[k] = bf[k] " " $5
			if ($6 != "-") fi_[k] = fi_[k] " " $6
			if ($7 != "-") ei[k] = ei[k] " " $7
			if ($8 != "-") pm[k] = pm[k] " " $8 / 1000
			n[k]++
		}
		function cell(v, b, fmt) { return b ? f(v, fmt) " (" ratio(v, b) ")" : f(v, fmt) }
		END {
			print "| checks | tool | load (s) | load user+sys (s) | load peak RSS (MiB) | exec → `Starting new kernel` (s) | `Bye!` → first line (s) | first line → init (s) | exec → init (s) | purgatory'"'"'s own check (s) | boots | loads |"
			print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
			split("c ci", modes, " "); split("kt ours", tools, " ")
			for (i = 1; i <= 2; i++) for (t = 1; t <= 2; t++) {
				k = modes[i] " " tools[t]; b = modes[i] " kt"
				if (!(k in n) && !(k in lw)) continue
				kt = tools[t] == "kt"
				if (modes[i] == "c") mm = kt ? "on (`kexec-tools -l`)" : "on (`kexec -c -d -l`)"
				else mm = kt ? "off (`kexec-tools -i -l`)" : "off (`kexec -c -d -i -l`)"
				printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d |\n", mm,
					kt ? "kexec-tools" : "**ours**",
					cell(median(lw[k]), kt ? "" : median(lw[b]), "%.2f"),
					cell(median(lc[k]), kt ? "" : median(lc[b]), "%.2f"),
					cell(median(lr[k]), kt ? "" : median(lr[b]), "%.1f"),
					f(median(s[k]), "%.2f"),
					cell(median(bf[k]), kt ? "" : median(bf[b]), "%.2f"),
					cell(median(fi_[k]), kt ? "" : median(fi_[b]), "%.2f"),
					cell(median(ei[k]), kt ? "" : median(ei[b]), "%.2f"),
					(k in pm) ? sprintf("%.3f", median(pm[k])) : "–", n[k], count(lw[k])
			}
		}' "$B/load.tsv" "$B/exec.tsv"
}

# Every boot's figures, for the spread.
report_samples() {
	awk '
		BEGIN {
			print "| checks | tool | repetition | exec → `Starting new kernel` (s) | `Bye!` → first line (s) | first line → init (s) | exec → init (s) | purgatory (ms) |"
			print "|---|---|---:|---:|---:|---:|---:|---:|"
		}
		{ printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1 == "c" ? "on" : "off", $2 == "kt" ? "kexec-tools" : "ours", substr($3, 2), $4, $5, $6, $7, $8 }
	' < <(sort -k1,1 -k2,2 -k3,3V "$B/exec.tsv")
}

report() {
	local v kernel kver kpkg ksum kt_c kt_i ours_c ours_i ours_pm kt_chk ours_chk chk_ratio met lmin lmed lmax
	kernel=$(vm_kernel arm64-6.1)
	kpkg=$(readlink "$VM_ARM64_CACHE/kernels/arm64-6.1")
	kver=$(cat "$VM_ARM64_CACHE/kernels/arm64-6.1/.version")
	ksum=$(sha256sum "$kernel" | cut -c1-16)
	kt_c=$(exec_median c kt 5)
	kt_i=$(exec_median ci kt 5)
	ours_c=$(exec_median c ours 5)
	ours_i=$(exec_median ci ours 5)
	ours_pm=$(exec_median c ours 8)
	ours_lchk=$(awk -v a="$(load_median c ours)" -v b="$(load_median ci ours)" 'BEGIN { if (a != "" && b != "") printf "%.2f", a - b }')
	kt_lchk=$(awk -v a="$(load_median c kt)" -v b="$(load_median ci kt)" 'BEGIN { if (a != "" && b != "") printf "%.2f", a - b }')
	# What the check costs each tool: "Bye!" -> first line with checks, less the same without.
	kt_chk=$(awk -v a="$kt_c" -v b="$kt_i" 'BEGIN { if (a != "" && b != "") printf "%.2f", a - b }')
	ours_chk=$(awk -v a="$ours_c" -v b="$ours_i" 'BEGIN { if (a != "" && b != "") printf "%.2f", a - b }')
	chk_ratio=$(awk -v a="$ours_chk" -v b="$kt_chk" 'BEGIN { if (a != "" && b + 0 > 0) printf "%.3f", a / b }')
	met=$(awk -v r="$chk_ratio" 'BEGIN { print (r == "" ? "–" : r <= 0.25 ? "yes" : "**no**") }')
	for v in kt_c kt_i ours_c ours_i; do
		[[ -z ${!v} ]] || printf -v "$v" '%.2f' "${!v}"
	done
	read -r lmin lmed lmax < <(sort -n "$B/loadavg.txt" 2>/dev/null |
		awk '{ a[NR] = $1 } END { if (NR) print a[1], a[int((NR + 1) / 2)], a[NR] }') || true
	{
		echo "# Benchmarks, arm64: our kexec against kexec-tools (QEMU virt, TCG)"
		echo
		echo "Generated by \`$cmdline\` (bench/README.md describes the method) on $run_date, in"
		echo "$((elapsed / 60)) min $((elapsed % 60)) s, at commit \`${build_commit%% *}\`${build_commit#"${build_commit%% *}"}."
		echo
		echo "Machine: $(machine). Load average (1, 5, 15 min) $load_start at the start, $load_end at the end;"
		echo "the 1-minute figure, sampled every 10 s during the boots, ranged ${lmin:-?}–${lmax:-?} (median ${lmed:-?}),"
		echo "with $other_qemu other QEMU processes running at the start: other jobs shared the CPUs. The boots ran"
		echo "$jobs at a time, kexec-tools' and ours interleaved, so both saw the same conditions; absolute"
		echo "times are longer than on an idle machine, the ratios are what to read."
		echo
		echo "Guest: $qemu_version, \`-M virt -accel tcg -cpu $VM_ARM64_CPU -smp 1 -m 768M\` (tests/vm/lib.sh),"
		echo "CPU features ${guest_cpu:-?}."
		echo "Kernel (stage 1 and the one loaded): \`$kernel\` ($kpkg $kver, sha256 \`$ksum…\`),"
		echo "a raw Image; initrd: the harness's stage-2 initrd (${guest_sizes:-?})."
		echo "Command line: \`${guest_append:-?}\` (\`earlycon\`: the new kernel prints its first line"
		echo "from setup_arch, so \`Bye!\` → first line is the jump, the purgatory and the new kernel's"
		echo "first instructions, not its driver probing until the PL011 console registers)."
		echo "Peer: Debian bookworm's kexec-tools:arm64 $kt_version (its purgatory checks SHA-256 in C with the"
		echo "MMU and caches off). Ours: build/aarch64/kexec (static, $kexec_size B, sha256 \`$kexec_sum…\`), whose purgatory checks with the MMU and"
		echo "caches on and the ARMv8 SHA-2 instructions, and with -d reports its own time on the PL011."
		echo
		echo "## Target"
		echo
		echo "| target | measured | met |"
		echo "|---|---|---|"
		echo "| purgatory check ≤ ¼ of kexec-tools' (\`Bye!\` → first line with checks, less the same with \`-i\`) | ${ours_chk:-–} vs ${kt_chk:-–} s = **${chk_ratio:-–}×** (ours' purgatory reports ${ours_pm:-–} ms) | $met |"
		echo
		echo "With checks, \`Bye!\` → first line is ${ours_c:-–} s for ours against ${kt_c:-–} s for kexec-tools"
		echo "($(awk -v a="$ours_c" -v b="$kt_c" 'BEGIN { if (a != "" && b + 0 > 0) printf "%.3f", a / b; else printf "–" }')×); the floor, both with \`-i\`, is ${ours_i:-–} s for ours and ${kt_i:-–} s for kexec-tools."
		echo
		echo "The checks add ${ours_lchk:-–} s to ours' load and ${kt_lchk:-–} s to kexec-tools' (median load with checks less"
		echo "without): both hash the same segments in the guest at load time."
		echo
		echo "## Load and exec, medians"
		echo
		echo "One boot per sample: \`bench/vm-arm64-exec.sh\` run by \`tests/vm/run -j $jobs\` (scenario"
		echo "wrappers in build/bench/arm64/vm/, console logs in build/bench/arm64/vm-logs/). Every boot loads"
		echo "with both tools (the one that does not execute first, then \`-u\`), timed in the guest by"
		echo "\`bench-time\` (bench/fake-kexec.c built for aarch64, \`-n\`: real syscalls), so each tool has two"
		echo "loads per boot of a mode. The host stamps serial lines as they arrive; \"first line\" is the new"
		echo "kernel's \`Booting Linux on physical CPU\`, \"init\" its init's first line (\`STAGE2 cmdline\`)."
		echo "Ratios to kexec-tools in brackets."
		echo
		report_table
		echo
		echo "### Every boot"
		echo
		report_samples
	} >"$out"
	log "wrote $out"
}

main() {
	if ((report_only)); then
		[[ -f $B/state.sh ]] || die "no data from an earlier run in $B"
		# shellcheck source=/dev/null
		. "$B/state.sh"
		parse
		report
		exit 0
	fi
	build
	vm
	parse
	elapsed=$(((${EPOCHREALTIME/[.,]/} - start_time) / 1000000))
	run_date=$(date -u '+%Y-%m-%d %H:%M UTC')
	load_end=$(cut -d' ' -f1-3 /proc/loadavg)
	qemu_version=$(qemu-system-aarch64 --version | head -n 1 | sed 's/^QEMU emulator version /QEMU /')
	kt_version=$(cat "$VM_ARM64_CACHE/peers/kexec-tools/.version" 2>/dev/null || echo '?')
	declare -p elapsed run_date load_start load_end cmdline jobs reps other_qemu qemu_version \
		kt_version build_commit kexec_sum kexec_size >"$B/state.sh"
	report
}

main
exit
