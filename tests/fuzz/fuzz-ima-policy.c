// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ima_policy_appraises_kexec (kexec --check): any text as securityfs's ima/policy might print
 * it, NUL-terminated as the reader hands it over, must end in an answer, never in a read past
 * its end. Capped at 1 MiB, the reader's own limit.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kexec-state.h"

#define FUZZ_SIZE_MAX (1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool modsig = false;
	char *text;
	int r;

	if (size > FUZZ_SIZE_MAX)
		return 0;
	fuzz_setup();
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	r = ima_policy_appraises_kexec(text, &modsig);
	if (r != 0 && r != 1)
		abort();
	if (r == 0 && modsig)
		abort();
	free(text);
	return 0;
}
