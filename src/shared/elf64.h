/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Bounds-checked views of a little-endian ELF64 file in memory: every offset and size read from
 * the file is checked against the buffer before use, so a hostile file yields -EBADMSG, never a
 * wild read. Structures are copied out (the buffer need not be aligned).
 */
struct elf64 {
	const uint8_t *buf;
	size_t len;
	Elf64_Ehdr ehdr;
};

/* -ENOEXEC if not ELF64 little-endian for @machine; -EBADMSG if its tables do not fit. */
int elf64_open(const void *buf, size_t len, uint16_t machine, struct elf64 *ret);
int elf64_phdr(const struct elf64 *e, size_t i, Elf64_Phdr *ret);
int elf64_shdr(const struct elf64 *e, size_t i, Elf64_Shdr *ret);
/* The symbol called @name in the first SHT_SYMTAB; -ENOENT if none. */
int elf64_find_symbol(const struct elf64 *e, const char *name, Elf64_Sym *ret);
