// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The reboot record (reboot-record.h) that kexec-load's shutdown check writes and kexec
 * --last-reboot reads at the next boot: written and read back field by field, written
 * atomically with the right mode, and read as hostile input (a table of broken records, each
 * with the reason the parser must give), then truncated at every byte: the parser returns an
 * error or a record that formats back to itself, never crashes (also run under ASan + UBSan).
 */
#include <errno.h>
#include <sys/stat.h>

#include "fixture.h"
#include "reboot-record.h"

#define BOOT_A "3f1b0e5c-8d2a-4b7e-9c61-0a2f4d6e8b10"

static const char good[] = "# comment\n"
			   "format=1\n"
			   "boot_id=" BOOT_A "\n"
			   "time=1764783601.123456789\n"
			   "via=kexec\n"
			   "reason=the configured kernel is loaded\n"
			   "kernel=/boot/vmlinuz-6.1.0-50-cloud-amd64\n"
			   "kernel_version=6.1.0-50-cloud-amd64 (debian-kernel@lists.debian.org)\n"
			   "loaded_by=kexec-load\n"
			   "end=\n";

static void check_same(const struct reboot_record *a, const struct reboot_record *b)
{
	CHECK_EQ_STR(a->boot_id, b->boot_id);
	CHECK_EQ_INT(a->time_sec, b->time_sec);
	CHECK_EQ_INT(a->time_nsec, b->time_nsec);
	CHECK_EQ_INT(a->via, b->via);
	CHECK_EQ_STR(a->reason, b->reason);
	CHECK(!!a->kernel == !!b->kernel);
	if (a->kernel && b->kernel)
		CHECK_EQ_STR(a->kernel, b->kernel);
	CHECK(!!a->kernel_version == !!b->kernel_version);
	if (a->kernel_version && b->kernel_version)
		CHECK_EQ_STR(a->kernel_version, b->kernel_version);
	CHECK(!!a->loaded_by == !!b->loaded_by);
	if (a->loaded_by && b->loaded_by)
		CHECK_EQ_STR(a->loaded_by, b->loaded_by);
}

/* Parse @text; if it parses, it must format back to text that parses to the same record. */
static int parse_round_trip(const char *text, size_t len, struct diag *why)
{
	struct reboot_record r = {}, back = {};
	char *again = NULL;
	int k = reboot_record_parse(text, len, &r, why);

	if (k < 0)
		return k;
	CHECK_EQ_INT(reboot_record_format(&r, &again), 0);
	if (again) {
		CHECK_EQ_INT(reboot_record_parse(again, strlen(again), &back, NULL), 0);
		check_same(&r, &back);
	}
	free(again);
	reboot_record_done(&r);
	reboot_record_done(&back);
	return 0;
}

static void test_good(void)
{
	struct reboot_record r = {};
	struct diag why;

	CHECK_EQ_INT(reboot_record_parse(good, strlen(good), &r, &why), 0);
	CHECK_EQ_STR(r.boot_id, BOOT_A);
	CHECK_EQ_INT(r.time_sec, 1764783601);
	CHECK_EQ_INT(r.time_nsec, 123456789);
	CHECK_EQ_INT(r.via, REBOOT_VIA_KEXEC);
	CHECK_EQ_STR(r.reason, "the configured kernel is loaded");
	CHECK(r.kernel && strcmp(r.kernel, "/boot/vmlinuz-6.1.0-50-cloud-amd64") == 0);
	CHECK(r.loaded_by && strcmp(r.loaded_by, "kexec-load") == 0);
	reboot_record_done(&r);
	CHECK_EQ_INT(parse_round_trip(good, strlen(good), &why), 0);

	/* Optional fields absent; an unknown key of a later format 1 skipped; no newline at the end. */
	static const char minimal[] = "format=1\nboot_id=" BOOT_A "\ntime=0.000000000\nvia=none\n"
				      "reason=not a reboot\nlater_key=whatever\nend=";
	CHECK_EQ_INT(reboot_record_parse(minimal, strlen(minimal), &r, &why), 0);
	CHECK_EQ_INT(r.via, REBOOT_VIA_NONE);
	CHECK(r.kernel == NULL && r.kernel_version == NULL && r.loaded_by == NULL);
	reboot_record_done(&r);
}

