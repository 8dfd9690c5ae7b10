// SPDX-License-Identifier: GPL-2.0-or-later
/* The one number parser (parse.h) against what /proc, /sys, VMCOREINFO and argv print. */
#include <errno.h>

#include "macro.h"
#include "parse.h"
#include "unit.h"

struct parse_case {
	const char *in;
	int base;
	int ret;
	uint64_t value;
	const char *rest; /* what is left with an end pointer; NULL: the whole must parse */
};

static const struct parse_case cases[] = {
	{ "0", 10, 0, 0, NULL },
	{ "18446744073709551615", 10, 0, UINT64_MAX, NULL },
	{ "18446744073709551616", 10, -EBADMSG, 0, NULL },
	{ "ffffffffffffffff", 16, 0, UINT64_MAX, NULL },
	{ "1ffffffffffffffff", 16, -EBADMSG, 0, NULL },
	{ "0x3f8", 16, 0, 0x3f8, NULL },
	{ "0X3F8", 0, 0, 0x3f8, NULL },
	{ "3f8", 16, 0, 0x3f8, NULL },
	{ "010", 0, 0, 8, NULL },
	{ "0x", 16, -EBADMSG, 0, NULL },         /* a prefix alone is no number */
	{ "0x", 16, 0, 0, "x" },                 /* ... but a 0 followed by an x is */
	{ "", 10, -EBADMSG, 0, NULL },
	{ "-1", 10, -EBADMSG, 0, NULL },         /* no sign */
	{ " 1", 10, -EBADMSG, 0, NULL },         /* no blanks */
	{ "12 ", 10, -EBADMSG, 0, NULL },
	{ "12 34", 10, 0, 12, " 34" },
	{ "0-3,5", 10, 0, 0, "-3,5" },
	{ "100000-1fffff : System RAM", 16, 0, 0x100000, "-1fffff : System RAM" },
	{ "9a", 10, 0, 9, "a" },
	{ "0x0x5", 16, -EBADMSG, 0, NULL },
};

int main(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct parse_case *c = &cases[i];
		const char *end = NULL;
		uint64_t v = 0xdead;
		int r;

		r = parse_u64(c->in, c->base, &v, c->rest ? &end : NULL);
		if (r != c->ret || (r == 0 && v != c->value) ||
		    (r == 0 && c->rest && strcmp(end, c->rest) != 0)) {
			unit_failures++;
			fprintf(stderr, "case \"%s\" base %d: returned %d value %" PRIu64 " rest \"%s\"\n",
				c->in, c->base, r, v, end ? end : "");
		}
		unit_checks++;
	}
	/* Not NUL-terminated: the length bounds it (VMCOREINFO values are read in place). */
	{
		uint64_t v;

		CHECK_EQ_INT(parse_u64_n("12345", 3, 10, &v, NULL), 0);
		CHECK_EQ_INT(v, 123);
	}
	printf("test-parse: %d checks, %d failed\n", unit_checks, unit_failures);
	return unit_failures != 0;
}
