/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "edd.h"
#include "image.h"
#include "efi.h"
#include "video.h"
#include "memmap.h"
#include "range.h"

/* What the running x86 machine tells us that the next kernel needs, read once per load. */
struct x86_boot_env {
	struct memmap firmware_map; /* the e820 map the new kernel gets */
	struct range_list ram;      /* System RAM: where segments may be placed */
	struct range_list crash;    /* crashkernel= reservations */
	uint64_t acpi_rsdp;         /* 0: let the new kernel search for it */
	bool efi;                   /* booted through UEFI */
	struct boot_params running; /* the running kernel's own zero page */
	bool have_running;
	struct x86_fb fb;           /* the live framebuffer, if any */
	bool have_fb;
	struct x86_edd edd;         /* BIOS disk info; empty without /sys/firmware/edd */
	struct x86_efi efi_state;   /* what keeps runtime services in the next kernel; may be
				     * empty on a UEFI machine (then it boots as on BIOS) */
};

/*
 * What x86 formats find behind image_load_args.arch: the machine and the x86 options that shape
 * boot_params.
 */
struct x86_load_ctx {
	const struct x86_boot_env *env;
	bool noefi;            /* --noefi: hand over no UEFI state; it boots as on BIOS */
	bool reuse_video_type; /* --reuse-video-type */
	bool crash;            /* -p: segments go in the reservation, which may lie above 4 GiB */
};

static inline const struct x86_load_ctx *x86_load_ctx(const struct image_load_args *a)
{
	return a->arch;
}

/* Reads /sys/firmware/memmap (else /proc/iomem), /proc/iomem, /sys/firmware/efi and
 * /sys/kernel/boot_params, relative to @rootfd. */
int x86_boot_env_read(int rootfd, struct x86_boot_env *ret);
void x86_boot_env_done(struct x86_boot_env *env);
