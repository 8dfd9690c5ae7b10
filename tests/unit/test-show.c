// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec --show on fixture trees: the kernel's sysfs flags decide loaded or not, and a load
 * record's details are shown only when it is valid, from this boot, and its image is loaded.
 * Every other record (hostile, another boot's, another version) gives "loaded by another tool,
 * details unknown"; a record of an unloaded image is ignored and left alone. Checks both
 * outputs; with KEXEC_SHOW_JSON_DIR set, also writes every JSON report there, for
 * tests/check-show-schema.sh to validate against dist/schema/kexec-show.schema.json.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "gen-record.h"
#include "show.h"
#include "utf8.h"

static int show(int root, bool json, char **ret)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int e = kexec_show(root, json, f);

	fclose(f);
	if (json && e == KEXEC_EXIT_OK) {
		static int n;
		const char *dir = getenv("KEXEC_SHOW_JSON_DIR");

		if (dir) {
			char path[512];
			FILE *out;

			snprintf(path, sizeof(path), "%s/show-%03d.json", dir, n++);
			out = fopen(path, "w");
			CHECK(out != NULL);
			if (out) {
				fputs(buf, out);
				fclose(out);
			}
		}
	}
	*ret = buf;
	return e;
}

/* Terminal output must be text a terminal shows, not acts on: no control byte but '\n', valid
 * UTF-8 only. */
static void check_printable(const char *s)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t len = strlen(s);

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_char(p + i, len - i, &cp);

		if (n == 0 || (cp < 0x20 && cp != '\n') || (cp >= 0x7f && cp < 0xa0)) {
			unit_failures++;
			fprintf(stderr, "unprintable byte 0x%02x at %zu in:\n%s\n", p[i], i, s);
			return;
		}
		i += n;
	}
}

/* Both reports; the text one checked for @text_needle, the JSON one for @json_needle. */
static void expect(struct fixture *f, const char *text_needle, const char *json_needle)
{
	char *out = NULL;

	CHECK_EQ_INT(show(f->root, false, &out), KEXEC_EXIT_OK);
	if (!out || !strstr(out, text_needle)) {
		unit_failures++;
		fprintf(stderr, "text report lacks \"%s\":\n%s\n", text_needle, out ? out : "");
	}
	if (out)
		check_printable(out);
	free(out);
	CHECK_EQ_INT(show(f->root, true, &out), KEXEC_EXIT_OK);
	if (!out || !strstr(out, json_needle)) {
		unit_failures++;
		fprintf(stderr, "JSON report lacks \"%s\":\n%s\n", json_needle, out ? out : "");
	}
	if (out)
		check_printable(out);
	free(out);
}

static void put_record(struct fixture *f, const struct load_record *r)
{
	CHECK_EQ_INT(load_record_write_at(f->root, r), 0);
}

static void test_nothing_loaded(void)
{
	struct fixture f;

	fixture_init(&f);
	gen_kexec_root(&f, false, false);
	expect(&f, "normal kernel:  not loaded\n", "\"normal\": {\n    \"available\": true,\n"
	       "    \"loaded\": false,\n    \"record\": \"none\",\n    \"record_problem\": null,\n"
	       "    \"details\": null\n  }");
	expect(&f, "crash kernel:   not loaded\n  reserved:     256.0 MiB (268435456 bytes)\n",
	       "\"reserved_bytes\": 268435456");
	fixture_done(&f);
}

