// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pe_signature_find on PE files built here field by field: signed (PE32+ and PE32), unsigned
 * (empty certificate directory, too few directories, an optional header too short to hold
 * them), not PE at all, and every header or table that points outside the file.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "macro.h"
#include "pe-sig.h"
#include "unit.h"

#define FILE_SIZE 4096
#define PE_AT 0x80

struct pe_case {
	const char *name;
	/* How to change the good PE32+ file with a certificate table at 0x800 (256 bytes). */
	bool pe32;
	uint32_t pe_at;       /* 0: PE_AT */
	bool no_mz, no_pe;
	uint16_t opt_size;    /* 0: 240, the usual PE32+ optional header */
	uint16_t magic;       /* 0: per pe32 */
	uint32_t ndirs;       /* 0: 16 */
	uint32_t cert_off, cert_size; /* cert_size 0: unsigned; both ~0: the defaults */
	size_t len;           /* 0: FILE_SIZE */
	int ret;
	uint32_t want_size;
};

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void build(uint8_t *f, const struct pe_case *c)
{
	uint32_t pe = c->pe_at ? c->pe_at : PE_AT;
	size_t opt = pe + 24;
	size_t dirs = c->pe32 ? 96 : 112;

	memset(f, 0, FILE_SIZE);
	if (!c->no_mz)
		memcpy(f, "MZ", 2);
	put32(f + 0x3c, pe);
	if ((size_t)pe + 24 + 240 > FILE_SIZE)
		return;
	if (!c->no_pe)
		memcpy(f + pe, "PE\0\0", 4);
	put16(f + pe + 4, 0x8664);
	put16(f + pe + 20, c->opt_size ? c->opt_size : (c->pe32 ? 224 : 240));
	put16(f + opt, c->magic ? c->magic : c->pe32 ? 0x10b : 0x20b);
	put32(f + opt + dirs - 4, c->ndirs ? c->ndirs : 16);
	put32(f + opt + dirs + 4 * 8, c->cert_off == ~0u ? 0x800 : c->cert_off);
	put32(f + opt + dirs + 4 * 8 + 4, c->cert_size == ~0u ? 0x100 : c->cert_size);
	/* WIN_CERTIFICATE at 0x800: length, revision 0x0200, type 2 (PKCS#7). */
	put32(f + 0x800, 0x100);
	put16(f + 0x804, 0x0200);
	put16(f + 0x806, 0x0002);
}


static const struct pe_case cases[] = {
	{ "signed PE32+", .cert_off = ~0u, .cert_size = ~0u, .ret = 0, .want_size = 0x100 },
	{ "signed PE32", .pe32 = true, .cert_off = ~0u, .cert_size = ~0u, .ret = 0,
	  .want_size = 0x100 },
	{ "unsigned: empty directory", .cert_off = 0, .cert_size = 0, .ret = -ENODATA },
	{ "unsigned: 4 directories", .ndirs = 4, .cert_off = ~0u, .cert_size = ~0u,
	  .ret = -ENODATA },
	{ "unsigned: optional header without the directory", .opt_size = 112 + 32,
	  .cert_off = ~0u, .cert_size = ~0u, .ret = -ENODATA },
	{ "unsigned: optional header without NumberOfRvaAndSizes", .opt_size = 100,
	  .cert_off = ~0u, .cert_size = ~0u, .ret = -ENODATA },
	{ "not PE: no MZ", .no_mz = true, .cert_off = ~0u, .cert_size = ~0u, .ret = -ENOEXEC },
	{ "not PE: no PE signature", .no_pe = true, .cert_off = ~0u, .cert_size = ~0u,
	  .ret = -ENOEXEC },
	{ "not PE: header offset past the end", .pe_at = 0xfffffff0, .cert_off = ~0u,
	  .cert_size = ~0u, .ret = -ENOEXEC },
	{ "not PE: header offset at the last bytes", .pe_at = FILE_SIZE - 8, .cert_off = ~0u,
	  .cert_size = ~0u, .ret = -ENOEXEC },
	{ "optional header past the end", .opt_size = 0xffff, .cert_off = ~0u, .cert_size = ~0u,
	  .ret = -EBADMSG },
	{ "unknown optional header magic", .magic = 0x107, .cert_off = ~0u, .cert_size = ~0u,
	  .ret = -EBADMSG },
	{ "table past the end", .cert_off = FILE_SIZE - 16, .cert_size = 0x100, .ret = -EBADMSG },
	{ "table offset past the end", .cert_off = 0xffffff00, .cert_size = 0x100,
	  .ret = -EBADMSG },
	{ "table size wraps", .cert_off = 0x800, .cert_size = 0xffffff00, .ret = -EBADMSG },
	{ "table smaller than its header", .cert_off = 0x800, .cert_size = 4, .ret = -EBADMSG },
	{ "file cut before the PE header's optional part", .len = PE_AT + 24 + 1,
	  .cert_off = ~0u, .cert_size = ~0u, .ret = -EBADMSG },
	{ "file shorter than the DOS header", .len = 0x3c, .cert_off = ~0u, .cert_size = ~0u,
	  .ret = -ENOEXEC },
};

int main(void)
{
	uint8_t *f = malloc(FILE_SIZE);

	if (!f)
		return 1;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct pe_case *c = &cases[i];
		struct pe_signature sig = {};
		struct diag why = {};
		int r;

		build(f, c);
		r = pe_signature_find(f, c->len ? c->len : FILE_SIZE, &sig, &why);
		if (r != c->ret)
			fprintf(stderr, "case '%s': %d, want %d (%s)\n", c->name, r, c->ret, why.msg);
		CHECK_EQ_INT(r, c->ret);
		if (c->ret == 0) {
			CHECK_EQ_INT(sig.size, c->want_size);
			CHECK_EQ_INT(sig.offset, 0x800);
			CHECK_EQ_INT(sig.cert_type, 2);
		}
		if (c->ret == -EBADMSG)
			CHECK(!diag_empty(&why));
	}
	free(f);
	return unit_summary("test-pe-sig");
}
