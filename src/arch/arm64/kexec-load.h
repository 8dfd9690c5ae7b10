/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "arch.h"

/* arch_arm64.kexec_load: plan every segment (the Image, initrd, device tree, our purgatory;
 * for -p the ELF core headers), hash them and call kexec_load. */
int arm64_kexec_load(int rootfd, const struct arch_load_request *req, struct diag *d);
