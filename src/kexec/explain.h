/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

#include "exit-code.h"

/*
 * Turning errors into the one line the user reads and the exit status scripts test. Each
 * function logs once and returns a kexec_exit value.
 */

/* Before anything else: can this process kexec at all on this kernel? KEXEC_EXIT_OK if so. */
enum kexec_exit explain_preflight(int rootfd, bool crash);

/* Opening or probing a user-given file failed; @role is "kernel" or "initrd". */
enum kexec_exit explain_file_error(int r, const char *role, const char *path);

/*
 * A kexec syscall failed with -errno @r. @what says what was attempted ("loading /boot/vmlinuz
 * with kexec_file_load"). Looks at capabilities, sysctl and lockdown to name the real cause.
 */
enum kexec_exit explain_kernel_error(int r, int rootfd, const char *what, bool file_syscall);
