// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "plan: "
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "plan.h"

void plan_init(struct kexec_plan *p)
{
	*p = (struct kexec_plan){ .avail = RANGE_LIST_INIT, .keepout = RANGE_LIST_INIT };
}

void plan_done(struct kexec_plan *p)
{
	for (size_t i = 0; i < p->nr && i < KEXEC_SEGMENT_MAX; i++)
		if (p->seg[i].owned)
			free((void *)p->seg[i].buf);
	range_list_done(&p->avail);
	range_list_done(&p->keepout);
	plan_init(p);
}

static const char *seg_name(const struct segment *s)
{
	return s->name ? s->name : "(unnamed)";
}

static uint64_t seg_end(const struct segment *s)
{
	return s->mem + s->memsz;
}

/* The checks plan_add() and plan_add_fixed() share; *ret_memsz is memsz rounded to pages. */
static int check_request(const struct kexec_plan *p, const void *buf, size_t bufsz,
			 uint64_t memsz, uint64_t *ret_memsz)
{
	uint64_t rounded;

	if ((!buf && bufsz > 0) || memsz == 0 || bufsz > memsz)
		return -EINVAL;
	if (__builtin_add_overflow(memsz, PAGE_SIZE - 1, &rounded))
		return -EOVERFLOW;
	if (p->nr >= KEXEC_SEGMENT_MAX)
		return -E2BIG;
	*ret_memsz = rounded & ~(PAGE_SIZE - 1);
	return 0;
}

static void append(struct kexec_plan *p, const char *name, const void *buf, size_t bufsz,
		   bool owned, uint64_t mem, uint64_t memsz)
{
	p->seg[p->nr++] = (struct segment){
		.name = name,
		.buf = buf,
		.bufsz = bufsz,
		.mem = mem,
		.memsz = memsz,
		.owned = owned,
	};
	log_debug("%s at 0x%llx..0x%llx (memsz 0x%llx, bufsz 0x%zx)", name ? name : "(unnamed)",
		  (unsigned long long)mem, (unsigned long long)(mem + memsz),
		  (unsigned long long)memsz, bufsz);
}

/* The segment overlapping [start, end), if any. */
static const struct segment *segment_overlapping(const struct kexec_plan *p, uint64_t start,
						 uint64_t end)
{
	for (size_t i = 0; i < p->nr; i++)
		if (p->seg[i].mem < end && start < seg_end(&p->seg[i]))
			return &p->seg[i];
	return NULL;
}

int plan_add(struct kexec_plan *p, const char *name, const void *buf, size_t bufsz, bool owned,
	     const struct placement *req, uint64_t *ret_mem)
{
	_cleanup_(range_list_done) struct range_list free_mem = RANGE_LIST_INIT;
	uint64_t align = req->align, memsz, mem;
	int r;

	/* 0 is what a designated initializer leaves: "no preference", i.e. a page. */
	if ((align & (align - 1)) != 0 || req->min >= req->max)
		return -EINVAL;
	align = MAX(align, PAGE_SIZE);
	r = check_request(p, buf, bufsz, req->memsz, &memsz);
	if (r < 0)
		return r;

	r = range_list_copy(&p->avail, &free_mem);
	if (r < 0)
		return r;
	for (size_t i = 0; i < p->nr; i++) {
		r = range_list_subtract(&free_mem, p->seg[i].mem, seg_end(&p->seg[i]));
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < p->keepout.n; i++) {
		r = range_list_subtract(&free_mem, p->keepout.r[i].start, p->keepout.r[i].end);
		if (r < 0)
			return r;
	}

	r = range_list_find_hole(&free_mem, memsz, align, req->min, req->max, req->top_down, &mem);
	if (r < 0)
		return log_debug_errno(r, "no hole for %s: 0x%llx bytes aligned 0x%llx in "
					  "[0x%llx, 0x%llx) %s",
				       name ? name : "(unnamed)", (unsigned long long)memsz,
				       (unsigned long long)align, (unsigned long long)req->min,
				       (unsigned long long)req->max,
				       req->top_down ? "top-down" : "bottom-up");

	append(p, name, buf, bufsz, owned, mem, memsz);
	if (ret_mem)
		*ret_mem = mem;
	return 0;
}

int plan_add_fixed(struct kexec_plan *p, const char *name, const void *buf, size_t bufsz,
		   bool owned, uint64_t mem, uint64_t memsz, uint64_t *ret_mem)
{
	const struct segment *other;
	uint64_t end;
	int r;

	if (mem & (PAGE_SIZE - 1))
		return -EINVAL;
	r = check_request(p, buf, bufsz, memsz, &memsz);
	if (r < 0)
		return r;
	if (__builtin_add_overflow(mem, memsz, &end))
		return -EOVERFLOW;

	other = segment_overlapping(p, mem, end);
	if (other)
		return log_debug_errno(-EADDRINUSE, "%s at 0x%llx..0x%llx overlaps %s",
				       name ? name : "(unnamed)", (unsigned long long)mem,
				       (unsigned long long)end, seg_name(other));
	if (range_list_overlaps(&p->keepout, mem, end, NULL))
		return log_debug_errno(-EADDRINUSE, "%s at 0x%llx..0x%llx overlaps a kept-out range",
				       name ? name : "(unnamed)", (unsigned long long)mem,
				       (unsigned long long)end);
	if (!range_list_contains(&p->avail, mem, end))
		return log_debug_errno(-EADDRNOTAVAIL, "%s at 0x%llx..0x%llx is not in usable memory",
				       name ? name : "(unnamed)", (unsigned long long)mem,
				       (unsigned long long)end);

	append(p, name, buf, bufsz, owned, mem, memsz);
	if (ret_mem)
		*ret_mem = mem;
	return 0;
}

