// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "cmdline: "
#include <stdio.h>
#include <string.h>

#include "cmdline.h"
#include "fileio.h"
#include "log.h"

/* The kernel accepts a few KiB; anything this large is not a command line. */
#define PROC_CMDLINE_MAX (64 * 1024)

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Length of the word at @s, which does not start with a blank. */
static size_t word_len(const char *s)
{
	bool quoted = false;
	size_t n = 0;

	for (; s[n] && (quoted || !is_blank(s[n])); n++)
		if (s[n] == '"')
			quoted = !quoted;
	return n;
}

static bool word_is_param(const char *w, size_t len, const char *name)
{
	size_t nlen = strlen(name);

	if (len > 0 && w[0] == '"') {
		w++;
		len--;
	}
	return len >= nlen && strncmp(w, name, nlen) == 0 &&
	       (len == nlen || w[nlen] == '=' || (w[nlen] == '"' && len == nlen + 1));
}

/* The next word at or after *@in: its start, with its length in *@len; NULL at the end. Moves
 * *@in past it. */
static const char *next_word(const char **in, size_t *len)
{
	const char *w = *in;

	while (is_blank(*w))
		w++;
	if (!*w)
		return NULL;
	*len = word_len(w);
	*in = w + *len;
	return w;
}

int cmdline_drop_param(char *line, const char *name)
{
	const char *in = line, *w;
	char *out = line;
	int dropped = 0;
	size_t n;

	while ((w = next_word(&in, &n))) {
		if (word_is_param(w, n, name)) {
			dropped++;
		} else {
			if (out != line)
				*out++ = ' ';
			memmove(out, w, n);
			out += n;
		}
	}
	*out = '\0';
	return dropped;
}

int cmdline_param_value(const char *line, const char *name, char *buf, size_t size)
{
	const char *found = NULL, *in = line, *w;
	size_t found_len = 0, n;

	while ((w = next_word(&in, &n))) {
		/* The kernel's parser takes the last one: so do we. */
		if (word_is_param(w, n, name)) {
			const char *eq = memchr(w, '=', n);

			found = eq ? eq + 1 : w + n;
			found_len = eq ? n - (size_t)(eq + 1 - w) : 0;
		}
	}
	if (!found)
		return -ENOENT;
	if (found_len > 0 && found[0] == '"') {
		found++;
		found_len--;
	}
	if (found_len > 0 && found[found_len - 1] == '"')
		found_len--;
	if (found_len >= size)
		return -ENAMETOOLONG;
	memcpy(buf, found, found_len);
	buf[found_len] = '\0';
	return 0;
}

int cmdline_read_param(int rootfd, const char *name, char *buf, size_t size)
{
	_cleanup_free_ char *line = NULL;
	int r;

	r = read_virtual_file_at(rootfd, "proc/cmdline", PROC_CMDLINE_MAX, &line, NULL);
	if (r < 0)
		return r;
	return cmdline_param_value(line, name, buf, size);
}

int cmdline_join(const char *a, const char *b, char **ret)
{
	char *s;

	a = a ? a : "";
	b = b ? b : "";
	if (asprintf(&s, "%s%s%s", a, (*a && *b) ? " " : "", b) < 0)
		return -ENOMEM;
	*ret = s;
	return 0;
}

int cmdline_for_reuse(int rootfd, bool crash, char **ret)
{
	_cleanup_free_ char *line = NULL;
	int r;

	r = read_virtual_file_at(rootfd, "proc/cmdline", PROC_CMDLINE_MAX, &line, NULL);
	if (r < 0)
		return log_debug_errno(r, "reading /proc/cmdline: %m");
	line[strcspn(line, "\r\n")] = '\0';

	if (cmdline_drop_param(line, "BOOT_IMAGE") > 0)
		log_debug("dropped BOOT_IMAGE= from the current command line: it names the old kernel");
	if (crash && cmdline_drop_param(line, "crashkernel") > 0)
		log_debug("dropped crashkernel= from the current command line: a capture kernel "
			  "must not reserve memory again");
	*ret = TAKE_PTR(line);
	return 0;
}
