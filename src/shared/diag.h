/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "macro.h"

/*
 * The one way library code tells the user what went wrong: it returns -errno and, when the
 * cause is its own (a header field, no room, a missing VMCOREINFO entry), fills one line here
 * that the CLI prints as is. Library code never prints it itself; an empty message means "the
 * errno says it all" (the CLI then explains the errno).
 */
struct diag {
	char msg[256];
};

/* Set the message (if @d is not NULL) and log it at debug level. Later calls overwrite it. */
_printf_(2, 3) void diag_set(struct diag *d, const char *fmt, ...);

static inline void diag_clear(struct diag *d)
{
	if (d)
		d->msg[0] = '\0';
}

static inline _Bool diag_empty(const struct diag *d)
{
	return !d || d->msg[0] == '\0';
}

/* diag_set(), then evaluate to @err: `return diag_fail(d, -EBADMSG, "truncated: ...");` */
#define diag_fail(d, err, ...) (diag_set((d), __VA_ARGS__), (err))
