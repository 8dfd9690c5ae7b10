// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Range algebra: named table cases for the edges (adjacent, contained, empty, the top of the
 * 64-bit space, alignment that would wrap), then a randomised cross-check of add/subtract/clip/
 * find_hole against a byte map of a small address space.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "range.h"
#include "unit.h"

#define TOP UINT64_MAX
#define MAXR 8

/* Lists in tables end at the first empty range. */
struct rl {
	struct range r[MAXR];
};

static void build(struct range_list *l, const struct rl *in)
{
	*l = (struct range_list)RANGE_LIST_INIT;
	for (size_t i = 0; i < MAXR && in->r[i].start < in->r[i].end; i++)
		CHECK_EQ_INT(range_list_add(l, in->r[i].start, in->r[i].end), 0);
}

static void check_list(const char *name, const struct range_list *l, const struct rl *want)
{
	size_t n = 0;
	bool ok;

	while (n < MAXR && want->r[n].start < want->r[n].end)
		n++;
	ok = l->n == n;
	for (size_t i = 0; ok && i < n; i++)
		ok = l->r[i].start == want->r[i].start && l->r[i].end == want->r[i].end;
	unit_checks++;
	if (!ok) {
		unit_failures++;
		fprintf(stderr, "%s: got", name);
		for (size_t i = 0; i < l->n; i++)
			fprintf(stderr, " [%#" PRIx64 ",%#" PRIx64 ")", l->r[i].start, l->r[i].end);
		fprintf(stderr, ", want");
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, " [%#" PRIx64 ",%#" PRIx64 ")", want->r[i].start,
				want->r[i].end);
		fprintf(stderr, "\n");
	}
}

struct add_case {
	const char *name;
	struct rl adds; /* added in this order */
	struct rl want;
};

static const struct add_case add_cases[] = {
	{ "sorted disjoint", { { { 0, 10 }, { 20, 30 } } }, { { { 0, 10 }, { 20, 30 } } } },
	{ "reverse disjoint", { { { 20, 30 }, { 0, 10 } } }, { { { 0, 10 }, { 20, 30 } } } },
	{ "insert between", { { { 0, 10 }, { 40, 50 }, { 20, 30 } } },
	  { { { 0, 10 }, { 20, 30 }, { 40, 50 } } } },
	{ "adjacent after merges", { { { 0, 10 }, { 10, 20 } } }, { { { 0, 20 } } } },
	{ "adjacent before merges", { { { 10, 20 }, { 0, 10 } } }, { { { 0, 20 } } } },
	{ "overlap left", { { { 10, 20 }, { 5, 15 } } }, { { { 5, 20 } } } },
	{ "overlap right", { { { 10, 20 }, { 15, 25 } } }, { { { 10, 25 } } } },
	{ "contained", { { { 0, 100 }, { 10, 20 } } }, { { { 0, 100 } } } },
	{ "containing", { { { 10, 20 }, { 0, 100 } } }, { { { 0, 100 } } } },
	{ "duplicate", { { { 10, 20 }, { 10, 20 } } }, { { { 10, 20 } } } },
	{ "bridges three", { { { 0, 10 }, { 20, 30 }, { 40, 50 }, { 60, 70 }, { 5, 45 } } },
	  { { { 0, 50 }, { 60, 70 } } } },
	{ "bridge by touching both", { { { 0, 10 }, { 20, 30 }, { 10, 20 } } }, { { { 0, 30 } } } },
	{ "one byte gap kept", { { { 0, 10 }, { 11, 20 } } }, { { { 0, 10 }, { 11, 20 } } } },
	{ "top of address space", { { { TOP - 0x1000, TOP }, { 0, 0x1000 } } },
	  { { { 0, 0x1000 }, { TOP - 0x1000, TOP } } } },
	{ "whole space", { { { 0, TOP }, { 5, 6 } } }, { { { 0, TOP } } } },
};

