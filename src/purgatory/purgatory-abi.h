/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The contract between userspace and every architecture's purgatory: the one symbol userspace
 * patches, and its layout. Included by the freestanding purgatory (C and assembly) and by the
 * loader, so nothing here is spelled twice. What differs between architectures is only what
 * `arg` and `console` mean.
 */

#define PURGATORY_PARAMS_SYMBOL "purgatory_params"
#define PURGATORY_ENTRY_SYMBOL "purgatory_start"
/*
 * Room for every thread's SIMD lanes (8 threads of 8 AVX2 lanes, see hash-regions.h) plus one
 * region for each of the kernel's 16 segments at most.
 */
#define PURGATORY_MAX_REGIONS 80
#define PURGATORY_MAGIC 0x59524f5441475250 /* "PRGATORY" */

/* purgatory_params.flags */
#define PURGATORY_VERIFY 0x1  /* check every region's SHA-256 before jumping (off with -i) */
#define PURGATORY_VERBOSE 0x2 /* say what was checked, not only what failed (-d, --console-*) */
#define PURGATORY_CONSOLE_VGA 0x4 /* x86: also write to the VGA text screen (--console-vga) */

/* Offsets used by the entry code in assembly; static_assert'ed below. */
#define PURGATORY_PARAMS_ENTRY 8
#define PURGATORY_PARAMS_ARG 16

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct purgatory_region {
	uint64_t start; /* physical address */
	uint64_t len;   /* bytes, the segment's full memsz (zero fill included) */
	uint8_t sha256[32];
};

struct purgatory_params {
	uint64_t magic;
	uint64_t entry;        /* where to jump: the new kernel's entry point */
	uint64_t arg;          /* x86_64: boot_params (%rsi); arm64: the device tree (x0) */
	uint32_t flags;
	uint32_t nr_regions;
	uint64_t console;      /* x86_64: I/O port of a 16550; arm64: MMIO base of a PL011; 0: none */
	uint32_t console_baud; /* program the UART to this rate first; 0: leave it as it is */
	uint32_t reserved;
	struct purgatory_region regions[PURGATORY_MAX_REGIONS];
};

_Static_assert(offsetof(struct purgatory_params, entry) == PURGATORY_PARAMS_ENTRY, "entry");
_Static_assert(offsetof(struct purgatory_params, arg) == PURGATORY_PARAMS_ARG, "arg");
_Static_assert(sizeof(struct purgatory_params) == 48 + PURGATORY_MAX_REGIONS * 48, "layout");
#endif
