/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Inside the purgatory: what the arch-neutral check (verify.c) needs from each architecture's
 * purgatory folder (src/arch/<arch>/purgatory/), and the few libc functions the compiler may
 * call on its own.
 */
#include <stddef.h>
#include <stdint.h>

#include "purgatory-abi.h"

extern struct purgatory_params purgatory_params;

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* verify.c: returns only if the new kernel may run. Called by the arch's entry code. */
void purgatory_main(void);

/* verify.c: text to the console ('\n' sent as "\r\n"), for the arch's messages too. */
void purgatory_say(const char *s);
void purgatory_say_hex(uint64_t v);
void purgatory_say_dec(uint32_t v);

/* Per architecture. */
void purgatory_console_init(void);        /* program the UART if asked to; may do nothing */
void purgatory_putc(char c);              /* one byte to every console asked for */
__attribute__((noreturn)) void purgatory_halt(void);
/* SHA-256 of [p, p + len): the arch's fastest way (the shared C code at least). */
void purgatory_sha256(const void *p, uint64_t len, uint8_t digest[32]);
