// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <time.h>

#include "busy-wait.h"
#include "log.h"
#include "macro.h"

static unsigned long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000 + (unsigned long long)ts.tv_nsec / 1000;
}

int busy_wait_retry(unsigned int budget_ms, const char *what, int (*op)(void *ctx), void *ctx)
{
	unsigned long long start = 0, waited, budget = (unsigned long long)budget_ms * 1000;
	unsigned int step = 10000, tries = 0; /* µs */
	int r;

	for (;;) {
		r = op(ctx);
		if (r != -EBUSY)
			break;
		if (!start) {
			start = now_us();
			if (budget_ms)
				log_debug("%s: another kexec operation is in progress; waiting up to "
					  "%u.%03u s for it to finish", what, budget_ms / 1000,
					  budget_ms % 1000);
		}
		waited = now_us() - start;
		if (waited >= budget)
			break;
		struct timespec pause = { 0, (long)MIN((unsigned long long)step, budget - waited) * 1000L };
		while (nanosleep(&pause, &pause) < 0 && errno == EINTR)
			;
		step = MIN(step * 2, 50000U);
		tries++;
	}
	if (start && budget_ms)
		log_debug("%s: %s after waiting %llu ms (%u retries)", what,
			  r == -EBUSY ? "still busy" : "went ahead", (now_us() - start) / 1000, tries);
	return r;
}