static void test_add(void)
{
	struct range_list l;

	for (size_t i = 0; i < ARRAY_SIZE(add_cases); i++) {
		build(&l, &add_cases[i].adds);
		check_list(add_cases[i].name, &l, &add_cases[i].want);
		range_list_done(&l);
	}

	/* Empty is a no-op, reversed is refused and changes nothing. */
	l = (struct range_list)RANGE_LIST_INIT;
	CHECK_EQ_INT(range_list_add(&l, 5, 5), 0);
	CHECK_EQ_INT(l.n, 0);
	CHECK_EQ_INT(range_list_add(&l, 0, 10), 0);
	CHECK_EQ_INT(range_list_add(&l, 6, 5), -EINVAL);
	CHECK_EQ_INT(l.n, 1);

	/* Growth past the first allocation keeps order. */
	for (uint64_t a = 100; a > 20; a--)
		CHECK_EQ_INT(range_list_add(&l, a * 100, a * 100 + 50), 0);
	CHECK_EQ_INT(l.n, 81);
	for (size_t i = 1; i < l.n; i++)
		CHECK(l.r[i - 1].end < l.r[i].start);
	range_list_done(&l);
	CHECK(l.r == NULL && l.n == 0 && l.cap == 0);
}

struct sub_case {
	const char *name;
	struct rl in;
	uint64_t start, end;
	struct rl want;
};

static const struct sub_case sub_cases[] = {
	{ "split middle", { { { 0, 100 } } }, 40, 60, { { { 0, 40 }, { 60, 100 } } } },
	{ "trim left", { { { 0, 100 } } }, 0, 30, { { { 30, 100 } } } },
	{ "trim right", { { { 0, 100 } } }, 70, 100, { { { 0, 70 } } } },
	{ "trim right beyond", { { { 0, 100 } } }, 70, 200, { { { 0, 70 } } } },
	{ "exact", { { { 0, 100 }, { 200, 300 } } }, 0, 100, { { { 200, 300 } } } },
	{ "covering", { { { 10, 20 } } }, 0, 100, { { { 0, 0 } } } },
	{ "spans three", { { { 0, 10 }, { 20, 30 }, { 40, 50 } } }, 5, 45,
	  { { { 0, 5 }, { 45, 50 } } } },
	{ "swallows middle", { { { 0, 10 }, { 20, 30 }, { 40, 50 } } }, 15, 35,
	  { { { 0, 10 }, { 40, 50 } } } },
	{ "adjacent below untouched", { { { 10, 20 } } }, 0, 10, { { { 10, 20 } } } },
	{ "adjacent above untouched", { { { 10, 20 } } }, 20, 30, { { { 10, 20 } } } },
	{ "in a gap", { { { 0, 10 }, { 20, 30 } } }, 12, 18, { { { 0, 10 }, { 20, 30 } } } },
	{ "empty", { { { 0, 10 } } }, 5, 5, { { { 0, 10 } } } },
	{ "split keeps followers", { { { 0, 100 }, { 200, 300 }, { 400, 500 } } }, 210, 220,
	  { { { 0, 100 }, { 200, 210 }, { 220, 300 }, { 400, 500 } } } },
	{ "to the top", { { { 0, 0x1000 }, { 0x10000, TOP } } }, 0x800, TOP,
	  { { { 0, 0x800 } } } },
	{ "split at the top", { { { 0, TOP } } }, TOP - 2, TOP - 1,
	  { { { 0, TOP - 2 }, { TOP - 1, TOP } } } },
};

static void test_subtract(void)
{
	struct range_list l;

	for (size_t i = 0; i < ARRAY_SIZE(sub_cases); i++) {
		build(&l, &sub_cases[i].in);
		CHECK_EQ_INT(range_list_subtract(&l, sub_cases[i].start, sub_cases[i].end), 0);
		check_list(sub_cases[i].name, &l, &sub_cases[i].want);
		range_list_done(&l);
	}
	l = (struct range_list)RANGE_LIST_INIT;
	CHECK_EQ_INT(range_list_subtract(&l, 10, 5), -EINVAL);
	CHECK_EQ_INT(range_list_subtract(&l, 0, 5), 0);
	CHECK_EQ_INT(l.n, 0);
}

struct clip_case {
	const char *name;
	struct rl in;
	uint64_t min, max;
	struct rl want;
};

