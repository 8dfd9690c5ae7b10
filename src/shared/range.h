/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Physical address ranges, half-open: [start, end). Inclusive kernel formats (/proc/iomem, the
 * sysfs firmware map) are converted once, in their parsers. A range cannot reach the very last
 * byte of the 64-bit space; end == UINT64_MAX stands for "up to the top", which loses one byte
 * that no page-granular user could have used anyway.
 *
 * A range_list is kept sorted by start, without empty, overlapping or adjacent members: every
 * operation that changes it restores that, so "contained in the list" means "contained in one
 * member".
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "macro.h"

struct range {
	uint64_t start, end;
};

struct range_list {
	struct range *r;
	size_t n, cap;
};

#define RANGE_LIST_INIT {}

static inline uint64_t range_size(const struct range *r)
{
	return r->end - r->start;
}

/* Add [start, end), merging it with members it overlaps or touches. Empty ranges are a no-op.
 * -EINVAL if start > end, -ENOMEM. The list is unchanged on failure. */
int range_list_add(struct range_list *l, uint64_t start, uint64_t end);

/* Remove [start, end) from every member. -EINVAL if start > end, -ENOMEM (a member was split);
 * the list is unchanged on failure. */
int range_list_subtract(struct range_list *l, uint64_t start, uint64_t end);

/* Keep only what lies inside [min, max). Never fails: it only shrinks the list. */
void range_list_clip(struct range_list *l, uint64_t min, uint64_t max);

/*
 * Find [s, s + size) inside one member with s a multiple of @align, s >= @min and
 * s + size <= @max (@max is exclusive; UINT64_MAX means no limit). @top_down picks the highest
 * such s, otherwise the lowest. Returns 0 and sets *ret_start, -EINVAL for size 0 or an
 * @align that is not a power of two, -EADDRNOTAVAIL if nothing fits.
 */
int range_list_find_hole(const struct range_list *l, uint64_t size, uint64_t align, uint64_t min,
			 uint64_t max, bool top_down, uint64_t *ret_start);

/* Whether [start, end) lies entirely inside the list (an empty range is always inside). */
bool range_list_contains(const struct range_list *l, uint64_t start, uint64_t end);

/* Whether any byte of [start, end) is in the list. If @ret_hit is not NULL and there is an
 * overlap, the first member overlapped is copied there. */
bool range_list_overlaps(const struct range_list *l, uint64_t start, uint64_t end,
			 struct range *ret_hit);

/* Sum of member sizes. */
uint64_t range_list_total(const struct range_list *l);

/* *ret becomes a copy of @src (anything *ret held is not freed). -ENOMEM. */
int range_list_copy(const struct range_list *src, struct range_list *ret);

/* Frees the members and leaves an empty list; usable as _cleanup_(range_list_done). */
void range_list_done(struct range_list *l);
