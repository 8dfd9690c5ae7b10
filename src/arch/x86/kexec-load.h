/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "arch.h"

/* arch_x86_64.kexec_load: plan every segment (the image's, boot_params, our purgatory), hash
 * them and call kexec_load. */
int x86_kexec_load(int rootfd, const struct arch_load_request *req, struct diag *d);
