// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "purgatory: "
#include <stdlib.h>
#include <string.h>

#include "elf64.h"
#include "log.h"
#include "purgatory-blob.h"

extern const uint8_t kexec_purgatory[];
extern const uint8_t kexec_purgatory_end[];

#define PAGE 4096ULL
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

int purgatory_image_build(const void *elf, size_t elf_len, struct purgatory_image *ret)
{
	struct purgatory_image p = {};
	struct elf64 e;
	uint64_t span = 0;
	int r;

	r = elf64_open(elf, elf_len, EM_X86_64, &e);
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

	p.size = ALIGN_UP(span, PAGE);
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

int purgatory_image_build_embedded(struct purgatory_image *ret)
{
	return purgatory_image_build(kexec_purgatory, kexec_purgatory_end - kexec_purgatory, ret);
}
