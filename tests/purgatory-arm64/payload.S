/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The stand-in kernel for tests/purgatory-arm64/run, one flat blob:
 *
 *  +0x000  "the new kernel": prints what the purgatory handed over (x0-x3, the exception level,
 *          SCTLR_ELx, DAIF, HCR_EL2 at EL2) on the PL011 at 0x09000000 as one "PAYLOAD ..."
 *          line, then ends QEMU through semihosting. The script checks the values.
 *  +0x400  where QEMU starts the CPU, playing the kernel's relocation code: optionally turns
 *          on VHE (HCR_EL2.E2H and TGE, as a VHE host kernel runs), puts junk in x0 (the
 *          kernel passes the purgatory nothing) and branches to the purgatory.
 *  +0x7f0  patched by the script: the purgatory's entry address, then 1 to turn on VHE.
 */
#define UART 0x09000000
#define CURRENTEL_EL2 (2 << 2)

	.arch	armv8-a
	.text
	.globl	_start
_start:
	mov	x19, x0
	mov	x20, x1
	mov	x21, x2
	mov	x22, x3
	adr	x0, s_payload
	bl	puts
	mov	x0, x19
	bl	puthex
	adr	x0, s_x1
	bl	puts
	mov	x0, x20
	bl	puthex
	adr	x0, s_x2
	bl	puts
	mov	x0, x21
	bl	puthex
	adr	x0, s_x3
	bl	puts
	mov	x0, x22
	bl	puthex
	adr	x0, s_el
	bl	puts
	mrs	x23, CurrentEL
	lsr	x0, x23, #2
	bl	puthex
	adr	x0, s_sctlr
	bl	puts
	cmp	x23, #CURRENTEL_EL2
	b.ne	1f
	mrs	x0, sctlr_el2
	b	2f
1:	mrs	x0, sctlr_el1
2:	bl	puthex
	adr	x0, s_daif
	bl	puts
	mrs	x0, daif
	bl	puthex
	adr	x0, s_hcr
	bl	puts
	mov	x0, xzr
	cmp	x23, #CURRENTEL_EL2
	b.ne	3f
	mrs	x0, hcr_el2		/* shows whether the VHE case really ran with E2H */
3:	bl	puthex
	adr	x0, s_nl
	bl	puts

	/* Semihosting SYS_EXIT(ADP_Stopped_ApplicationExit, 0): QEMU exits with status 0. */
	adr	x1, exit_block
	mov	x0, #0x18
	hlt	#0xf000
	b	.

/* puts(x0): a NUL-terminated string. Clobbers x0-x2. */
puts:
	mov	x1, #UART
1:	ldrb	w2, [x0], #1
	cbz	w2, 2f
	str	w2, [x1]
	b	1b
2:	ret

/* puthex(x0): 16 hex digits. Clobbers x0-x4. */
puthex:
	mov	x1, #UART
	mov	x3, #60
1:	lsr	x2, x0, x3
	and	x2, x2, #0xf
	cmp	x2, #10
	add	x4, x2, #'0'
	add	x2, x2, #('a' - 10)
	csel	x2, x4, x2, lo
	str	w2, [x1]
	subs	x3, x3, #4
	b.ge	1b
	ret

	.balign	8
exit_block:
	.quad	0x20026, 0
s_payload:
	.asciz	"PAYLOAD x0="
s_x1:	.asciz	" x1="
s_x2:	.asciz	" x2="
s_x3:	.asciz	" x3="
s_el:	.asciz	" el="
s_sctlr:
	.asciz	" sctlr="
s_daif:	.asciz	" daif="
s_hcr:	.asciz	" hcr="
s_nl:	.asciz	" END\r\n"

	.org	0x400
pre_purgatory:
	ldr	x1, vhe
	cbz	x1, 1f
	mrs	x2, CurrentEL
	cmp	x2, #CURRENTEL_EL2
	b.ne	1f
	mrs	x2, hcr_el2
	orr	x2, x2, #(1 << 34)	/* E2H */
	orr	x2, x2, #(1 << 27)	/* TGE */
	msr	hcr_el2, x2
	isb
1:	mov	x0, #0xdead
	ldr	x1, purgatory_entry
	br	x1

	.org	0x7f0
purgatory_entry:
	.quad	0
vhe:
	.quad	0
