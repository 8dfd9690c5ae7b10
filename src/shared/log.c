// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

static enum log_level max_level = LOG_NOTICE;
static const char *program = "kexec";

void log_set_max_level(enum log_level level)
{
	max_level = level;
}

enum log_level log_get_max_level(void)
{
	return max_level;
}

void log_set_program(const char *name)
{
	program = name;
}

int log_internal(enum log_level level, int error, const char *prefix, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (error < 0)
		error = -error;
	if (level > max_level)
		return -error;

	fprintf(stderr, "%s: %s%s", program,
		level == LOG_DEBUG ? "debug: " : level == LOG_WARNING ? "warning: " : "", prefix);
	/* glibc and musl expand %m from errno: point it at the error we were given. */
	errno = error;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	errno = saved;
	return -error;
}
