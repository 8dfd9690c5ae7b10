/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The segment plan for kexec_load: up to KEXEC_SEGMENT_MAX buffers, each with the physical
 * range it is copied to. The kernel checks the same rules (kernel/kexec_core.c,
 * sanity_check_segment_list) but answers only -EINVAL/-EADDRNOTAVAIL/-EBUSY; checking here first
 * lets us say which segment is wrong.
 *
 * Placement follows the kernel's kexec_buf: a request {memsz, align, min, max, top_down} is
 * satisfied from avail minus every placed segment minus keepout.
 */

#include <linux/kexec.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "range.h"
#include "units.h"


struct segment {
	const char *name;  /* "kernel", "initrd", "boot_params", "purgatory"… for -d and errors */
	const void *buf;   /* bytes to copy; may be NULL with bufsz 0 (pure zero fill) */
	size_t bufsz;
	uint64_t mem;      /* physical destination, page aligned */
	uint64_t memsz;    /* page multiple, >= bufsz; the kernel zero-fills memsz - bufsz */
	bool owned;        /* buf is malloc'd and freed by plan_done() */
	bool unhashed;     /* purgatory: patched after the digest, so not covered by it */
};

struct placement {
	uint64_t memsz;    /* rounded up to pages by plan_add */
	uint64_t align;    /* power of two; below 4096 is raised to 4096 */
	uint64_t min, max; /* the segment must lie within [min, max); max UINT64_MAX = none */
	bool top_down;     /* take the highest fitting hole (kexec-tools does for most buffers) */
};

struct kexec_plan {
	/* In the order added: the segment plan_add*() just placed is seg[nr - 1]. */
	struct segment seg[KEXEC_SEGMENT_MAX];
	size_t nr;
	struct range_list avail;   /* where segments may go, set by the caller: RAM (or the crash
				    * kernel range) minus what must not be touched */
	struct range_list keepout; /* no segment may use these although no segment's memsz covers
				    * them (e.g. the kernel's init_size area beyond its memsz) */
};

void plan_init(struct kexec_plan *p);
/* Frees owned buffers and both lists; leaves an empty plan. Usable as _cleanup_(plan_done). */
void plan_done(struct kexec_plan *p);

/*
 * Place a segment in the first (or, top_down, last) hole of avail minus existing segments minus
 * keepout that satisfies @req, and add it. On success *ret_mem (may be NULL) is the address and,
 * if @owned, the plan owns @buf; on failure the caller still does. Returns:
 *   -EINVAL         bufsz > req->memsz, memsz 0, buf NULL with bufsz > 0, align not a power of
 *                   two, min >= max
 *   -EOVERFLOW      memsz does not round up to pages within 64 bits
 *   -E2BIG          the plan already holds KEXEC_SEGMENT_MAX segments
 *   -EADDRNOTAVAIL  no hole fits
 *   -ENOMEM
 */
int plan_add(struct kexec_plan *p, const char *name, const void *buf, size_t bufsz, bool owned,
	     const struct placement *req, uint64_t *ret_mem);

/*
 * Add a segment at a fixed page-aligned @mem (ELF PT_LOAD, the kernel at a chosen address);
 * @memsz is rounded up to pages. *ret_mem (may be NULL) is set to @mem on success, for symmetry
 * with plan_add(). Same errors as plan_add(), plus -EINVAL for an unaligned @mem,
 * -EADDRINUSE if it overlaps a segment or keepout, -EADDRNOTAVAIL if it is not inside avail.
 */
int plan_add_fixed(struct kexec_plan *p, const char *name, const void *buf, size_t bufsz,
		   bool owned, uint64_t mem, uint64_t memsz, uint64_t *ret_mem);

/* Keep [start, end) free of segments. -EINVAL if start > end, -EADDRINUSE if a placed segment
 * already overlaps it, -ENOMEM. */
int plan_keepout(struct kexec_plan *p, uint64_t start, uint64_t end);

/* The segment that starts at @mem, or NULL (to mark it unhashed, or to patch its buffer). */
struct segment *plan_find(struct kexec_plan *p, uint64_t mem);

/*
 * Check everything the kernel will: nr <= KEXEC_SEGMENT_MAX (-E2BIG); page-aligned mem and
 * memsz, memsz > 0, bufsz <= memsz, buf set when bufsz > 0 (-EINVAL); end within 64 bits
 * (-EOVERFLOW); no overlap between segments or with keepout (-EADDRINUSE); each segment inside
 * avail (-EADDRNOTAVAIL). On failure a one-line explanation naming the segment(s) goes to @d
 * (which may be NULL).
 */
int plan_validate(const struct kexec_plan *p, struct diag *d);

/* Fill @out (KEXEC_SEGMENT_MAX entries) for the syscall, sorted by mem. Returns the count. */
size_t plan_to_kexec_segments(const struct kexec_plan *p, struct kexec_segment *out);

/* Debug dump through log_debug, one line per segment in address order:
 * "name mem..end memsz bufsz". */
void plan_log(const struct kexec_plan *p);
