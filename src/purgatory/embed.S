/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The target's purgatory ELF, linked into kexec as bytes under the name its arch_ops table
 * looks for (PURGATORY_SYMBOL, from src/arch/<arch>/purgatory/arch.mk); purgatory-blob.c
 * lays it out.
 */
#define CAT(a, b) a##b
#define XCAT(a, b) CAT(a, b)
#define END XCAT(PURGATORY_SYMBOL, _end)

	.section .rodata
	.balign 16
	.globl PURGATORY_SYMBOL
PURGATORY_SYMBOL:
	.incbin PURGATORY_ELF
	.globl END
END:
	.size PURGATORY_SYMBOL, END - PURGATORY_SYMBOL

	.section .note.GNU-stack, "", @progbits
