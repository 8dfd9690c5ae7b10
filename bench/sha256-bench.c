// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SHA-256 throughput: our portable path, our multi-buffer paths (AVX2 and SSE2 lanes), our
 * SHA-NI path, a plain textbook C implementation (the baseline the portable path is measured
 * against), and OpenSSL's EVP_sha256 when built with -DWITH_OPENSSL. Build and run commands are
 * in bench/README.md.
 *
 * Each figure is the best of several runs over a buffer larger than L2, so it reflects hashing
 * a segment that streams from memory, which is what kexec load and the purgatory do. The
 * implementations take turns run by run, so a noisy neighbour on a shared machine slows all of
 * them alike rather than whichever happened to be running; best-of keeps the quiet moments.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256-common.h"

#define BUF_SIZE (16u << 20)
#define RUNS 15

/*
 * The baseline: FIPS 180-4 section 6.2.2 written the obvious way (64-word schedule first, then
 * a loop of 64 rounds shifting eight variables), as most small C implementations do.
 */
struct naive_ctx {
	uint32_t h[8];
	uint64_t bytes;
	uint8_t buf[64];
};

static const uint32_t naive_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t rotr(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

static void naive_block(struct naive_ctx *c, const uint8_t *p)
{
	uint32_t w[64], a, b, d, e, f, g, h, cc, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (; i < 64; i++) {
		uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3];
	e = c->h[4], f = c->h[5], g = c->h[6], h = c->h[7];
	for (i = 0; i < 64; i++) {
		t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + naive_k[i] +
		     w[i];
		t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & cc) ^ (b & cc));
		h = g, g = f, f = e, e = d + t1, d = cc, cc = b, b = a, a = t1 + t2;
	}
	c->h[0] += a, c->h[1] += b, c->h[2] += cc, c->h[3] += d;
	c->h[4] += e, c->h[5] += f, c->h[6] += g, c->h[7] += h;
}

static void naive_sha256(const uint8_t *p, size_t len, uint8_t out[32])
{
	struct naive_ctx c = { .h = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f,
				      0x9b05688c, 0x1f83d9ab, 0x5be0cd19 } };
	size_t i, rest;

	for (i = 0; i + 64 <= len; i += 64)
		naive_block(&c, p + i);
	rest = len - i;
	memset(c.buf, 0, 64);
	memcpy(c.buf, p + i, rest);
	c.buf[rest] = 0x80;
	if (rest >= 56) {
		naive_block(&c, c.buf);
		memset(c.buf, 0, 64);
	}
	for (i = 0; i < 8; i++)
		c.buf[56 + i] = (uint8_t)((uint64_t)len * 8 >> (56 - 8 * i));
	naive_block(&c, c.buf);
	for (i = 0; i < 8; i++) {
		out[4 * i] = c.h[i] >> 24, out[4 * i + 1] = c.h[i] >> 16;
		out[4 * i + 2] = c.h[i] >> 8, out[4 * i + 3] = c.h[i];
	}
}

enum impl {
	IMPL_NAIVE,
	IMPL_GENERIC,
	IMPL_SHANI,
	IMPL_GENERIC_ZEROS,
	IMPL_SHANI_ZEROS,
	IMPL_MB_AVX2,
	IMPL_MB_SSE2,
	IMPL_OPENSSL,
};

static const char *const impl_name[] = {
	[IMPL_NAIVE] = "naive C (baseline)",
	[IMPL_GENERIC] = "ours, generic",
	[IMPL_SHANI] = "ours, SHA-NI",
	[IMPL_GENERIC_ZEROS] = "ours, generic, update_zeros",
	[IMPL_SHANI_ZEROS] = "ours, SHA-NI, update_zeros",
	[IMPL_MB_AVX2] = "ours, multi-buffer AVX2",
	[IMPL_MB_SSE2] = "ours, multi-buffer SSE2",
	[IMPL_OPENSSL] = "OpenSSL EVP_sha256",
};

