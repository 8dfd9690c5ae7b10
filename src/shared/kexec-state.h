/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* What the running kernel says about kexec, read relative to @rootfd ("/" outside tests). */

/* 1 if a (crash) kernel is loaded, 0 if not; -ENOENT when the kernel has no kexec at all. */
int kexec_state_loaded(int rootfd, bool crash);
/* 1 if kernel.kexec_load_disabled is set (it cannot be unset until reboot). */
int kexec_state_load_disabled(int rootfd);
/* The active lockdown mode ("none", "integrity", "confidentiality"); -ENOENT if unknown. */
int kexec_state_lockdown(int rootfd, char *buf, size_t size);
