/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Purgatory entry. The kernel's relocate_kernel has copied every segment into place and jumps
 * here in 64-bit mode, identity mapped, interrupts off, with no usable stack and CR4 reduced to
 * PAE. We make a stack, allow SSE (the SHA-NI path needs it), let C verify the segments, then
 * enter the new kernel the way the 64-bit boot protocol asks: flat __BOOT_CS (0x10) and
 * __BOOT_DS (0x18) segments, %rsi = boot_params.
 *
 * Everything is addressed RIP-relative, so the blob runs wherever userspace placed it and needs
 * no relocation.
 */
#include "purgatory-abi.h"

	.section .text.entry, "ax"
	.code64
	.globl purgatory_start
	.type purgatory_start, @function
purgatory_start:
	cli
	cld
	leaq	stack_end(%rip), %rsp

	/* CR0: no FPU emulation (EM off), monitor coprocessor (MP on); CR4: OSFXSR|OSXMMEXCPT. */
	movq	%cr0, %rax
	andq	$~(1 << 2), %rax
	orq	$(1 << 1), %rax
	movq	%rax, %cr0
	movq	%cr4, %rax
	orq	$(3 << 9), %rax
	movq	%rax, %cr4

	call	purgatory_main		/* returns only if the new kernel may run */

	/* Our own GDT: the one relocate_kernel left may be anywhere, or gone. */
	leaq	gdt(%rip), %rax
	movq	%rax, gdt_desc + 2(%rip)
	lgdt	gdt_desc(%rip)
	movl	$0x18, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	leaq	1f(%rip), %rax
	pushq	$0x10
	pushq	%rax
	lretq
1:
	movq	purgatory_params + PURGATORY_PARAMS_ARG(%rip), %rsi
	movq	purgatory_params + PURGATORY_PARAMS_ENTRY(%rip), %rax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	jmp	*%rax
	.size purgatory_start, . - purgatory_start

	.section .data
	.balign 16
gdt:
	.quad	0			/* null */
	.quad	0			/* unused */
	.quad	0x00af9a000000ffff	/* 0x10: 64-bit code, flat */
	.quad	0x00cf92000000ffff	/* 0x18: data, flat 4 GiB */
gdt_end:
	.balign 8
gdt_desc:
	.word	gdt_end - gdt - 1
	.quad	0			/* filled in at run time: we do not know where we are */
	.size gdt_desc, . - gdt_desc

	.section .bss
	.balign 16
stack:
	.skip	16384
stack_end:
	.size stack, . - stack

	.section .note.GNU-stack, "", @progbits
