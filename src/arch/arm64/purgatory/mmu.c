// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Caches on for the check. The kernel enters the purgatory with the MMU off, and with the MMU
 * off every data access is Device-nGnRnE: uncached, one bus transaction per load. Hashing a
 * kernel and initrd that way is most of an arm64 kexec (kexec-tools' purgatory spends seconds
 * to minutes there). So, for the check only, we build identity-mapped page tables and turn the
 * MMU and caches on at the level we run at, then turn them off again and leave the caches
 * clean for the new kernel.
 *
 * The map (4 KiB granule, 48-bit VA, 1 GiB / 2 MiB blocks where they fit, pages at the edges):
 *  - the regions being hashed: Normal write-back, execute-never;
 *  - the purgatory itself (code, data, stack, these tables): Normal, executable;
 *  - every other address in each 512 GiB slot we touch: Device-nGnRnE, execute-never, so the
 *    UART (and any stray access) behaves as with the MMU off.
 * Pages, not blocks, at the regions' edges: a 2 MiB block could reach memory the firmware
 * keeps to itself (no-map reserved memory), and a cacheable mapping invites the CPU to
 * speculate into it.
 *
 * Anything unexpected (no 4 KiB granule, an address beyond the PA size, the table pool used
 * up, the MMU already on) leaves the MMU off: slower, still checked.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arm64.h"

uint32_t purgatory_arm64_slow __attribute__((section(".data"))) = 0;

#define PAGE_SIZE 4096ull
#define PT_ENTRIES 512
/* A typical load needs about ten tables: L0, L1, an L2 or two, an L3 per unaligned edge. */
#define PT_POOL 32

#define DESC_BLOCK 1ull /* levels 1 and 2 */
#define DESC_TABLE 3ull /* levels 0 to 2; the same encoding is a page at level 3 */
#define DESC_TYPE 3ull
#define DESC_OA 0x0000fffffffff000ull
#define ATTR_DEVICE (0ull << 2) /* MAIR index 0 */
#define ATTR_NORMAL (1ull << 2) /* MAIR index 1 */
#define ATTR_AP1 (1ull << 6)    /* RES1 in the one-range EL2 regime; EL0 access elsewhere */
#define ATTR_SH_INNER (3ull << 8)
#define ATTR_AF (1ull << 10)
#define ATTR_PXN (1ull << 53)   /* RES0 in the one-range EL2 regime */
#define ATTR_UXN (1ull << 54)   /* XN in the one-range EL2 regime */
/* Index 0: Device-nGnRnE (0x00); index 1: Normal, inner and outer write-back RW-allocate. */
#define MAIR_VALUE 0xff00ull

#define SCTLR_M (1ull << 0)
#define SCTLR_A (1ull << 1)
#define SCTLR_C (1ull << 2)
#define SCTLR_I (1ull << 12)
#define SCTLR_WXN (1ull << 19)
#define HCR_EL2_E2H (1ull << 34)

/* TCR: 48-bit VA in TTBR0 (T0SZ 16), 4 KiB granule, walks write-back cacheable, inner shareable. */
#define TCR_COMMON (16ull | (1ull << 8) | (1ull << 10) | (3ull << 12))
#define TCR_EL1_EPD1 (1ull << 23)    /* no TTBR1 walks (EL1 layout, also EL2 with E2H) */
#define TCR_EL1_TG1_4K (2ull << 30)
#define TCR_EL1_IPS_SHIFT 32
#define TCR_EL2_RES1 ((1ull << 31) | (1ull << 23))
#define TCR_EL2_PS_SHIFT 16

