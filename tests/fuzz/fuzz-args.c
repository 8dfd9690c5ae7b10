// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * argv parsing (args_parse): the input is the arguments after "kexec", separated by NUL bytes
 * (at most 64). getopt_long permutes argv, so the parser gets a private copy each time. Inputs
 * above 4 KiB are ignored.
 */
#include <stdlib.h>

#include "args.h"
#include "fuzz.h"

#define FUZZ_SIZE_MAX 4096
#define FUZZ_MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[FUZZ_MAX_ARGS + 2];
	struct kexec_args a;
	struct diag err;
	char *buf, *p;
	int argc = 0;

	if (size > FUZZ_SIZE_MAX)
		return 0;
	fuzz_setup();
	buf = fuzz_strndup(data, size);
	argv[argc++] = "kexec";
	for (p = buf; p <= buf + size && argc <= FUZZ_MAX_ARGS; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;

	if (args_parse(arch_native(), argc, argv, &a, &err) < 0) {
		if (!memchr(err.msg, '\0', sizeof(err.msg)) || diag_empty(&err))
			abort();
	}
	free(buf);
	return 0;
}
