// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Differential target for the multi-buffer SHA-256 (sha256-mb.c) against the scalar one: the
 * SIMD code schedules lanes of unequal lengths, data ending mid-block and zero tails, and a
 * scheduling slip would give a wrong digest that only the purgatory would notice, at reboot.
 * The input is a header, then the data that the jobs share: byte 0 picks SSE2 or AVX2 and the
 * number of jobs (1-16); each job has 3 bytes (offset, length, zeros in 64-byte steps plus a
 * remainder) cut from the data. Any digest that differs from sha256() aborts.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sha256-mb.h"

#define MAX_JOBS 16
#define FUZZ_SIZE_MAX (256 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sha256_mb_job jobs[MAX_JOBS];
	uint8_t got[MAX_JOBS][SHA256_DIGEST_SIZE];
	const uint8_t *body;
	size_t n, hdr, body_len;
	enum sha256_mb_isa isa;

	if (size < 1 || size > FUZZ_SIZE_MAX)
		return 0;
	isa = data[0] & 0x80 ? SHA256_MB_AVX2 : SHA256_MB_SSE2;
	n = (size_t)(data[0] & 0x0f) + 1;
	hdr = 1 + 3 * n;
	if (size < hdr)
		return 0;
	body = data + hdr;
	body_len = size - hdr;

	for (size_t i = 0; i < n; i++) {
		const uint8_t *j = data + 1 + 3 * i;
		size_t off = body_len ? (size_t)j[0] * 997 % (body_len + 1) : 0;
		size_t len = body_len - off ? (size_t)j[1] * 263 % (body_len - off + 1) : 0;

		jobs[i] = (struct sha256_mb_job){
			.data = body + off,
			.len = len,
			.zeros = (uint64_t)(j[2] >> 2) * 64 + (j[2] & 3) * 17,
			.digest = got[i],
		};
	}
	sha256_mb_with(isa, jobs, n);

	for (size_t i = 0; i < n; i++) {
		struct sha256_ctx ctx;
		uint8_t want[SHA256_DIGEST_SIZE];

		sha256_init_generic(&ctx);
		sha256_update(&ctx, jobs[i].data, jobs[i].len);
		sha256_update_zeros(&ctx, jobs[i].zeros);
		sha256_final(&ctx, want);
		if (memcmp(want, got[i], sizeof(want)) != 0)
			abort();
	}
	return 0;
}
