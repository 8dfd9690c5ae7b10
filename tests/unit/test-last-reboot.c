// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec --record-reboot and --last-reboot on fixture trees, with fixed clocks: the record of a
 * kexec reboot carries the loaded kernel from our load record; the next boot reports via,
 * reason and the downtime in both forms; a missing, damaged, this-boot or out-of-order record is
 * said to be so, with no downtime made up. With KEXEC_LAST_REBOOT_JSON_DIR set, every JSON
 * report is also written there, for tests/check-show-schema.sh to validate against
 * dist/schema/kexec-last-reboot.schema.json.
 */
#include <errno.h>
#include <stdlib.h>

#include "gen-record.h"
#include "last-reboot.h"
#include "reboot-record.h"
#include "utf8.h"

/* 2025-12-03T17:40:01Z: the shutdown check of the records below. */
#define T0 1764783601LL

static char *report(int root, const struct boot_clock *clk, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CHECK_EQ_INT(kexec_last_reboot(root, clk, json, f), KEXEC_EXIT_OK);
	fclose(f);
	if (json) {
		static int n;
		const char *dir = getenv("KEXEC_LAST_REBOOT_JSON_DIR");

		if (dir) {
			char path[512];
			FILE *out;

			snprintf(path, sizeof(path), "%s/last-reboot-%03d.json", dir, n++);
			out = fopen(path, "w");
			CHECK(out != NULL);
			if (out) {
				fputs(buf, out);
				fclose(out);
			}
		}
	}
	return buf;
}

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

/* Both reports must hold every needle of theirs (NULL-terminated lists). */
static void expect(struct fixture *f, const struct boot_clock *clk, const char *const *text,
		   const char *const *json)
{
	for (int j = 0; j < 2; j++) {
		char *out = report(f->root, clk, j);
		const char *const *needles = j ? json : text;

		for (size_t i = 0; needles[i]; i++)
			if (!out || !strstr(out, needles[i])) {
				unit_failures++;
				fprintf(stderr, "%s report lacks \"%s\":\n%s\n", j ? "JSON" : "text",
					needles[i], out ? out : "");
			}
		if (out)
			check_printable(out);
		free(out);
	}
}

static void put(struct fixture *f, const char *boot_id, int64_t sec, enum reboot_via via,
		const char *reason, const char *kernel)
{
	struct reboot_record r = {
		.boot_id = (char *)boot_id,
		.time_sec = sec,
		.time_nsec = 250000000,
		.via = via,
		.reason = (char *)reason,
		.kernel = (char *)kernel,
	};

	CHECK_EQ_INT(reboot_record_write_at(f->root, &r), 0);
}

