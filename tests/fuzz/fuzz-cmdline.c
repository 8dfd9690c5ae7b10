// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Command-line building: cmdline_drop_param (quote-aware word splitting, in place) and
 * cmdline_join. The input is "NAME\0LINE\0APPEND": the parameter to drop, the running kernel's
 * line, what --append adds (missing parts are empty). Inputs above 64 KiB are ignored (the
 * kernel's /proc/cmdline is a few KiB; we read at most 64 KiB).
 */
#include <stdlib.h>

#include "cmdline.h"
#include "fuzz.h"

#define FUZZ_SIZE_MAX (64 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *name, *line, *append, *joined;
	size_t before;
	int n;

	if (size > FUZZ_SIZE_MAX)
		return 0;
	fuzz_setup();
	buf = fuzz_strndup(data, size);
	name = buf;
	line = name + strlen(name);
	if (line < buf + size)
		line++;
	append = line + strlen(line);
	if (append < buf + size)
		append++;

	before = strlen(line);
	n = cmdline_drop_param(line, name);
	/* Dropping never grows the line; dropping BOOT_IMAGE= too, as --reuse-cmdline does. */
	if (n < 0 || strlen(line) > before)
		abort();
	(void)cmdline_drop_param(line, "BOOT_IMAGE");
	if (cmdline_join(line, append, &joined) >= 0) {
		if (strlen(joined) > strlen(line) + 1 + strlen(append))
			abort();
		free(joined);
	}
	if (cmdline_join(NULL, append, &joined) >= 0)
		free(joined);
	free(buf);
	return 0;
}