int plan_keepout(struct kexec_plan *p, uint64_t start, uint64_t end)
{
	const struct segment *other;

	if (start > end)
		return -EINVAL;
	other = segment_overlapping(p, start, end);
	if (other)
		return log_debug_errno(-EADDRINUSE, "keepout 0x%llx..0x%llx overlaps %s",
				       (unsigned long long)start, (unsigned long long)end,
				       seg_name(other));
	return range_list_add(&p->keepout, start, end);
}

struct segment *plan_find(struct kexec_plan *p, uint64_t mem)
{
	for (size_t i = 0; i < p->nr; i++)
		if (p->seg[i].mem == mem)
			return &p->seg[i];
	return NULL;
}

/* Indices of the first @n segments in address order; n is at most KEXEC_SEGMENT_MAX. */
static void sort_by_mem(const struct kexec_plan *p, size_t n, size_t *idx)
{
	for (size_t i = 0; i < n; i++) {
		size_t j = i;

		for (; j > 0 && p->seg[idx[j - 1]].mem > p->seg[i].mem; j--)
			idx[j] = idx[j - 1];
		idx[j] = i;
	}
}

#define SEG_FMT "segment '%s' 0x%llx..0x%llx"
#define SEG_ARGS(s) seg_name(s), (unsigned long long)(s)->mem, \
	(unsigned long long)((s)->mem + (s)->memsz)

int plan_validate(const struct kexec_plan *p, struct diag *d)
{
	size_t idx[KEXEC_SEGMENT_MAX];
	struct range hit;

	if (p->nr > KEXEC_SEGMENT_MAX)
		return diag_fail(d, -E2BIG, "invalid plan: %zu segments, the kernel takes at most %d", p->nr,
			    KEXEC_SEGMENT_MAX);

	for (size_t i = 0; i < p->nr; i++) {
		const struct segment *s = &p->seg[i];
		uint64_t end;

		if ((s->mem | s->memsz) & (PAGE_SIZE - 1))
			return diag_fail(d, -EINVAL, "invalid plan: segment '%s' at 0x%llx size 0x%llx is not page aligned",
				    seg_name(s), (unsigned long long)s->mem,
				    (unsigned long long)s->memsz);
		if (s->memsz == 0)
			return diag_fail(d, -EINVAL, "invalid plan: segment '%s' at 0x%llx is empty",
				    seg_name(s), (unsigned long long)s->mem);
		if (s->bufsz > s->memsz)
			return diag_fail(d, -EINVAL, "invalid plan: segment '%s' has 0x%zx bytes of data but memsz 0x%llx",
				    seg_name(s), s->bufsz, (unsigned long long)s->memsz);
		if (!s->buf && s->bufsz > 0)
			return diag_fail(d, -EINVAL, "invalid plan: segment '%s' has bufsz 0x%zx but no buffer",
				    seg_name(s), s->bufsz);
		if (__builtin_add_overflow(s->mem, s->memsz, &end))
			return diag_fail(d, -EOVERFLOW, "invalid plan: segment '%s' at 0x%llx size 0x%llx wraps around",
				    seg_name(s), (unsigned long long)s->mem,
				    (unsigned long long)s->memsz);
	}

	/* In address order, any overlap shows up between neighbours. */
	sort_by_mem(p, p->nr, idx);
	for (size_t i = 1; i < p->nr; i++) {
		const struct segment *a = &p->seg[idx[i - 1]], *b = &p->seg[idx[i]];

		if (b->mem < seg_end(a))
			return diag_fail(d, -EADDRINUSE, "invalid plan: " SEG_FMT " overlaps " SEG_FMT,
				    SEG_ARGS(b), SEG_ARGS(a));
	}

	for (size_t i = 0; i < p->nr; i++) {
		const struct segment *s = &p->seg[idx[i]];

		if (range_list_overlaps(&p->keepout, s->mem, seg_end(s), &hit))
			return diag_fail(d, -EADDRINUSE, "invalid plan: "
				    SEG_FMT " overlaps kept-out 0x%llx..0x%llx", SEG_ARGS(s),
				    (unsigned long long)hit.start, (unsigned long long)hit.end);
		if (!range_list_contains(&p->avail, s->mem, seg_end(s)))
			return diag_fail(d, -EADDRNOTAVAIL, "invalid plan: " SEG_FMT " is not in usable memory",
				    SEG_ARGS(s));
	}
	return 0;
}

size_t plan_to_kexec_segments(const struct kexec_plan *p, struct kexec_segment *out)
{
	size_t idx[KEXEC_SEGMENT_MAX], n = MIN(p->nr, (size_t)KEXEC_SEGMENT_MAX);

	sort_by_mem(p, n, idx);
	for (size_t i = 0; i < n; i++) {
		const struct segment *s = &p->seg[idx[i]];

		out[i] = (struct kexec_segment){
			.buf = s->buf,
			.bufsz = s->bufsz,
			.mem = (const void *)(uintptr_t)s->mem,
			.memsz = s->memsz,
		};
	}
	return n;
}

void plan_log(const struct kexec_plan *p)
{
	size_t idx[KEXEC_SEGMENT_MAX], n = MIN(p->nr, (size_t)KEXEC_SEGMENT_MAX);

	if (!log_debug_enabled())
		return;
	sort_by_mem(p, n, idx);
	for (size_t i = 0; i < n; i++) {
		const struct segment *s = &p->seg[idx[i]];

		log_debug("%-12s 0x%016llx..0x%016llx memsz 0x%llx bufsz 0x%zx%s", seg_name(s),
			  (unsigned long long)s->mem, (unsigned long long)seg_end(s),
			  (unsigned long long)s->memsz, s->bufsz, s->unhashed ? " (unhashed)" : "");
	}
}
