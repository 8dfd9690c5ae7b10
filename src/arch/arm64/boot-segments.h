/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "image-header.h"
#include "image.h"
#include "plan.h"

/*
 * What every arm64 format ends with: the Image @kernel (@len bytes, header @h) placed by its
 * header, the initrd, and the device tree made from the machine's (image_load_args.arch is a
 * struct arm64_load_ctx) with the command line, initrd and crash properties. With @owned,
 * @kernel is a malloc'd buffer (zboot and ELF make one) handed over whatever the outcome: the
 * plan frees it, or this does on failure. 0, -EADDRNOTAVAIL (no room), -EBADMSG/-ERANGE/-E2BIG
 * (the device tree: ctx->why says why), -EOPNOTSUPP, -ENOMEM.
 */
int arm64_boot_segments_add(struct kexec_plan *plan, const struct image_load_args *a,
			    const void *kernel, size_t len, bool owned, const struct arm64_image *h,
			    struct image_entry *ret);
