// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * busy_wait_retry against an operation that stays busy for a given number of calls: it must
 * stop at the first non-EBUSY answer, pass that answer on, never retry other errors, and give
 * up once its budget is spent.
 */
#include <errno.h>
#include <time.h>

#include "busy-wait.h"
#include "unit.h"

struct fake_op {
	int busy_calls; /* answer -EBUSY this many times */
	int then;       /* then this */
	int calls;
};

static int fake(void *ctx)
{
	struct fake_op *f = ctx;

	return f->calls++ < f->busy_calls ? -EBUSY : f->then;
}

static double elapsed_s(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) + (double)(b.tv_nsec - a->tv_nsec) / 1e9;
}

int main(void)
{
	static const struct {
		unsigned int budget_ms;
		int busy_calls, then;
		int ret, calls;
	} cases[] = {
		{ 1000, 0, 0, 0, 1 },             /* free at once: one call */
		{ 1000, 3, 0, 0, 4 },             /* busy three times, then done */
		{ 1000, 2, -EPERM, -EPERM, 3 },   /* the error after the wait is passed on */
		{ 1000, 0, -EINVAL, -EINVAL, 1 }, /* other errors are never retried */
		{ 0, 5, 0, -EBUSY, 1 },           /* budget 0: kexec-tools' behaviour */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fake_op f = { cases[i].busy_calls, cases[i].then, 0 };

		CHECK_EQ_INT(busy_wait_retry(cases[i].budget_ms, "test", fake, &f), cases[i].ret);
		CHECK_EQ_INT(f.calls, cases[i].calls);
	}

	/* Busy for good: gives up after about the budget (backoff 10, 20, 40... ms), not before
	 * and not much later. */
	struct fake_op forever = { 1 << 30, 0, 0 };
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ_INT(busy_wait_retry(300, "test", fake, &forever), -EBUSY);
	double s = elapsed_s(&t0);
	CHECK(s >= 0.3 && s < 5.0); /* loose: other jobs may share the CPU */
	CHECK(forever.calls >= 4 && forever.calls < 40);
	return unit_summary("test-busy-wait");
}
