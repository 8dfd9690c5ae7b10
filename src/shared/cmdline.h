/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/*
 * Remove every parameter called @name ("name" or "name=value") from @line, in place. Words are
 * split the way the kernel splits them: on blanks outside double quotes. Kept words are joined
 * by single spaces. Returns how many were removed.
 */
int cmdline_drop_param(char *line, const char *name);

/*
 * The value of the last parameter called @name in @line ("name=value", quotes removed; "" for a
 * bare "name"), copied into @buf. -ENOENT: absent; -ENAMETOOLONG: longer than @size - 1.
 */
int cmdline_param_value(const char *line, const char *name, char *buf, size_t size);

/* The same on the running kernel's /proc/cmdline. */
int cmdline_read_param(int rootfd, const char *name, char *buf, size_t size);

/* "a b" from a and b, either of which may be NULL or empty. */
int cmdline_join(const char *a, const char *b, char **ret);

/*
 * The running kernel's command line as --reuse-cmdline gives it to the next kernel: without
 * the boot loader's BOOT_IMAGE= (it names the old kernel) and, for a crash kernel, without
 * crashkernel= (the capture kernel must not try to reserve memory again).
 */
int cmdline_for_reuse(int rootfd, bool crash, char **ret);
