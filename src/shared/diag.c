// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>

#include "diag.h"
#include "log.h"

void diag_set(struct diag *d, const char *fmt, ...)
{
	char buf[sizeof(d->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_debug("%s", buf);
	if (d)
		snprintf(d->msg, sizeof(d->msg), "%s", buf);
}
