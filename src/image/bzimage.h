/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <asm/bootparam.h>
#include <stddef.h>

#include "image.h"

/* The boot protocol's setup header sits at this offset of a bzImage and of boot_params. */
#define BZIMAGE_SETUP_HEADER_OFFSET 0x1f1
/* "HdrS", at 0x202 */
#define BZIMAGE_HEADER_MAGIC 0x53726448U
/* Protocol 2.12 (Linux 3.8) added xloadflags, which 64-bit kexec relies on. */
#define BZIMAGE_MIN_PROTOCOL 0x020c

/*
 * Copy the setup header out of @buf (unaligned, possibly short) into @ret, checking that it is a
 * 64-bit bzImage that can be loaded above 4 GiB and that the file holds all the code its header
 * announces. Same return values as image_ops.probe.
 */
int bzimage_parse_header(const void *buf, size_t len, struct setup_header *ret,
			 struct image_info *info);
