// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec --last-reboot and --record-reboot. The shutdown check (kexec-load) says how the machine
 * is about to come back, and why, in /var/lib/kexec/last-reboot; the next boot reads it and
 * puts it beside the times only the new boot knows: when its kernel started and when
 * multi-user.target was reached.
 *
 * The clocks: the record's time is CLOCK_REALTIME, the only clock that runs across a reboot.
 * The kernel's start is CLOCK_REALTIME - CLOCK_BOOTTIME now (the same sum the kernel makes for
 * btime in /proc/stat, with microseconds kept); if the real-time clock was stepped since the
 * boot (NTP), that step moves the start with it. multi-user.target's time is systemd's
 * ActiveEnterTimestampMonotonic, CLOCK_MONOTONIC, which equals CLOCK_BOOTTIME unless the
 * machine was suspended before the target was reached.
 *
 * What cannot be known from the record alone: a boot that ended without a clean shutdown (a
 * crash, a power cut, a kdump) writes nothing, so the record then describes the shutdown
 * before it. Its boot_id names the boot it came from; `journalctl --list-boots` tells whether
 * that was the previous one.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "escape.h"
#include "json.h"
#include "kexec-state.h"
#include "last-reboot.h"
#include "load-record.h"
#include "log.h"
#include "parse.h"

extern char **environ;

enum record_state {
	RECORD_NONE,
	RECORD_VALID,
	RECORD_INVALID,
	RECORD_THIS_BOOT, /* written during this boot: no reboot since */
};

static const char *const record_state_names[] = {
	[RECORD_NONE] = "none",
	[RECORD_VALID] = "valid",
	[RECORD_INVALID] = "invalid",
	[RECORD_THIS_BOOT] = "this-boot",
};

static int64_t timespec_us(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000 + ts->tv_nsec / 1000;
}

/*
 * systemd's ActiveEnterTimestampMonotonic for multi-user.target, in µs; 0 means not reached.
 * Asked through systemctl: the value lives in PID 1 and is exported only over D-Bus.
 */
