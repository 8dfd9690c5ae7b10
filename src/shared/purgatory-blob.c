// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "purgatory: "
#include <inttypes.h>
#include <linux/kexec.h>
#include <stdlib.h>
#include <string.h>

#include "elf64.h"
#include "hash-regions.h"
#include "kexec-uapi.h"
#include "log.h"
#include "purgatory-blob.h"
#include "sha256.h"
#include "syscalls.h"
#include "units.h"

/* The blob is a few KiB of code plus its stack; anything larger is not ours. */
#define PURGATORY_MAX_SIZE (1024 * 1024)

static int find_symbol(const struct elf64 *e, const char *name, uint64_t size, size_t span,
		       uint64_t *ret_off)
{
	Elf64_Sym sym;
	Elf64_Shdr sh;
	int r;

	r = elf64_find_symbol(e, name, &sym);
	if (r < 0)
		return log_debug_errno(r == -ENOENT ? -EBADMSG : r, "no symbol %s", name);
	if (size && sym.st_size != size)
		return log_debug_errno(-EBADMSG, "%s is %llu bytes, expected %llu", name,
				       (unsigned long long)sym.st_size, (unsigned long long)size);
	r = elf64_shdr(e, sym.st_shndx, &sh);
	if (r < 0)
		return -EBADMSG;
	/* A patched symbol in .bss would not survive: the loader writes file-backed bytes only. */
	if (size && sh.sh_type == SHT_NOBITS)
		return log_debug_errno(-EBADMSG, "%s is in .bss", name);
	if (sym.st_value > span || span - sym.st_value < (size ? size : 1))
		return -EBADMSG;
	*ret_off = sym.st_value;
	return 0;
}

int purgatory_image_build(const void *elf, size_t elf_len, uint16_t machine,
			  struct purgatory_image *ret)
{
	struct purgatory_image p = {};
	struct elf64 e;
	uint64_t span = 0;
	int r;

	r = elf64_open(elf, elf_len, machine, &e);
	if (r < 0)
		return r == -ENOEXEC ? -EBADMSG : r;

	for (size_t i = 0; i < e.ehdr.e_phnum; i++) {
		Elf64_Phdr ph;
		uint64_t end;

		r = elf64_phdr(&e, i, &ph);
		if (r < 0)
			return r;
		if (ph.p_type != PT_LOAD)
			continue;
		if (__builtin_add_overflow(ph.p_vaddr, ph.p_memsz, &end) || end > PURGATORY_MAX_SIZE)
			return -EBADMSG;
		span = end > span ? end : span;
	}
	if (span == 0)
		return -EBADMSG;

	p.size = ALIGN_UP(span, PAGE_SIZE);
	p.buf = calloc(1, p.size);
	if (!p.buf)
		return -ENOMEM;
	for (size_t i = 0; i < e.ehdr.e_phnum; i++) {
		Elf64_Phdr ph;

		(void)elf64_phdr(&e, i, &ph);
		if (ph.p_type == PT_LOAD)
			memcpy(p.buf + ph.p_vaddr, (const uint8_t *)elf + ph.p_offset, ph.p_filesz);
	}

	r = find_symbol(&e, PURGATORY_ENTRY_SYMBOL, 0, span, &p.entry_off);
	if (r >= 0)
		r = find_symbol(&e, PURGATORY_PARAMS_SYMBOL, sizeof(struct purgatory_params), span,
				&p.params_off);
	/* The block is read and written as a struct (here and by the purgatory): an offset that is
	 * not aligned for it is not our blob (found by fuzz-elf64: UBSan misaligned access). */
	if (r >= 0 && p.params_off % _Alignof(struct purgatory_params) != 0)
		r = log_debug_errno(-EBADMSG, "parameter block at +0x%llx is not aligned",
				    (unsigned long long)p.params_off);
	if (r >= 0 && purgatory_image_params(&p)->magic != PURGATORY_MAGIC)
		r = log_debug_errno(-EBADMSG, "parameter block has no magic");
	if (r < 0) {
		free(p.buf);
		return r;
	}
	log_debug("%zu bytes, entry at +0x%llx, parameters at +0x%llx", p.size,
		  (unsigned long long)p.entry_off, (unsigned long long)p.params_off);
	*ret = p;
	return 0;
}

static int fill_digests(const struct kexec_plan *plan, struct purgatory_params *pp)
{
	struct hash_span spans[KEXEC_SEGMENT_MAX];
	struct hash_region regions[PURGATORY_MAX_REGIONS];
	size_t n = 0, workers = hash_workers(), lanes = hash_lanes();
	int nr, r;

	for (size_t i = 0; i < plan->nr; i++) {
		const struct segment *s = &plan->seg[i];
		if (!s->unhashed)
			spans[n++] = (struct hash_span){ s->buf, s->bufsz, s->mem, s->memsz };
	}
	nr = hash_regions_split(spans, n, workers, lanes, regions, PURGATORY_MAX_REGIONS);
	if (nr < 0)
		return nr;
	r = hash_regions_compute(spans, regions, (size_t)nr, workers, lanes);
	if (r < 0)
		return r;
	for (int i = 0; i < nr; i++) {
		pp->regions[i].start = regions[i].mem;
		pp->regions[i].len = regions[i].len;
		memcpy(pp->regions[i].sha256, regions[i].sha256, SHA256_DIGEST_SIZE);
		log_debug("purgatory region %d: 0x%" PRIx64 "+0x%" PRIx64, i, regions[i].mem,
			  regions[i].len);
	}
	log_debug("hashed %d regions on up to %zu threads, %zu at a time each (%s)", nr, workers,
		  lanes, lanes > 1 ? "multi-buffer SIMD lanes" : "one stream each");
	pp->nr_regions = (uint32_t)nr;
	return 0;
}

