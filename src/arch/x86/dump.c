// SPDX-License-Identifier: GPL-2.0-or-later
#include <elf.h>

#include "arch.h"

/*
 * x86_64 maps the kernel image at __START_KERNEL_map + (physical load address - phys_base);
 * VMCOREINFO's symbols already include the KASLR offset, so phys_base is all a translation of
 * an image address needs. The direct map (randomized by KASLR, not in VMCOREINFO) is in the
 * upper half.
 */
const struct arch_dump arch_dump_x86_64 = {
	.name = "x86_64",
	.elf_machine = EM_X86_64,
	.image_base = 0xffffffff80000000ULL,
	.image_number = "phys_base",
	.direct_map_floor = 0x8000000000000000ULL,
};