static const struct clip_case clip_cases[] = {
	{ "both sides", { { { 0, 100 }, { 200, 300 }, { 400, 500 } } }, 50, 450,
	  { { { 50, 100 }, { 200, 300 }, { 400, 450 } } } },
	{ "drops outside", { { { 0, 100 }, { 200, 300 }, { 400, 500 } } }, 150, 350,
	  { { { 200, 300 } } } },
	{ "boundaries exact", { { { 0, 100 }, { 200, 300 } } }, 100, 200, { { { 0, 0 } } } },
	{ "no limit", { { { 0, 100 }, { 200, TOP } } }, 0, TOP, { { { 0, 100 }, { 200, TOP } } } },
	{ "below 4G", { { { 0x1000, 0x9f000 }, { 0x100000, 0xbfff0000 }, { 0x100000000, 0x240000000 } } },
	  0, 0x100000000, { { { 0x1000, 0x9f000 }, { 0x100000, 0xbfff0000 } } } },
	{ "min above max", { { { 0, 100 } } }, 60, 40, { { { 0, 0 } } } },
};

static void test_clip(void)
{
	struct range_list l;

	for (size_t i = 0; i < ARRAY_SIZE(clip_cases); i++) {
		build(&l, &clip_cases[i].in);
		range_list_clip(&l, clip_cases[i].min, clip_cases[i].max);
		check_list(clip_cases[i].name, &l, &clip_cases[i].want);
		range_list_done(&l);
	}
}

struct hole_case {
	const char *name;
	struct rl in;
	uint64_t size, align, min, max;
	bool top_down;
	int ret;
	uint64_t start;
};

#define K 0x1000ULL
#define M 0x100000ULL
#define G 0x40000000ULL

static const struct hole_case hole_cases[] = {
	{ "bottom-up first fit", { { { K, 2 * K }, { 4 * K, 10 * K } } }, 2 * K, K, 0, TOP, false,
	  0, 4 * K },
	{ "bottom-up small fits first", { { { K, 2 * K }, { 4 * K, 10 * K } } }, K, K, 0, TOP,
	  false, 0, K },
	{ "top-down last fit", { { { K, 2 * K }, { 4 * K, 10 * K } } }, K, K, 0, TOP, true, 0,
	  9 * K },
	{ "top-down skips a small top", { { { 0, 16 * K }, { 20 * K, 21 * K } } }, 2 * K, K, 0,
	  TOP, true, 0, 14 * K },
	{ "exactly the size", { { { 3 * K, 5 * K } } }, 2 * K, K, 0, TOP, false, 0, 3 * K },
	{ "exactly the size top-down", { { { 3 * K, 5 * K } } }, 2 * K, K, 0, TOP, true, 0, 3 * K },
	{ "one byte short", { { { 3 * K, 5 * K - 1 } } }, 2 * K, K, 0, TOP, false, -EADDRNOTAVAIL,
	  0 },
	{ "alignment pushes out", { { { K, 3 * K } } }, K, 4 * K, 0, TOP, false, -EADDRNOTAVAIL,
	  0 },
	{ "alignment bottom-up", { { { K, 2 * M } } }, K, M, 0, TOP, false, 0, M },
	{ "alignment top-down", { { { K, 2 * M + 5 * K } } }, 2 * K, M, 0, TOP, true, 0, 2 * M },
	{ "alignment top-down rounds down", { { { K, 2 * M + K } } }, 2 * K, M, 0, TOP, true, 0,
	  M },
	{ "min raises start", { { { 0, G } } }, M, M, 16 * M, TOP, false, 0, 16 * M },
	{ "min unaligned", { { { 0, G } } }, M, 2 * M, 16 * M + 1, TOP, false, 0, 18 * M },
	{ "max caps end top-down", { { { 0, 8 * G } } }, 16 * M, 2 * M, 0, 4 * G, true, 0,
	  4 * G - 16 * M },
	{ "end equal to max fits", { { { 0, 2 * K } } }, K, K, 0, 2 * K, true, 0, K },
	{ "end one past max", { { { 0, 2 * K } } }, 2 * K, K, 0, 2 * K - 1, false,
	  -EADDRNOTAVAIL, 0 },
	{ "window between members", { { { 0, 3 * K }, { 5 * K, 9 * K } } }, K, K, 3 * K, 5 * K,
	  false, -EADDRNOTAVAIL, 0 },
	{ "min above max", { { { 0, G } } }, K, K, 2 * K, K, false, -EADDRNOTAVAIL, 0 },
	{ "empty list", { { { 0, 0 } } }, K, K, 0, TOP, false, -EADDRNOTAVAIL, 0 },
	{ "too big", { { { 0, G } } }, 2 * G, K, 0, TOP, true, -EADDRNOTAVAIL, 0 },
	{ "top member bottom-up", { { { TOP - 2 * K, TOP } } }, K, K, 0, TOP, false, 0,
	  TOP - 2 * K + 1 },
	{ "top member top-down", { { { TOP - 3 * K, TOP } } }, K, K, 0, TOP, true, 0,
	  TOP - 2 * K + 1 },
	/* Aligning up from near the top must not wrap to address 0. */
	{ "align up would wrap", { { { TOP - 0x10, TOP } } }, 1, 1ULL << 63, 0, TOP, false,
	  -EADDRNOTAVAIL, 0 },
	{ "huge align fits at 2^63", { { { 1ULL << 62, TOP } } }, K, 1ULL << 63, 0, TOP, false, 0,
	  1ULL << 63 },
	{ "huge align top-down", { { { 1ULL << 62, TOP } } }, K, 1ULL << 63, 0, TOP, true, 0,
	  1ULL << 63 },
	{ "whole space", { { { 0, TOP } } }, TOP, 1, 0, TOP, false, 0, 0 },
	{ "size 0", { { { 0, G } } }, 0, K, 0, TOP, false, -EINVAL, 0 },
	{ "align 0", { { { 0, G } } }, K, 0, 0, TOP, false, -EINVAL, 0 },
	{ "align 3", { { { 0, G } } }, K, 3, 0, TOP, false, -EINVAL, 0 },
};

