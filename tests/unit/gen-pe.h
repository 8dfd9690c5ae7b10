/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Minimal PE32+ images for tests, laid out as linkers do (and as a UKI is): a 64-byte DOS
 * header whose e_lfanew is 0x40, "PE\0\0", the COFF header, a PE32+ optional header with 16
 * data directories, the section table, headers padded to 0x200; each section's data at a
 * 0x200-aligned file offset and a 0x1000-aligned RVA; an optional certificate table (one
 * WIN_CERTIFICATE of PKCS#7 type) at the end, 8-aligned.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define GEN_PE_LFANEW 0x40
#define GEN_PE_COFF (GEN_PE_LFANEW + 4)       /* COFF header */
#define GEN_PE_OPT (GEN_PE_COFF + 20)         /* optional header */
#define GEN_PE_OPT_SIZE (112 + 16 * 8)
#define GEN_PE_DIRS (GEN_PE_OPT + 112)        /* data directories */
#define GEN_PE_SECTIONS (GEN_PE_OPT + GEN_PE_OPT_SIZE) /* section table */
#define GEN_PE_FILE_ALIGN 0x200
#define GEN_PE_SECT_ALIGN 0x1000

struct gen_pe_section {
	const char *name; /* at most 8 bytes */
	const void *data;
	size_t len;
};

static inline void gen_pe_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void gen_pe_put32(uint8_t *p, uint32_t v)
{
	gen_pe_put16(p, (uint16_t)v);
	gen_pe_put16(p + 2, (uint16_t)(v >> 16));
}

#define GEN_PE_ALIGN(x, a) (((x) + (a) - 1) & ~((size_t)(a) - 1))

/* A malloc'd image (*ret, its length returned) of @n sections (at most 96), for @machine, with
 * @cert (the PKCS#7 bytes, NULL: unsigned) in its certificate table. */
static inline size_t gen_pe(uint16_t machine, const struct gen_pe_section *s, size_t n,
			    const void *cert, size_t cert_len, uint8_t **ret)
{
	size_t hdr = GEN_PE_ALIGN(GEN_PE_SECTIONS + n * 40, GEN_PE_FILE_ALIGN), off = hdr, len;
	uint32_t rva = GEN_PE_SECT_ALIGN;
	uint8_t *p;

	for (size_t i = 0; i < n; i++)
		off += GEN_PE_ALIGN(s[i].len, GEN_PE_FILE_ALIGN);
	len = off;
	if (cert)
		len = GEN_PE_ALIGN(off, 8) + GEN_PE_ALIGN(8 + cert_len, 8);
	p = calloc(1, len);
	if (!p)
		abort();
	memcpy(p, "MZ", 2);
	gen_pe_put32(p + 0x3c, GEN_PE_LFANEW);
	memcpy(p + GEN_PE_LFANEW, "PE\0\0", 4);
	gen_pe_put16(p + GEN_PE_COFF, machine);
	gen_pe_put16(p + GEN_PE_COFF + 2, (uint16_t)n);
	gen_pe_put16(p + GEN_PE_COFF + 16, GEN_PE_OPT_SIZE);
	gen_pe_put16(p + GEN_PE_COFF + 18, 0x0206); /* executable, debug stripped */
	gen_pe_put16(p + GEN_PE_OPT, 0x20b);        /* PE32+ */
	gen_pe_put32(p + GEN_PE_OPT + 16, GEN_PE_SECT_ALIGN); /* entry */
	gen_pe_put32(p + GEN_PE_OPT + 32, GEN_PE_SECT_ALIGN);
	gen_pe_put32(p + GEN_PE_OPT + 36, GEN_PE_FILE_ALIGN);
	gen_pe_put32(p + GEN_PE_OPT + 60, (uint32_t)hdr);
	gen_pe_put16(p + GEN_PE_OPT + 68, 10);      /* EFI application */
	gen_pe_put32(p + GEN_PE_OPT + 108, 16);     /* NumberOfRvaAndSizes */

	off = hdr;
	for (size_t i = 0; i < n; i++) {
		uint8_t *h = p + GEN_PE_SECTIONS + i * 40;

		strncpy((char *)h, s[i].name, 8);
		gen_pe_put32(h + 8, (uint32_t)s[i].len);
		gen_pe_put32(h + 12, rva);
		gen_pe_put32(h + 16, (uint32_t)GEN_PE_ALIGN(s[i].len, GEN_PE_FILE_ALIGN));
		gen_pe_put32(h + 20, (uint32_t)off);
		gen_pe_put32(h + 36, 0x40000040); /* initialized data, readable */
		if (s[i].len)
			memcpy(p + off, s[i].data, s[i].len);
		off += GEN_PE_ALIGN(s[i].len, GEN_PE_FILE_ALIGN);
		rva += (uint32_t)GEN_PE_ALIGN(s[i].len ? s[i].len : 1, GEN_PE_SECT_ALIGN);
	}
	gen_pe_put32(p + GEN_PE_OPT + 56, rva); /* SizeOfImage */
	if (cert) {
		size_t at = GEN_PE_ALIGN(off, 8);

		gen_pe_put32(p + at, (uint32_t)(8 + cert_len));
		gen_pe_put16(p + at + 4, 0x0200);
		gen_pe_put16(p + at + 6, 0x0002);
		memcpy(p + at + 8, cert, cert_len);
		gen_pe_put32(p + GEN_PE_DIRS + 4 * 8, (uint32_t)at);
		gen_pe_put32(p + GEN_PE_DIRS + 4 * 8 + 4, (uint32_t)(len - at));
	}
	*ret = p;
	return len;
}
