/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "purgatory-abi.h"

/* The embedded purgatory, laid out flat as it will sit in memory. */
struct purgatory_image {
	uint8_t *buf;        /* malloc'd, page-multiple size, bss zeroed */
	size_t size;
	uint64_t entry_off;  /* purgatory_start */
	uint64_t params_off; /* purgatory_params */
};

/*
 * Lay out the purgatory ELF @elf (normally the embedded one: kexec_purgatory) and find its entry
 * point and parameter block by name, checking the parameter block's size and that it is backed
 * by file bytes (not .bss). -EBADMSG for a malformed or mismatched blob.
 */
int purgatory_image_build(const void *elf, size_t elf_len, struct purgatory_image *ret);
/* The embedded blob. */
int purgatory_image_build_embedded(struct purgatory_image *ret);

static inline struct purgatory_params *purgatory_image_params(const struct purgatory_image *p)
{
	return (struct purgatory_params *)(p->buf + p->params_off);
}
