// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Between two kernels: check that every segment is what userspace hashed at load time, so a
 * corrupted kernel or initrd (a stray DMA, a bad copy) never boots. Userspace may cut a segment
 * into several regions (hash-regions.h). On a mismatch, say which region on the console and
 * stop the machine: a halted machine is diagnosable, a kernel running on corrupt memory is
 * not. Architecture-neutral: the console, the halt and the hashing are the arch's.
 */
#include <stdbool.h>
#include <stdint.h>

#include "purgatory.h"

/* Patched by userspace; addressed PC-relative, in .data (never .bss: it must be file bytes). */
struct purgatory_params purgatory_params __attribute__((section(".data"))) = {
	.magic = PURGATORY_MAGIC,
};

void purgatory_say(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			purgatory_putc('\r');
		purgatory_putc(*s);
	}
}

void purgatory_say_hex(uint64_t v)
{
	char buf[19] = "0x";

	for (int i = 0; i < 16; i++)
		buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	buf[18] = '\0';
	purgatory_say(buf);
}

void purgatory_say_dec(uint32_t v)
{
	char buf[11];
	int i = 10;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v && i > 0);
	purgatory_say(buf + i);
}

void purgatory_main(void)
{
	const struct purgatory_params *p = &purgatory_params;
	bool verbose = p->flags & PURGATORY_VERBOSE;
	uint32_t n = p->nr_regions;

	purgatory_console_init();
	if (!(p->flags & PURGATORY_VERIFY)) {
		if (verbose)
			purgatory_say("kexec purgatory: checks skipped (-i)\n");
		return;
	}
	if (n > PURGATORY_MAX_REGIONS)
		n = PURGATORY_MAX_REGIONS;

	for (uint32_t i = 0; i < n; i++) {
		const struct purgatory_region *r = &p->regions[i];
		uint8_t digest[32];

		purgatory_sha256((const void *)(uintptr_t)r->start, r->len, digest);
		if (memcmp(digest, r->sha256, sizeof(digest)) != 0) {
			purgatory_say("kexec purgatory: SHA-256 mismatch in region ");
			purgatory_say_dec(i);
			purgatory_say(" at ");
			purgatory_say_hex(r->start);
			purgatory_say(" (");
			purgatory_say_dec((uint32_t)(r->len >> 10));
			purgatory_say(" KiB): memory changed after kexec loaded it; not booting. "
				      "Reset the machine.\n");
			purgatory_halt();
		}
	}
	if (verbose) {
		purgatory_say("kexec purgatory: ");
		purgatory_say_dec(n);
		purgatory_say(" regions verified\n");
	}
}
