// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The load record kexec --show reads (load-record.h): written and read back field by field,
 * written atomically with the right modes, tied to the boot it was written in, and read as
 * hostile input: truncated, huge, binary, incomplete, another version, duplicated or unknown
 * keys, bad escapes and numbers. Whatever the bytes, the parser returns an error or a record
 * that formats back to itself, and never crashes (this file also runs under ASan + UBSan).
 */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include "gen-record.h"
#include "load-record.h"

static void check_same(const struct load_record *a, const struct load_record *b)
{
	CHECK_EQ_INT(a->crash, b->crash);
	CHECK_EQ_STR(a->boot_id, b->boot_id);
	CHECK_EQ_STR(a->loaded_at, b->loaded_at);
	CHECK_EQ_STR(a->loaded_by, b->loaded_by);
	CHECK_EQ_STR(a->syscall, b->syscall);
	CHECK_EQ_INT(a->flags, b->flags);
	CHECK_EQ_STR(a->kernel, b->kernel);
	CHECK(!!a->kernel_realpath == !!b->kernel_realpath);
	if (a->kernel_realpath && b->kernel_realpath)
		CHECK_EQ_STR(a->kernel_realpath, b->kernel_realpath);
	CHECK_EQ_INT(a->kernel_size, b->kernel_size);
	CHECK_EQ_INT(a->has_mtime, b->has_mtime);
	CHECK_EQ_INT(a->kernel_mtime_sec, b->kernel_mtime_sec);
	CHECK_EQ_INT(a->kernel_mtime_nsec, b->kernel_mtime_nsec);
	CHECK_EQ_STR(a->kernel_sha256, b->kernel_sha256);
	CHECK(!!a->kernel_format == !!b->kernel_format);
	if (a->kernel_format && b->kernel_format)
		CHECK_EQ_STR(a->kernel_format, b->kernel_format);
	CHECK(!!a->kernel_version == !!b->kernel_version);
	if (a->kernel_version && b->kernel_version)
		CHECK_EQ_STR(a->kernel_version, b->kernel_version);
	CHECK_EQ_INT(a->nr_initrds, b->nr_initrds);
	for (size_t i = 0; i < a->nr_initrds && i < b->nr_initrds; i++) {
		CHECK_EQ_STR(a->initrds[i].path, b->initrds[i].path);
		CHECK_EQ_INT(a->initrds[i].size, b->initrds[i].size);
	}
	CHECK_EQ_STR(a->cmdline, b->cmdline);
}

/* Format, parse, compare; returns the text (malloc'd). */
static char *round_trip(const struct load_record *r)
{
	struct load_record back = {};
	struct diag why = {};
	char *text = NULL;

	CHECK_EQ_INT(load_record_format(r, &text), 0);
	if (!text)
		return NULL;
	CHECK_EQ_INT(load_record_parse(text, strlen(text), r->crash, &back, &why), 0);
	if (!diag_empty(&why))
		fprintf(stderr, "parse: %s\n", why.msg);
	check_same(r, &back);
	load_record_done(&back);
	return text;
}

static void test_round_trip(void)
{
	struct load_record r;
	char *text;

	gen_record(&r, false);
	text = round_trip(&r);
	/* The documented form: version first, end last. */
	CHECK(text && strstr(text, "\nformat=1\nimage=normal\n"));
	CHECK(text && strstr(text, "\ninitrd=12345 /boot/ucode.img\n"));
	CHECK(text && strlen(text) > 5 && strcmp(text + strlen(text) - 5, "end=\n") == 0);
	free(text);
	load_record_done(&r);

	/* Optional fields absent; no initrd; an empty command line. */
	gen_record(&r, true);
	free(r.kernel_realpath);
	free(r.kernel_format);
	free(r.kernel_version);
	r.kernel_realpath = r.kernel_format = r.kernel_version = NULL;
	r.has_mtime = false;
	r.kernel_mtime_sec = 0;
	r.kernel_mtime_nsec = 0;
	for (size_t i = 0; i < r.nr_initrds; i++)
		free(r.initrds[i].path);
	r.nr_initrds = 0;
	free(r.cmdline);
	r.cmdline = strdup("");
	free(round_trip(&r));
	load_record_done(&r);

	/* Every byte but NUL in the strings: newlines, '=', '#', backslashes, escapes' look-alikes,
	 * invalid UTF-8. */
	gen_record(&r, false);
	{
		char odd[256];

		for (int i = 1; i < 256; i++)
			odd[i - 1] = (char)i;
		odd[255] = '\0';
		free(r.kernel);
		r.kernel = strdup(odd);
		free(r.cmdline);
		r.cmdline = strdup("a=\"b c\" \\x41 \\n\n#not a comment\nend=\n= x");
		free(r.loaded_by);
		r.loaded_by = strdup("kexec-load\n\t\x1b[2J");
		free(r.initrds[1].path);
		r.initrds[1].path = strdup("/boot/in itrd\n with spaces and \xff\xfe");
	}
	free(round_trip(&r));
	load_record_done(&r);

	/* The most initrds a record holds. */
	gen_record(&r, false);
	for (size_t i = r.nr_initrds; i < LOAD_RECORD_MAX_INITRDS; i++) {
		char p[32];

		snprintf(p, sizeof(p), "/boot/extra-%zu", i);
		r.initrds[i] = (struct load_record_initrd){ strdup(p), i * 1000 + 1 };
	}
	r.nr_initrds = LOAD_RECORD_MAX_INITRDS;
	free(round_trip(&r));
	load_record_done(&r);

	/* A record missing a required field cannot be formatted. */
	gen_record(&r, false);
	free(r.boot_id);
	r.boot_id = NULL;
	text = NULL;
	CHECK_EQ_INT(load_record_format(&r, &text), -EINVAL);
	CHECK(text == NULL);
	load_record_done(&r);
}

