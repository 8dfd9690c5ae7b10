// SPDX-License-Identifier: GPL-2.0-or-later
/* The embedded purgatory: laid out, its symbols found with the sizes the ABI header says, and
 * broken blobs refused. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "arch.h"
#include "elf64.h"
#include "purgatory-blob.h"
#include "unit.h"

/* The purgatory this build embedded: the target's (arch_native()). */
#define kexec_purgatory (arch_native()->purgatory)
#define kexec_purgatory_end (arch_native()->purgatory_end)

static void test_embedded(void)
{
	struct purgatory_image p;
	struct purgatory_params *pp;

	CHECK(arch_native()->purgatory != NULL);
	CHECK_EQ_INT(purgatory_image_build(arch_native()->purgatory,
					   (size_t)(arch_native()->purgatory_end - arch_native()->purgatory),
					   arch_native()->elf_machine, &p), 0);
	CHECK(p.size % 4096 == 0);
	CHECK(p.size <= 64 * 1024);
	CHECK_EQ_INT(p.entry_off, 0);
	CHECK(p.params_off + sizeof(*pp) <= p.size);
	pp = purgatory_image_params(&p);
	CHECK(pp->magic == PURGATORY_MAGIC);
	CHECK_EQ_INT(pp->nr_regions, 0);
	CHECK_EQ_INT(pp->flags, 0);
	free(p.buf);
}

static void test_broken(void)
{
	size_t len = kexec_purgatory_end - kexec_purgatory;
	uint8_t *copy = malloc(len);
	struct purgatory_image p;
	Elf64_Ehdr eh;

	memcpy(copy, kexec_purgatory, len);
	CHECK_EQ_INT(purgatory_image_build(copy, 100, arch_native()->elf_machine, &p), -EBADMSG);
	CHECK_EQ_INT(purgatory_image_build(copy, len / 2, arch_native()->elf_machine, &p), -EBADMSG);

	/* Section headers pointing past the end. */
	memcpy(&eh, copy, sizeof(eh));
	eh.e_shoff = len;
	memcpy(copy, &eh, sizeof(eh));
	CHECK_EQ_INT(purgatory_image_build(copy, len, arch_native()->elf_machine, &p), -EBADMSG);

	/* The parameter block's symbol moved off its alignment (fuzz-elf64 found this one: the
	 * block was then read through a misaligned struct pointer). */
	memcpy(copy, kexec_purgatory, len);
	{
		struct elf64 e;
		Elf64_Sym sym;
		bool moved = false;

		CHECK_EQ_INT(elf64_open(copy, len, EM_X86_64, &e), 0);
		for (size_t i = 0; i < e.ehdr.e_shnum && !moved; i++) {
			Elf64_Shdr sh;

			if (elf64_shdr(&e, i, &sh) < 0 || sh.sh_type != SHT_SYMTAB)
				continue;
			for (size_t j = 0; j < sh.sh_size / sizeof(sym); j++) {
				uint8_t *at = copy + sh.sh_offset + j * sizeof(sym);
				Elf64_Sym want;

				memcpy(&sym, at, sizeof(sym));
				if (elf64_find_symbol(&e, PURGATORY_PARAMS_SYMBOL, &want) < 0 ||
				    sym.st_value != want.st_value || sym.st_name != want.st_name)
					continue;
				sym.st_value += 3;
				memcpy(at, &sym, sizeof(sym));
				moved = true;
				break;
			}
		}
		CHECK(moved);
		CHECK_EQ_INT(purgatory_image_build(copy, len, arch_native()->elf_machine, &p), -EBADMSG);
	}

	/* Not x86_64. */
	memcpy(copy, kexec_purgatory, len);
	memcpy(&eh, copy, sizeof(eh));
	eh.e_machine = EM_AARCH64;
	memcpy(copy, &eh, sizeof(eh));
	CHECK_EQ_INT(purgatory_image_build(copy, len, arch_native()->elf_machine, &p), -EBADMSG);
	free(copy);
}

int main(void)
{
	test_embedded();
	test_broken();
	return unit_summary("test-purgatory");
}
