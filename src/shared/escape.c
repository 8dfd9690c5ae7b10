// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "macro.h"
#include "utf8.h"

static char *put_hex(char *o, uint8_t c)
{
	static const char hex[] = "0123456789abcdef";

	*o++ = '\\';
	*o++ = 'x';
	*o++ = hex[c >> 4];
	*o++ = hex[c & 15];
	return o;
}

int cescape(const char *s, unsigned flags, char **ret)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t len = strlen(s);
	char *buf, *o;

	/* At most 4 bytes out per byte in (\xHH). */
	if (len > (SIZE_MAX - 1) / 4)
		return -ENOMEM;
	buf = o = malloc(len * 4 + 1);
	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < len;) {
		uint8_t c = p[i];

		if (c == '\\') {
			*o++ = '\\', *o++ = '\\';
		} else if (c == '\n') {
			*o++ = '\\', *o++ = 'n';
		} else if (c == '\t') {
			*o++ = '\\', *o++ = 't';
		} else if (c < 0x20 || c == 0x7f) {
			o = put_hex(o, c);
		} else if (c >= 0x80 && (flags & ESCAPE_DISPLAY)) {
			uint32_t cp;
			size_t n = utf8_char(p + i, len - i, &cp);

			if (n == 0 || cp < 0xa0) {
				/* Invalid, or a C1 control: each byte of it escaped. */
				for (size_t j = 0; j < (n ? n : 1); j++)
					o = put_hex(o, p[i + j]);
				i += n ? n : 1;
				continue;
			}
			memcpy(o, p + i, n);
			o += n;
			i += n;
			continue;
		} else {
			*o++ = (char)c;
		}
		i++;
	}
	*o = '\0';
	*ret = buf;
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int cunescape(const char *s, char **ret)
{
	_cleanup_free_ char *buf = NULL;
	char *o;

	buf = o = malloc(strlen(s) + 1);
	if (!buf)
		return -ENOMEM;
	while (*s) {
		int hi, lo;

		if (*s != '\\') {
			*o++ = *s++;
			continue;
		}
		switch (s[1]) {
		case '\\':
			*o++ = '\\';
			s += 2;
			break;
		case 'n':
			*o++ = '\n';
			s += 2;
			break;
		case 't':
			*o++ = '\t';
			s += 2;
			break;
		case 'x':
			/* s[2] is checked before s[3] is read: a string cut after "\x" stops here. */
			hi = hex_digit(s[2]);
			lo = hi < 0 ? -1 : hex_digit(s[3]);
			if (lo < 0 || (hi | lo) == 0)
				return -EBADMSG;
			*o++ = (char)(hi << 4 | lo);
			s += 4;
			break;
		default:
			return -EBADMSG;
		}
	}
	*o = '\0';
	*ret = TAKE_PTR(buf);
	return 0;
}