static int parse_text(const char *text, size_t len, bool crash)
{
	struct load_record r = {};
	struct diag why = {};
	int ret = load_record_parse(text, len, crash, &r, &why);

	if (ret < 0)
		CHECK(!diag_empty(&why) || ret == -ENOMEM);
	load_record_done(&r);
	return ret;
}

/* @base with the line starting "@key=" replaced by @line ("" drops it). */
static char *replace_line(const char *base, const char *key, const char *line)
{
	char *out = malloc(strlen(base) + strlen(line) + 2);
	char prefix[64];
	const char *p = base;
	char *o = out;

	snprintf(prefix, sizeof(prefix), "%s=", key);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);

		if (strncmp(p, prefix, strlen(prefix)) == 0) {
			if (*line)
				o += sprintf(o, "%s\n", line);
		} else {
			memcpy(o, p, n);
			o += n;
		}
		p += n;
	}
	*o = '\0';
	return out;
}

static void test_hostile(void)
{
	static const char *const required[] = {
		"image", "boot_id", "loaded_at", "loaded_by", "syscall", "flags", "kernel",
		"kernel_size", "kernel_sha256", "cmdline", "end",
	};
	static const struct {
		const char *key, *line;
		int ret;
	} bad[] = {
		{ "format", "format=2", -EPROTONOSUPPORT },
		{ "format", "format=", -EPROTONOSUPPORT },
		{ "format", "format=1 ", -EPROTONOSUPPORT },
		{ "format", "format", -EBADMSG },
		{ "format", "", -EBADMSG },
		{ "image", "image=crash", -EBADMSG },
		{ "image", "image=", -EBADMSG },
		{ "boot_id", "boot_id=not a boot id", -EBADMSG },
		{ "boot_id", "boot_id=", -EBADMSG },
		{ "loaded_at", "loaded_at=yesterday", -EBADMSG },
		{ "loaded_at", "loaded_at=2026-03-04 05:06:07", -EBADMSG },
		{ "syscall", "syscall=kexec", -EBADMSG },
		{ "flags", "flags=0xg", -EBADMSG },
		{ "flags", "flags=-1", -EBADMSG },
		{ "flags", "flags=0x10000000000000000", -EBADMSG },
		{ "kernel", "kernel=", -EBADMSG },
		{ "kernel_size", "kernel_size=12k", -EBADMSG },
		{ "kernel_size", "kernel_size=", -EBADMSG },
		{ "kernel_size", "kernel_size=99999999999999999999", -EBADMSG },
		{ "kernel_mtime", "kernel_mtime=12", -EBADMSG },
		{ "kernel_mtime", "kernel_mtime=12.1234567890", -EBADMSG },
		{ "kernel_mtime", "kernel_mtime=.123456789", -EBADMSG },
		{ "kernel_mtime", "kernel_mtime=1.999999999x", -EBADMSG },
		{ "kernel_sha256", "kernel_sha256=abc", -EBADMSG },
		{ "kernel_sha256",
		  "kernel_sha256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", -EBADMSG },
		{ "cmdline", "cmdline=\\q", -EBADMSG },
		{ "cmdline", "cmdline=ends in \\", -EBADMSG },
		{ "cmdline", "cmdline=\\x0", -EBADMSG },
		{ "cmdline", "cmdline=\\x00", -EBADMSG },
		{ "cmdline", "cmdline=\\xzz", -EBADMSG },
		{ "initrd", "initrd=/boot/initrd.img", -EBADMSG },
		{ "initrd", "initrd=12 ", -EBADMSG },
		{ "initrd", "initrd= /boot/initrd.img", -EBADMSG },
		{ "initrd", "initrd=x /boot/initrd.img", -EBADMSG },
		{ "end", "end=1", -EBADMSG },
		{ "end", "end", -EBADMSG },
		{ "loaded_by", "a line without an equals sign", -EBADMSG },
		{ "loaded_by", "Loaded_By=upper case key", -EBADMSG },
		{ "loaded_by", "=no key", -EBADMSG },
		{ "loaded_by", "loaded-by=dash", -EBADMSG },
	};
	struct load_record r;
	char *good = NULL;
	size_t len;

	gen_record(&r, false);
	CHECK_EQ_INT(load_record_format(&r, &good), 0);
	load_record_done(&r);
	if (!good)
		return;
	len = strlen(good);
	CHECK_EQ_INT(parse_text(good, len, false), 0);
	/* The record of the other image. */
	CHECK_EQ_INT(parse_text(good, len, true), -EBADMSG);

	/* Every prefix is refused: a record cut anywhere lacks its end= line (the last newline
	 * is optional: the reader drops one). Cut inside "format=1", it is an unknown version. */
	for (size_t n = 0; n < len - 1; n++)
		if (parse_text(good, n, false) >= 0) {
			unit_failures++;
			fprintf(stderr, "prefix of %zu bytes accepted\n", n);
		}
	CHECK_EQ_INT(parse_text(good, len - 1, false), 0);

	for (size_t i = 0; i < ARRAY_SIZE(required); i++) {
		char *t = replace_line(good, required[i], "");

		CHECK_EQ_INT(parse_text(t, strlen(t), false), -EBADMSG);
		free(t);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char *t = replace_line(good, bad[i].key, bad[i].line);
		int ret = parse_text(t, strlen(t), false);

		if (ret != bad[i].ret) {
			unit_failures++;
			fprintf(stderr, "bad case %zu (%s): %d, expected %d\n", i, bad[i].line, ret,
				bad[i].ret);
		}
		free(t);
	}

	/* Duplicates of single keys, and text after end=. */
	static const char *const twice[] = { "kernel=", "flags=", "kernel_size=", "image=",
					     "kernel_sha256=", "cmdline=", "kernel_mtime=" };
	for (size_t i = 0; i < ARRAY_SIZE(twice); i++) {
		const char *line = strstr(good, twice[i]);
		size_t at = (size_t)(strstr(good, "end=\n") - good);
		char *t = malloc(len + 512);

		/* Repeat the key's line just before end=. */
		memcpy(t, good, at);
		t[at] = '\0';
		strncat(t, line, (size_t)(strchr(line, '\n') - line) + 1);
		strcat(t, "end=\n");
		CHECK_EQ_INT(parse_text(t, strlen(t), false), -EBADMSG);
		free(t);
	}
	{
		char *t = malloc(len + 64);

		sprintf(t, "%skernel=/other\n", good);
		CHECK_EQ_INT(parse_text(t, strlen(t), false), -EBADMSG);
		/* Comments and blank lines may follow; unknown keys before end= are skipped. */
		sprintf(t, "%s\n# a comment\n\n", good);
		CHECK_EQ_INT(parse_text(t, strlen(t), false), 0);
		free(t);
		t = replace_line(good, "loaded_by", "loaded_by=x\nfuture_key=whatever \\x41");
		CHECK_EQ_INT(parse_text(t, strlen(t), false), 0);
		free(t);
		/* Every value follows the same escaping rules, known key or not. */
		t = replace_line(good, "loaded_by", "loaded_by=x\nfuture_key=whatever \\q");
		CHECK_EQ_INT(parse_text(t, strlen(t), false), -EBADMSG);
		free(t);
	}

	/* Binary garbage: a NUL anywhere, and bytes that are no text at all. */
	{
		char *t = strdup(good);

		t[len / 2] = '\0';
		CHECK_EQ_INT(parse_text(t, len, false), -EBADMSG);
		free(t);
	}
	CHECK_EQ_INT(parse_text("", 0, false), -EBADMSG);
	CHECK_EQ_INT(parse_text("\n\n\n", 3, false), -EBADMSG);
	CHECK_EQ_INT(parse_text("\x7f" "ELF\x02\x01\x01", 7, false), -EBADMSG);
	CHECK_EQ_INT(parse_text("format=1\nend=\n", 14, false), -EBADMSG);

	/* Very long values: a 100 KiB command line is still a record; over the cap is not. */
	{
		size_t big = 100 * 1024;
		char *line = malloc(big + 16), *t;

		strcpy(line, "cmdline=");
		memset(line + 8, 'x', big);
		line[8 + big] = '\0';
		t = replace_line(good, "cmdline", line);
		CHECK_EQ_INT(parse_text(t, strlen(t), false), 0);
		free(t);
		line = realloc(line, LOAD_RECORD_MAX_SIZE + 16);
		memset(line + 8, 'y', LOAD_RECORD_MAX_SIZE);
		line[8 + LOAD_RECORD_MAX_SIZE] = '\0';
		t = replace_line(good, "cmdline", line);
		CHECK_EQ_INT(parse_text(t, strlen(t), false), -EBADMSG);
		free(t);
		free(line);
	}
	/* More initrds than a record holds. */
	{
		char *t = malloc(len + 64 * (LOAD_RECORD_MAX_INITRDS + 1));
		size_t at = (size_t)(strstr(good, "end=\n") - good);

		memcpy(t, good, at);
		t[at] = '\0';
		for (size_t i = 2; i < LOAD_RECORD_MAX_INITRDS + 1; i++)
			sprintf(t + strlen(t), "initrd=%zu /x%zu\n", i, i);
		strcat(t, "end=\n");
		CHECK_EQ_INT(parse_text(t, strlen(t), false), -EBADMSG);
		free(t);
	}
	free(good);
}

