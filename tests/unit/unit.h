/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A tiny harness: each test binary runs its cases, counts failures, prints one summary line and
 * exits non-zero if anything failed. Checks report file:line and carry on.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int unit_failures;
static int unit_checks;

#define CHECK(cond)                                                                    \
	do {                                                                           \
		unit_checks++;                                                         \
		if (!(cond)) {                                                         \
			unit_failures++;                                               \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                      \
	} while (0)

#define CHECK_EQ_INT(a, b)                                                                   \
	do {                                                                                 \
		long long _a = (a), _b = (b);                                                \
		unit_checks++;                                                               \
		if (_a != _b) {                                                              \
			unit_failures++;                                                     \
			fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, \
				__LINE__, #a, _a, #b, _b);                                   \
		}                                                                            \
	} while (0)

#define CHECK_EQ_STR(a, b)                                                                    \
	do {                                                                                  \
		const char *_a = (a), *_b = (b);                                              \
		unit_checks++;                                                                \
		if (!_a || !_b || strcmp(_a, _b) != 0) {                                      \
			unit_failures++;                                                      \
			fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
				#a, _a ? _a : "(null)", _b ? _b : "(null)");                  \
		}                                                                             \
	} while (0)


static inline int unit_summary(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, unit_checks, unit_failures);
	return unit_failures ? 1 : 0;
}