static void test_hostile(void)
{
	static const struct {
		const char *name, *text;
		int err;
		const char *why;
	} cases[] = {
		{ "empty", "", -EBADMSG, "empty" },
		{ "comments only", "# x\n\n", -EBADMSG, "empty" },
		{ "no format first", "boot_id=" BOOT_A "\nformat=1\nend=\n", -EBADMSG,
		  "does not start with format=" },
		{ "format 2", "format=2\nanything goes=here\n", -EPROTONOSUPPORT, "record format 2" },
		{ "format twice", "format=1\nformat=1\n", -EBADMSG, "format= appears twice" },
		{ "not key=value", "format=1\nhello\n", -EBADMSG, "not key=value" },
		{ "key with a space", "format=1\nbad key=1\n", -EBADMSG, "not key=value" },
		{ "upper-case key", "format=1\nVIA=kexec\n", -EBADMSG, "not key=value" },
		{ "cut short", "format=1\nboot_id=" BOOT_A "\ntime=1.000000000\nvia=kexec\n"
		  "reason=r\n", -EBADMSG, "cut short" },
		{ "text after end", "format=1\nend=\nvia=kexec\n", -EBADMSG, "text after end=" },
		{ "end with a value", "format=1\nend=x\n", -EBADMSG, "end= has a value" },
		{ "no boot_id", "format=1\ntime=1.000000000\nvia=kexec\nreason=r\nend=\n",
		  -EBADMSG, "no boot_id=" },
		{ "no time", "format=1\nboot_id=" BOOT_A "\nvia=kexec\nreason=r\nend=\n", -EBADMSG,
		  "no time=" },
		{ "no via", "format=1\nboot_id=" BOOT_A "\ntime=1.000000000\nreason=r\nend=\n",
		  -EBADMSG, "no via=" },
		{ "no reason", "format=1\nboot_id=" BOOT_A "\ntime=1.000000000\nvia=kexec\nend=\n",
		  -EBADMSG, "no reason=" },
		{ "empty reason", "format=1\nboot_id=" BOOT_A "\ntime=1.000000000\nvia=kexec\n"
		  "reason=\nend=\n", -EBADMSG, "reason= is empty" },
		{ "empty kernel", "format=1\nboot_id=" BOOT_A "\ntime=1.000000000\nvia=kexec\n"
		  "reason=r\nkernel=\nend=\n", -EBADMSG, "kernel= is empty" },
		{ "boot id not one", "format=1\nboot_id=../../etc\ntime=1.000000000\nvia=kexec\n"
		  "reason=r\nend=\n", -EBADMSG, "not a boot id" },
		{ "via unknown", "format=1\nvia=teleport\n", -EBADMSG, "bad value for via=" },
		{ "via twice", "format=1\nvia=kexec\nvia=firmware\n", -EBADMSG, "via= appears twice" },
		{ "reason twice", "format=1\nreason=a\nreason=b\n", -EBADMSG,
		  "reason= appears twice" },
		{ "time without fraction", "format=1\ntime=1764783601\n", -EBADMSG,
		  "bad value for time=" },
		{ "time short fraction", "format=1\ntime=1.5\n", -EBADMSG, "bad value for time=" },
		{ "time negative", "format=1\ntime=-1.000000000\n", -EBADMSG, "bad value for time=" },
		{ "time huge", "format=1\ntime=99999999999999999999.000000000\n", -EBADMSG,
		  "bad value for time=" },
		{ "time above int64", "format=1\ntime=9223372036854775808.000000000\n", -EBADMSG,
		  "bad value for time=" },
		{ "time no seconds", "format=1\ntime=.000000000\n", -EBADMSG, "bad value for time=" },
		{ "time hex", "format=1\ntime=0x10.000000000\n", -EBADMSG, "bad value for time=" },
		{ "bad escape", "format=1\nreason=a\\q\n", -EBADMSG, "bad escape in reason=" },
		{ "escaped NUL", "format=1\nreason=a\\x00b\n", -EBADMSG, "bad escape in reason=" },
		{ "cut escape", "format=1\nreason=a\\x4\n", -EBADMSG, "bad escape in reason=" },
	};
	struct diag why;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int k = parse_round_trip(cases[i].text, strlen(cases[i].text), &why);

		if (k != cases[i].err || !strstr(why.msg, cases[i].why)) {
			unit_failures++;
			fprintf(stderr, "%s: got %d \"%s\", want %d \"%s\"\n", cases[i].name, k,
				why.msg, cases[i].err, cases[i].why);
		}
	}

	/* A NUL byte inside; a record over the cap; a reason over its cap. */
	static const char nul[] = "format=1\nreason=a\0b\nend=\n";
	CHECK_EQ_INT(parse_round_trip(nul, sizeof(nul) - 1, &why), -EBADMSG);
	CHECK(strstr(why.msg, "NUL") != NULL);
	size_t big = REBOOT_RECORD_MAX_SIZE + 1;
	char *t = malloc(big);
	CHECK(t != NULL);
	if (t) {
		memset(t, '#', big);
		CHECK_EQ_INT(parse_round_trip(t, big, &why), -EBADMSG);
		CHECK(strstr(why.msg, "larger than any record") != NULL);
		free(t);
	}
	char longreason[REBOOT_RECORD_MAX_REASON + 200];
	int n = snprintf(longreason, sizeof(longreason),
			 "format=1\nboot_id=" BOOT_A "\ntime=1.000000000\nvia=kexec\nreason=");
	memset(longreason + n, 'r', REBOOT_RECORD_MAX_REASON + 1);
	strcpy(longreason + n + REBOOT_RECORD_MAX_REASON + 1, "\nend=\n");
	CHECK_EQ_INT(parse_round_trip(longreason, strlen(longreason), &why), -EBADMSG);
	CHECK(strstr(why.msg, "longer than") != NULL);

	/* Every prefix of the good record (a write cut anywhere) fails, but the whole one. */
	for (size_t len = 0; len < strlen(good); len++) {
		int k = parse_round_trip(good, len, &why);

		/* Only a cut after "end=" (the final newline alone) still parses. */
		if (len == strlen(good) - 1)
			CHECK_EQ_INT(k, 0);
		else if (k != -EBADMSG && k != -EPROTONOSUPPORT) { /* "format=" cut: version "" */
			unit_failures++;
			fprintf(stderr, "prefix %zu: got %d\n", len, k);
		}
	}
	/* Every single-byte mutation: parses to something self-consistent, or fails cleanly. */
	for (size_t i = 0; i < strlen(good); i++) {
		static const char bytes[] = { '\0', '\n', '=', '\\', 'x', '\x7f', '\xff', '.', '-' };

		for (size_t b = 0; b < sizeof(bytes); b++) {
			char m[sizeof(good)];

			memcpy(m, good, sizeof(good));
			m[i] = bytes[b];
			(void)parse_round_trip(m, strlen(good), &why);
		}
	}
}