static void test_find_hole(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(hole_cases); i++) {
		const struct hole_case *c = &hole_cases[i];
		struct range_list l;
		uint64_t start = 0xdead;
		int r;

		build(&l, &c->in);
		r = range_list_find_hole(&l, c->size, c->align, c->min, c->max, c->top_down, &start);
		unit_checks++;
		if (r != c->ret || (r == 0 && start != c->start) || (r < 0 && start != 0xdead)) {
			unit_failures++;
			fprintf(stderr, "hole '%s': got %d start %#" PRIx64 ", want %d start %#" PRIx64
					"\n", c->name, r, start, c->ret, c->start);
		}
		range_list_done(&l);
	}
}

static void test_queries(void)
{
	struct range_list l = RANGE_LIST_INIT, c;
	struct range hit = {};

	CHECK(range_list_contains(&l, 5, 5));
	CHECK(!range_list_contains(&l, 5, 6));
	CHECK(!range_list_overlaps(&l, 0, TOP, NULL));
	CHECK_EQ_INT(range_list_total(&l), 0);

	CHECK_EQ_INT(range_list_add(&l, 0x1000, 0x2000), 0);
	CHECK_EQ_INT(range_list_add(&l, 0x3000, TOP), 0);
	CHECK(range_list_contains(&l, 0x1000, 0x2000));
	CHECK(range_list_contains(&l, 0x3000, TOP));
	CHECK(!range_list_contains(&l, 0x1000, 0x3001));
	CHECK(!range_list_contains(&l, 0x0fff, 0x1001));
	CHECK(!range_list_contains(&l, 9, 5));
	CHECK(!range_list_overlaps(&l, 0x2000, 0x3000, NULL));
	CHECK(range_list_overlaps(&l, 0x2000, 0x3001, &hit));
	CHECK(hit.start == 0x3000 && hit.end == TOP);
	CHECK(range_list_overlaps(&l, 0, 0x1001, &hit));
	CHECK(hit.start == 0x1000);
	CHECK(!range_list_overlaps(&l, 0x1800, 0x1800, NULL));
	CHECK(range_list_total(&l) == 0x1000 + (TOP - 0x3000));

	CHECK_EQ_INT(range_list_copy(&l, &c), 0);
	CHECK_EQ_INT(c.n, 2);
	CHECK(c.r != l.r && c.r[1].end == TOP);
	range_list_done(&c);
	range_list_done(&l);
	CHECK_EQ_INT(range_list_copy(&l, &c), 0);
	CHECK_EQ_INT(c.n, 0);
	range_list_done(&c);
}

