// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Linked into build/kexec-fault only, never into the kexec users install: the fault injection
 * that proves the purgatory's SHA-256 check halts a machine whose segment changed after
 * hashing (tests/vm/scenarios/load-c-corrupt.sh and arm64-load-c-corrupt.sh). An environment
 * variable is fine here because no script of a real system runs this binary.
 */
#include <stdlib.h>

#include "load.h"

const char *test_corrupt_segment(void)
{
	return getenv("KEXEC_TEST_CORRUPT_SEGMENT");
}