/* The fault injection behind KEXEC_TEST_CORRUPT_SEGMENT: proves the purgatory's check bites. */
static int corrupt_segment(struct kexec_plan *plan, const char *name)
{
	for (size_t i = 0; i < plan->nr; i++) {
		struct segment *s = &plan->seg[i];
		uint8_t *copy;

		if (strcmp(s->name, name) != 0 || s->bufsz == 0)
			continue;
		copy = malloc(s->bufsz);
		if (!copy)
			return -ENOMEM;
		memcpy(copy, s->buf, s->bufsz);
		copy[s->bufsz / 2] ^= 0x01;
		if (s->owned)
			free((void *)s->buf);
		s->buf = copy;
		s->owned = true;
		log_notice("test hook: flipped a byte of segment '%s' after hashing", name);
		return 0;
	}
	return -ENOENT;
}

static int add_purgatory(struct kexec_plan *plan, const struct placement *where,
			 struct purgatory_image *pimg, uint64_t *ret_addr)
{
	struct placement p = *where;
	int r;

	/* A whole number of the alignment asked for: on an arm64 kernel with 16/64 KiB pages
	 * that is its page size, which every segment's end must be aligned to as well. */
	p.memsz = ALIGN_UP((uint64_t)pimg->size, MAX(p.align, PAGE_SIZE));
	r = plan_add(plan, "purgatory", pimg->buf, pimg->size, true, &p, ret_addr);
	if (r < 0)
		return r;
	/* Patched after hashing, so it cannot be covered by its own digest. */
	plan->seg[plan->nr - 1].unhashed = true;
	pimg->buf = NULL; /* the plan owns it now; params stay reachable through the segment */
	return 0;
}

int purgatory_load(struct kexec_plan *plan, const struct purgatory_load *pl, struct diag *d)
{
	struct kexec_segment segs[KEXEC_SEGMENT_MAX];
	struct purgatory_image pimg = {};
	struct purgatory_params *pp;
	uint64_t paddr;
	size_t nr;
	int r;

	if (!pl->elf)
		return diag_fail(d, -EOPNOTSUPP, "this kexec was built without a purgatory for this "
				 "architecture; use -s (kexec_file_load)");
	r = purgatory_image_build(pl->elf, (size_t)(pl->elf_end - pl->elf), pl->machine, &pimg);
	if (r < 0)
		return diag_fail(d, r, "the built-in purgatory is damaged (%s); rebuild kexec",
				 strerror(-r));
	r = add_purgatory(plan, &pl->where, &pimg, &paddr);
	if (r < 0) {
		free(pimg.buf);
		return r; /* the caller says where there was no room */
	}
	/* Through the plan, which owns the buffer now. */
	pp = (struct purgatory_params *)((uint8_t *)plan->seg[plan->nr - 1].buf + pimg.params_off);

	pp->entry = pl->entry;
	pp->arg = pl->arg;
	pp->console = pl->console;
	pp->console_baud = pl->console_baud;
	pp->flags = pl->flags;
	if (pl->flags & PURGATORY_VERIFY) {
		r = fill_digests(plan, pp);
		if (r < 0)
			return diag_fail(d, r, "too many segments to check");
	}
	if (pl->corrupt_segment) {
		r = corrupt_segment(plan, pl->corrupt_segment);
		if (r < 0)
			return diag_fail(d, r, "test hook: no segment '%s'", pl->corrupt_segment);
	}

	r = plan_validate(plan, d);
	if (r < 0)
		return r;
	plan_log(plan);

	nr = plan_to_kexec_segments(plan, segs);
	log_debug("kexec_load(entry 0x%llx (purgatory), %zu segments, flags 0x%lx); kernel entry "
		  "0x%llx, argument 0x%llx, SHA-256 checks %s",
		  (unsigned long long)(paddr + pimg.entry_off), nr, pl->kexec_flags,
		  (unsigned long long)pl->entry, (unsigned long long)pl->arg,
		  pl->flags & PURGATORY_VERIFY ? "on" : "off (-i)");
	if (pl->dry_run)
		return 0;
	r = sys_kexec_load(paddr + pimg.entry_off, nr, segs, pl->kexec_flags, pl->busy_ms);
	if (r == -EINVAL && (pl->kexec_flags & KEXEC_DEBUG)) {
		/* -d only asks for the kernel's log, and must never make a load fail: kernels
		 * before KEXEC_DEBUG refuse every flag they do not know with EINVAL. */
		log_debug("the kernel refused KEXEC_DEBUG (too old for it); retrying without");
		r = sys_kexec_load(paddr + pimg.entry_off, nr, segs,
				   pl->kexec_flags & ~(unsigned long)KEXEC_DEBUG, pl->busy_ms);
	}
	return r;
}
