/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The purgatory ELF, linked into kexec as bytes; src/arch/x86/purgatory.c parses it. */
	.section .rodata
	.balign 16
	.globl kexec_purgatory
kexec_purgatory:
	.incbin PURGATORY_ELF
	.globl kexec_purgatory_end
kexec_purgatory_end:
	.size kexec_purgatory, kexec_purgatory_end - kexec_purgatory

	.section .note.GNU-stack, "", @progbits
