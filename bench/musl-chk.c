// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Linked into the musl build of upstream kexec-tools that bench/run makes for the binary-size
 * comparison: Debian's static libz.a is built with _FORTIFY_SOURCE against glibc, and its gz*
 * functions (which kexec-tools uses, unlike ours) call these two glibc-only entry points.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

int __vsnprintf_chk(char *s, size_t n, int flag, size_t slen, const char *fmt, va_list ap);
int __snprintf_chk(char *s, size_t n, int flag, size_t slen, const char *fmt, ...);

int __vsnprintf_chk(char *s, size_t n, int flag, size_t slen, const char *fmt, va_list ap)
{
	(void)flag;
	(void)slen;
	return vsnprintf(s, n, fmt, ap);
}

int __snprintf_chk(char *s, size_t n, int flag, size_t slen, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = __vsnprintf_chk(s, n, flag, slen, fmt, ap);
	va_end(ap);
	return r;
}
