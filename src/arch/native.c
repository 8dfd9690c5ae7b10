// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one place that knows which architecture this kexec was compiled for: the compiler's
 * target, so a cross compiler gets it right with no option. Everything else asks arch_native().
 */
#include <stddef.h>

#include "arch.h"

#if defined(__x86_64__)
#define NATIVE arch_x86_64
#elif defined(__aarch64__)
#define NATIVE arch_arm64
#else
#error "kexec supports x86_64 and arm64 targets; add src/arch/<arch>/ and a line here"
#endif

const struct arch_ops *arch_native(void)
{
	return &NATIVE;
}
