// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * EFI zboot (CONFIG_EFI_ZBOOT): an EFI application that decompresses the real kernel when
 * firmware starts it. A loader that is not firmware finds the compressed Image through the
 * container's header (drivers/firmware/efi/libstub/zboot-header.S):
 *
 *   0x00 "MZ"         the PE/COFF DOS header's magic
 *   0x04 "zimg"
 *   0x08 le32         offset of the compressed Image
 *   0x0c le32         its size (the stream alone: non-gzip streams are followed by a le32 of
 *                     the decompressed size, which gzip carries inside its own trailer)
 *   0x18 char[]       the compression, NUL-terminated: gzip, lz4, lzma, lzo, xzkern, zstd22
 *   0x38 le32         the EFI stub's Linux magic
 *   0x3c le32         offset of the PE header, whose machine field says the architecture
 *
 * The kernel's kexec_file takes only the Image itself, so it is decompressed here, in
 * userspace: unwrap() gives it for kexec_file_load (as a memfd), load() places it for
 * kexec_load.
 */
#define LOG_PREFIX "arm64-zboot: "
#include <stdlib.h>
#include <string.h>

#include "boot-segments.h"
#include "decompress.h"
#include "formats.h"
#include "image-header.h"
#include "log.h"

#define ZBOOT_HEADER_SIZE 0x40
#define ZBOOT_TYPE_OFFSET 0x18
#define ZBOOT_TYPE_END 0x38
#define PE_MACHINE_ARM64 0xaa64

struct zboot {
	uint32_t offset, size;
	const char *type;        /* as the header spells it */
	const char *compression; /* as image_compression() does: "gzip", "xz", "lzma", "zstd" */
};

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The Makefile's names (comp-type-y) for what our decompressors read. */
static const char *compression_of(const char *type)
{
	static const struct {
		const char *type, *compression;
	} known[] = {
		{ "gzip", "gzip" },
		{ "xzkern", "xz" },
		{ "xz", "xz" },
		{ "lzma", "lzma" },
		{ "zstd22", "zstd" },
		{ "zstd", "zstd" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (strcmp(type, known[i].type) == 0)
			return known[i].compression;
	return NULL;
}

static const char *pe_machine_name(uint16_t m)
{
	switch (m) {
	case 0x5064:
		return "RISC-V 64";
	case 0x6264:
		return "LoongArch 64";
	case 0x8664:
		return "x86-64";
	case 0x01c2:
	case 0x01c4:
		return "32-bit ARM";
	default:
		return "another architecture";
	}
}

static int zboot_parse(const void *buf, size_t len, struct zboot *ret, struct image_info *info)
{
	const uint8_t *p = buf;
	struct zboot z = {};
	uint32_t pe;
	uint16_t machine;

	if (len < 8 || memcmp(p, "MZ", 2) != 0 || memcmp(p + 4, "zimg", 4) != 0)
		return -ENOEXEC;
	if (len < ZBOOT_HEADER_SIZE)
		return diag_fail(&info->why, -EBADMSG, "truncated: %zu bytes, less than the EFI "
				 "zboot header", len);
	if (!memchr(p + ZBOOT_TYPE_OFFSET, '\0', ZBOOT_TYPE_END - ZBOOT_TYPE_OFFSET))
		return diag_fail(&info->why, -EBADMSG, "corrupt EFI zboot header: its compression "
				 "type is not a string");
	z.type = (const char *)p + ZBOOT_TYPE_OFFSET;

	pe = get_le32(p + 0x3c);
	if (pe > len || len - pe < 6 || memcmp(p + pe, "PE\0\0", 4) != 0)
		return diag_fail(&info->why, -EBADMSG, "corrupt EFI zboot image: no PE header at "
				 "0x%x", pe);
	machine = (uint16_t)(p[pe + 4] | p[pe + 5] << 8);
	if (machine != PE_MACHINE_ARM64)
		return diag_fail(&info->why, -EOPNOTSUPP, "it is an EFI zboot kernel for %s (PE "
				 "machine 0x%04x), not arm64", pe_machine_name(machine), machine);

	z.offset = get_le32(p + 0x08);
	z.size = get_le32(p + 0x0c);
	if (z.size == 0 || z.offset < ZBOOT_HEADER_SIZE || z.offset > len ||
	    z.size > len - z.offset)
		return diag_fail(&info->why, -EBADMSG, "truncated or corrupt EFI zboot image: its "
				 "payload (%u bytes at 0x%x) is not inside the file (%zu bytes)",
				 z.size, z.offset, len);
	z.compression = compression_of(z.type);
	if (!z.compression)
		return diag_fail(&info->why, -EOPNOTSUPP, "its EFI zboot payload is compressed "
				 "with '%.16s', which this kexec cannot decompress (it reads gzip, "
				 "xz, lzma and zstd)", z.type);
	{
		const char *found = image_compression(p + z.offset, z.size);

		if (!found || strcmp(found, z.compression) != 0)
			return diag_fail(&info->why, -EBADMSG, "corrupt EFI zboot image: its "
					 "payload is not %s data", z.compression);
	}
	info->cmdline_max = ARM64_COMMAND_LINE_SIZE - 1;
	info->compression = z.compression;
	*ret = z;
	return 0;
}

static int zboot_probe(const void *buf, size_t len, struct image_info *info)
{
	struct zboot z;

	return zboot_parse(buf, len, &z, info);
}

static int zboot_unwrap(const void *buf, size_t len, size_t max_out, void **ret,
			size_t *ret_len, struct diag *why)
{
	struct image_info info = {};
	struct arm64_image h;
	struct zboot z;
	size_t out_len;
	void *out;
	int r;

	r = zboot_parse(buf, len, &z, &info);
	if (r < 0) {
		if (why)
			*why = info.why;
		return r == -ENOEXEC ? -EBADMSG : r;
	}
	r = image_decompress((const uint8_t *)buf + z.offset, z.size, max_out, &out, &out_len);
	if (r == -EBADMSG || r == -ENOEXEC)
		return diag_fail(why, -EBADMSG, "corrupt EFI zboot image: its %s payload is "
				 "truncated or damaged", z.compression);
	if (r == -EFBIG)
		return diag_fail(why, -EFBIG, "its EFI zboot payload decompresses to more than "
				 "%zu MiB, which is no kernel", max_out >> 20);
	if (r < 0)
		return r;
	/* What comes out must be what the kernel's loaders take, or the container lied. */
	r = arm64_image_parse(out, out_len, &h, &info);
	if (r < 0) {
		free(out);
		return diag_fail(why, r == -ENOEXEC ? -EBADMSG : r, "its EFI zboot payload is not "
				 "a kernel this kexec can start: %s", r == -ENOEXEC ?
				 "no arm64 Image header" : info.why.msg);
	}
	log_debug("%s payload of %u bytes decompressed to a %zu-byte Image", z.type, z.size,
		  out_len);
	*ret = out;
	*ret_len = out_len;
	return 0;
}

const struct image_ops arm64_zboot_ops = {
	.name = "zboot",
	/* kexec-tools' name for it */
	.aliases = (const char *const[]){ "vmlinuz", NULL },
	.probe = zboot_probe,
	.unwrap = zboot_unwrap,
};
