/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <asm/bootparam.h>
#include <stddef.h>
#include <stdint.h>

#include "boot-env.h"
#include "units.h"

/* Below 1 MiB: the BIOS data area, EBDA and real-mode trampolines; no segment goes there. */
#define X86_LOW_MEMORY_END SZ_1M

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
struct kexec_plan;
struct image_load_args;

/*
 * Build and place the segment that carries the new kernel's boot data: boot_params (initialised
 * from @image as x86_boot_params_init does), the command line in a slot of @cmdline_room bytes
 * (at least its length + 1), then the UEFI runtime map and its setup_data unless --noefi; top
 * down below 4 GiB, or for a crash load anywhere in the reservation (x86_load_ctx.crash). The
 * pointers between them are patched once the segment's address is known. The plan owns the
 * buffer; *ret_bp points into it for the caller's remaining fields.
 */
int x86_boot_data_add(struct kexec_plan *plan, const struct image_load_args *a, const void *image,
		      size_t image_len, size_t cmdline_room, struct boot_params **ret_bp,
		      uint64_t *ret_addr);
void x86_boot_params_set_cmdline(struct boot_params *bp, uint64_t addr, size_t len);
void x86_boot_params_set_initrd(struct boot_params *bp, uint64_t addr, uint64_t size);
