// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The x86_64 purgatory's side of verify.c: a 16550 UART at an I/O port, the VGA text screen,
 * halting, and hashing with the shared C SHA-256 (the purgatory runs without SSE state of its
 * own making beyond what entry64.S enables).
 */
#include <stdint.h>

#include "purgatory.h"
#include "sha256.h"

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* The VGA text screen, written top to bottom; it is only read by a person at the console. */
#define VGA_TEXT ((volatile uint16_t *)0xb8000)
#define VGA_COLS 80
#define VGA_ROWS 25
static unsigned int vga_pos;

static void putc_vga(char c)
{
	if (!(purgatory_params.flags & PURGATORY_CONSOLE_VGA))
		return;
	if (c == '\n') {
		vga_pos = (vga_pos / VGA_COLS + 1) * VGA_COLS;
	} else if (c != '\r') {
		VGA_TEXT[vga_pos++] = (uint16_t)(0x0700 | (uint8_t)c);
	}
	vga_pos %= VGA_COLS * VGA_ROWS;
}

void purgatory_console_init(void)
{
	uint16_t port = (uint16_t)purgatory_params.console;
	uint32_t baud = purgatory_params.console_baud;
	uint16_t div;

	if (!port || !baud)
		return;
	div = (uint16_t)(115200 / baud);
	outb(port + 1, 0x00);              /* no interrupts */
	outb(port + 3, 0x80);              /* DLAB: the next two are the divisor */
	outb(port + 0, (uint8_t)div);
	outb(port + 1, (uint8_t)(div >> 8));
	outb(port + 3, 0x03);              /* 8N1 */
	outb(port + 2, 0x07);              /* FIFOs on and cleared */
	outb(port + 4, 0x03);              /* DTR, RTS */
}

static void putc_serial(char c)
{
	uint16_t port = (uint16_t)purgatory_params.console;

	if (!port)
		return;
	/* Wait for the transmit holding register; bounded, in case no UART answers. */
	for (int i = 0; i < 100000 && !(inb(port + 5) & 0x20); i++)
		;
	outb(port, (uint8_t)c);
}

void purgatory_putc(char c)
{
	putc_serial(c);
	putc_vga(c);
}

void purgatory_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

void purgatory_sha256(const void *p, uint64_t len, uint8_t digest[32])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, p, len);
	sha256_final(&ctx, digest);
}