static void test_write_read(void)
{
	struct reboot_record r = {
		.boot_id = BOOT_A,
		.time_sec = 1764783601,
		.time_nsec = 5,
		.via = REBOOT_VIA_FIRMWARE,
		.reason = "cannot load /vmlinuz (kexec exit 7: a\nnewline, a \\ and \x1b[31m)",
	}, back = {};
	struct fixture f;
	struct diag why;
	struct stat st;

	fixture_init(&f);
	CHECK_EQ_INT(reboot_record_read_at(f.root, &back, &why), -ENOENT);
	umask(077);
	CHECK_EQ_INT(reboot_record_write_at(f.root, &r), 0);
	umask(022);
	CHECK_EQ_INT(fstatat(f.root, REBOOT_RECORD_PATH, &st, 0), 0);
	CHECK_EQ_INT(st.st_mode & 07777, 0644);
	CHECK_EQ_INT(fstatat(f.root, REBOOT_RECORD_DIR, &st, 0), 0);
	CHECK(S_ISDIR(st.st_mode));
	CHECK_EQ_INT(reboot_record_read_at(f.root, &back, &why), 0);
	check_same(&r, &back);
	reboot_record_done(&back);
	/* Written again over the old one; no temporary file left behind. */
	r.via = REBOOT_VIA_KEXEC;
	r.kernel = "/boot/vmlinuz";
	CHECK_EQ_INT(reboot_record_write_at(f.root, &r), 0);
	CHECK_EQ_INT(reboot_record_read_at(f.root, &back, &why), 0);
	check_same(&r, &back);
	reboot_record_done(&back);
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "test \"$(ls -A %s/var/lib/kexec)\" = last-reboot", f.dir);
		CHECK_EQ_INT(system(cmd), 0);
	}
	/* A record that is not a regular file is not read (a FIFO would block the reader). */
	CHECK_EQ_INT(unlinkat(f.root, REBOOT_RECORD_PATH, 0), 0);
	CHECK_EQ_INT(mkfifoat(f.root, REBOOT_RECORD_PATH, 0644), 0);
	CHECK_EQ_INT(reboot_record_read_at(f.root, &back, &why), -EBADMSG);
	CHECK(strstr(why.msg, "not a regular file") != NULL);
	CHECK_EQ_INT(unlinkat(f.root, REBOOT_RECORD_PATH, 0), 0);
	CHECK_EQ_INT(symlinkat("/etc/passwd", f.root, REBOOT_RECORD_PATH), 0);
	CHECK_EQ_INT(reboot_record_read_at(f.root, &back, &why), -EBADMSG);
	/* Required fields missing: refused before anything is written. */
	r.reason = "";
	CHECK_EQ_INT(reboot_record_write_at(f.root, &r), -EINVAL);
	fixture_done(&f);
}

int main(void)
{
	test_good();
	test_hostile();
	test_write_read();
	return unit_summary("test-reboot-record");
}
