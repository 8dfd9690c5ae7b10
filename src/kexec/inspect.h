/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "arch.h"
#include "exit-code.h"

/*
 * kexec --inspect FILE [--json]: describe a kernel image without loading it, on @out: its
 * format, version, boot protocol, entry, placement and sizes, compression, PE sections (a UKI's
 * sections and profiles), signatures and signer, and what the running kernel (read under
 * @rootfd) would make of it: lockdown, kexec_load_disabled, Secure Boot, which syscall would
 * take it, whether a signature is needed. No root needed; nothing is loaded.
 * KEXEC_EXIT_OK when described (also when this kexec cannot load it: the report says why);
 * KEXEC_EXIT_FILE when FILE cannot be read; KEXEC_EXIT_BAD_IMAGE when it is no kernel image
 * or a corrupt one (one line on stderr, nothing on @out).
 */
enum kexec_exit kexec_inspect(const struct arch_ops *arch, const char *path, bool json,
			      int rootfd, FILE *out);
