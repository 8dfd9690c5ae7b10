/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/*
 * The length of the UTF-8 character at @s (at most @len bytes available), 1 to 4, with its code
 * point in *ret_cp; 0 if the bytes there are not valid UTF-8: a stray continuation byte, a
 * truncated sequence, an overlong form, a surrogate or a code point above U+10FFFF (RFC 3629).
 * Paths and command lines are bytes, not text: callers that print them decide what to do with
 * an invalid byte (JSON replaces it, the terminal output escapes it).
 */
size_t utf8_char(const uint8_t *s, size_t len, uint32_t *ret_cp);
