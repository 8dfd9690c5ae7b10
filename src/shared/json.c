// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <string.h>

#include "json.h"
#include "utf8.h"

void json_write_string(FILE *f, const char *s)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t len = strlen(s);

	fputc('"', f);
	for (size_t i = 0; i < len;) {
		uint8_t c = p[i];
		uint32_t cp;
		size_t n;

		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				/* DEL is legal JSON, but escaped keeps the text printable. */
				fprintf(f, "\\u%04x", c);
				break;
			}
			if (c < 0x80) {
				fputc(c, f);
				break;
			}
			n = utf8_char(p + i, len - i, &cp);
			if (n == 0) {
				fputs("\xef\xbf\xbd", f); /* U+FFFD for this one byte */
				break;
			}
			if (cp < 0xa0) {
				/* A C1 control: legal JSON, but a terminal showing it may obey it. */
				fprintf(f, "\\u%04x", cp);
				i += n;
				continue;
			}
			fwrite(p + i, 1, n, f);
			i += n;
			continue;
		}
		i++;
	}
	fputc('"', f);
}

/* The comma, newline and indentation before the next value, and its key. */
static void json_item(struct json_writer *w, const char *key)
{
	if (w->depth > 0) {
		unsigned level = w->depth < JSON_MAX_DEPTH ? w->depth : JSON_MAX_DEPTH - 1;

		fputs(w->has_items[level] ? ",\n" : "\n", w->f);
		w->has_items[level] = true;
		for (unsigned i = 0; i < w->depth; i++)
			fputs("  ", w->f);
	}
	if (key) {
		json_write_string(w->f, key);
		fputs(": ", w->f);
	}
}

static void json_open(struct json_writer *w, const char *key, char bracket)
{
	json_item(w, key);
	fputc(bracket, w->f);
	w->depth++;
	if (w->depth < JSON_MAX_DEPTH)
		w->has_items[w->depth] = false;
}

static void json_close(struct json_writer *w, char bracket)
{
	bool had_items = w->depth < JSON_MAX_DEPTH && w->has_items[w->depth];

	w->depth--;
	if (had_items) {
		fputc('\n', w->f);
		for (unsigned i = 0; i < w->depth; i++)
			fputs("  ", w->f);
	}
	fputc(bracket, w->f);
	if (w->depth == 0)
		fputc('\n', w->f);
}

void json_begin_object(struct json_writer *w, const char *key)
{
	json_open(w, key, '{');
}

void json_end_object(struct json_writer *w)
{
	json_close(w, '}');
}

void json_begin_array(struct json_writer *w, const char *key)
{
	json_open(w, key, '[');
}

void json_end_array(struct json_writer *w)
{
	json_close(w, ']');
}

void json_string(struct json_writer *w, const char *key, const char *value)
{
	json_item(w, key);
	if (value)
		json_write_string(w->f, value);
	else
		fputs("null", w->f);
}

void json_uint(struct json_writer *w, const char *key, uint64_t value)
{
	json_item(w, key);
	fprintf(w->f, "%" PRIu64, value);
}

void json_int(struct json_writer *w, const char *key, int64_t value)
{
	json_item(w, key);
	fprintf(w->f, "%" PRId64, value);
}

void json_bool(struct json_writer *w, const char *key, bool value)
{
	json_item(w, key);
	fputs(value ? "true" : "false", w->f);
}

void json_null(struct json_writer *w, const char *key)
{
	json_item(w, key);
	fputs("null", w->f);
}
