/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Backslash escapes for bytes that must not reach a line-based file or a terminal as they are:
 * paths and command lines are arbitrary bytes (a newline in a file name is legal), and a
 * control byte printed to a terminal is a command to it.
 */

enum escape_flags {
	/*
	 * Also escape what a terminal might act on or garble beyond the C0 controls: bytes that
	 * are not valid UTF-8, and the C1 controls U+0080..U+009F. Valid UTF-8 text stays as is.
	 */
	ESCAPE_DISPLAY = 1 << 0,
};

/*
 * @s with '\' doubled, newline and tab as \n and \t, and every other byte below 0x20 and 0x7f
 * as \xHH: one line, which cunescape() turns back into exactly @s. Returns 0 or -ENOMEM.
 */
int cescape(const char *s, unsigned flags, char **ret);

/* The inverse of cescape(). -EBADMSG for an unknown or cut escape, or one that makes a NUL. */
int cunescape(const char *s, char **ret);
