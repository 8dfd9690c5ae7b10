/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <asm/bootparam.h>
#include <stddef.h>

#include "formats.h"
#include "image.h"

/* The boot protocol's setup header sits at this offset of a bzImage and of boot_params. */
#define BZIMAGE_SETUP_HEADER_OFFSET 0x1f1
/* "HdrS", at 0x202 */
#define BZIMAGE_HEADER_MAGIC 0x53726448U
/* Protocol 2.12 (Linux 3.8) added xloadflags, which 64-bit kexec relies on. */
#define BZIMAGE_MIN_PROTOCOL 0x020c
/* A 2.12 setup header reaches at least to the end of handover_offset (2.11, at 0x264). */
#define BZIMAGE_HEADER_END_2_12 0x268
/* KERNEL_IMAGE_SIZE with KASLR: no x86-64 kernel needs more room (init_size) than this. */
#define BZIMAGE_MAX_INIT_SIZE (1U << 30)
/* 52 physical address bits (5-level paging); nothing can be loaded above. */
#define BZIMAGE_MAX_PHYS_ADDR (1ULL << 52)

/*
 * Copy the setup header out of @buf (unaligned, possibly short) into @ret, checking that it is a
 * 64-bit bzImage that can be loaded above 4 GiB, that the file holds all the code its header
 * announces, and that the header's length, kernel_alignment, init_size and pref_address are
 * possible for an x86-64 kernel. Same return values as image_ops.probe.
 */
int bzimage_parse_header(const void *buf, size_t len, struct setup_header *ret,
			 struct image_info *info);