static int multi_user_monotonic(uint64_t *ret)
{
	char *argv[] = { "systemctl", "show", "-p", "ActiveEnterTimestampMonotonic", "--value",
			 "multi-user.target", NULL };
	posix_spawn_file_actions_t fa;
	char buf[64];
	size_t len = 0;
	int pipefd[2], status, r;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return negative_errno();
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	r = -posix_spawnp(&pid, "systemctl", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (r < 0) {
		close(pipefd[0]);
		return r;
	}
	for (;;) {
		ssize_t n = read(pipefd[0], buf + len, sizeof(buf) - 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len == sizeof(buf) - 1)
			break;
	}
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return negative_errno();
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -EIO;
	buf[len] = '\0';
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	return parse_u64(buf, 10, ret, NULL) < 0 ? -EBADMSG : 0;
}

void boot_clock_read(int rootfd, struct boot_clock *ret)
{
	struct timespec real, boot;
	struct stat st;
	uint64_t mono;

	clock_gettime(CLOCK_REALTIME, &real);
	clock_gettime(CLOCK_BOOTTIME, &boot);
	ret->kernel_start_us = timespec_us(&real) - timespec_us(&boot);
	ret->multi_user_us = BOOT_CLOCK_UNKNOWN;
	/* systemd's own test for "booted with systemd" (sd_booted). */
	if (fstatat(rootfd, "run/systemd/system", &st, 0) < 0 || !S_ISDIR(st.st_mode))
		return;
	if (multi_user_monotonic(&mono) < 0 || mono > INT64_MAX / 2)
		return;
	ret->multi_user_us = mono == 0 ? BOOT_CLOCK_NOT_YET : ret->kernel_start_us + (int64_t)mono;
}

/* "2026-12-03T17:40:01.123Z" */
static const char *time_text(int64_t us, char buf[40])
{
	int64_t sec = us >= 0 ? us / 1000000 : (us - 999999) / 1000000;
	char s[32];

	if (load_record_time(sec, s, sizeof(s)) < 0) {
		snprintf(buf, 40, "(out of range)");
		return buf;
	}
	s[strlen(s) - 1] = '\0'; /* the Z */
	snprintf(buf, 40, "%s.%03dZ", s, (int)((us - sec * 1000000) / 1000));
	return buf;
}

struct report {
	enum record_state state;
	struct diag problem;
	struct reboot_record rec;
	int64_t shutdown_us;
};

/* Whether @boot_id is this boot's (false when that cannot be read). */
static bool is_this_boot(int rootfd, const char *boot_id)
{
	_cleanup_free_ char *now = NULL;

	return load_record_boot_id(rootfd, &now) == 0 && strcmp(now, boot_id) == 0;
}

static void gather(int rootfd, struct report *rep)
{
	int r;

	*rep = (struct report){};
	r = reboot_record_read_at(rootfd, &rep->rec, &rep->problem);
	if (r == -ENOENT) {
		rep->state = RECORD_NONE;
		return;
	}
	if (r < 0) {
		rep->state = RECORD_INVALID;
		return;
	}
	rep->state = RECORD_VALID;
	rep->shutdown_us = rep->rec.time_sec * 1000000 + rep->rec.time_nsec / 1000;
	/* Written by this boot: the shutdown it announced has not happened (yet). */
	if (is_this_boot(rootfd, rep->rec.boot_id)) {
		rep->state = RECORD_THIS_BOOT;
		diag_set(&rep->problem, "written during this boot: no reboot since");
	}
}

static void json_time(struct json_writer *w, const char *key, int64_t us)
{
	char buf[40];

	if (us < 0)
		json_null(w, key);
	else
		json_string(w, key, time_text(us, buf));
}

static void json_ms(struct json_writer *w, const char *key, int64_t from, int64_t to, bool ok)
{
	if (ok && to >= from)
		json_uint(w, key, (uint64_t)(to - from) / 1000);
	else
		json_null(w, key);
}

static const char *multi_user_state(const struct boot_clock *clk)
{
	return clk->multi_user_us >= 0 ? "reached" :
	       clk->multi_user_us == BOOT_CLOCK_NOT_YET ? "not-yet" : "unknown";
}

static void report_json(const struct report *rep, const struct boot_clock *clk, FILE *out)
{
	struct json_writer w = json_writer_init(out);
	bool valid = rep->state == RECORD_VALID;
	/* A record from after this kernel's start is not about the reboot that started it. */
	bool ordered = valid && rep->shutdown_us <= clk->kernel_start_us;

	json_begin_object(&w, NULL);
	json_string(&w, "record", record_state_names[rep->state]);
	json_string(&w, "record_problem", diag_empty(&rep->problem) ? NULL : rep->problem.msg);
	json_string(&w, "path", "/" REBOOT_RECORD_PATH);
	json_string(&w, "via", valid ? reboot_via_name(rep->rec.via) : NULL);
	json_string(&w, "reason", valid ? rep->rec.reason : NULL);
	json_string(&w, "kernel", valid ? rep->rec.kernel : NULL);
	json_string(&w, "kernel_version", valid ? rep->rec.kernel_version : NULL);
	json_string(&w, "loaded_by", valid ? rep->rec.loaded_by : NULL);
	json_string(&w, "boot_id", valid ? rep->rec.boot_id : NULL);
	json_time(&w, "shutdown_time", valid ? rep->shutdown_us : -1);
	json_time(&w, "kernel_start_time", clk->kernel_start_us);
	json_string(&w, "multi_user", multi_user_state(clk));
	json_time(&w, "multi_user_time", clk->multi_user_us);
	json_ms(&w, "shutdown_to_kernel_ms", rep->shutdown_us, clk->kernel_start_us, ordered);
	json_ms(&w, "kernel_to_multi_user_ms", clk->kernel_start_us, clk->multi_user_us,
		clk->multi_user_us >= 0);
	json_ms(&w, "downtime_ms", rep->shutdown_us, clk->multi_user_us,
		ordered && clk->multi_user_us >= 0);
	json_end_object(&w);
	fputc('\n', out);
}

#define LABEL_WIDTH 20

/* One line: the label, padded, then the value with anything a terminal would obey escaped. */
_printf_(3, 4) static void row(FILE *f, const char *label, const char *fmt, ...)
{
	_cleanup_free_ char *text = NULL, *safe = NULL;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (r < 0 || cescape(text, ESCAPE_DISPLAY, &safe) < 0) {
		fprintf(f, "%-*s(out of memory)\n", LABEL_WIDTH, label);
		return;
	}
	fprintf(f, "%-*s%s\n", LABEL_WIDTH, label, safe);
}

static void report_text(const struct report *rep, const struct boot_clock *clk, FILE *out)
{
	const struct reboot_record *r = &rep->rec;
	char t1[40], t2[40];

	switch (rep->state) {
	case RECORD_NONE:
		fprintf(out, "no record of the last shutdown in /%s (kexec-load writes one at each "
			"shutdown of a system with kexec-ng's integration)\n", REBOOT_RECORD_PATH);
		break;
	case RECORD_INVALID:
		row(out, "record:", "/%s is unusable: %s; the next shutdown replaces it",
		    REBOOT_RECORD_PATH, rep->problem.msg);
		break;
	case RECORD_THIS_BOOT:
		row(out, "record:", "/%s was written during this boot (%s): no reboot since",
		    REBOOT_RECORD_PATH, time_text(rep->shutdown_us, t1));
		break;
	case RECORD_VALID:
		if (r->via == REBOOT_VIA_NONE)
			row(out, "last shutdown:", "not a reboot (powered off or halted), at %s",
			    time_text(rep->shutdown_us, t1));
		else
			row(out, "last reboot:", "through %s, shutdown check at %s",
			    r->via == REBOOT_VIA_KEXEC ? "kexec" : "the firmware",
			    time_text(rep->shutdown_us, t1));
		row(out, "  why:", "%s", r->reason);
		if (r->kernel)
			row(out, "  kernel:", "%s%s%s%s", r->kernel, r->kernel_version ? " (" : "",
			    r->kernel_version ? r->kernel_version : "", r->kernel_version ? ")" : "");
		if (r->loaded_by)
			row(out, "  loaded by:", "%s", r->loaded_by);
		break;
	}
	if (rep->state == RECORD_VALID && rep->shutdown_us <= clk->kernel_start_us)
		row(out, "kernel started:", "%s, %.1f s after the shutdown check",
		    time_text(clk->kernel_start_us, t1),
		    (double)(clk->kernel_start_us - rep->shutdown_us) / 1e6);
	else
		row(out, "kernel started:", "%s", time_text(clk->kernel_start_us, t1));
	if (clk->multi_user_us >= 0) {
		row(out, "multi-user.target:", "%s, %.1f s after the kernel started",
		    time_text(clk->multi_user_us, t2),
		    (double)(clk->multi_user_us - clk->kernel_start_us) / 1e6);
		if (rep->state == RECORD_VALID && rep->shutdown_us <= clk->kernel_start_us)
			row(out, "downtime:", "%.1f s (shutdown check to multi-user.target)",
			    (double)(clk->multi_user_us - rep->shutdown_us) / 1e6);
	} else {
		row(out, "multi-user.target:", "%s", clk->multi_user_us == BOOT_CLOCK_NOT_YET ?
		    "not reached yet" : "unknown (no systemd)");
	}
}

enum kexec_exit kexec_last_reboot(int rootfd, const struct boot_clock *clk, bool json, FILE *out)
{
	struct report rep;

	gather(rootfd, &rep);
	if (json)
		report_json(&rep, clk, out);
	else
		report_text(&rep, clk, out);
	reboot_record_done(&rep.rec);
	return KEXEC_EXIT_OK;
}

enum kexec_exit kexec_record_reboot(int rootfd, enum reboot_via via, const char *reason)
{
	_cleanup_(reboot_record_done) struct reboot_record rec = { .via = via };
	_cleanup_(load_record_done) struct load_record loaded = {};
	struct diag why;
	struct timespec now;
	int r;

	if (reason[0] == '\0' || strlen(reason) > REBOOT_RECORD_MAX_REASON) {
		log_error("--reason must say why, in 1 to %d bytes", REBOOT_RECORD_MAX_REASON);
		return KEXEC_EXIT_USAGE;
	}
	r = load_record_boot_id(rootfd, &rec.boot_id);
	if (r < 0) {
		log_error_errno(r, "cannot read this boot's id (/proc/sys/kernel/random/boot_id): "
				"%m; is /proc mounted?");
		return KEXEC_EXIT_FAILED;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	rec.time_sec = now.tv_sec;
	rec.time_nsec = (uint32_t)now.tv_nsec;
	rec.reason = strdup(reason);
	if (!rec.reason) {
		log_error("out of memory");
		return KEXEC_EXIT_RESOURCES;
	}
	/* Which kernel: our own load record, if it is this boot's and the kernel says loaded. */
	if (via == REBOOT_VIA_KEXEC && kexec_state_loaded(rootfd, false) > 0 &&
	    load_record_read_at(rootfd, false, &loaded, &why) == 0) {
		rec.kernel = TAKE_PTR(loaded.kernel_realpath);
		if (!rec.kernel)
			rec.kernel = TAKE_PTR(loaded.kernel);
		rec.kernel_version = TAKE_PTR(loaded.kernel_version);
		rec.loaded_by = TAKE_PTR(loaded.loaded_by);
	}
	r = reboot_record_write_at(rootfd, &rec);
	if (r == -EACCES || r == -EPERM) {
		log_error_errno(r, "cannot write /%s: %m; run as root", REBOOT_RECORD_PATH);
		return KEXEC_EXIT_PERMISSION;
	}
	if (r < 0) {
		log_error_errno(r, "cannot write /%s: %m%s", REBOOT_RECORD_PATH,
				r == -EROFS ? " (too late in the shutdown: call it before file "
				"systems are remounted read-only)" : "");
		return KEXEC_EXIT_FAILED;
	}
	return KEXEC_EXIT_OK;
}
