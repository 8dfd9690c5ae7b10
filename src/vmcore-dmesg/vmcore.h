/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A crashed kernel's memory as an x86-64 ELF64 core file: /proc/vmcore in a capture kernel, or a
 * copy of it (cp, makedumpfile -E). The file is read through a callback, never loaded whole:
 * /proc/vmcore is as large as the crashed machine's RAM and the capture kernel has little.
 *
 * Only what a log reader needs: the VMCOREINFO note (symbols, struct sizes and offsets exported
 * by the crashed kernel) and reads of kernel virtual addresses in the kernel image and the
 * direct map. No page-table walk, so vmalloc and module addresses are not readable.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Read exactly @len bytes at @offset of the file; 0 or -errno (-EIO for a short read). */
typedef int (*vmcore_read_fn)(void *userdata, uint64_t offset, void *buf, size_t len);

/* The VMCOREINFO text, "KEY=VALUE" lines, copied and NUL-terminated. */
struct vmcoreinfo {
	char *text;
	size_t len;
};

/* One PT_LOAD: [vaddr, vaddr + memsz) and [paddr, paddr + memsz); bytes past filesz read as 0. */
struct vmcore_load {
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t memsz;
	uint64_t filesz;
	uint64_t offset;
};

struct arch_dump;

struct vmcore {
	vmcore_read_fn read;
	void *userdata;
	uint64_t size;
	struct vmcore_load *loads;
	size_t n_loads;
	struct vmcoreinfo info;
	const struct arch_dump *arch; /* from e_machine */
	/* Translations for addresses no PT_LOAD names by vaddr (struct arch_dump): the image's
	 * phys_base, or on arm64 its kimage_voffset. */
	bool has_phys_base;
	uint64_t phys_base;
	bool has_page_offset;
	uint64_t page_offset;
};

/* Caps that keep a hostile header from costing memory or time. */
#define VMCORE_MAX_LOADS 1000000
#define VMCOREINFO_MAX 65536

/*
 * Parse the ELF header, program headers and notes of a core file of @size bytes. Returns 0, or:
 *   -ENOEXEC  not an ELF64 little-endian core file (ET_CORE) of an architecture kexec knows
 *   -EBADMSG  headers or notes do not fit in the file, or are inconsistent
 *   -E2BIG    more program headers than VMCORE_MAX_LOADS, or a VMCOREINFO above VMCOREINFO_MAX
 *   -ENODATA  no VMCOREINFO note
 *   -ENOMEM, or the error of the read callback
 * On success release with vmcore_done().
 */
int vmcore_open(vmcore_read_fn read, void *userdata, uint64_t size, struct vmcore *ret);
void vmcore_done(struct vmcore *vc);

/*
 * Read @len bytes at kernel virtual address @vaddr: through the PT_LOAD whose vaddr range holds
 * it, else through the kernel-image map (phys_base) or the direct map (page offset) to a PT_LOAD
 * by physical address. A read may span several PT_LOADs. -EFAULT if some byte is in no PT_LOAD.
 * @userdata is a struct vmcore, so this is a memory reader for printk_walk().
 */
int vmcore_read_vaddr(void *userdata, uint64_t vaddr, void *buf, size_t len);

/* A vmcore_read_fn over a buffer in memory (tests, fuzzing): @userdata is a struct vmcore_buffer. */
struct vmcore_buffer {
	const void *data;
	size_t len;
};
int vmcore_buffer_read(void *userdata, uint64_t offset, void *buf, size_t len);

/*
 * VMCOREINFO: parse a note's text (it need not end in a newline, the kernel's last line has
 * none; it ends at the first NUL, notes being NUL-padded). -E2BIG above VMCOREINFO_MAX.
 */
int vmcoreinfo_parse(const char *buf, size_t len, struct vmcoreinfo *ret);
void vmcoreinfo_done(struct vmcoreinfo *vi);

/*
 * The value of "@key=" at the start of a line, the first such line winning (as the kernel
 * writes each key once). Returns 0 and points @ret_value into the text (not NUL-terminated;
 * @ret_len bytes), or -ENOENT.
 */
int vmcoreinfo_get(const struct vmcoreinfo *vi, const char *key, const char **ret_value,
		   size_t *ret_len);

/*
 * Typed lookups, formatted as the kernel writes them: SYMBOL(name)= and KERNELOFFSET= in hex,
 * SIZE(type)=, OFFSET(type.member)=, LENGTH(name)= and NUMBER(name)= in decimal (NUMBER may be
 * negative, or 0x-prefixed hex as arm64 writes some: the 64 bits as they are). 0, -ENOENT if
 * absent, -EBADMSG if the value is not a number of that base.
 */
int vmcoreinfo_symbol(const struct vmcoreinfo *vi, const char *name, uint64_t *ret);
int vmcoreinfo_size(const struct vmcoreinfo *vi, const char *type, uint64_t *ret);
int vmcoreinfo_offset(const struct vmcoreinfo *vi, const char *member, uint64_t *ret);
int vmcoreinfo_number(const struct vmcoreinfo *vi, const char *name, int64_t *ret);
