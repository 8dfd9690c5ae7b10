/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <asm/bootparam.h>
#include <stddef.h>
#include <stdint.h>

#include "boot-env.h"

/* The loader ID of kexec in boot_params.hdr.type_of_loader (boot.rst: 0xD, version 0). */
#define X86_LOADER_TYPE_KEXEC 0xd0

/*
 * Start a zero page the way a boot loader must (boot.rst): all zero, then the image's setup
 * header, exactly as many bytes as the image declares (0x202 + byte at 0x201), then the machine's
 * e820 map, ACPI RSDP and the display (see video.h for @reuse_video_type). @image is the kernel's first bytes (a bzImage), or NULL for formats
 * without a setup header (ELF vmlinux).
 */
int x86_boot_params_init(struct boot_params *bp, const void *image, size_t image_len,
			 const struct x86_boot_env *env, bool reuse_video_type);
void x86_boot_params_set_cmdline(struct boot_params *bp, uint64_t addr, size_t len);
void x86_boot_params_set_initrd(struct boot_params *bp, uint64_t addr, uint64_t size);
