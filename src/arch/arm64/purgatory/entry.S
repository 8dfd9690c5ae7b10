/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * arm64 purgatory entry. The kernel's relocation code has copied every segment into place and
 * jumps here with the MMU and data cache off, interrupts masked, at EL1 or at EL2 (with or
 * without VHE's HCR_EL2.E2H), and nothing in x0 for us. We make a stack and exception vectors,
 * let C check the segments (purgatory_arm64_main, which turns the MMU and caches on for the
 * check when it can), then enter the new kernel as Documentation/arch/arm64/booting.rst asks:
 * MMU and D-cache off, every line we touched cleaned to the PoC, x0 = the device tree,
 * x1 = x2 = x3 = 0.
 *
 * Everything is addressed PC-relative (adr, adrp + :lo12:), so the blob runs at any
 * page-aligned address it is placed at, with nothing to relocate.
 */
#include "purgatory-abi.h"

#define CURRENTEL_EL2 (2 << 2)

	.arch	armv8-a

	.section .text.entry, "ax"
	.globl purgatory_start
	.type purgatory_start, %function
purgatory_start:
	msr	daifset, #0xf
	msr	spsel, #1
	adrp	x0, stack_end
	add	x0, x0, :lo12:stack_end
	mov	sp, x0
	/* The old kernel's vectors are gone: a fault now says so on the console, then halts. */
	adr	x0, vectors
	mrs	x1, CurrentEL
	cmp	x1, #CURRENTEL_EL2
	b.ne	1f
	msr	vbar_el2, x0
	b	2f
1:	msr	vbar_el1, x0
2:	isb

	bl	purgatory_arm64_main	/* returns only if the kernel may run */
	cbz	x0, enter_kernel	/* x0 0: the MMU stayed off, nothing is cached */

	/*
	 * x1 is the SCTLR_ELx we were entered with (MMU and D-cache off). From here until the
	 * blob is cleaned, no store: a store with the cache off goes to memory, and the
	 * clean-and-invalidate below would then write an older dirty line over it.
	 */
	mrs	x2, CurrentEL
	cmp	x2, #CURRENTEL_EL2
	b.ne	3f
	isb				/* some cores want one right before the MMU goes off */
	msr	sctlr_el2, x1
	b	4f
3:	isb
	msr	sctlr_el1, x1
4:	isb
	adrp	x0, __purgatory_image_start
	add	x0, x0, :lo12:__purgatory_image_start
	adrp	x1, __purgatory_image_end
	add	x1, x1, :lo12:__purgatory_image_end
	bl	dcache_civac_range	/* our stack, data and page tables */
	bl	purgatory_arm64_finish	/* the hashed regions, I-cache, TLB */

enter_kernel:
	adrp	x4, purgatory_params
	add	x4, x4, :lo12:purgatory_params
	ldr	x0, [x4, #PURGATORY_PARAMS_ARG]
	ldr	x4, [x4, #PURGATORY_PARAMS_ENTRY]
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x4
	.size purgatory_start, . - purgatory_start

/*
 * dcache_civac_range(start, end): clean and invalidate by VA to the PoC, whole lines covering
 * [start, end), then a DSB. No stack, no memory access but the maintenance itself: the MMU-off
 * path above calls it before anything is clean. It works with the MMU and caches off too (it
 * acts on the cache, not through the current mapping).
 */
	.section .text
	.globl dcache_civac_range
	.type dcache_civac_range, %function
dcache_civac_range:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4		/* CTR_EL0.DminLine: log2(words per line) */
	mov	x2, #4
	lsl	x2, x2, x3
	sub	x3, x2, #1
	bic	x0, x0, x3
	b	2f
1:	dc	civac, x0
	add	x0, x0, x2
2:	cmp	x0, x1
	b.lo	1b
	dsb	sy
	ret
	.size dcache_civac_range, . - dcache_civac_range

/*
 * Exception vectors: 16 entries of 128 bytes, 2 KiB aligned (the blob is placed page-aligned,
 * so link-time alignment holds). Nothing should ever trap here; if something does (a mapping
 * we got wrong, an instruction the CPU lacks), say what and where instead of hanging silently.
 */
	.section .text
	.balign	2048
vectors:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	.balign	128
	mov	x0, #\n
	b	exception
	.endr

exception:
	mrs	x4, CurrentEL
	cmp	x4, #CURRENTEL_EL2
	b.ne	1f
	mrs	x1, esr_el2
	mrs	x2, elr_el2
	mrs	x3, far_el2
	b	2f
1:	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, far_el1
2:	adrp	x4, stack_end		/* the stack may be what failed */
	add	x4, x4, :lo12:stack_end
	mov	sp, x4
	bl	purgatory_arm64_exception	/* does not return */
	b	.

	.section .bss
	.balign	16
stack:
	.skip	16384
stack_end:
	.size stack, . - stack

	.section .note.GNU-stack, "", %progbits
