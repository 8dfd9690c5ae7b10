/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

/*
 * The device tree the running kernel booted with, relative to @rootfd: sys/firmware/fdt (the
 * blob as the boot loader or EFI stub handed it over, reservation map included), else
 * proc/device-tree flattened (which has no reservation map: /memreserve/ entries are lost,
 * /reserved-memory is kept). A new malloc'd buffer; *ret_source names where it came from.
 * 0, -ENOENT (neither exists), -EBADMSG (sysfs holds no valid tree), -E2BIG (over 2 MiB),
 * -ENOMEM, or the -errno of a read.
 */
int arm64_dt_read_running(int rootfd, void **ret, size_t *ret_len, const char **ret_source);

/*
 * proc/device-tree (or any directory in its layout: a folder per node, a file per property)
 * under @dirfd as a flattened tree. Same returns.
 */
int arm64_dt_flatten(int dirfd, void **ret, size_t *ret_len);

/* A device tree file the user named (--dtb): read whole, at most 2 MiB; checked by the caller. */
int arm64_dt_read_file(const char *path, void **ret, size_t *ret_len);
