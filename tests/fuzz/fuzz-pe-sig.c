// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pe_signature_find (kexec --check's "is the kernel signed"): any bytes, any header offsets
 * and certificate tables, must end in an answer, never in a read outside the input. Only the
 * headers and the table's location are read, so inputs are capped at 64 KiB.
 */
#include "fuzz.h"
#include "pe-sig.h"

#define FUZZ_SIZE_MAX (64 << 10)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_signature sig;
	struct diag why;

	if (size > FUZZ_SIZE_MAX)
		return 0;
	fuzz_setup();
	if (pe_signature_find(data, size, &sig, &why) == 0 &&
	    ((uint64_t)sig.offset + sig.size > size || sig.size < 8))
		abort();
	return 0;
}
