// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cutting segments into hash regions: a table of layouts (the regions each must give), then the
 * digests: every region's SHA-256 must equal a one-shot hash of the bytes that region will hold
 * in memory (file data, then zeros), whatever the number of threads.
 */
#include <errno.h>
#include <stdlib.h>

#include "hash-regions.h"
#include "unit.h"

#define K 0x1000ULL
#define M 0x100000ULL
#define MAXR 16

struct split_case {
	const char *name;
	uint64_t memsz[4]; /* spans, ending at the first 0 */
	size_t workers, max;
	int want_nr;
	uint64_t want_len[MAXR]; /* region lengths, in order */
};

static const struct split_case split_cases[] = {
	{ "one thread: one region per span", { 8 * M, 256 * M, 8 * K }, 1, 16, 3, { 8 * M, 256 * M, 8 * K } },
	{ "two threads: the initrd in halves", { 8 * M, 256 * M, 8 * K }, 2, 16, 4,
	  { 8 * M, 128 * M, 128 * M, 8 * K } },
	{ "small loads are not cut below 4 MiB", { 8 * M, 2 * M, 8 * K }, 8, 16, 4,
	  { 4 * M, 4 * M, 2 * M, 8 * K } },
	{ "uneven size: last piece shorter, pages kept", { 10 * M + 3 * K }, 2, 16, 2,
	  { 5 * M + 2 * K, 5 * M + K } },
	{ "region budget: fewer, larger pieces", { 64 * M, 64 * M, 64 * M, 64 * M }, 8, 6, 4,
	  { 64 * M, 64 * M, 64 * M, 64 * M } },
	{ "more spans than regions", { K, K, K }, 1, 2, -E2BIG, { 0 } },
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
		nr = hash_regions_split(spans, n, t->workers, out, t->max);
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

/* Data shorter than memsz, cut so that one region is all data, one straddles, one is all zeros. */
static void test_digests(void)
{
	size_t memsz = 12 * M, bufsz = 6 * M + 123;
	uint8_t *buf = malloc(bufsz), *image = calloc(1, memsz);
	struct hash_span span;
	struct hash_region r[MAXR];

	CHECK(buf && image);
	if (!buf || !image)
		goto out;
	for (size_t i = 0; i < bufsz; i++)
		buf[i] = (uint8_t)(i * 2654435761u >> 13);
	memcpy(image, buf, bufsz);
	span = (struct hash_span){ buf, bufsz, 0x2000000, memsz };

	for (size_t workers = 1; workers <= 4; workers++) {
		int nr = hash_regions_split(&span, 1, workers, r, MAXR);
		CHECK(nr >= 1);
		CHECK_EQ_INT(hash_regions_compute(&span, r, (size_t)nr, workers), 0);
		for (int i = 0; i < nr; i++) {
			uint8_t want[SHA256_DIGEST_SIZE];
			sha256(image + (r[i].mem - span.mem), r[i].len, want);
			CHECK(memcmp(want, r[i].sha256, sizeof(want)) == 0);
		}
	}
	CHECK(hash_workers() >= 1 && hash_workers() <= 8);
out:
	free(buf);
	free(image);
}

int main(void)
{
	test_split();
	test_digests();
	return unit_summary("test-hash-regions");
}