static void test_loaded_with_record(void)
{
	struct fixture f;
	struct load_record r;
	char *out = NULL;

	fixture_init(&f);
	gen_kexec_root(&f, true, true);
	gen_record(&r, false);
	put_record(&f, &r);
	load_record_done(&r);
	gen_record(&r, true);
	free(r.syscall);
	r.syscall = strdup("kexec_load");
	r.flags = 0x1 | (62 << 16); /* KEXEC_ON_CRASH | KEXEC_ARCH_X86_64 */
	free(r.cmdline);
	r.cmdline = strdup("console=ttyS0 irqpoll nr_cpus=1");
	put_record(&f, &r);
	load_record_done(&r);

	CHECK_EQ_INT(show(f.root, false, &out), KEXEC_EXIT_OK);
	CHECK_EQ_STR(out,
		     "normal kernel:  loaded\n"
		     "  kernel:       /kexec-test-missing/vmlinuz-6.1.0-18-amd64 (given as /vmlinuz)\n"
		     "  version:      6.1.0-18-amd64 (debian-kernel@lists.debian.org) #1 SMP "
		     "PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)\n"
		     "  file:         bzImage64, 7.7 MiB (8123456 bytes), modified 2024-02-01T15:06:40Z\n"
		     "  sha256:       aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
		     "  note:         the kernel file is no longer on disk\n"
		     "  initrd:       /boot/ucode.img, 12345 bytes\n"
		     "  initrd:       /boot/initrd.img-6.1.0-18-amd64, 29.8 MiB (31234567 bytes)\n"
		     "  command line: root=UUID=1234 ro quiet\n"
		     "  loaded:       2026-03-04T05:06:07Z by kexec-load\n"
		     "  with:         kexec_file_load, flags 0x0\n"
		     "crash kernel:   loaded\n"
		     "  reserved:     256.0 MiB (268435456 bytes)\n"
		     "  kernel:       /kexec-test-missing/vmlinuz-6.1.0-18-amd64 (given as /vmlinuz)\n"
		     "  version:      6.1.0-18-amd64 (debian-kernel@lists.debian.org) #1 SMP "
		     "PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)\n"
		     "  file:         bzImage64, 7.7 MiB (8123456 bytes), modified 2024-02-01T15:06:40Z\n"
		     "  sha256:       aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
		     "  note:         the kernel file is no longer on disk\n"
		     "  initrd:       /boot/ucode.img, 12345 bytes\n"
		     "  initrd:       /boot/initrd.img-6.1.0-18-amd64, 29.8 MiB (31234567 bytes)\n"
		     "  command line: console=ttyS0 irqpoll nr_cpus=1\n"
		     "  loaded:       2026-03-04T05:06:07Z by kexec-load\n"
		     "  with:         kexec_load, flags 0x3e0001: KEXEC_ON_CRASH|KEXEC_ARCH_X86_64\n");
	free(out);

	CHECK_EQ_INT(show(f.root, true, &out), KEXEC_EXIT_OK);
	CHECK(out && strncmp(out, "{\n  \"normal\": {\n    \"available\": true,\n    \"loaded\": true,\n"
			     "    \"record\": \"valid\",\n", 79) == 0);
	CHECK(out && strstr(out, "      \"flag_names\": [\n        \"KEXEC_ON_CRASH\",\n"
			    "        \"KEXEC_ARCH_X86_64\"\n      ],\n"));
	CHECK(out && strstr(out, "        \"sha256\": \"aaaa"));
	CHECK(out && strstr(out, "        \"mtime\": \"2024-02-01T15:06:40Z\",\n"));
	CHECK(out && strstr(out, "        \"changed_on_disk\": true\n"));
	CHECK(out && strstr(out, "      \"initrds\": [\n        {\n"
			    "          \"path\": \"/boot/ucode.img\",\n"
			    "          \"size\": 12345\n        },\n"));
	CHECK(out && strstr(out, "      \"loaded_by\": \"kexec-load\",\n"));
	CHECK(out && strstr(out, "      \"boot_id\": \"" GEN_BOOT_ID "\",\n"));
	CHECK(out && strlen(out) > 3 && strcmp(out + strlen(out) - 3, "}\n}\n" + 1) == 0);
	free(out);
	fixture_done(&f);
}

