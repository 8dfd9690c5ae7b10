/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

/*
 * Kernel files compressed as a whole (vmlinux.gz, vmlinuz.xz, Image.zst...), as kexec-tools'
 * slurp_decompress_file reads them. Not the payload inside a bzImage: the kernel's own
 * decompressor handles that.
 */

/* Output cap for callers without a better one: a decompressed x86 vmlinux is ~60-100 MiB. */
#define IMAGE_DECOMPRESS_MAX (512ULL << 20)

/* "gzip", "xz", "lzma" or "zstd" if @buf starts like such a stream, else NULL. Pure. */
const char *image_compression(const void *buf, size_t len);

/*
 * Decompress all of @buf into a new malloc'd buffer (*ret, *ret_len; set only on success; the
 * caller frees *ret). Concatenated gzip members, xz streams and zstd frames are decoded as one
 * file, as gzip(1), xz(1) and zstd(1) do. Returns 0, or:
 *   -ENOEXEC  @buf is not gzip, xz, lzma or zstd
 *   -EBADMSG  it is, but the stream is truncated or corrupt
 *   -EFBIG    the output would exceed @max_out bytes
 *   -ENOMEM
 */
int image_decompress(const void *buf, size_t len, size_t max_out, void **ret, size_t *ret_len);
