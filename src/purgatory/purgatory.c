// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Between two kernels: check that every segment is what userspace hashed at load time, so a
 * corrupted kernel or initrd (a stray DMA, a bad copy) never boots. Userspace may cut a segment
 * into several regions (hash-regions.h). On a mismatch, say which region on the serial port
 * and stop the machine: a halted machine is diagnosable, a kernel running on corrupt memory is
 * not.
 */
#include <stdbool.h>
#include <stdint.h>

#include "purgatory-abi.h"
#include "purgatory.h"
#include "sha256.h"

/* Patched by userspace after relocation of nothing: RIP-relative, in .data (never .bss). */
struct purgatory_params purgatory_params __attribute__((section(".data"))) = {
	.magic = PURGATORY_MAGIC,
};

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

static void serial_init(void)
{
	uint16_t port = purgatory_params.serial_port;
	uint32_t baud = purgatory_params.serial_baud;
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
	uint16_t port = purgatory_params.serial_port;

	if (!port)
		return;
	/* Wait for the transmit holding register; bounded, in case no UART answers. */
	for (int i = 0; i < 100000 && !(inb(port + 5) & 0x20); i++)
		;
	outb(port, (uint8_t)c);
}

static void say(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			putc_serial('\r');
		putc_serial(*s);
		putc_vga(*s);
	}
}

static void say_hex(uint64_t v)
{
	char buf[19] = "0x";

	for (int i = 0; i < 16; i++)
		buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	buf[18] = '\0';
	say(buf);
}

static void say_dec(uint32_t v)
{
	char buf[11];
	int i = 10;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v && i > 0);
	say(buf + i);
}

static __attribute__((noreturn)) void stop(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

void purgatory_main(void)
{
	const struct purgatory_params *p = &purgatory_params;
	bool verbose = p->flags & PURGATORY_VERBOSE;
	uint32_t n = p->nr_regions;

	serial_init();
	if (!(p->flags & PURGATORY_VERIFY)) {
		if (verbose)
			say("kexec purgatory: checks skipped (-i)\n");
		return;
	}
	if (n > PURGATORY_MAX_REGIONS)
		n = PURGATORY_MAX_REGIONS;

	for (uint32_t i = 0; i < n; i++) {
		const struct purgatory_region *r = &p->regions[i];
		struct sha256_ctx ctx;
		uint8_t digest[SHA256_DIGEST_SIZE];

		sha256_init(&ctx);
		sha256_update(&ctx, (const void *)(uintptr_t)r->start, r->len);
		sha256_final(&ctx, digest);
		if (memcmp(digest, r->sha256, sizeof(digest)) != 0) {
			say("kexec purgatory: SHA-256 mismatch in region ");
			say_dec(i);
			say(" at ");
			say_hex(r->start);
			say(" (");
			say_dec((uint32_t)(r->len >> 10));
			say(" KiB): memory changed after kexec loaded it; not booting. Reset the machine.\n");
			stop();
		}
	}
	if (verbose) {
		say("kexec purgatory: ");
		say_dec(n);
		say(" regions verified\n");
	}
}
