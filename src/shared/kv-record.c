// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "kv-record.h"
#include "macro.h"

static bool is_key(const char *s, size_t len)
{
	if (len == 0 || len > 32)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

int kv_record_read(const char *text, size_t len, size_t max, int format, kv_record_field_fn field,
		   void *ctx, struct diag *why)
{
	_cleanup_free_ char *copy = NULL;
	bool have_format = false, have_end = false;
	char version[16];
	char *line, *next;
	int r;

	diag_clear(why);
	if (len > max)
		return diag_fail(why, -EBADMSG, "larger than any record (%zu bytes)", len);
	if (memchr(text, '\0', len))
		return diag_fail(why, -EBADMSG, "not text (a NUL byte)");
	copy = strndup(text, len);
	if (!copy)
		return -ENOMEM;
	snprintf(version, sizeof(version), "%d", format);

	for (line = copy; line; line = next) {
		_cleanup_free_ char *value = NULL;
		char *eq;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (have_end)
			return diag_fail(why, -EBADMSG, "text after end=");
		eq = strchr(line, '=');
		if (!eq || !is_key(line, (size_t)(eq - line)))
			return diag_fail(why, -EBADMSG, "a line that is not key=value");
		*eq = '\0';
		if (!have_format) {
			/* The version comes first: what follows is read only if we know it. */
			if (strcmp(line, "format") != 0)
				return diag_fail(why, -EBADMSG, "does not start with format=");
			if (strcmp(eq + 1, version) != 0)
				return diag_fail(why, -EPROTONOSUPPORT,
						 "record format %.16s; this kexec reads format %d",
						 eq + 1, format);
			have_format = true;
			continue;
		}
		if (strcmp(line, "end") == 0) {
			if (eq[1] != '\0')
				return diag_fail(why, -EBADMSG, "end= has a value");
			have_end = true;
			continue;
		}
		r = cunescape(eq + 1, &value);
		if (r == -ENOMEM)
			return r;
		if (r < 0)
			return diag_fail(why, -EBADMSG, "bad escape in %s=", line);
		r = field(ctx, line, &value, why);
		if (r < 0)
			return r;
	}
	if (!have_format)
		return diag_fail(why, -EBADMSG, "empty");
	if (!have_end)
		return diag_fail(why, -EBADMSG, "cut short (no end= line)");
	return 0;
}
