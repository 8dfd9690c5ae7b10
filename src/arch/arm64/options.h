/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <assert.h>

#include "arch.h"

/* kexec-tools' arm64 options, as parsed. The strings point into argv. */
struct arm64_options {
	const char *dtb;    /* --dtb: the device tree to start from instead of the running one */
	const char *serial; /* --serial: the tty (ttyAMA0) the purgatory reports on */
};
static_assert(sizeof(struct arm64_options) <= sizeof(struct arch_options), "fits arch_options");

static inline const struct arm64_options *arm64_options(const struct arch_options *o)
{
	return (const struct arm64_options *)o->priv;
}

extern const struct arch_option arm64_option_table[];
extern const char arm64_usage[];
void arm64_options_init(struct arch_options *o);
int arm64_parse_option(struct arch_options *o, int id, const char *value, struct diag *d);
const char *arm64_kexec_load_only_option(const struct arch_options *o);
