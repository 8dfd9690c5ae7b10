// SPDX-License-Identifier: GPL-2.0-or-later
/* x86_64 as kexec sees it: bzImage first (what distributions ship), then ELF vmlinux. */
#include <elf.h>
#include <linux/kexec.h>

#include "arch.h"
#include "formats.h"
#include "efi.h"
#include "kexec-load.h"
#include "options.h"


/* Embedded by the build when it targets x86_64 (src/purgatory/embed.S); NULL otherwise. */
extern const uint8_t purgatory_x86_64[] __attribute__((weak));
extern const uint8_t purgatory_x86_64_end[] __attribute__((weak));

static const struct image_ops *const x86_formats[] = {
	&bzimage64_ops,
	&elf_x86_64_ops,
	NULL,
};

const struct arch_ops arch_x86_64 = {
	.name = "x86_64",
	.elf_machine = EM_X86_64,
	.kexec_arch = KEXEC_ARCH_X86_64,
	.formats = x86_formats,
	.dump = &arch_dump_x86_64,
	.options = x86_option_table,
	.usage = x86_usage,
	.options_init = x86_options_init,
	.parse_option = x86_parse_option,
	.kexec_load_only_option = x86_kexec_load_only_option,
	.kexec_load = x86_kexec_load,
	.secure_boot = x86_secure_boot,
	.purgatory = purgatory_x86_64,
	.purgatory_end = purgatory_x86_64_end,
};