/* Every record that is not to be believed, with the kernel saying loaded. */
static void test_untrusted_records(void)
{
	static const char *const records[] = {
		"",
		"\n",
		"format=1\n",
		"format=2\nimage=normal\nend=\n",
		"# only a comment\n",
		"no equals sign at all\n",
		"\x7f" "ELF\x02\x01\x01\x00\x00\x00",
		"format=1\nimage=normal\nboot_id=" GEN_BOOT_ID "\nkernel=/vmlinuz\nend=\n",
		"format=1\x00\nimage=normal\n",
		"format=1\nimage=crash\n",
		"kernel=/vmlinuz\nformat=1\n",
		"\xff\xfe\xfd\xfc",
	};
	struct fixture f;

	fixture_init(&f);
	gen_kexec_root(&f, true, false);
	/* No record at all. */
	expect(&f, "normal kernel:  loaded by another tool, details unknown\n",
	       "\"record\": \"none\"");
	for (size_t i = 0; i < ARRAY_SIZE(records); i++) {
		size_t len = strlen(records[i]);

		if (i == 8) /* with its NUL */
			len = 22;
		fixture_put_bytes(&f, "run/kexec/loaded-normal", records[i], len);
		expect(&f, "normal kernel:  loaded by another tool, details unknown\n  record:       "
		       "ignored: ", "\"record\": \"invalid\"");
	}

	/* A huge file, binary garbage in it. */
	{
		size_t big = 1 << 20;
		char *t = malloc(big);

		for (size_t i = 0; i < big; i++)
			t[i] = (char)(i * 2654435761u >> 13);
		fixture_put_bytes(&f, "run/kexec/loaded-normal", t, big);
		free(t);
		expect(&f, "loaded by another tool, details unknown\n  record:       ignored: larger "
		       "than any record", "\"record\": \"invalid\"");
	}

	/* A valid record from another boot. */
	{
		struct load_record r;

		gen_record(&r, false);
		free(r.boot_id);
		r.boot_id = strdup(GEN_OTHER_BOOT_ID);
		put_record(&f, &r);
		load_record_done(&r);
		expect(&f, "loaded by another tool, details unknown\n  record:       ignored: written "
		       "during another boot", "\"record\": \"other-boot\"");
	}
	/* A valid record, but this boot's id cannot be read to check it. */
	{
		struct load_record r;

		gen_record(&r, false);
		put_record(&f, &r);
		load_record_done(&r);
		expect(&f, "normal kernel:  loaded\n", "\"record\": \"valid\"");
		CHECK_EQ_INT(unlinkat(f.root, "proc/sys/kernel/random/boot_id", 0), 0);
		expect(&f, "loaded by another tool, details unknown\n", "\"record\": \"other-boot\"");
	}
	fixture_done(&f);
}

/* The kernel says nothing is loaded: a record is ignored, and left for the next load. */
static void test_stale_record(void)
{
	struct fixture f;
	struct load_record r;

	fixture_init(&f);
	gen_kexec_root(&f, false, false);
	gen_record(&r, false);
	put_record(&f, &r);
	load_record_done(&r);
	gen_record(&r, true);
	put_record(&f, &r);
	load_record_done(&r);
	expect(&f, "normal kernel:  not loaded\ncrash kernel:   not loaded\n",
	       "\"record\": \"stale\",\n    \"record_problem\": \"the kernel has no normal image "
	       "loaded\",\n    \"details\": null\n");
	CHECK(faccessat(f.root, "run/kexec/loaded-normal", F_OK, 0) == 0);
	fixture_put(&f, "run/kexec/loaded-crash", "garbage");
	expect(&f, "crash kernel:   not loaded\n", "\"record\": \"stale\"");
	fixture_done(&f);
}

static void test_no_kexec(void)
{
	struct fixture f;
	char *out = NULL;

	fixture_init(&f);
	fixture_put(&f, "proc/sys/kernel/random/boot_id", GEN_BOOT_ID "\n");
	CHECK_EQ_INT(show(f.root, false, &out), KEXEC_EXIT_NO_KEXEC);
	CHECK(out && out[0] == '\0');
	free(out);
	CHECK_EQ_INT(show(f.root, true, &out), KEXEC_EXIT_NO_KEXEC);
	free(out);
	/* kexec without crash dump support: no kexec_crash_loaded, no kexec_crash_size. */
	fixture_put(&f, "sys/kernel/kexec_loaded", "0\n");
	expect(&f, "crash kernel:   not available (this kernel has no crash dump support)\n",
	       "\"crash\": {\n    \"available\": false,\n    \"loaded\": false,\n"
	       "    \"record\": \"none\",\n    \"record_problem\": null,\n"
	       "    \"reserved_bytes\": null,\n    \"details\": null\n  }");
	/* A flag that is not a number is an error, not "not loaded". */
	fixture_put(&f, "sys/kernel/kexec_loaded", "yes\n");
	CHECK_EQ_INT(show(f.root, false, &out), KEXEC_EXIT_FAILED);
	free(out);
	fixture_done(&f);
}

