// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "range.h"

/* Make room for one more member. */
static int range_list_reserve_one(struct range_list *l)
{
	struct range *r;
	size_t cap;

	if (l->n < l->cap)
		return 0;
	if (__builtin_mul_overflow(l->cap ? l->cap : 4, 2, &cap))
		return -ENOMEM;
	r = reallocarray(l->r, cap, sizeof(*r));
	if (!r)
		return -ENOMEM;
	l->r = r;
	l->cap = cap;
	return 0;
}

int range_list_add(struct range_list *l, uint64_t start, uint64_t end)
{
	size_t i, j;
	int r;

	if (start > end)
		return -EINVAL;
	if (start == end)
		return 0;

	/* Members [i, j) overlap or touch [start, end); those before i end before start. */
	for (i = 0; i < l->n && l->r[i].end < start; i++)
		;
	for (j = i; j < l->n && l->r[j].start <= end; j++)
		;

	if (i == j) {
		r = range_list_reserve_one(l);
		if (r < 0)
			return r;
		memmove(&l->r[i + 1], &l->r[i], (l->n - i) * sizeof(l->r[0]));
		l->r[i] = (struct range){ start, end };
		l->n++;
		return 0;
	}

	l->r[i].start = MIN(l->r[i].start, start);
	l->r[i].end = MAX(l->r[j - 1].end, end);
	memmove(&l->r[i + 1], &l->r[j], (l->n - j) * sizeof(l->r[0]));
	l->n -= j - i - 1;
	return 0;
}

int range_list_subtract(struct range_list *l, uint64_t start, uint64_t end)
{
	size_t i, w;
	int r;

	if (start > end)
		return -EINVAL;
	if (start == end)
		return 0;

	/* A member reaching past both sides is the only member touched (members do not overlap),
	 * and the only case that needs memory: split it in two. */
	for (i = 0; i < l->n; i++) {
		if (l->r[i].start < start && l->r[i].end > end) {
			r = range_list_reserve_one(l);
			if (r < 0)
				return r;
			memmove(&l->r[i + 2], &l->r[i + 1], (l->n - i - 1) * sizeof(l->r[0]));
			l->r[i + 1] = (struct range){ end, l->r[i].end };
			l->r[i].end = start;
			l->n++;
			return 0;
		}
	}

	/* Otherwise each member becomes at most one member: trim or drop in place. */
	for (i = 0, w = 0; i < l->n; i++) {
		struct range m = l->r[i];

		if (m.end > start && m.start < end) {
			if (m.start < start)
				m.end = start;
			else if (m.end > end)
				m.start = end;
			else
				continue;
		}
		l->r[w++] = m;
	}
	l->n = w;
	return 0;
}

void range_list_clip(struct range_list *l, uint64_t min, uint64_t max)
{
	size_t i, w;

	for (i = 0, w = 0; i < l->n; i++) {
		uint64_t s = MAX(l->r[i].start, min), e = MIN(l->r[i].end, max);

		if (s < e)
			l->r[w++] = (struct range){ s, e };
	}
	l->n = w;
}

/* Where a hole of @size fits in one member, within [min, max); no arithmetic can wrap. */
static bool member_fit(const struct range *m, uint64_t size, uint64_t align, uint64_t min,
		       uint64_t max, bool top_down, uint64_t *ret)
{
	uint64_t lo = MAX(m->start, min), hi = MIN(m->end, max), s;

	if (lo >= hi || hi - lo < size)
		return false;

	if (top_down) {
		/* hi - size >= lo, so this cannot go below zero. */
		s = (hi - size) & ~(align - 1);
		if (s < lo)
			return false;
	} else {
		if (__builtin_add_overflow(lo, align - 1, &s))
			return false;
		s &= ~(align - 1);
		if (s > hi || hi - s < size)
			return false;
	}
	*ret = s;
	return true;
}

int range_list_find_hole(const struct range_list *l, uint64_t size, uint64_t align, uint64_t min,
			 uint64_t max, bool top_down, uint64_t *ret_start)
{
	uint64_t s;

	if (size == 0 || align == 0 || (align & (align - 1)) != 0)
		return -EINVAL;

	for (size_t k = 0; k < l->n; k++) {
		size_t i = top_down ? l->n - 1 - k : k;

		if (member_fit(&l->r[i], size, align, min, max, top_down, &s)) {
			*ret_start = s;
			return 0;
		}
	}
	return -EADDRNOTAVAIL;
}

bool range_list_contains(const struct range_list *l, uint64_t start, uint64_t end)
{
	if (start > end)
		return false;
	if (start == end)
		return true;
	for (size_t i = 0; i < l->n; i++)
		if (l->r[i].start <= start && end <= l->r[i].end)
			return true;
	return false;
}

bool range_list_overlaps(const struct range_list *l, uint64_t start, uint64_t end,
			 struct range *ret_hit)
{
	if (start >= end)
		return false;
	for (size_t i = 0; i < l->n; i++) {
		if (l->r[i].start < end && start < l->r[i].end) {
			if (ret_hit)
				*ret_hit = l->r[i];
			return true;
		}
	}
	return false;
}

uint64_t range_list_total(const struct range_list *l)
{
	uint64_t sum = 0;

	/* Members are disjoint subsets of [0, UINT64_MAX), so the sum cannot wrap. */
	for (size_t i = 0; i < l->n; i++)
		sum += range_size(&l->r[i]);
	return sum;
}

int range_list_copy(const struct range_list *src, struct range_list *ret)
{
	struct range *r = NULL;

	if (src->n > 0) {
		r = reallocarray(NULL, src->n, sizeof(*r));
		if (!r)
			return -ENOMEM;
		memcpy(r, src->r, src->n * sizeof(*r));
	}
	*ret = (struct range_list){ .r = r, .n = src->n, .cap = src->n };
	return 0;
}

void range_list_done(struct range_list *l)
{
	free(l->r);
	*l = (struct range_list)RANGE_LIST_INIT;
}
