/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "image.h"
#include "units.h"

/*
 * The header at the start of every arm64 kernel Image (Documentation/arch/arm64/booting.rst):
 *
 *   0x00 code0, code1   two instructions (with an EFI stub, code0 doubles as "MZ")
 *   0x08 text_offset    le64: where the Image goes above a 2 MiB aligned base
 *   0x10 image_size     le64: bytes the kernel occupies from its start, bss included
 *   0x18 flags          le64: bit 0 big-endian, bits 1-2 page size, bit 3 placement
 *   0x20 res2..res4
 *   0x38 magic          "ARM\x64"
 *   0x3c res5           with an EFI stub, the PE header's offset
 */
#define ARM64_IMAGE_HEADER_SIZE 64
#define ARM64_IMAGE_MAGIC_OFFSET 0x38
#define ARM64_IMAGE_MAGIC "ARM\x64"
/* The base the Image sits text_offset above is 2 MiB aligned, whatever the page size. */
#define ARM64_KERNEL_ALIGN SZ_2M
/* COMMAND_LINE_SIZE on arm64: /chosen/bootargs is cut to this, with its NUL. */
#define ARM64_COMMAND_LINE_SIZE 2048

struct arm64_image {
	uint64_t text_offset;
	uint64_t image_size;
	uint32_t page_size; /* the new kernel's page size in bytes; 0: the header does not say */
	bool anywhere;      /* flags bit 3: any 2 MiB aligned base below 2^48, not only low */
};

/*
 * Parse the header at the start of @buf. Same returns as image_ops.probe: -ENOEXEC without the
 * magic, -EBADMSG truncated or a field no kernel has, -EOPNOTSUPP for a big-endian kernel or one
 * older than 3.17 (no image_size); info->why says which.
 */
int arm64_image_parse(const void *buf, size_t len, struct arm64_image *ret,
		      struct image_info *info);

/* Whether @buf starts with an arm64 Image header (the magic alone). */
bool arm64_image_has_magic(const void *buf, size_t len);
