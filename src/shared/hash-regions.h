/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The digests the purgatory checks after the jump, computed at load time on every CPU we may
 * use. The purgatory verifies a list of (address, length, SHA-256) regions, and any partition of
 * the segments into regions is as good as one region per segment; so large segments are cut into
 * pieces that threads hash side by side. This is load time during a reboot: with a 256 MiB initrd
 * it halves the wall time of a -c load on two CPUs. On CPUs without SHA-NI the pieces are cut
 * smaller still, into groups of equal length that one thread hashes together in SIMD lanes.
 */
#include <stddef.h>
#include <stdint.h>

#include "sha256.h"

/* One segment as it will lie in memory: @bufsz bytes of @buf, then zeros up to @memsz. */
struct hash_span {
	const void *buf;
	size_t bufsz;
	uint64_t mem;
	uint64_t memsz;
};

struct hash_region {
	uint64_t mem;   /* physical start, inside span @span */
	uint64_t len;
	size_t span;
	uint8_t sha256[SHA256_DIGEST_SIZE];
};

/* How many threads hashing is worth here: the CPUs we may run on, at most 8. */
size_t hash_workers(void);

/*
 * How many regions a thread hashes at once. 1 with SHA-NI: one region after the other with
 * sha256(), which is then as fast as OpenSSL. Without it, the lanes of the widest multi-buffer
 * code (sha256-mb.h): 8 with AVX2, 4 with SSE2, for about 3 and 2 times the scalar C's speed.
 */
size_t hash_lanes(void);

/*
 * Cut @n spans into at most @max regions, in address order within each span, so that @workers
 * threads get about the same number of bytes each, as @lanes regions of about equal length
 * (1, 4 or 8; see hash_lanes()). Never cuts off a page boundary, nor below 4 MiB of work per
 * thread (4 MiB / @lanes per region). Returns the number of regions written to @out, or
 * -E2BIG if @n > @max.
 */
int hash_regions_split(const struct hash_span *spans, size_t n, size_t workers, size_t lanes,
		       struct hash_region *out, size_t max);

/*
 * Fill every region's digest, on up to @workers threads (the calling one included), each
 * hashing @lanes regions at a time: 1 with sha256(), 4 with SSE2 lanes, 8 with AVX2 lanes (SSE2
 * where the CPU lacks AVX2). Any @lanes gives the same digests; it only changes the speed.
 */
int hash_regions_compute(const struct hash_span *spans, struct hash_region *regions, size_t nr,
			 size_t workers, size_t lanes);
