// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The arm64 purgatory's side of verify.c: a PL011 UART at purgatory_params.console (MMIO),
 * halting, and what the entry code reports when something traps.
 */
#include <stdint.h>

#include "arm64.h"

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTFR_BUSY (1u << 3) /* still shifting bits out */
#define UARTFR_TXFF (1u << 5) /* transmit FIFO full */
/* Polls before giving up on a UART that never gets ready (wrong address, clock gated). */
#define UART_SPINS 1000000

static inline uint32_t uart_read(uint64_t reg)
{
	return *(volatile uint32_t *)(uintptr_t)(purgatory_params.console + reg);
}

/*
 * The PL011's baud rate depends on its reference clock, which only the device tree knows:
 * we keep the rate the firmware and the old kernel set, and console_baud is not used.
 */
void purgatory_console_init(void)
{
}

void purgatory_putc(char c)
{
	if (!purgatory_params.console)
		return;
	for (int i = 0; i < UART_SPINS && (uart_read(UARTFR) & UARTFR_TXFF); i++)
		;
	*(volatile uint32_t *)(uintptr_t)(purgatory_params.console + UARTDR) = (uint8_t)c;
}

/* Wait until the last byte is on the wire: the new kernel may reset the UART first thing. */
void console_drain(void)
{
	if (!purgatory_params.console)
		return;
	for (int i = 0; i < UART_SPINS && (uart_read(UARTFR) & UARTFR_BUSY); i++)
		;
}

void purgatory_halt(void)
{
	__asm__ volatile("msr daifset, #0xf");
	for (;;)
		__asm__ volatile("wfi");
}

/* The generic timer's ticks as milliseconds (CNTFRQ_EL0 is set by firmware, booting.rst). */
uint64_t counter_ms(uint64_t ticks)
{
	uint64_t hz = read_sysreg(cntfrq_el0);

	return hz ? ticks / (hz / 1000 ? hz / 1000 : 1) : 0;
}

__attribute__((noreturn)) void purgatory_arm64_exception(uint64_t vector, uint64_t esr,
							 uint64_t elr, uint64_t far);

void purgatory_arm64_exception(uint64_t vector, uint64_t esr, uint64_t elr, uint64_t far)
{
	purgatory_say("kexec purgatory: unexpected exception ");
	purgatory_say_dec((uint32_t)vector);
	purgatory_say(" (ESR ");
	purgatory_say_hex(esr);
	purgatory_say(", ELR ");
	purgatory_say_hex(elr);
	purgatory_say(", FAR ");
	purgatory_say_hex(far);
	purgatory_say(", purgatory at ");
	purgatory_say_hex((uintptr_t)__purgatory_image_start);
	purgatory_say("); not booting. Reset the machine.\n");
	purgatory_halt();
}