/* xorshift64: reproducible pseudo-random bytes without global state. */
static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Fuzz-style: random bytes, and a good record mutated (bytes flipped, lines dropped or
 * doubled, structural characters inserted). Nothing may crash; whatever parses must format and
 * parse back to the same record.
 */
static void test_mutations(void)
{
	static const char structural[] = "=\n\\#x0 ";
	struct load_record r;
	char *good = NULL;
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	size_t len, accepted = 0;

	gen_record(&r, false);
	CHECK_EQ_INT(load_record_format(&r, &good), 0);
	load_record_done(&r);
	if (!good)
		return;
	len = strlen(good);
	for (int iter = 0; iter < 20000; iter++) {
		char buf[4096];
		size_t n;

		if (iter % 4 == 0) {
			n = next_rand(&seed) % sizeof(buf);
			for (size_t i = 0; i < n; i++)
				buf[i] = (char)next_rand(&seed);
		} else {
			n = MIN(len, sizeof(buf));
			memcpy(buf, good, n);
			for (int k = 0, m = 1 + (int)(next_rand(&seed) % 4); k < m; k++) {
				size_t at = next_rand(&seed) % n;

				if (iter % 4 == 1)
					buf[at] = (char)next_rand(&seed);
				else if (iter % 4 == 2)
					buf[at] = structural[next_rand(&seed) % (sizeof(structural) - 1)];
				else
					buf[at] = (char)(buf[at] ^ (1 << (next_rand(&seed) % 8)));
			}
		}
		struct load_record got = {};
		struct diag why = {};

		if (load_record_parse(buf, n, false, &got, &why) == 0) {
			accepted++;
			free(round_trip(&got));
		}
		load_record_done(&got);
	}
	/* Flipped bits inside values leave many records valid: the round trip did run. */
	CHECK(accepted > 100);
	free(good);
}

