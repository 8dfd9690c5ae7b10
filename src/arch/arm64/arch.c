// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * arm64 as kexec sees it: the Image first (what Debian installs), then the EFI zboot container
 * other distributions ship, then ELF vmlinux. A gzip'd Image needs no format of its own: the
 * generic load decompresses whole-file gzip/xz/zstd kernels before probing.
 */
#include <elf.h>
#include <linux/kexec.h>

#include "arch.h"
#include "formats.h"
#include "kexec-load.h"
#include "options.h"

/* Embedded by the build when it targets arm64 (src/purgatory/embed.S); NULL otherwise. */
extern const uint8_t purgatory_arm64[] __attribute__((weak));
extern const uint8_t purgatory_arm64_end[] __attribute__((weak));

static const struct image_ops *const arm64_formats[] = {
	&arm64_image_ops,
	&arm64_zboot_ops,
	&arm64_elf_ops,
	NULL,
};

const struct arch_ops arch_arm64 = {
	.name = "aarch64",
	.elf_machine = EM_AARCH64,
	.kexec_arch = KEXEC_ARCH_AARCH64,
	.formats = arm64_formats,
	.dump = &arch_dump_arm64,
	.options = arm64_option_table,
	.usage = arm64_usage,
	.options_init = arm64_options_init,
	.parse_option = arm64_parse_option,
	.kexec_load_only_option = arm64_kexec_load_only_option,
	.kexec_load = arm64_kexec_load,
	.purgatory = purgatory_arm64,
	.purgatory_end = purgatory_arm64_end,
};
