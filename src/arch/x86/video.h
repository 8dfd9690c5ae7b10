/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The display the next kernel is told about (boot_params.screen_info). Firmware set it up once;
 * after kexec nobody runs the firmware again, so the new kernel can only keep a console on a
 * framebuffer if we describe the one that is live now.
 */
#include <linux/screen_info.h>
#include <stdbool.h>
#include <stdint.h>

#include "range.h"

struct x86_fb {
	char id[17]; /* the fb driver's name: "VESA VGA", "EFI VGA", "bochs-drmdrmfb"... */
	uint64_t smem_start;
	uint32_t smem_len, line_length;
	uint32_t xres, yres, bpp;
	uint8_t red_off, red_len, green_off, green_len, blue_off, blue_len, transp_off, transp_len;
};

/* /dev/fb0 through its ioctls, relative to @rootfd. -ENOENT: no framebuffer. */
int x86_fb_read(int rootfd, struct x86_fb *ret);

/*
 * The screen_info for the next kernel: the running kernel's boot-time one (@boot, NULL if
 * unknown: then 80x25 VGA text). A firmware framebuffer there (VESA or EFI) is passed as is, as
 * the kernel's own loader does, while it still lies outside @ram (System RAM; NULL: not
 * checked), whoever drives it now. Otherwise, the live framebuffer @fb (NULL: none) is described
 * when its driver is the firmware's; for another driver's framebuffer, @reuse_type
 * (--reuse-video-type, which also wins over the boot-time framebuffer) keeps the boot-time video
 * type with the live geometry, else no video type is passed and the new kernel's own driver
 * takes over.
 */
void x86_screen_info_fill(struct screen_info *si, const struct screen_info *boot,
			  const struct x86_fb *fb, bool reuse_type, const struct range_list *ram);
