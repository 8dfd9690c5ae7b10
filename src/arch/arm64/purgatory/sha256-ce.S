/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sha256_blocks_ce(state, p, nblocks): SHA-256 compression of nblocks 64-byte blocks at p
 * (8-byte aligned) with the ARMv8 SHA-2 instructions (ID_AA64ISAR0_EL1.SHA2 >= 1; hash.c
 * checks both before calling).
 * Assembly rather than intrinsics because the C files are built with -mgeneral-regs-only (no
 * FP/SIMD register may leak into C code that also runs before FP access is enabled), which
 * would refuse vector types in any C file.
 *
 * The instructions keep the state as two vectors with lane 0 first, {a,b,c,d} and {e,f,g,h}:
 * exactly state[0..3] and state[4..7] in memory, so ld1/st1 need no shuffling. Each group of
 * four rounds q (0..15) is
 *	wk = W[4q..4q+3] + K[4q..4q+3]
 *	sha256h  abcd, efgh, wk		(new abcd, from the old abcd and efgh)
 *	sha256h2 efgh, abcd_old, wk	(new efgh, hence the copy of abcd taken before)
 * and, for q < 12, the message schedule for group q+4 is computed in the register group q
 * has just consumed: sha256su0 adds sigma0 of the next four words, sha256su1 adds sigma1 of
 * the last four and W[t-7]. The 64 round constants stay in v16-v31 for all blocks.
 *
 * Registers: v0/v1 state, v2/v3 the state at block start, v4-v7 the message ring, v8 wk, v9
 * the copy of abcd; v8 and v9 are callee-saved in their low halves (AAPCS64), hence d8/d9
 * are saved on the stack.
 */
	.arch	armv8-a+crypto

	.section .text
	.globl	sha256_blocks_ce
	.type	sha256_blocks_ce, %function

/* Rounds 4q..4q+3 with message register m0 = W[4q..]; m1-m3 hold the next twelve words. */
.macro	quad q, k, m0, m1, m2, m3
	add	v8.4s, \m0\().4s, \k\().4s
	.if	\q < 12
	sha256su0 \m0\().4s, \m1\().4s
	.endif
	mov	v9.16b, v0.16b
	sha256h	q0, q1, v8.4s
	sha256h2 q1, q9, v8.4s
	.if	\q < 12
	sha256su1 \m0\().4s, \m2\().4s, \m3\().4s
	.endif
.endm

sha256_blocks_ce:
	cbz	x2, 2f
	stp	d8, d9, [sp, #-16]!
	adrp	x3, sha256_K
	add	x3, x3, :lo12:sha256_K
	ld1	{v16.4s-v19.4s}, [x3], #64
	ld1	{v20.4s-v23.4s}, [x3], #64
	ld1	{v24.4s-v27.4s}, [x3], #64
	ld1	{v28.4s-v31.4s}, [x3]
	ld1	{v0.4s, v1.4s}, [x0]

	/*
	 * 8-byte elements (same register bytes as .16b on little-endian): should the MMU be off,
	 * memory is Device-nGnRnE, where each element is its own bus access. Needs p 8-aligned.
	 */
1:	ld1	{v4.2d-v7.2d}, [x1], #64
	rev32	v4.16b, v4.16b		/* the message words are big-endian */
	rev32	v5.16b, v5.16b
	rev32	v6.16b, v6.16b
	rev32	v7.16b, v7.16b
	mov	v2.16b, v0.16b
	mov	v3.16b, v1.16b

	quad	0, v16, v4, v5, v6, v7
	quad	1, v17, v5, v6, v7, v4
	quad	2, v18, v6, v7, v4, v5
	quad	3, v19, v7, v4, v5, v6
	quad	4, v20, v4, v5, v6, v7
	quad	5, v21, v5, v6, v7, v4
	quad	6, v22, v6, v7, v4, v5
	quad	7, v23, v7, v4, v5, v6
	quad	8, v24, v4, v5, v6, v7
	quad	9, v25, v5, v6, v7, v4
	quad	10, v26, v6, v7, v4, v5
	quad	11, v27, v7, v4, v5, v6
	quad	12, v28, v4, v5, v6, v7
	quad	13, v29, v5, v6, v7, v4
	quad	14, v30, v6, v7, v4, v5
	quad	15, v31, v7, v4, v5, v6

	add	v0.4s, v0.4s, v2.4s
	add	v1.4s, v1.4s, v3.4s
	subs	x2, x2, #1
	b.ne	1b

	st1	{v0.4s, v1.4s}, [x0]
	ldp	d8, d9, [sp], #16
2:	ret
	.size	sha256_blocks_ce, . - sha256_blocks_ce

	.section .note.GNU-stack, "", %progbits
