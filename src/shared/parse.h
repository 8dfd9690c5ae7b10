/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/*
 * Unsigned numbers from text we did not write (/proc, /sys, VMCOREINFO, argv): the one parser.
 * Reads digits of @base (0: C prefixes, 0x for hex, 0 for octal; 16 also takes an optional 0x)
 * from [s, s + len) — not NUL-terminated — and sets *ret_end to the first byte after them.
 * No sign, no blanks. -EBADMSG: no digits, or more than 64 bits.
 * With @ret_end NULL, every byte up to @len must be a digit.
 */
int parse_u64_n(const char *s, size_t len, int base, uint64_t *ret, const char **ret_end);

/* The same on a NUL-terminated string. */
int parse_u64(const char *s, int base, uint64_t *ret, const char **ret_end);
