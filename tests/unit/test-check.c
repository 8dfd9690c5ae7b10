// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_predict_file_load (kexec --check): what kexec_file_load would answer, for each policy
 * the kernel can be in (Secure Boot, told by the firmware or by kexec_load's EACCES; lockdown
 * alone; lockdown unknown; nothing; an IMA appraise rule, with and without appended
 * signatures; the syscall missing or not permitted) and each kind of kernel file (PE-signed,
 * PE without signature, not PE, a certificate table outside the file).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "macro.h"
#include "unit.h"

enum file_kind { SIGNED, UNSIGNED, NOT_PE, BAD_TABLE };

struct predict_case {
	const char *name;
	struct check_policy policy;
	enum file_kind file;
	int ret;
};

#define NONE_LOCKDOWN .lockdown = "none"
#define LOCKED .lockdown = "integrity"

static const struct predict_case cases[] = {
	{ "Secure Boot, signed", { LOCKED, .secure_boot = 1, .ima_kexec = 0 }, SIGNED, 0 },
	{ "Secure Boot, unsigned", { LOCKED, .secure_boot = 1, .ima_kexec = 0 }, UNSIGNED, -ENODATA },
	{ "Secure Boot, not PE", { LOCKED, .secure_boot = 1, .ima_kexec = 0 }, NOT_PE, -ENODATA },
	{ "Secure Boot, table outside the file", { LOCKED, .secure_boot = 1, .ima_kexec = 0 },
	  BAD_TABLE, -EBADMSG },
	/* efivarfs not mounted: kexec_load's EACCES from IMA tells the same. */
	{ "Secure Boot unknown but IMA refuses kexec_load, unsigned",
	  { LOCKED, .secure_boot = -ENOENT, .ima_kexec = -EACCES, .kexec_load_gates = -EACCES },
	  UNSIGNED, -ENODATA },
	{ "lockdown alone, unsigned", { LOCKED, .secure_boot = 0, .ima_kexec = 0,
	  .kexec_load_gates = -EPERM }, UNSIGNED, -EPERM },
	{ "lockdown alone, malformed table", { LOCKED, .secure_boot = 0, .ima_kexec = 0 },
	  BAD_TABLE, -EPERM },
	{ "lockdown alone, signed", { LOCKED, .secure_boot = 0, .ima_kexec = 0 }, SIGNED, 0 },
	{ "nothing enforced, unsigned", { NONE_LOCKDOWN, .secure_boot = 0, .ima_kexec = 0 },
	  UNSIGNED, 0 },
	{ "nothing enforced, not PE", { NONE_LOCKDOWN, .secure_boot = 0, .ima_kexec = 0 }, NOT_PE, 0 },
	{ "lockdown unknown, unsigned: not refused", { .secure_boot = -ENOENT, .ima_kexec = -EACCES },
	  UNSIGNED, 0 },
	{ "IMA appraise rule, no security.ima", { NONE_LOCKDOWN, .ima_kexec = 1 }, SIGNED, -EACCES },
	{ "IMA appraise rule taking appended signatures", { NONE_LOCKDOWN, .ima_kexec = 1,
	  .ima_modsig = true }, SIGNED, 0 },
	{ "kexec_file_load missing", { NONE_LOCKDOWN, .file_load_gates = -ENOSYS }, SIGNED, -ENOSYS },
	{ "kexec_file_load not permitted", { LOCKED, .secure_boot = 1, .file_load_gates = -EPERM },
	  SIGNED, -EPERM },
};

#define FILE_SIZE 8192
#define PE_AT 0x80

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A PE32+ file, its certificate table as @kind says. */
static void build(uint8_t *f, enum file_kind kind)
{
	size_t opt = PE_AT + 24, cert_dir = opt + 112 + 4 * 8;

	memset(f, 0, FILE_SIZE);
	if (kind == NOT_PE)
		return;
	memcpy(f, "MZ", 2);
	put32(f + 0x3c, PE_AT);
	memcpy(f + PE_AT, "PE\0\0", 4);
	f[PE_AT + 20] = 240; /* SizeOfOptionalHeader */
	f[opt] = 0x0b;
	f[opt + 1] = 0x02;
	put32(f + opt + 108, 16);
	if (kind == UNSIGNED)
		return;
	put32(f + cert_dir, kind == BAD_TABLE ? FILE_SIZE - 8 : 0x1000);
	put32(f + cert_dir + 4, 0x100);
	f[0x1006] = 2;
}

/*
 * With KEXEC_CHECK_JSON_DIR set, the --json objects of a few runs go there, one file each, for
 * tests/check-check-schema.sh: would load (file and segments), refused (unknowns as null), a
 * crash load with and without a known reservation, a note with bytes that are not UTF-8.
 */
static void write_json_reports(void)
{
	static const struct {
		struct check_policy policy;
		enum kexec_exit e;
		const char *syscall;
		unsigned long flags;
		const char *note;
	} runs[] = {
		{ { .lockdown = "integrity", .secure_boot = 1, .load_disabled = 0, .ima_kexec = 0,
		    .kexec_load_gates = -EACCES }, KEXEC_EXIT_OK, "kexec_file_load", 0x2,
		  "kernel signature: present" },
		{ { .lockdown = "none", .load_disabled = 0, .ima_kexec = 0 }, KEXEC_EXIT_OK, "kexec_load",
		  0x3e0000, "syscall: kexec_load, because -c asks for it" },
		{ { .secure_boot = -ENOENT, .load_disabled = -ENOENT, .ima_kexec = -EACCES,
		    .kexec_load_gates = -EPERM, .file_load_gates = -ENOSYS }, KEXEC_EXIT_SIGNATURE, NULL,
		  0, "kernel: /boot/\xff\xfevmlinuz" },
		{ { .crash = true, .crash_size = 96 << 20, .lockdown = "none" }, KEXEC_EXIT_NO_CRASH_MEM,
		  "kexec_load", 0x3e0001, "crash reservation: too small" },
		{ { .crash = true, .crash_size = -1 }, KEXEC_EXIT_OK, "kexec_file_load", 0x3, NULL },
	};
	const char *dir = getenv("KEXEC_CHECK_JSON_DIR");

	if (!dir)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(runs); i++) {
		struct check c = { .policy = runs[i].policy, .json = true };
		char path[512];
		FILE *f;

		snprintf(path, sizeof(path), "%s/%zu.json", dir, i);
		f = fopen(path, "w");
		CHECK(f != NULL);
		if (!f)
			return;
		if (runs[i].note)
			check_say(&c, "%s", runs[i].note);
		check_verdict(&c, runs[i].e, runs[i].syscall, runs[i].flags, f);
		fclose(f);
		check_done(&c);
	}
}

int main(void)
{
	uint8_t *f = malloc(FILE_SIZE);

	if (!f)
		return 1;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct predict_case *c = &cases[i];
		int r;

		/* json: the notes are kept, not printed; each case says at least why. */
		struct check chk = { .policy = c->policy, .json = true };

		build(f, c->file);
		r = check_predict_file_load(&chk, f, FILE_SIZE, -1, false);
		CHECK(chk.nr_notes > 0 || c->ret == -ENOSYS || c->ret == -EPERM);
		check_done(&chk);
		if (r != c->ret)
			fprintf(stderr, "case '%s': %d, want %d\n", c->name, r, c->ret);
		CHECK_EQ_INT(r, c->ret);
	}
	write_json_reports();
	CHECK_EQ_STR(check_errno_name(-ENODATA), "ENODATA");
	CHECK_EQ_STR(check_errno_name(0), "");
	free(f);
	return unit_summary("test-check");
}