static void hash_once(int impl, const uint8_t *buf, size_t len, uint8_t out[32])
{
	struct sha256_ctx ctx;

	switch (impl) {
	case IMPL_NAIVE:
		naive_sha256(buf, len, out);
		return;
	case IMPL_MB_AVX2:
	case IMPL_MB_SSE2:
		hash_lanes(impl == IMPL_MB_AVX2 ? SHA256_MB_AVX2 : SHA256_MB_SSE2, buf, len, out, NULL);
		return;
	case IMPL_GENERIC:
	case IMPL_GENERIC_ZEROS:
		sha256_init_generic(&ctx);
		break;
	case IMPL_SHANI:
	case IMPL_SHANI_ZEROS:
		sha256_init(&ctx);
		break;
	case IMPL_OPENSSL:
		openssl_sha256(buf, len, out);
		return;
	}
	if (impl == IMPL_GENERIC_ZEROS || impl == IMPL_SHANI_ZEROS)
		sha256_update_zeros(&ctx, len);
	else
		sha256_update(&ctx, buf, len);
	sha256_final(&ctx, out);
}

static bool available(enum impl impl)
{
	switch (impl) {
	case IMPL_SHANI:
	case IMPL_SHANI_ZEROS:
		return sha256_have_shani();
	case IMPL_MB_AVX2:
		return sha256_mb_best() == SHA256_MB_AVX2;
	case IMPL_OPENSSL:
#ifdef WITH_OPENSSL
		return true;
#else
		return false;
#endif
	default:
		return true;
	}
}

int main(int argc, char **argv)
{
	size_t len = argc > 1 ? strtoull(argv[1], NULL, 0) : BUF_SIZE;
	uint8_t *buf = malloc(len), *zeros = calloc(1, len), ref[32], ref_zeros[32], out[32];
	uint8_t ref_lanes[2][32]; /* [0]: 8 lanes, [1]: 4 lanes */
	double best[IMPL_OPENSSL + 1] = { 0 };

	if (!buf || !zeros) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 2654435761u >> 13);
	naive_sha256(buf, len, ref);
	naive_sha256(zeros, len, ref_zeros);
	hash_lanes(SHA256_MB_AVX2, buf, len, ref_lanes[0], naive_sha256);
	hash_lanes(SHA256_MB_SSE2, buf, len, ref_lanes[1], naive_sha256);

	/* check every digest against the baseline once, which also warms caches and clocks */
	for (enum impl impl = IMPL_NAIVE; impl <= IMPL_OPENSSL; impl++) {
		bool zero = impl == IMPL_GENERIC_ZEROS || impl == IMPL_SHANI_ZEROS;
		const uint8_t *want = zero ? ref_zeros : ref;

		if (impl == IMPL_MB_AVX2 || impl == IMPL_MB_SSE2)
			want = ref_lanes[impl == IMPL_MB_SSE2];
		if (!available(impl))
			continue;
		hash_once(impl, buf, len, out);
		if (memcmp(out, want, 32)) {
			fprintf(stderr, "%s: digest differs from the baseline\n", impl_name[impl]);
			return 1;
		}
	}

	for (int r = 0; r < RUNS; r++) {
		for (enum impl impl = IMPL_NAIVE; impl <= IMPL_OPENSSL; impl++) {
			double mbs;

			if (!available(impl))
				continue;
			mbs = measure(hash_once, impl, buf, len, out);
			if (mbs > best[impl])
				best[impl] = mbs;
		}
	}

	printf("buffer %zu bytes, best of %d runs of %.1f s, SHA-NI %s\n", len, RUNS, MIN_SECONDS,
	       sha256_have_shani() ? "present" : "absent");
	for (enum impl impl = IMPL_NAIVE; impl <= IMPL_OPENSSL; impl++) {
		if (!available(impl)) {
			printf("%-30s %s\n", impl_name[impl],
			       impl == IMPL_OPENSSL ? "not built (see bench/README.md)" : "no CPU support");
			continue;
		}
		printf("%-30s %8.1f MB/s  %5.2fx baseline\n", impl_name[impl], best[impl],
		       best[impl] / best[IMPL_NAIVE]);
	}
	free(buf);
	free(zeros);
	return 0;
}
