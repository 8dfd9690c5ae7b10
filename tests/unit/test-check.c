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

int main(void)
{
	uint8_t *f = malloc(FILE_SIZE);

	if (!f)
		return 1;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct predict_case *c = &cases[i];
		int r;

		build(f, c->file);
		r = check_predict_file_load(&c->policy, f, FILE_SIZE, -1, false);
		if (r != c->ret)
			fprintf(stderr, "case '%s': %d, want %d\n", c->name, r, c->ret);
		CHECK_EQ_INT(r, c->ret);
	}
	CHECK_EQ_STR(check_errno_name(-ENODATA), "ENODATA");
	CHECK_EQ_STR(check_errno_name(0), "");
	free(f);
	return unit_summary("test-check");
}