static uint64_t pt_pool[PT_POOL][PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static unsigned int pt_used;
static uint64_t pa_limit; /* first address beyond the CPU's physical address size */
static uint64_t attr_device;

/* The hashed regions, page-rounded, sorted and merged: what is mapped and later cleaned. */
static struct range {
	uint64_t start, end;
} ranges[PURGATORY_MAX_REGIONS];
static unsigned int nr_ranges;

static uint64_t *pt_alloc(void)
{
	return pt_used < PT_POOL ? pt_pool[pt_used++] : 0;
}

/* A new table at @level for the entry @parent held: the same mapping, one level finer. */
static void pt_fill(uint64_t *t, uint64_t parent, int level, uint64_t base)
{
	uint64_t size = 1ull << (39 - 9 * level);

	for (uint64_t i = 0; i < PT_ENTRIES; i++) {
		uint64_t pa = base + i * size, e = 0;

		if ((parent & DESC_TYPE) == DESC_BLOCK)
			e = ((parent & DESC_OA) + i * size) | (parent & ~DESC_OA & ~DESC_TYPE) |
			    (level == 3 ? DESC_TABLE : DESC_BLOCK);
		else if (level == 1 && pa < pa_limit)
			e = pa | attr_device | DESC_BLOCK; /* a fresh 512 GiB slot: Device */
		t[i] = e;
	}
}

/* Map [va, end) (page-aligned) to itself with @attrs. False when the pool runs out. */
static bool pt_map(uint64_t *root, uint64_t va, uint64_t end, uint64_t attrs)
{
	while (va < end) {
		uint64_t *table = root, size = 0;

		for (int level = 0; level <= 3; level++) {
			unsigned int shift = 39 - 9 * level;
			uint64_t *e = &table[(va >> shift) % PT_ENTRIES];

			size = 1ull << shift;
			/* A whole block or page of the range: map it here (a table under it,
			 * if any, is simply dropped from the tree). */
			if (level > 0 && va % size == 0 && end - va >= size) {
				*e = va | attrs | (level == 3 ? DESC_TABLE : DESC_BLOCK);
				break;
			}
			/* Already a block with these very attributes (the UART in Device space) */
			if (level > 0 && (*e & DESC_TYPE) == DESC_BLOCK &&
			    (*e & ~DESC_OA & ~DESC_TYPE) == attrs)
				break;
			if ((*e & DESC_TYPE) != DESC_TABLE) {
				uint64_t *t = pt_alloc();

				if (!t)
					return false;
				pt_fill(t, *e, level + 1, va & ~(size - 1));
				*e = (uintptr_t)t | DESC_TABLE;
			}
			table = (uint64_t *)(uintptr_t)(*e & DESC_OA);
		}
		va = (va | (size - 1)) + 1;
	}
	return true;
}

/* Insert [start, end) into the sorted list, then merge what overlaps or touches. */
static void add_range(uint64_t start, uint64_t end)
{
	unsigned int i = nr_ranges++, j = 0;

	for (; i > 0 && ranges[i - 1].start > start; i--)
		ranges[i] = ranges[i - 1];
	ranges[i] = (struct range){ start, end };
	for (i = 1; i < nr_ranges; i++) {
		if (ranges[i].start <= ranges[j].end) {
			if (ranges[i].end > ranges[j].end)
				ranges[j].end = ranges[i].end;
		} else {
			ranges[++j] = ranges[i];
		}
	}
	nr_ranges = j + 1;
}

/*
 * Build the tables and turn the MMU and caches on. True if it did; *@restore is then the
 * SCTLR_ELx to go back to (MMU off). Not a 0 sentinel: QEMU resets SCTLR_EL2 to 0.
 */
static bool caches_on(uint64_t *restore)
{
	static const uint8_t pa_bits[] = { 32, 36, 40, 42, 44, 48 };
	const struct purgatory_params *p = &purgatory_params;
	bool el2 = current_el2();
	/* EL2 without E2H has one VA range and one privilege level: other AP/XN bits. */
	bool one_range = el2 && !(read_sysreg(hcr_el2) & HCR_EL2_E2H);
	uint64_t sctlr = read_sysreg_elx(el2, sctlr), mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	uint64_t image = (uintptr_t)__purgatory_image_start;
	uint64_t image_end = (uintptr_t)__purgatory_image_end;
	uint64_t uart = p->console & ~(PAGE_SIZE - 1);
	uint64_t xn = one_range ? ATTR_UXN : ATTR_PXN | ATTR_UXN;
	uint64_t common = ATTR_AF | (one_range ? ATTR_AP1 : 0);
	uint64_t normal_exec = common | ATTR_NORMAL | ATTR_SH_INNER, tcr = TCR_COMMON;
	unsigned int parange = mmfr0 & 0xf;
	uint64_t *root;

	if ((purgatory_arm64_slow & ARM64_SLOW_NO_MMU) || (sctlr & SCTLR_M))
		return false;
	if (((mmfr0 >> 28) & 0xf) == 0xf) /* TGran4: no 4 KiB granule (e.g. Apple M1) */
		return false;
	/* 52-bit addresses need LPA2 or 64 KiB pages: stay at 48 bits. */
	if (parange > 5)
		parange = 5;
	pa_limit = 1ull << pa_bits[parange];
	attr_device = common | ATTR_DEVICE | xn;

	for (uint32_t i = 0; i < p->nr_regions && i < PURGATORY_MAX_REGIONS; i++) {
		uint64_t start = p->regions[i].start & ~(PAGE_SIZE - 1);
		uint64_t end = p->regions[i].start + p->regions[i].len;

		if (!p->regions[i].len)
			continue;
		/* (pa_limit is page-aligned, so the rounding up stays below it) */
		if (end < start || end > pa_limit)
			return false;
		add_range(start, (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1));
	}
	if (image_end > pa_limit || uart >= pa_limit)
		return false;

	root = pt_alloc();
	pt_fill(root, 0, 0, 0);
	if (p->console && !pt_map(root, uart, uart + PAGE_SIZE, attr_device))
		return false;
	for (unsigned int i = 0; i < nr_ranges; i++)
		if (!pt_map(root, ranges[i].start, ranges[i].end, normal_exec | xn))
			return false;
	if (!pt_map(root, image, image_end, normal_exec))
		return false;

	/*
	 * Everything we wrote so far (tables, variables, stack) went straight to memory. The
	 * cache may still hold older clean copies of those lines (the relocation code copied us
	 * with its caches on): drop them, or the table walker and our first cached loads would
	 * read stale data. Clean as well as invalidate: in a guest whose hypervisor forces
	 * write-back at stage 2 (FEAT_S2FWB), our "uncached" writes are in dirty lines.
	 */
	dsb(sy);
	dcache_civac_range(image, image_end);
	__asm__ volatile("ic iallu" : : : "memory");
	if (el2)
		__asm__ volatile("tlbi alle2" : : : "memory");
	else
		__asm__ volatile("tlbi vmalle1" : : : "memory");
	dsb(nsh);

	if (one_range)
		tcr |= TCR_EL2_RES1 | ((uint64_t)parange << TCR_EL2_PS_SHIFT);
	else
		tcr |= TCR_EL1_EPD1 | TCR_EL1_TG1_4K | ((uint64_t)parange << TCR_EL1_IPS_SHIFT);
	write_sysreg_elx(el2, mair, MAIR_VALUE);
	write_sysreg_elx(el2, tcr, tcr);
	write_sysreg_elx(el2, ttbr0, (uintptr_t)root);
	isb();
	/* WXN off: our own pages are writable and executable. */
	write_sysreg_elx(el2, sctlr,
			 (sctlr | SCTLR_M | SCTLR_C | SCTLR_I) & ~(SCTLR_A | SCTLR_WXN));
	isb();
	*restore = sctlr;
	return true;
}

static void report(uint64_t ticks, bool cached)
{
	const struct purgatory_params *p = &purgatory_params;
	uint64_t bytes = 0;

	for (uint32_t i = 0; i < p->nr_regions && i < PURGATORY_MAX_REGIONS; i++)
		bytes += p->regions[i].len;
	purgatory_say("kexec purgatory: ");
	purgatory_say_dec((uint32_t)(bytes >> 10));
	purgatory_say(" KiB checked in ");
	purgatory_say_dec((uint32_t)counter_ms(ticks));
	purgatory_say(cached ? " ms (caches on, " : " ms (caches off, ");
	purgatory_say(hash_sha2 ? "SHA-2 instructions)\n" : "C SHA-256)\n");
}

static inline uint64_t counter(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

/* What entry.S gets back in x0 and x1 (AAPCS64 returns a 16-byte struct in registers). */
struct arm64_exit {
	uint64_t mmu_on; /* 0: the MMU stayed off, nothing to undo */
	uint64_t sctlr;  /* then: the SCTLR_ELx to restore before the jump */
};

/* Called by entry.S: the check, with the caches on if possible. */
struct arm64_exit purgatory_arm64_main(void);
struct arm64_exit purgatory_arm64_main(void)
{
	const struct purgatory_params *p = &purgatory_params;
	bool check = (p->flags & PURGATORY_VERIFY) && p->nr_regions;
	struct arm64_exit ret = { 0, 0 };
	uint64_t t0;

	if (check) {
		hash_use_sha2();
		ret.mmu_on = caches_on(&ret.sctlr);
	}
	t0 = counter();
	purgatory_main();
	if (check && (p->flags & PURGATORY_VERBOSE))
		report(counter() - t0, ret.mmu_on);
	console_drain();
	return ret;
}

/*
 * Called by entry.S with the MMU off and the purgatory's own lines already cleaned: push out
 * and drop every line of the hashed regions (they were only read, but the new kernel must find
 * no stale copies when it turns its caches on), forget our instructions and translations.
 */
void purgatory_arm64_finish(void);
void purgatory_arm64_finish(void)
{
	for (unsigned int i = 0; i < nr_ranges; i++)
		dcache_civac_range(ranges[i].start, ranges[i].end);
	__asm__ volatile("ic iallu" : : : "memory");
	if (current_el2())
		__asm__ volatile("tlbi alle2" : : : "memory");
	else
		__asm__ volatile("tlbi vmalle1" : : : "memory");
	dsb(sy);
	isb();
}