static void test_kexec_reboot(void)
{
	/* Kernel up 6.5 s after the check, multi-user.target 20 s after that. */
	struct boot_clock clk = { .kernel_start_us = (T0 + 6) * 1000000 + 750000,
				  .multi_user_us = (T0 + 26) * 1000000 + 750000 };
	struct fixture f;

	fixture_init(&f);
	gen_kexec_root(&f, false, false);
	put(&f, GEN_OTHER_BOOT_ID, T0, REBOOT_VIA_KEXEC, "the configured kernel was loaded",
	    "/boot/vmlinuz-6.1.0-50-cloud-amd64");
	expect(&f, &clk,
	       (const char *const[]){ "last reboot:        through kexec, shutdown check at "
				      "2025-12-03T17:40:01.250Z",
				      "why:", "the configured kernel was loaded",
				      "/boot/vmlinuz-6.1.0-50-cloud-amd64",
				      "2025-12-03T17:40:07.750Z, 6.5 s after the shutdown check",
				      "20.0 s after the kernel started",
				      "26.5 s (shutdown check to multi-user.target)", NULL },
	       (const char *const[]){ "\"record\": \"valid\"", "\"via\": \"kexec\"",
				      "\"shutdown_to_kernel_ms\": 6500",
				      "\"kernel_to_multi_user_ms\": 20000",
				      "\"downtime_ms\": 26500", "\"multi_user\": \"reached\"",
				      "\"boot_id\": \"" GEN_OTHER_BOOT_ID "\"", NULL });

	/* Before multi-user.target, and where there is no systemd. */
	clk.multi_user_us = BOOT_CLOCK_NOT_YET;
	expect(&f, &clk, (const char *const[]){ "not reached yet", NULL },
	       (const char *const[]){ "\"multi_user\": \"not-yet\"", "\"downtime_ms\": null",
				      "\"shutdown_to_kernel_ms\": 6500", NULL });
	clk.multi_user_us = BOOT_CLOCK_UNKNOWN;
	expect(&f, &clk, (const char *const[]){ "unknown (no systemd)", NULL },
	       (const char *const[]){ "\"multi_user\": \"unknown\"",
				      "\"multi_user_time\": null", NULL });

	/* A record dated after this kernel started (clock stepped back): no downtime invented. */
	clk.kernel_start_us = (T0 - 100) * 1000000;
	clk.multi_user_us = (T0 - 80) * 1000000;
	expect(&f, &clk, (const char *const[]){ "through kexec", NULL },
	       (const char *const[]){ "\"shutdown_to_kernel_ms\": null", "\"downtime_ms\": null",
				      "\"kernel_to_multi_user_ms\": 20000", NULL });
	fixture_done(&f);
}

static void test_firmware_and_poweroff(void)
{
	struct boot_clock clk = { .kernel_start_us = (T0 + 9) * 1000000,
				  .multi_user_us = (T0 + 30) * 1000000 };
	struct fixture f;

	fixture_init(&f);
	gen_kexec_root(&f, false, false);
	/* The reason comes from file names and kexec's messages: escape what a terminal obeys. */
	put(&f, GEN_OTHER_BOOT_ID, T0, REBOOT_VIA_FIRMWARE,
	    "cannot load /boot/\x1b[2Jvmlinuz\n(kexec exit 7: no such file)", NULL);
	expect(&f, &clk,
	       (const char *const[]){ "through the firmware", "/boot/\\x1b[2Jvmlinuz\\n(kexec",
				      "downtime:           29.8 s", NULL },
	       (const char *const[]){ "\"via\": \"firmware\"", "\\u001b[2Jvmlinuz\\n(kexec",
				      "\"kernel\": null", "\"downtime_ms\": 29750", NULL });
	put(&f, GEN_OTHER_BOOT_ID, T0, REBOOT_VIA_NONE, "not a reboot", NULL);
	expect(&f, &clk, (const char *const[]){ "not a reboot (powered off or halted)", NULL },
	       (const char *const[]){ "\"via\": \"none\"", NULL });
	fixture_done(&f);
}

static void test_unusable_records(void)
{
	struct boot_clock clk = { .kernel_start_us = (T0 + 9) * 1000000,
				  .multi_user_us = BOOT_CLOCK_UNKNOWN };
	struct fixture f;

	fixture_init(&f);
	gen_kexec_root(&f, false, false);
	expect(&f, &clk, (const char *const[]){ "no record of the last shutdown", NULL },
	       (const char *const[]){ "\"record\": \"none\"", "\"via\": null",
				      "\"shutdown_time\": null", NULL });
	fixture_put(&f, REBOOT_RECORD_PATH, "format=1\nvia=kexec\n");
	expect(&f, &clk,
	       (const char *const[]){ "is unusable: cut short (no end= line); the next shutdown "
				      "replaces it", NULL },
	       (const char *const[]){ "\"record\": \"invalid\"",
				      "\"record_problem\": \"cut short (no end= line)\"",
				      "\"via\": null", "\"downtime_ms\": null", NULL });
	fixture_put(&f, REBOOT_RECORD_PATH, "format=7\n");
	expect(&f, &clk, (const char *const[]){ "record format 7", NULL },
	       (const char *const[]){ "\"record\": \"invalid\"", NULL });
	fixture_put_bytes(&f, REBOOT_RECORD_PATH, "\xff\xfe\x00\x01", 4);
	expect(&f, &clk, (const char *const[]){ "not text", NULL },
	       (const char *const[]){ "\"record\": \"invalid\"", NULL });
	/* Written during this boot: no reboot happened since. */
	put(&f, GEN_BOOT_ID, T0, REBOOT_VIA_KEXEC, "the configured kernel was loaded", NULL);
	expect(&f, &clk, (const char *const[]){ "written during this boot", NULL },
	       (const char *const[]){ "\"record\": \"this-boot\"", "\"via\": null",
				      "\"downtime_ms\": null", NULL });
	fixture_done(&f);
}

