// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The PE/COFF certificate table of a kernel file (an x86 bzImage and an arm64 Image both carry
 * a PE header for the EFI stub). Layout from the PE/COFF specification: "MZ", the PE header's
 * offset at 0x3c, "PE\0\0", a 20-byte COFF header whose SizeOfOptionalHeader bounds the optional
 * header, then the optional header (magic 0x10b PE32 or 0x20b PE32+) with NumberOfRvaAndSizes and
 * the data directories; directory 4 is the certificate table, whose address is a file offset
 * (not an RVA). The kernel's verify_pefile reads the same fields and calls an empty table
 * "Unsigned PE binary" (ENODATA), which is what --check predicts from.
 *
 * Not pe.c's parser, on purpose: pe.c is strict (a short optional header, a section past the
 * end of the file: corrupt), as a loader must be, while this reads only the fields the
 * kernel's check reads and as leniently: a PE file whose optional header stops before the
 * certificate directory is unsigned to the kernel (ENODATA), not corrupt. Rebuilt on pe.c,
 * test-pe-sig's two cases of that kind and test-check's signed fixtures failed (tried in the
 * merge of --check and --inspect).
 */
#include <errno.h>
#include <string.h>

#include "pe-sig.h"

#define PE_OFFSET_FIELD 0x3c
#define COFF_HEADER_SIZE 20
#define OPT_MAGIC_PE32 0x10b
#define OPT_MAGIC_PE32PLUS 0x20b
#define DIR_CERTIFICATE 4
#define WIN_CERT_HEADER_SIZE 8

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int pe_signature_find(const void *buf, size_t len, struct pe_signature *ret, struct diag *why)
{
	const uint8_t *p = buf;
	size_t pe, opt, opt_size, ndirs_off, dirs_off, dir;
	uint32_t ndirs, off, size;
	uint16_t magic;

	diag_clear(why);
	if (len < PE_OFFSET_FIELD + 4 || memcmp(p, "MZ", 2) != 0)
		return -ENOEXEC;
	pe = le32(p + PE_OFFSET_FIELD);
	/* Every sum below stays far from SIZE_MAX: pe < len, and the rest are small constants. */
	if (pe >= len || len - pe < 4 + COFF_HEADER_SIZE || memcmp(p + pe, "PE\0\0", 4) != 0)
		return -ENOEXEC;
	opt = pe + 4 + COFF_HEADER_SIZE;
	opt_size = le16(p + pe + 4 + 16);
	if (len - opt < opt_size || opt_size < 2)
		return diag_fail(why, -EBADMSG, "its PE optional header (%zu bytes) runs past the "
				 "end of the file", opt_size);
	magic = le16(p + opt);
	if (magic == OPT_MAGIC_PE32) {
		ndirs_off = 92;
		dirs_off = 96;
	} else if (magic == OPT_MAGIC_PE32PLUS) {
		ndirs_off = 108;
		dirs_off = 112;
	} else {
		return diag_fail(why, -EBADMSG, "its PE optional header has an unknown magic 0x%04x",
				 magic);
	}
	if (opt_size < ndirs_off + 4)
		return -ENODATA; /* no data directories at all: nothing signed */
	ndirs = le32(p + opt + ndirs_off);
	dir = dirs_off + DIR_CERTIFICATE * 8;
	if (ndirs <= DIR_CERTIFICATE || opt_size < dir + 8)
		return -ENODATA;
	off = le32(p + opt + dir);
	size = le32(p + opt + dir + 4);
	if (size == 0)
		return -ENODATA;
	if (off > len || len - off < size || size < WIN_CERT_HEADER_SIZE)
		return diag_fail(why, -EBADMSG, "its PE certificate table (%u bytes at 0x%x) lies "
				 "outside the file (%zu bytes)", size, off, len);
	*ret = (struct pe_signature){
		.offset = off,
		.size = size,
		/* WIN_CERTIFICATE: dwLength, wRevision, wCertificateType. */
		.cert_type = le16(p + off + 6),
	};
	return 0;
}
