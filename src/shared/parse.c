// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "parse.h"

static int digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

int parse_u64_n(const char *s, size_t len, int base, uint64_t *ret, const char **ret_end)
{
	const char *p = s, *end = s + len;
	uint64_t v = 0;

	if ((base == 0 || base == 16) && len > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = len > 1 && p[0] == '0' && digit(p[1]) < 8 ? 8 : 10;
	}
	if (p == end || digit(*p) >= base)
		return -EBADMSG;
	for (; p < end && digit(*p) < base; p++) {
		if (__builtin_mul_overflow(v, (uint64_t)base, &v) ||
		    __builtin_add_overflow(v, (uint64_t)digit(*p), &v))
			return -EBADMSG;
	}
	if (!ret_end && p != end)
		return -EBADMSG;
	if (ret_end)
		*ret_end = p;
	*ret = v;
	return 0;
}

int parse_u64(const char *s, int base, uint64_t *ret, const char **ret_end)
{
	return parse_u64_n(s, strlen(s), base, ret, ret_end);
}
