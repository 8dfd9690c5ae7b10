// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cutting segments into hash regions: a table of layouts (the regions each must give), then the
 * digests: every region's SHA-256 must equal a one-shot hash of the bytes that region will hold
 * in memory (file data, then zeros), whatever the number of threads and of SIMD lanes (1: one
 * region at a time, SHA-NI on a CPU that has it; 4: SSE2 lanes; 8: AVX2 lanes).
 */
#include <errno.h>
#include <stdlib.h>

#include "hash-regions.h"
#include "unit.h"

#define K 0x1000ULL
#define M 0x100000ULL
#define MAXR 24

struct split_case {
	const char *name;
	uint64_t memsz[4]; /* spans, ending at the first 0 */
	size_t workers, lanes, max;
	int want_nr;
	uint64_t want_len[MAXR]; /* region lengths, in order */
};

static const struct split_case split_cases[] = {
	{ "one thread: one region per span", { 8 * M, 256 * M, 8 * K }, 1, 1, 16, 3,
	  { 8 * M, 256 * M, 8 * K } },
	{ "two threads: the initrd in halves", { 8 * M, 256 * M, 8 * K }, 2, 1, 16, 4,
	  { 8 * M, 128 * M, 128 * M, 8 * K } },
	{ "small loads are not cut below 4 MiB", { 8 * M, 2 * M, 8 * K }, 8, 1, 16, 4,
	  { 4 * M, 4 * M, 2 * M, 8 * K } },
	{ "uneven size: last piece shorter, pages kept", { 10 * M + 3 * K }, 2, 1, 16, 2,
	  { 5 * M + 2 * K, 5 * M + K } },
	{ "region budget: fewer, larger pieces", { 64 * M, 64 * M, 64 * M, 64 * M }, 8, 1, 6, 4,
	  { 64 * M, 64 * M, 64 * M, 64 * M } },
	{ "more spans than regions", { K, K, K }, 1, 1, 2, -E2BIG, { 0 } },
	/* 264 MiB + 32 KiB in 16 lanes: pieces of 16.5 MiB and a page, the initrd in 16 */
	{ "AVX2 lanes, two threads: the initrd in 16 equal pieces", { 8 * M, 256 * M, 8 * K }, 2, 8,
	  80, 18, { 8 * M, 16 * M, 16 * M, 16 * M, 16 * M, 16 * M, 16 * M, 16 * M, 16 * M, 16 * M,
		    16 * M, 16 * M, 16 * M, 16 * M, 16 * M, 16 * M, 16 * M, 8 * K } },
	{ "SSE2 lanes, two threads: 8 pieces", { 64 * M }, 2, 4, 80, 8,
	  { 8 * M, 8 * M, 8 * M, 8 * M, 8 * M, 8 * M, 8 * M, 8 * M } },
	{ "AVX2 lanes, small load: 4 MiB a thread, 512 KiB a lane", { 4 * M, 8 * K }, 1, 8, 80, 9,
	  { M / 2, M / 2, M / 2, M / 2, M / 2, M / 2, M / 2, M / 2, 8 * K } },
	{ "AVX2 lanes within the region budget", { 64 * M, 64 * M, 64 * M, 64 * M }, 8, 8, 16, 16,
	  { 16 * M, 16 * M, 16 * M, 16 * M, 16 * M, 16 * M, 16 * M, 16 * M, 16 * M, 16 * M, 16 * M,
	    16 * M, 16 * M, 16 * M, 16 * M, 16 * M } },
};

static void test_split(void)
{
	for (size_t c = 0; c < sizeof(split_cases) / sizeof(split_cases[0]); c++) {
		const struct split_case *t = &split_cases[c];
		struct hash_span spans[4];
		struct hash_region out[MAXR];
		size_t n = 0;
		uint64_t mem = 0x1000000;
		int nr;

		for (; n < 4 && t->memsz[n]; n++) {
			spans[n] = (struct hash_span){ NULL, 0, mem, t->memsz[n] };
			mem += t->memsz[n] + 16 * M;
		}
		nr = hash_regions_split(spans, n, t->workers, t->lanes, out, t->max);
		fprintf(stderr, "case: %s\n", t->name);
		CHECK_EQ_INT(nr, t->want_nr);
		for (int i = 0; i < nr && i < MAXR; i++) {
			const struct hash_span *s = &spans[out[i].span];
			CHECK_EQ_INT(out[i].len, t->want_len[i]);
			CHECK(out[i].mem % K == 0);
			CHECK(out[i].mem >= s->mem && out[i].mem + out[i].len <= s->mem + s->memsz);
			/* contiguous within a span, covering it all */
			if (i > 0 && out[i - 1].span == out[i].span)
				CHECK_EQ_INT(out[i].mem, out[i - 1].mem + out[i - 1].len);
			if (i + 1 == nr || out[i + 1].span != out[i].span)
				CHECK_EQ_INT(out[i].mem + out[i].len, s->mem + s->memsz);
		}
	}
}

/*
 * Data shorter than memsz, cut so that some regions are all data, one straddles, some are all
 * zeros; with 3 spans, so that lanes also get regions of unequal length.
 */
static void test_digests(void)
{
	static const struct {
		size_t bufsz;
		uint64_t memsz;
	} layout[] = { { 6 * M + 123, 12 * M }, { 5000, 3 * M + 8 * K }, { 0, M } };
	uint64_t mem = 0x2000000, total = 0;
	struct hash_span span[3];
	struct hash_region r[80];
	uint8_t *image;

	for (size_t i = 0; i < 3; i++)
		total += layout[i].memsz;
	image = calloc(1, total);
	CHECK(image != NULL);
	if (!image)
		return;
	/* the spans side by side in memory, each its data then its zeros */
	for (size_t i = 0, at = 0; i < 3; at += layout[i].memsz, i++) {
		for (size_t j = 0; j < layout[i].bufsz; j++)
			image[at + j] = (uint8_t)((at + j) * 2654435761u >> 13);
		span[i] = (struct hash_span){ image + at, layout[i].bufsz, mem + at, layout[i].memsz };
	}

	for (size_t lanes = 1; lanes <= 8; lanes *= 2) {
		if (lanes == 2)
			continue;
		for (size_t workers = 1; workers <= 3; workers++) {
			int nr = hash_regions_split(span, 3, workers, lanes, r, 80);
			CHECK(nr >= 3);
			CHECK_EQ_INT(hash_regions_compute(span, r, (size_t)nr, workers, lanes), 0);
			for (int i = 0; i < nr; i++) {
				uint8_t want[SHA256_DIGEST_SIZE];
				sha256(image + (r[i].mem - mem), r[i].len, want);
				CHECK(memcmp(want, r[i].sha256, sizeof(want)) == 0);
			}
		}
	}
	CHECK(hash_workers() >= 1 && hash_workers() <= 8);
	CHECK(hash_lanes() == 1 || hash_lanes() == 4 || hash_lanes() == 8);
	free(image);
}

int main(void)
{
	test_split();
	test_digests();
	return unit_summary("test-hash-regions");
}