/* Paths, command lines and names with every kind of odd byte, in both reports. */
static void test_odd_strings(void)
{
	struct fixture f;
	struct load_record r;
	char *out = NULL;

	fixture_init(&f);
	gen_kexec_root(&f, true, false);
	fixture_put(&f, "sys/kernel/kexec_crash_size", "0\n");
	gen_record(&r, false);
	free(r.kernel);
	r.kernel = strdup("/boot/\"quoted\" back\\slash\ttab\nnewline\x1b[2J\x7f caf\xc3\xa9 \xff");
	free(r.kernel_realpath);
	r.kernel_realpath = NULL;
	free(r.cmdline);
	r.cmdline = strdup("a=\"b c\" d=\\ e=\x01 \xc2\x9b" "31m");
	free(r.loaded_by);
	r.loaded_by = strdup("\xe2\x82\xac-loader");
	put_record(&f, &r);
	load_record_done(&r);

	CHECK_EQ_INT(show(f.root, true, &out), KEXEC_EXIT_OK);
	CHECK(out && strstr(out, "\"path\": \"/boot/\\\"quoted\\\" back\\\\slash\\ttab\\nnewline"
			    "\\u001b[2J\\u007f caf\xc3\xa9 \xef\xbf\xbd\",\n"));
	CHECK(out && strstr(out, "\"realpath\": null,\n"));
	CHECK(out && strstr(out, "\"cmdline\": \"a=\\\"b c\\\" d=\\\\ e=\\u0001 \\u009b31m\"\n"));
	CHECK(out && strstr(out, "\"loaded_by\": \"\xe2\x82\xac-loader\",\n"));
	if (out)
		check_printable(out);
	free(out);

	CHECK_EQ_INT(show(f.root, false, &out), KEXEC_EXIT_OK);
	CHECK(out && strstr(out, "  kernel:       /boot/\"quoted\" back\\\\slash\\ttab\\nnewline"
			    "\\x1b[2J\\x7f caf\xc3\xa9 \\xff\n"));
	CHECK(out && strstr(out, "  command line: a=\"b c\" d=\\\\ e=\\x01 \\xc2\\x9b31m\n"));
	CHECK(out && strstr(out, "  loaded:       2026-03-04T05:06:07Z by \xe2\x82\xac-loader\n"));
	CHECK(out && strstr(out, "  reserved:     none (no crashkernel= on the kernel command line)\n"));
	if (out)
		check_printable(out);
	free(out);
	fixture_done(&f);
}

/* changed_on_disk: the recorded kernel file against the one at its path now. */
static void test_changed_on_disk(void)
{
	struct fixture f;
	struct load_record r;
	struct stat st;
	char path[128];

	fixture_init(&f);
	gen_kexec_root(&f, true, false);
	fixture_put(&f, "boot/vmlinuz", "kernel bytes");
	snprintf(path, sizeof(path), "%s/boot/vmlinuz", f.dir);
	CHECK_EQ_INT(stat(path, &st), 0);
	gen_record(&r, false);
	free(r.kernel_realpath);
	r.kernel_realpath = strdup(path);
	r.kernel_size = (uint64_t)st.st_size;
	r.kernel_mtime_sec = st.st_mtim.tv_sec;
	r.kernel_mtime_nsec = (uint32_t)st.st_mtim.tv_nsec;
	put_record(&f, &r);
	expect(&f, "  sha256:       aaaa", "\"changed_on_disk\": false\n");

	fixture_put(&f, "boot/vmlinuz", "another kernel, longer");
	expect(&f, "  note:         the kernel file has changed on disk since it was loaded\n",
	       "\"changed_on_disk\": true\n");
	CHECK_EQ_INT(unlinkat(f.root, "boot/vmlinuz", 0), 0);
	expect(&f, "  note:         the kernel file is no longer on disk\n",
	       "\"changed_on_disk\": true\n");
	/* Without an mtime in the record, it cannot be told. */
	r.has_mtime = false;
	put_record(&f, &r);
	expect(&f, "normal kernel:  loaded\n", "\"changed_on_disk\": null\n");
	load_record_done(&r);
	fixture_done(&f);
}

int main(void)
{
	test_nothing_loaded();
	test_loaded_with_record();
	test_untrusted_records();
	test_stale_record();
	test_no_kexec();
	test_odd_strings();
	test_changed_on_disk();
	return unit_summary("test-show");
}
