/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "args.h"
#include "exit-code.h"

/*
 * --list-boot-entries [--json]: what was found, where, the default and why. With @spec, only
 * that entry, as "KEY VALUE" lines (title, source, kernel, initrd..., options) for scripts.
 */
enum kexec_exit kexec_list_boot_entries(int rootfd, bool json, const char *spec, FILE *f);

/* -l/-p/-f --boot-entry=SPEC: choose the entry, then load its files as -l KERNEL would. */
enum kexec_exit kexec_load_boot_entry(const struct arch_ops *arch, const struct kexec_args *a,
				      int rootfd);
