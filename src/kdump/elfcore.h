/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * ELF64 core headers for a capture kernel (its /proc/vmcore): built by us for kexec_load, as the
 * kernel's crash_prepare_elf64_headers() (kernel/crash_core.c) builds them for kexec_file_load.
 * Only headers: every segment's p_offset is the physical address of the data, which stays in the
 * crashed kernel's memory; the capture kernel reads it from there and lays out the file itself.
 *
 *   Elf64_Ehdr        ET_CORE, EM_X86_64, ELFOSABI_NONE, program headers right after it
 *   PT_NOTE per CPU   that CPU's crash_notes (registers saved at the crash)
 *   PT_NOTE           VMCOREINFO (symbol offsets for makedumpfile, crash, vmcore-dmesg)
 *   PT_LOAD           the kernel text mapping: vaddr _text, paddr its physical address,
 *                     up to _end (debuggers read symbols through it; it repeats RAM that a
 *                     direct-map PT_LOAD below also shows)
 *   PT_LOAD per range the direct map: vaddr PAGE_OFFSET + paddr
 *
 * The size is padded to ELFCORE_ALIGN, like the kernel's (ELF_CORE_HEADER_ALIGN).
 */

#include <stddef.h>
#include <stdint.h>

#include "range.h"
#include "units.h"

#define ELFCORE_ALIGN PAGE_SIZE

/* A note buffer in the crashed kernel's memory. */
struct elfcore_note {
	uint64_t paddr;
	uint64_t size;
};

/*
 * What differs between architectures in core headers: the ELF machine, and where the kernel
 * image is mapped (its text PT_LOAD lies at or above image_base, the direct map below; KASLR
 * moves addresses inside both, never across). The arch gives it (struct arch_dump).
 */
struct elfcore_layout {
	uint16_t machine;
	uint64_t image_base;
};

/* Where the running kernel maps itself, as /proc/kcore shows it. */
struct elfcore_kernel_map {
	uint64_t page_offset; /* virtual address of physical 0 in the direct map (KASLR moves it) */
	uint64_t text_vaddr;  /* _text */
	uint64_t text_paddr;  /* its physical address */
	uint64_t text_size;   /* _end - _text; 0: no kernel text PT_LOAD */
};

struct elfcore_input {
	struct elfcore_layout layout;
	const struct elfcore_note *cpu_notes;
	size_t nr_cpu_notes;
	struct elfcore_note vmcoreinfo; /* size 0: no VMCOREINFO note */
	struct elfcore_kernel_map map;
	const struct range_list *ram;   /* what to dump (crash_mem_dump_ranges()) */
};

/* Bytes elfcore_build() writes for @in (a multiple of ELFCORE_ALIGN). */
size_t elfcore_size(const struct elfcore_input *in);

/*
 * Write the headers into @buf (@len bytes), zero-padded to elfcore_size(). Returns the size
 * written, or:
 *   -ENOSPC     @len < elfcore_size(@in)
 *   -EINVAL     a note or the text mapping has size 0 where one is given, or a RAM range is empty
 *   -EOVERFLOW  PAGE_OFFSET + a RAM address, or an end address, wraps past 2^64
 */
int elfcore_build(const struct elfcore_input *in, void *buf, size_t len);

/*
 * Find the kernel's mapping in /proc/kcore's ELF header and program headers: @buf holds the
 * file from offset 0 through its last program header (read that much, not the whole file). The
 * kernel's kcore gives RAM segments (vaddr = PAGE_OFFSET + paddr) and the kernel text segment
 * (vaddr >= layout->image_base) real physical addresses and everything else p_paddr -1 (see
 * fs/proc/kcore.c), so both come out exactly, KASLR or not.
 *   -ENOEXEC  not a little-endian ELF64 core file of layout->machine
 *   -EBADMSG  the program headers lie outside @len or have the wrong entry size
 *   -ENOENT   no RAM or no kernel text segment with a physical address
 */
int elfcore_parse_kcore(const void *buf, size_t len, const struct elfcore_layout *layout,
			struct elfcore_kernel_map *ret);

/* The bytes of /proc/kcore that elfcore_parse_kcore() needs, from its ELF header alone
 * (@len >= 64): e_phoff + e_phnum * e_phentsize. -ENOEXEC, -EBADMSG, -EOVERFLOW. */
int elfcore_kcore_headers_size(const void *ehdr, size_t len, uint16_t machine, size_t *ret);
