// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Multi-buffer SHA-256: every lane's digest must equal a one-shot sha256() of the bytes that
 * lane stands for (its data, then its zeros), with lanes of equal and unequal lengths, around
 * the padding edges, with zero tails, and with more messages than lanes, on both the AVX2 and
 * the SSE2 code (AVX2 only where the CPU has it).
 */
#include <stdlib.h>

#include "sha256-mb.h"
#include "unit.h"

#define MAXJ 20
#define M (1u << 20)

struct job_spec {
	size_t len;
	uint64_t zeros;
};

static const struct mb_case {
	const char *name;
	size_t n;
	struct job_spec job[MAXJ];
} cases[] = {
	{ "one message", 1, { { 100, 0 } } },
	{ "none", 0, { { 0, 0 } } },
	{ "padding edges, one per lane", 9,
	  { { 0, 0 }, { 1, 0 }, { 55, 0 }, { 56, 0 }, { 63, 0 }, { 64, 0 }, { 65, 0 }, { 119, 0 },
	    { 128, 0 } } },
	{ "equal lanes", 8,
	  { { 4096, 0 }, { 4096, 0 }, { 4096, 0 }, { 4096, 0 }, { 4096, 0 }, { 4096, 0 }, { 4096, 0 },
	    { 4096, 0 } } },
	{ "equal large lanes, odd length", 8,
	  { { M + 13, 0 }, { M + 13, 0 }, { M + 13, 0 }, { M + 13, 0 }, { M + 13, 0 }, { M + 13, 0 },
	    { M + 13, 0 }, { M + 13, 0 } } },
	{ "unequal lanes", 8,
	  { { 1000, 0 }, { 6400, 0 }, { 3, 5000 }, { 0, 4096 }, { 70000, 1 }, { 128, 64 }, { 129, 63 },
	    { 65536, 65536 } } },
	{ "zero tails", 8,
	  { { 0, 0 }, { 0, 1 }, { 0, 55 }, { 0, 64 }, { 10, 54 }, { 10, 118 }, { 100, M }, { 64, 100 } } },
	{ "one long lane, the rest short: scalar finishes mid-data", 3,
	  { { M, 0 }, { 64, 0 }, { 128, 0 } } },
	{ "more messages than lanes: lanes refill", 11,
	  { { 5000, 0 }, { 64, 0 }, { 200, 3000 }, { 9000, 0 }, { 1, 0 }, { 4096, 4096 }, { 777, 0 },
	    { 64 * 50, 0 }, { 0, 640 }, { 3333, 17 }, { 12345, 0 } } },
	{ "more messages than one batch", 17,
	  { { 640, 0 }, { 640, 0 }, { 640, 0 }, { 640, 0 }, { 640, 0 }, { 640, 0 }, { 640, 0 },
	    { 640, 0 }, { 640, 0 }, { 640, 0 }, { 640, 0 }, { 640, 0 }, { 640, 0 }, { 640, 0 },
	    { 640, 0 }, { 640, 0 }, { 641, 1 } } },
};

/* The reference: the bytes laid out as memory will hold them, hashed in one call. */
static void reference(const uint8_t *data, const struct job_spec *s, uint8_t out[SHA256_DIGEST_SIZE])
{
	uint8_t *image = calloc(1, s->len + s->zeros + 1);

	CHECK(image != NULL);
	if (!image)
		return;
	memcpy(image, data, s->len);
	sha256(image, s->len + s->zeros, out);
	free(image);
}

static void run_case(const struct mb_case *c, enum sha256_mb_isa isa, const uint8_t *pool)
{
	struct sha256_mb_job jobs[MAXJ];
	uint8_t got[MAXJ][SHA256_DIGEST_SIZE], want[SHA256_DIGEST_SIZE];
	size_t off = 1; /* unaligned, and a different piece of data for every lane */

	for (size_t i = 0; i < c->n; i++) {
		jobs[i] = (struct sha256_mb_job){ pool + off, c->job[i].len, c->job[i].zeros, got[i] };
		off += c->job[i].len + 17;
	}
	sha256_mb_with(isa, jobs, c->n);
	for (size_t i = 0; i < c->n; i++) {
		reference(jobs[i].data, &c->job[i], want);
		if (memcmp(want, got[i], sizeof(want)) != 0)
			fprintf(stderr, "case \"%s\", %d lanes, message %zu (%zu bytes + %" PRIu64 " zeros)\n",
				c->name, (int)isa, i, c->job[i].len, c->job[i].zeros);
		CHECK(memcmp(want, got[i], sizeof(want)) == 0);
	}
}

int main(void)
{
	size_t size = 16 * M;
	uint8_t *pool = malloc(size);
	uint32_t x = 0x12345678;

	CHECK(pool != NULL);
	if (!pool)
		return unit_summary("test-sha256-mb");
	for (size_t i = 0; i < size; i++) {
		x = x * 1103515245 + 12345;
		pool[i] = x >> 24;
	}
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		run_case(&cases[c], SHA256_MB_SSE2, pool);
		if (sha256_mb_best() == SHA256_MB_AVX2)
			run_case(&cases[c], SHA256_MB_AVX2, pool);
		else
			fprintf(stderr, "no AVX2 here: its lanes untested\n");
	}
	free(pool);
	return unit_summary("test-sha256-mb");
}
