/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Writing JSON (RFC 8259) by hand, indented two spaces per level: enough for one report, no
 * library. The writer puts the commas and the indentation; the caller says what comes next.
 * Every value call takes @key: the member's name inside an object, NULL inside an array or for
 * the top-level value.
 */

#define JSON_MAX_DEPTH 16

struct json_writer {
	FILE *f;
	unsigned depth;
	bool has_items[JSON_MAX_DEPTH]; /* the container at this depth has a member already */
};

static inline struct json_writer json_writer_init(FILE *f)
{
	return (struct json_writer){ .f = f };
}

/*
 * @s as a JSON string literal, quotes included: '"', '\' and control characters (C0, DEL and
 * C1, so that the text is safe to print) escaped. Paths
 * and command lines are bytes, and JSON text must be UTF-8: valid UTF-8 is copied as it is,
 * each byte that is not becomes U+FFFD (the replacement character), as decoders do.
 */
void json_write_string(FILE *f, const char *s);

void json_begin_object(struct json_writer *w, const char *key);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w, const char *key);
void json_end_array(struct json_writer *w);
/* A string member; NULL writes null. */
void json_string(struct json_writer *w, const char *key, const char *value);
void json_uint(struct json_writer *w, const char *key, uint64_t value);
void json_int(struct json_writer *w, const char *key, int64_t value);
void json_bool(struct json_writer *w, const char *key, bool value);
void json_null(struct json_writer *w, const char *key);
