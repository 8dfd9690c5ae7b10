// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Authenticode signer reader (authenticode_signer) on the bytes of one WIN_CERTIFICATE:
 * hostile DER (lengths past their container, indefinite lengths, high tags, names of any
 * shape) must end in an error or a NUL-terminated subject, never a read outside the input.
 */
#include "authenticode.h"
#include "fuzz.h"

#define FUZZ_SIZE_MAX (1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct authenticode_signer s;
	struct diag why = {};

	if (size > FUZZ_SIZE_MAX)
		return 0;
	fuzz_setup();
	if (authenticode_signer(data, size, &s, &why) >= 0 &&
	    (strnlen(s.subject, sizeof(s.subject)) == sizeof(s.subject) ||
	     strnlen(s.issuer, sizeof(s.issuer)) == sizeof(s.issuer)))
		abort();
	return 0;
}
