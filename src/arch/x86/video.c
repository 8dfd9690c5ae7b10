// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "video: "
#include <fcntl.h>
#include <linux/fb.h>
#include <string.h>
#include <sys/ioctl.h>

#include "log.h"
#include "range.h"
#include "units.h"
#include "video.h"

int x86_fb_read(int rootfd, struct x86_fb *ret)
{
	_cleanup_close_ int fd = -1;
	struct fb_fix_screeninfo fix = {};
	struct fb_var_screeninfo var = {};

	fd = openat(rootfd, "dev/fb0", O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return negative_errno();
	if (ioctl(fd, FBIOGET_FSCREENINFO, &fix) < 0 || ioctl(fd, FBIOGET_VSCREENINFO, &var) < 0)
		return log_debug_errno(negative_errno(), "/dev/fb0 ioctls: %m");

	*ret = (struct x86_fb){
		.smem_start = fix.smem_start,
		.smem_len = fix.smem_len,
		.line_length = fix.line_length,
		.xres = var.xres,
		.yres = var.yres,
		.bpp = var.bits_per_pixel,
		.red_off = var.red.offset,
		.red_len = var.red.length,
		.green_off = var.green.offset,
		.green_len = var.green.length,
		.blue_off = var.blue.offset,
		.blue_len = var.blue.length,
		.transp_off = var.transp.offset,
		.transp_len = var.transp.length,
	};
	memcpy(ret->id, fix.id, sizeof(fix.id));
	log_debug("/dev/fb0: %s, %ux%u, %u bpp at 0x%llx", ret->id, ret->xres, ret->yres, ret->bpp,
		  (unsigned long long)ret->smem_start);
	return 0;
}

static void set_vga_text(struct screen_info *si)
{
	*si = (struct screen_info){
		.orig_video_cols = 80,
		.orig_video_lines = 25,
		.orig_video_isVGA = 1,
		.orig_video_points = 16,
	};
}

/* Where the boot-time framebuffer of @si lies, in bytes; false if it describes none. */
static bool boot_lfb(const struct screen_info *si, uint64_t *ret_start, uint64_t *ret_end)
{
	uint64_t base = si->lfb_base, size;

	if (si->orig_video_isVGA != VIDEO_TYPE_VLFB && si->orig_video_isVGA != VIDEO_TYPE_EFI)
		return false;
	if (si->capabilities & VIDEO_CAPABILITY_64BIT_BASE)
		base |= (uint64_t)si->ext_lfb_base << 32;
	/* 64 KiB units for VESA, bytes for EFI (as efifb and vesafb read them). */
	size = si->orig_video_isVGA == VIDEO_TYPE_EFI ? si->lfb_size : (uint64_t)si->lfb_size << 16;
	if (!base || !size)
		return false;
	*ret_start = base;
	*ret_end = base + size;
	return true;
}

void x86_screen_info_fill(struct screen_info *si, const struct screen_info *boot,
			  const struct x86_fb *fb, bool reuse_type, const struct range_list *ram)
{
	bool native = fb && strcmp(fb->id, "VESA VGA") != 0 && strcmp(fb->id, "EFI VGA") != 0;
	uint64_t start, end;
	uint8_t type;

	if (boot)
		*si = *boot;
	else
		set_vga_text(si);

	/*
	 * The firmware's framebuffer as the running kernel was told about it, as is: that is what
	 * the kernel's own loader hands over (kexec_file copies boot_params.screen_info), and the
	 * new kernel's efifb/vesafb then has a console at once, before any native driver loads
	 * (an encrypted root's passphrase prompt needs it). A native driver (bochs-drm, i915,
	 * simpledrm) taking the framebuffer over does not move it: the memory is the device's,
	 * checked here to be still outside RAM. The live mode is described instead only when
	 * asked (--reuse-video-type) or when no firmware framebuffer was set up at boot.
	 */
	if (boot && boot_lfb(boot, &start, &end) && !(native && reuse_type)) {
		if (!ram || !range_list_overlaps(ram, start, end, NULL)) {
			log_debug("passing the boot framebuffer at 0x%llx (%ux%u) as the firmware "
				  "set it up", (unsigned long long)start, boot->lfb_width,
				  boot->lfb_height);
			return;
		}
		log_debug("boot framebuffer [0x%llx, 0x%llx) is RAM now; not passing it",
			  (unsigned long long)start, (unsigned long long)end);
		si->orig_video_isVGA = 0;
	}
	if (!fb)
		return;

	if (!native)
		type = strcmp(fb->id, "VESA VGA") == 0 ? VIDEO_TYPE_VLFB : VIDEO_TYPE_EFI;
	else if (reuse_type && boot)
		type = boot->orig_video_isVGA;
	else {
		/* A native driver's mode means nothing to the firmware-style console code. */
		log_debug("framebuffer %s is not the firmware's; passing no video type", fb->id);
		si->orig_video_isVGA = 0;
		return;
	}

	si->orig_video_isVGA = type;
	si->lfb_width = (uint16_t)fb->xres;
	si->lfb_height = (uint16_t)fb->yres;
	si->lfb_depth = (uint16_t)fb->bpp;
	si->lfb_base = (uint32_t)fb->smem_start;
	si->ext_lfb_base = (uint32_t)(fb->smem_start >> 32);
	if (si->ext_lfb_base)
		si->capabilities |= VIDEO_CAPABILITY_64BIT_BASE;
	si->lfb_linelength = (uint16_t)fb->line_length;
	/* lfb_size counts 64 KiB units for VESA, bytes for EFI (drivers/video/fbdev/efifb.c). */
	si->lfb_size = type == VIDEO_TYPE_EFI ? fb->smem_len : (fb->smem_len + 0xffff) >> 16;
	si->pages = (uint16_t)((fb->smem_len + PAGE_SIZE - 1) / PAGE_SIZE);
	si->red_size = fb->red_len;
	si->red_pos = fb->red_off;
	si->green_size = fb->green_len;
	si->green_pos = fb->green_off;
	si->blue_size = fb->blue_len;
	si->blue_pos = fb->blue_off;
	si->rsvd_size = fb->transp_len;
	si->rsvd_pos = fb->transp_off;
}