static void test_record_reboot(void)
{
	/* 2100-01-01: after any record written now. */
	struct boot_clock clk = { .kernel_start_us = 4102444800LL * 1000000,
				  .multi_user_us = BOOT_CLOCK_UNKNOWN };
	struct load_record lr;
	struct reboot_record rr = {};
	struct diag why;
	struct fixture f;

	fixture_init(&f);
	gen_kexec_root(&f, true, false);
	gen_record(&lr, false);
	CHECK_EQ_INT(load_record_write_at(f.root, &lr), 0);
	load_record_done(&lr);

	CHECK_EQ_INT(kexec_record_reboot(f.root, REBOOT_VIA_KEXEC, "kernel loaded, unchanged"),
		     KEXEC_EXIT_OK);
	CHECK_EQ_INT(reboot_record_read_at(f.root, &rr, &why), 0);
	CHECK_EQ_STR(rr.boot_id, GEN_BOOT_ID);
	CHECK_EQ_INT(rr.via, REBOOT_VIA_KEXEC);
	CHECK(rr.kernel && strcmp(rr.kernel, "/kexec-test-missing/vmlinuz-6.1.0-18-amd64") == 0);
	CHECK(rr.loaded_by && strcmp(rr.loaded_by, "kexec-load") == 0);
	CHECK(rr.kernel_version && strncmp(rr.kernel_version, "6.1.0-18-amd64 ", 15) == 0);
	CHECK(rr.time_sec > T0);
	reboot_record_done(&rr);
	/* Read back in the same boot: this boot's. */
	expect(&f, &clk, (const char *const[]){ "written during this boot", NULL },
	       (const char *const[]){ "\"record\": \"this-boot\"", NULL });

	/* A firmware reboot names no kernel, even with one loaded; nothing loaded: none either. */
	CHECK_EQ_INT(kexec_record_reboot(f.root, REBOOT_VIA_FIRMWARE, "coldreboot was asked for"),
		     KEXEC_EXIT_OK);
	CHECK_EQ_INT(reboot_record_read_at(f.root, &rr, &why), 0);
	CHECK(rr.kernel == NULL && rr.via == REBOOT_VIA_FIRMWARE);
	reboot_record_done(&rr);
	fixture_put(&f, "sys/kernel/kexec_loaded", "0\n");
	CHECK_EQ_INT(kexec_record_reboot(f.root, REBOOT_VIA_KEXEC, "r"), KEXEC_EXIT_OK);
	CHECK_EQ_INT(reboot_record_read_at(f.root, &rr, &why), 0);
	CHECK(rr.kernel == NULL);
	reboot_record_done(&rr);

	/* An empty reason is refused; no boot id is a failure, not a record without one. */
	CHECK_EQ_INT(kexec_record_reboot(f.root, REBOOT_VIA_KEXEC, ""), KEXEC_EXIT_USAGE);
	fixture_put(&f, "proc/sys/kernel/random/boot_id", "not a boot id at all!\n");
	CHECK_EQ_INT(kexec_record_reboot(f.root, REBOOT_VIA_KEXEC, "r"), KEXEC_EXIT_FAILED);
	fixture_done(&f);
}

int main(void)
{
	test_kexec_reboot();
	test_firmware_and_poweroff();
	test_unusable_records();
	test_record_reboot();
	return unit_summary("test-last-reboot");
}
