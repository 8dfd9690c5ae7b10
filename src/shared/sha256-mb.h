/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Multi-buffer SHA-256: several independent messages hashed at once, one per 32-bit SIMD lane
 * (8 with AVX2, 4 with SSE2). A single SHA-256 stream is one long dependency chain that plain C
 * cannot speed up much; independent streams side by side fill the vector units instead. The
 * digests are ordinary SHA-256, bit for bit, so the purgatory checks them with sha256.c.
 *
 * Userspace only: the choice of code is made with __builtin_cpu_supports(), which the
 * freestanding purgatory does not have.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sha256.h"

/* One message: @len bytes at @data, then @zeros zero bytes (a segment's zero fill). */
struct sha256_mb_job {
	const void *data;
	size_t len;
	uint64_t zeros;
	uint8_t *digest; /* SHA256_DIGEST_SIZE bytes, written by sha256_mb() */
};

/* The SIMD code to use; each value is its number of lanes. */
enum sha256_mb_isa {
	SHA256_MB_SSE2 = 4, /* the x86-64 baseline, always there */
	SHA256_MB_AVX2 = 8,
};

/* The widest code this CPU runs. Meaningful only where sha256_mb_available(). */
enum sha256_mb_isa sha256_mb_best(void);

/*
 * Whether this build has multi-buffer code at all (x86-64 only). Elsewhere sha256_mb() hashes
 * one job at a time with sha256.c, and lanes must not be planned (hash_lanes() says 1).
 */
bool sha256_mb_available(void);

/*
 * Hash @n jobs of any lengths, equal or not, with @isa (AVX2 falls back to SSE2 on a CPU
 * without it). Throughput is best when the jobs come in groups of @isa lanes of equal length:
 * a lane whose job ends early idles until the group's longest is done or a later job fills it.
 */
void sha256_mb_with(enum sha256_mb_isa isa, const struct sha256_mb_job *jobs, size_t n);

/* The same with sha256_mb_best(). */
void sha256_mb(const struct sha256_mb_job *jobs, size_t n);
