// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "elf64.h"

/* Does [off, off + size) fit in the buffer? Overflow-safe. */
static int in_bounds(const struct elf64 *e, uint64_t off, uint64_t size)
{
	uint64_t end;

	return !__builtin_add_overflow(off, size, &end) && end <= e->len;
}

int elf64_open(const void *buf, size_t len, uint16_t machine, struct elf64 *ret)
{
	struct elf64 e = { .buf = buf, .len = len };
	uint64_t tsize;

	if (len < sizeof(Elf64_Ehdr) || memcmp(buf, ELFMAG, SELFMAG) != 0)
		return -ENOEXEC;
	memcpy(&e.ehdr, buf, sizeof(e.ehdr));
	if (e.ehdr.e_ident[EI_CLASS] != ELFCLASS64 || e.ehdr.e_ident[EI_DATA] != ELFDATA2LSB ||
	    e.ehdr.e_machine != machine)
		return -ENOEXEC;
	if (e.ehdr.e_phnum && (e.ehdr.e_phentsize != sizeof(Elf64_Phdr) ||
			       __builtin_mul_overflow((uint64_t)e.ehdr.e_phnum, sizeof(Elf64_Phdr), &tsize) ||
			       !in_bounds(&e, e.ehdr.e_phoff, tsize)))
		return -EBADMSG;
	if (e.ehdr.e_shnum && (e.ehdr.e_shentsize != sizeof(Elf64_Shdr) ||
			       __builtin_mul_overflow((uint64_t)e.ehdr.e_shnum, sizeof(Elf64_Shdr), &tsize) ||
			       !in_bounds(&e, e.ehdr.e_shoff, tsize)))
		return -EBADMSG;
	*ret = e;
	return 0;
}

int elf64_phdr(const struct elf64 *e, size_t i, Elf64_Phdr *ret)
{
	if (i >= e->ehdr.e_phnum)
		return -ERANGE;
	memcpy(ret, e->buf + e->ehdr.e_phoff + i * sizeof(Elf64_Phdr), sizeof(*ret));
	/* File-backed bytes must be inside the file; memsz covers filesz. */
	if (ret->p_filesz > ret->p_memsz || !in_bounds(e, ret->p_offset, ret->p_filesz))
		return -EBADMSG;
	return 0;
}

int elf64_shdr(const struct elf64 *e, size_t i, Elf64_Shdr *ret)
{
	if (i >= e->ehdr.e_shnum)
		return -ERANGE;
	memcpy(ret, e->buf + e->ehdr.e_shoff + i * sizeof(Elf64_Shdr), sizeof(*ret));
	if (ret->sh_type != SHT_NOBITS && ret->sh_type != SHT_NULL &&
	    !in_bounds(e, ret->sh_offset, ret->sh_size))
		return -EBADMSG;
	return 0;
}

int elf64_find_symbol(const struct elf64 *e, const char *name, Elf64_Sym *ret)
{
	size_t namelen = strlen(name);

	for (size_t i = 0; i < e->ehdr.e_shnum; i++) {
		Elf64_Shdr sym, str;
		int r;

		r = elf64_shdr(e, i, &sym);
		if (r < 0)
			return r;
		if (sym.sh_type != SHT_SYMTAB)
			continue;
		if (sym.sh_entsize != sizeof(Elf64_Sym))
			return -EBADMSG;
		r = elf64_shdr(e, sym.sh_link, &str);
		if (r < 0)
			return r == -ERANGE ? -EBADMSG : r;
		if (str.sh_type != SHT_STRTAB)
			return -EBADMSG;

		for (size_t j = 0; j < sym.sh_size / sizeof(Elf64_Sym); j++) {
			Elf64_Sym s;

			memcpy(&s, e->buf + sym.sh_offset + j * sizeof(Elf64_Sym), sizeof(s));
			/* The name plus its NUL must lie inside the string table. */
			if (s.st_name >= str.sh_size || str.sh_size - s.st_name < namelen + 1)
				continue;
			if (memcmp(e->buf + str.sh_offset + s.st_name, name, namelen + 1) == 0) {
				*ret = s;
				return 0;
			}
		}
		return -ENOENT;
	}
	return -ENOENT;
}