static bool dir_has_temp_files(int root)
{
	DIR *d;
	struct dirent *e;
	bool found = false;
	int fd = openat(root, LOAD_RECORD_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return false;
	d = fdopendir(fd);
	if (!d)
		return close(fd), false;
	while ((e = readdir(d)))
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			found = true;
	closedir(d);
	return found;
}

static void test_files(void)
{
	struct fixture f;
	struct load_record r, back;
	struct diag why;
	struct stat st;
	mode_t old_umask;

	fixture_init(&f);
	/* No /run (a minimal initramfs): created, 0755 whatever the umask (a hook may run with
	 * 077), and so are the record's directory and file. */
	fixture_put(&f, "proc/sys/kernel/random/boot_id", GEN_BOOT_ID "\n");
	gen_record(&r, false);
	CHECK_EQ_INT(load_record_read_at(f.root, false, &back, &why), -ENOENT);
	old_umask = umask(077);
	CHECK_EQ_INT(load_record_write_at(f.root, &r), 0);
	umask(old_umask);
	CHECK(fstatat(f.root, "run/kexec/loaded-normal", &st, 0) == 0 &&
	      (st.st_mode & 07777) == 0644);
	CHECK(fstatat(f.root, "run/kexec", &st, 0) == 0 && S_ISDIR(st.st_mode));
	CHECK(fstatat(f.root, "run", &st, 0) == 0 && (st.st_mode & 07777) == 0755);
	CHECK(!dir_has_temp_files(f.root));
	CHECK_EQ_INT(load_record_read_at(f.root, false, &back, &why), 0);
	check_same(&r, &back);
	load_record_done(&back);
	/* The crash image's record is another file. */
	CHECK_EQ_INT(load_record_read_at(f.root, true, &back, &why), -ENOENT);

	/* Written again: replaced whole. */
	free(r.cmdline);
	r.cmdline = strdup("second load");
	CHECK_EQ_INT(load_record_write_at(f.root, &r), 0);
	CHECK_EQ_INT(load_record_read_at(f.root, false, &back, &why), 0);
	CHECK_EQ_STR(back.cmdline, "second load");
	load_record_done(&back);
	CHECK(!dir_has_temp_files(f.root));

	/* Another boot's record is not trusted; nor any, when this boot's id is unreadable. */
	fixture_put(&f, "proc/sys/kernel/random/boot_id", GEN_OTHER_BOOT_ID "\n");
	CHECK_EQ_INT(load_record_read_at(f.root, false, &back, &why), -ESTALE);
	CHECK(strstr(why.msg, "another boot"));
	fixture_put(&f, "proc/sys/kernel/random/boot_id", "garbage\n");
	CHECK_EQ_INT(load_record_read_at(f.root, false, &back, &why), -ESTALE);
	CHECK_EQ_INT(unlinkat(f.root, "proc/sys/kernel/random/boot_id", 0), 0);
	CHECK_EQ_INT(load_record_read_at(f.root, false, &back, &why), -ESTALE);
	fixture_put(&f, "proc/sys/kernel/random/boot_id", GEN_BOOT_ID "\n");

	/* A record too large for any record. */
	{
		size_t big = LOAD_RECORD_MAX_SIZE + 100;
		char *t = malloc(big);

		memset(t, 'a', big);
		fixture_put_bytes(&f, "run/kexec/loaded-crash", t, big);
		CHECK_EQ_INT(load_record_read_at(f.root, true, &back, &why), -EFBIG);
		free(t);
	}
	/* One that a writer would have to make too large is not written. */
	free(r.cmdline);
	r.cmdline = malloc(LOAD_RECORD_MAX_SIZE + 1);
	memset(r.cmdline, 'c', LOAD_RECORD_MAX_SIZE);
	r.cmdline[LOAD_RECORD_MAX_SIZE] = '\0';
	CHECK_EQ_INT(load_record_write_at(f.root, &r), -EFBIG);
	CHECK(!dir_has_temp_files(f.root));

	/* Removal: once, then again with nothing there. */
	CHECK_EQ_INT(load_record_remove_at(f.root, false), 0);
	CHECK_EQ_INT(load_record_read_at(f.root, false, &back, &why), -ENOENT);
	CHECK_EQ_INT(load_record_remove_at(f.root, false), 0);
	CHECK_EQ_INT(load_record_remove_at(f.root, true), 0);
	CHECK(faccessat(f.root, "run/kexec/loaded-crash", F_OK, 0) < 0);
	load_record_done(&r);
	fixture_done(&f);
}

static void test_time(void)
{
	char buf[32];

	CHECK_EQ_INT(load_record_time(0, buf, sizeof(buf)), 0);
	CHECK_EQ_STR(buf, "1970-01-01T00:00:00Z");
	CHECK_EQ_INT(load_record_time(1772600767, buf, sizeof(buf)), 0);
	CHECK_EQ_STR(buf, "2026-03-04T05:06:07Z");
	CHECK_EQ_INT(load_record_time(0, buf, 8), -EOVERFLOW);
}

static void test_hash(void)
{
	char hex[SHA256_DIGEST_SIZE * 2 + 1];

	load_record_hash("abc", 3, hex);
	CHECK_EQ_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
	test_round_trip();
	test_hostile();
	test_mutations();
	test_files();
	test_time();
	test_hash();
	return unit_summary("test-load-record");
}
