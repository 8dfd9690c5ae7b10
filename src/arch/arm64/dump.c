// SPDX-License-Identifier: GPL-2.0-or-later
#include <elf.h>

#include "arch.h"

/*
 * arm64's kernel virtual address space (arch/arm64/include/asm/memory.h), top half only:
 *
 *   [PAGE_OFFSET, PAGE_END)   the linear map of all RAM: vaddr = paddr - PHYS_OFFSET +
 *                             PAGE_OFFSET (in core headers, vaddr - paddr of any RAM PT_LOAD)
 *   [PAGE_END, ...)           modules, the kernel image (KIMAGE_VADDR, moved up by KASLR),
 *                             vmalloc, vmemmap, fixmap: paddr = vaddr - kimage_voffset for
 *                             the image, which VMCOREINFO gives as NUMBER(kimage_voffset)
 *
 * with PAGE_OFFSET = -2^VA_BITS and PAGE_END = -2^(VA_BITS_MIN - 1), where VA_BITS_MIN is 48
 * both for 48-bit kernels (Debian 12) and for 52-bit ones (Debian 13, 4 KiB pages with LPA2;
 * 64 KiB pages): a 52-bit kernel on 48-bit hardware keeps its linear map in the 48-bit part
 * and its image above the same PAGE_END. So:
 *
 *   image_base        0xffff800000000000 = PAGE_END for VA_BITS_MIN 48: everything the
 *                     linear map holds lies below it, the image above (KIMAGE_VADDR is
 *                     0xffff800008000000 on 6.1, 0xffff800080000000 since 6.4's 2 GiB of
 *                     modules)
 *   direct_map_floor  0xfff0000000000000 = PAGE_OFFSET of a 52-bit kernel, the lowest linear
 *                     address any of them uses (a 48-bit kernel's is 0xffff000000000000)
 *
 * Kernels with a smaller VA (39-bit on 4 KiB pages, 42-bit on 64 KiB, 47-bit on 16 KiB, and
 * 52-bit on 16 KiB pages, whose VA_BITS_MIN is 47) put their linear map above this image_base:
 * this table does not describe them.
 */
const struct arch_dump arch_dump_arm64 = {
	.name = "arm64",
	.elf_machine = EM_AARCH64,
	.image_base = 0xffff800000000000ULL,
	.image_number = "kimage_voffset",
	.image_number_is_voffset = true,
	.direct_map_floor = 0xfff0000000000000ULL,
};
