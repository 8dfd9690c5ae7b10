/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "plan.h"
#include "purgatory-abi.h"

/* A purgatory, laid out flat as it will sit in memory. */
struct purgatory_image {
	uint8_t *buf;        /* malloc'd, page-multiple size, bss zeroed */
	size_t size;
	uint64_t entry_off;  /* purgatory_start */
	uint64_t params_off; /* purgatory_params */
};

/*
 * Lay out the purgatory ELF @elf (for ELF machine @machine) and find its entry point and
 * parameter block by name, checking the parameter block's size and that it is backed by file
 * bytes (not .bss). -EBADMSG for a malformed or mismatched blob.
 */
int purgatory_image_build(const void *elf, size_t elf_len, uint16_t machine,
			  struct purgatory_image *ret);

static inline struct purgatory_params *purgatory_image_params(const struct purgatory_image *p)
{
	return (struct purgatory_params *)(p->buf + p->params_off);
}

/* The end of every architecture's kexec_load, once the image's segments are planned. */
struct purgatory_load {
	const uint8_t *elf, *elf_end; /* the arch's embedded purgatory; NULL: not built */
	uint16_t machine;
	struct placement where;       /* where the purgatory may go (memsz is filled in) */
	uint64_t entry, arg;          /* what it jumps to, with which argument */
	uint64_t console;             /* its UART (arch-defined), 0: none */
	uint32_t console_baud;
	uint32_t flags;               /* PURGATORY_* */
	unsigned long kexec_flags;    /* KEXEC_ON_CRASH | KEXEC_ARCH_* */
	unsigned int busy_ms;         /* how long kexec_load waits out EBUSY (busy-wait.h) */
	const char *corrupt_segment;  /* test hook, NULL normally */
	bool dry_run;                 /* kexec --check: everything but the syscall */
};

/*
 * Add the purgatory to @plan, hash every other segment into its parameters (unless
 * PURGATORY_VERIFY is off), validate the plan and call kexec_load (with dry_run: return 0 where
 * it would call it). 0 or -errno; @d says why when the cause is ours and is left empty when the
 * kernel refused.
 */
int purgatory_load(struct kexec_plan *plan, const struct purgatory_load *pl, struct diag *d);
