/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Inside the arm64 purgatory: system register access and what its files share. Every function
 * here runs at whatever exception level the kernel left us in (EL1, or EL2 with or without
 * HCR_EL2.E2H), so callers pass or test el2 instead of hard-coding one set of registers.
 */
#include <stdbool.h>
#include <stdint.h>

/*
 * Every symbol is in this one blob: say so to the compiler, or -fpie makes it load the address
 * of anything declared extern (purgatory_params included) from a GOT, which the blob has not.
 */
#pragma GCC visibility push(hidden)

#include "purgatory.h"

#define read_sysreg(r)                                                                        \
	({                                                                                    \
		uint64_t v_;                                                                  \
		__asm__ volatile("mrs %0, " #r : "=r"(v_));                                   \
		v_;                                                                           \
	})
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")

/* One of a pair of registers, by exception level: sysreg_elx(el2, sctlr) and so on. */
#define read_sysreg_elx(el2, r) ((el2) ? read_sysreg(r##_el2) : read_sysreg(r##_el1))
#define write_sysreg_elx(el2, r, v)                                                           \
	do {                                                                                  \
		if (el2)                                                              \
			write_sysreg(r##_el2, v);                                             \
		else                                                                          \
			write_sysreg(r##_el1, v);                                             \
	} while (0)

#define isb() __asm__ volatile("isb" : : : "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt : : : "memory")

static inline bool current_el2(void)
{
	return ((read_sysreg(CurrentEL) >> 2) & 3) == 2;
}

/*
 * Test and benchmark knob, in .data so tests/purgatory-arm64 can patch it in the ELF: the
 * loader leaves it 0. Each bit takes one speed-up away, to measure what it is worth.
 */
#define ARM64_SLOW_NO_MMU 0x1  /* hash with the MMU and caches off, as kexec-tools does */
#define ARM64_SLOW_NO_SHA2 0x2 /* use the C SHA-256 even on a CPU with the SHA-2 instructions */
extern uint32_t purgatory_arm64_slow;

/* hash.c */
void hash_use_sha2(void); /* decides once, into hash_sha2, and enables FP/SIMD for it */
extern bool hash_sha2;

/* console.c */
void console_drain(void);
uint64_t counter_ms(uint64_t ticks);

/* entry.S: clean and invalidate the data cache to the PoC over [start, end), by VA. */
void dcache_civac_range(uint64_t start, uint64_t end);
/* sha256-ce.S: @nblocks 64-byte blocks at @p (8-aligned) with the ARMv8 SHA-2 instructions. */
void sha256_blocks_ce(uint32_t state[8], const void *p, uint64_t nblocks);
/* purgatory.lds: the whole blob as placed, .bss included (page-aligned both ends). */
extern char __purgatory_image_start[], __purgatory_image_end[];