/* A model: one bool per unit of a 256-unit space. */
#define SPACE 256

static uint32_t rng_state = 12345;

static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 1103515245 + 12345;
	return (rng_state >> 16) % n;
}

static bool model_matches(const struct range_list *l, const bool *map)
{
	bool seen[SPACE] = {};

	for (size_t i = 0; i < l->n; i++) {
		if (l->r[i].start >= l->r[i].end || l->r[i].end > SPACE)
			return false;
		/* sorted, and neither overlapping nor touching */
		if (i > 0 && l->r[i - 1].end >= l->r[i].start)
			return false;
		for (uint64_t a = l->r[i].start; a < l->r[i].end; a++)
			seen[a] = true;
	}
	return memcmp(seen, map, sizeof(seen)) == 0;
}

/* Brute force: every aligned start whose [s, s+size) is all set and inside [min, max). */
static int model_hole(const bool *map, uint64_t size, uint64_t align, uint64_t min, uint64_t max,
		      bool top_down, uint64_t *ret)
{
	int found = -EADDRNOTAVAIL;

	for (uint64_t s = 0; s + size <= SPACE; s += align) {
		bool ok = s >= min && s + size <= max;

		for (uint64_t a = s; ok && a < s + size; a++)
			ok = map[a];
		if (ok) {
			*ret = s;
			found = 0;
			if (!top_down)
				break;
		}
	}
	return found;
}

static void test_model(void)
{
	struct range_list l = RANGE_LIST_INIT;
	bool map[SPACE] = {};
	int mismatches = 0, holes = 0, found = 0;

	for (int round = 0; round < 5000; round++) {
		uint64_t a = rnd(SPACE + 1), b = rnd(SPACE + 1), s, e;
		uint32_t op = rnd(10);

		s = MIN(a, b);
		e = MAX(a, b);
		if (op < 5) {
			CHECK_EQ_INT(range_list_add(&l, s, e), 0);
			for (uint64_t x = s; x < e; x++)
				map[x] = true;
		} else if (op < 9) {
			CHECK_EQ_INT(range_list_subtract(&l, s, e), 0);
			for (uint64_t x = s; x < e; x++)
				map[x] = false;
		} else {
			range_list_clip(&l, s, e);
			for (uint64_t x = 0; x < SPACE; x++)
				if (x < s || x >= e)
					map[x] = false;
		}
		if (!model_matches(&l, map))
			mismatches++;

		for (int k = 0; k < 4; k++) {
			uint64_t size = 1 + rnd(40), align = 1ULL << rnd(6);
			uint64_t min = rnd(SPACE), max = rnd(2) ? TOP : rnd(SPACE + 1);
			bool td = rnd(2);
			uint64_t got = 0, want = 0;
			int rg = range_list_find_hole(&l, size, align, min, max, td, &got);
			int rw = model_hole(map, size, align, min, max, td, &want);

			if (rg != rw || (rg == 0 && got != want))
				holes++;
			found += rg == 0;
		}
		if (rnd(50) == 0) {
			range_list_done(&l);
			memset(map, 0, sizeof(map));
		}
	}
	CHECK_EQ_INT(mismatches, 0);
	CHECK_EQ_INT(holes, 0);
	/* The model is only worth something if both answers occur often. */
	CHECK(found > 2000 && found < 18000);
	range_list_done(&l);
}

int main(void)
{
	test_add();
	test_subtract();
	test_clip();
	test_find_hole();
	test_queries();
	test_model();
	return unit_summary("test-range");
}
