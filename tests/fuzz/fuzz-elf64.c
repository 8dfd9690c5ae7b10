// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bounds-checked ELF64 views (elf64_open, elf64_phdr, elf64_shdr, elf64_find_symbol) and
 * the purgatory loader built on them (purgatory_image_build: lays PT_LOADs out flat, finds the
 * entry and the parameter block by name, checks the block's size and section). Inputs above
 * 1 MiB are ignored: the purgatory accepts no more.
 */
#include <stdlib.h>

#include "elf64.h"
#include "fuzz.h"
#include "purgatory-blob.h"

#define FUZZ_SIZE_MAX (1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct purgatory_image p;
	struct elf64 e;

	if (size > FUZZ_SIZE_MAX)
		return 0;
	fuzz_setup();

	if (elf64_open(data, size, EM_X86_64, &e) >= 0) {
		Elf64_Phdr ph;
		Elf64_Shdr sh;
		Elf64_Sym sym;

		for (size_t i = 0; i < e.ehdr.e_phnum; i++)
			(void)elf64_phdr(&e, i, &ph);
		for (size_t i = 0; i < e.ehdr.e_shnum; i++)
			(void)elf64_shdr(&e, i, &sh);
		(void)elf64_find_symbol(&e, "purgatory_start", &sym);
	}

	if (purgatory_image_build(data, size, EM_X86_64, &p) >= 0)
		free(p.buf);
	return 0;
}
