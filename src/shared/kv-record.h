/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

#include "diag.h"

/*
 * The text form our records share (the load record in /run/kexec, the reboot record in
 * /var/lib/kexec): "format=N" first, then key=value lines with C escapes in the value, "#"
 * comments and blank lines allowed, then "end=" and nothing after it. Keys are [a-z0-9_],
 * 1 to 32 bytes.
 */

/* Called for each key=value line after format=, with the value unescaped; it may take *value
 * (set it to NULL). Returns 0 or -errno (with @why set for a bad field). */
typedef int (*kv_record_field_fn)(void *ctx, const char *key, char **value, struct diag *why);

/*
 * Read @text (@len bytes, at most @max) as a record of version @format, handing each field to
 * @field. 0, -ENOMEM, -EPROTONOSUPPORT for another format, -EBADMSG for anything else wrong
 * (@why says what), or what @field returned.
 */
int kv_record_read(const char *text, size_t len, size_t max, int format, kv_record_field_fn field,
		   void *ctx, struct diag *why);
