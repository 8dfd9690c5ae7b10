/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "args.h"
#include "exit-code.h"

/* Load the kernel @a describes (-l, -p, -f, or plain "kexec KERNEL"). */
enum kexec_exit kexec_load_kernel(const struct arch_ops *arch, const struct kexec_args *a,
				  int rootfd);

/* Test builds only (build/kexec-fault): the name of a segment to corrupt after hashing, or NULL.
 * The library's definition is weak and returns NULL. */
const char *test_corrupt_segment(void);
