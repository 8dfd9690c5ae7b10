// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SHA-256 throughput of kexec-tools' own C implementation (util_lib/sha256.c, the code its
 * kexec runs at load time and its purgatory runs after kexec -e) against ours, in one process:
 * our portable C, our multi-buffer paths (the buffer cut into 8 AVX2 or 4 SSE2 lanes of equal
 * length, as our load cuts segments into regions on CPUs without SHA-NI; MB/s count the bytes of
 * all lanes, on one thread) and our SHA-NI path.
 *
 * kexec-tools' file is not part of this tree: bench/run takes it from a kexec-tools checkout
 * and compiles it next to this file with its symbols renamed to kt_*, so it cannot clash with
 * ours. Its context is passed as an opaque, generously sized buffer.
 *
 * Built with -DWITH_OPENSSL it also times OpenSSL's EVP_sha256: bench/run runs it with
 * OPENSSL_ia32cap=:~0x20000000, which hides SHA-NI from OpenSSL only, to get the best code
 * OpenSSL has for CPUs without it (AVX2/BMI2 assembler) next to the portable C paths.
 *
 * Method as in bench/sha256-bench.c: a 16 MiB buffer (larger than L2, like a segment), every
 * digest checked first, then the best of 15 runs of at least 0.2 s, implementations taking
 * turns, timed in thread CPU time so that a busy neighbour does not count. MB/s = 10^6 B/s.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256-common.h"

#define BUF_SIZE (16u << 20)
#define RUNS 15 /* default; the second argument overrides it */

/* kexec-tools' API with renamed symbols; its sha256_context is 112 bytes on x86-64. */
void kt_sha256_starts(void *ctx);
void kt_sha256_update(void *ctx, const uint8_t *input, size_t length);
void kt_sha256_finish(void *ctx, uint8_t digest[32]);

enum impl { IMPL_KT, IMPL_GENERIC, IMPL_MB_AVX2, IMPL_MB_SSE2, IMPL_OPENSSL, IMPL_SHANI, IMPL_MAX };

static const char *const impl_name[IMPL_MAX] = {
	[IMPL_KT] = "kexec-tools util_lib/sha256.c",
	[IMPL_GENERIC] = "ours, generic",
	[IMPL_MB_AVX2] = "ours, multi-buffer AVX2",
	[IMPL_MB_SSE2] = "ours, multi-buffer SSE2",
	[IMPL_OPENSSL] = "OpenSSL EVP_sha256",
	[IMPL_SHANI] = "ours, SHA-NI",
};

static bool available(enum impl impl)
{
	switch (impl) {
	case IMPL_OPENSSL:
#ifdef WITH_OPENSSL
		return true;
#else
		return false;
#endif
	case IMPL_SHANI:
		return sha256_have_shani();
	case IMPL_MB_AVX2:
		return sha256_mb_best() == SHA256_MB_AVX2;
	default:
		return true;
	}
}

/* The reference for the lanes: our portable C, one lane after the other. */
static void generic_one(const uint8_t *buf, size_t len, uint8_t *out)
{
	struct sha256_ctx ctx;

	sha256_init_generic(&ctx);
	sha256_update(&ctx, buf, len);
	sha256_final(&ctx, out);
}

static void hash_once(int impl, const uint8_t *buf, size_t len, uint8_t out[32])
{
	_Alignas(64) uint8_t kt_ctx[256];
	struct sha256_ctx ctx;

	switch (impl) {
	case IMPL_KT:
		kt_sha256_starts(kt_ctx);
		kt_sha256_update(kt_ctx, buf, len);
		kt_sha256_finish(kt_ctx, out);
		return;
	case IMPL_GENERIC:
		sha256_init_generic(&ctx);
		break;
	case IMPL_MB_AVX2:
	case IMPL_MB_SSE2:
		hash_lanes(impl == IMPL_MB_AVX2 ? SHA256_MB_AVX2 : SHA256_MB_SSE2, buf, len, out, NULL);
		return;
	case IMPL_OPENSSL:
		openssl_sha256(buf, len, out);
		return;
	default:
		sha256_init(&ctx);
		break;
	}
	sha256_update(&ctx, buf, len);
	sha256_final(&ctx, out);
}

int main(int argc, char **argv)
{
	size_t len = argc > 1 ? strtoull(argv[1], NULL, 0) : BUF_SIZE;
	int runs = argc > 2 ? atoi(argv[2]) : RUNS;
	uint8_t *buf = malloc(len), ref[32], ref_avx2[32], ref_sse2[32], out[32];
	double best[IMPL_MAX] = { 0 };

	if (!buf || runs < 1) {
		fprintf(stderr, "usage: sha256-peer [BUFFER_BYTES [RUNS]]\n");
		return 1;
	}
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 2654435761u >> 13);
	hash_once(IMPL_GENERIC, buf, len, ref);
	hash_lanes(SHA256_MB_AVX2, buf, len, ref_avx2, generic_one);
	hash_lanes(SHA256_MB_SSE2, buf, len, ref_sse2, generic_one);
	for (int impl = 0; impl < IMPL_MAX; impl++) {
		const uint8_t *want = impl == IMPL_MB_AVX2 ? ref_avx2 : impl == IMPL_MB_SSE2 ? ref_sse2 : ref;

		if (!available(impl))
			continue;
		hash_once(impl, buf, len, out);
		if (memcmp(out, want, 32)) {
			fprintf(stderr, "%s: digest differs\n", impl_name[impl]);
			return 1;
		}
	}
	for (int r = 0; r < runs; r++)
		for (int impl = 0; impl < IMPL_MAX; impl++) {
			double mbs;

			if (!available(impl))
				continue;
			mbs = measure(hash_once, impl, buf, len, out);
			if (mbs > best[impl])
				best[impl] = mbs;
		}

	printf("buffer %zu bytes, best of %d runs of %.1f s, SHA-NI %s\n", len, runs, MIN_SECONDS,
	       sha256_have_shani() ? "present" : "absent");
	for (int impl = 0; impl < IMPL_MAX; impl++)
		if (available(impl))
			printf("%-30s %8.1f MB/s  %5.2fx kexec-tools\n", impl_name[impl], best[impl],
			       best[impl] / best[IMPL_KT]);
	free(buf);
	return 0;
}
