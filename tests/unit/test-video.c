// SPDX-License-Identifier: GPL-2.0-or-later
/* screen_info for the next kernel, from the boot-time one and the live framebuffer. */
#include "unit.h"
#include "x86/video.h"

#include <string.h>

static const struct x86_fb efifb = {
	.id = "EFI VGA", .smem_start = 0x80000000, .smem_len = 0x300000, .line_length = 4096,
	.xres = 1024, .yres = 768, .bpp = 32, .red_off = 16, .red_len = 8, .green_off = 8,
	.green_len = 8, .blue_off = 0, .blue_len = 8, .transp_off = 24, .transp_len = 8,
};

static void test_fill(void)
{
	struct screen_info boot = { .orig_video_isVGA = VIDEO_TYPE_EFI, .lfb_width = 800 };
	struct screen_info si;
	struct x86_fb fb;

	/* Nothing known: 80x25 VGA text, as a BIOS leaves it. */
	x86_screen_info_fill(&si, NULL, NULL, false, NULL);
	CHECK_EQ_INT(si.orig_video_isVGA, 1);
	CHECK_EQ_INT(si.orig_video_cols, 80);
	CHECK_EQ_INT(si.orig_video_lines, 25);

	/* No framebuffer: the boot-time description as it was. */
	x86_screen_info_fill(&si, &boot, NULL, false, NULL);
	CHECK_EQ_INT(si.orig_video_isVGA, VIDEO_TYPE_EFI);
	CHECK_EQ_INT(si.lfb_width, 800);

	/* A boot-time screen_info without a framebuffer base: the live one, and EFI counts
	 * lfb_size in bytes. */
	x86_screen_info_fill(&si, &boot, &efifb, false, NULL);
	CHECK_EQ_INT(si.orig_video_isVGA, VIDEO_TYPE_EFI);
	CHECK_EQ_INT(si.lfb_width, 1024);
	CHECK_EQ_INT(si.lfb_height, 768);
	CHECK_EQ_INT(si.lfb_depth, 32);
	CHECK_EQ_INT(si.lfb_base, 0x80000000);
	CHECK_EQ_INT(si.lfb_size, 0x300000);
	CHECK_EQ_INT(si.lfb_linelength, 4096);
	CHECK_EQ_INT(si.red_pos, 16);
	CHECK_EQ_INT(si.rsvd_size, 8);
	CHECK_EQ_INT(si.capabilities & VIDEO_CAPABILITY_64BIT_BASE, 0);

	/* VESA: 64 KiB units; a base above 4 GiB needs the 64-bit capability. */
	fb = efifb;
	strcpy(fb.id, "VESA VGA");
	fb.smem_start = 0x4000000000;
	x86_screen_info_fill(&si, NULL, &fb, false, NULL);
	CHECK_EQ_INT(si.orig_video_isVGA, VIDEO_TYPE_VLFB);
	CHECK_EQ_INT(si.lfb_size, 0x30);
	CHECK_EQ_INT(si.lfb_base, 0);
	CHECK_EQ_INT(si.ext_lfb_base, 0x40);
	CHECK(si.capabilities & VIDEO_CAPABILITY_64BIT_BASE);

	/* A native driver's framebuffer: no type, unless --reuse-video-type. */
	strcpy(fb.id, "bochs-drmdrmfb");
	x86_screen_info_fill(&si, &boot, &fb, false, NULL);
	CHECK_EQ_INT(si.orig_video_isVGA, 0);
	x86_screen_info_fill(&si, &boot, &fb, true, NULL);
	CHECK_EQ_INT(si.orig_video_isVGA, VIDEO_TYPE_EFI);
	CHECK_EQ_INT(si.lfb_width, 1024);
	/* ... which needs a boot-time type to reuse. */
	x86_screen_info_fill(&si, NULL, &fb, true, NULL);
	CHECK_EQ_INT(si.orig_video_isVGA, 0);
}

/*
 * The firmware's framebuffer from boot, as the kernel's loader hands it over: kept as is
 * (efifb's own fields, pages included) whoever drives it now, unless it lies in RAM or
 * --reuse-video-type asks for a native driver's live mode.
 */
static void test_boot_framebuffer(void)
{
	const struct screen_info boot = {
		.orig_video_isVGA = VIDEO_TYPE_EFI, .lfb_width = 1280, .lfb_height = 800,
		.lfb_depth = 32, .lfb_base = 0xc0000000, .lfb_size = 0x3e8000,
		.lfb_linelength = 5120, .pages = 1, .ext_mem_k = 7,
	};
	struct screen_info vesa = boot, si;
	struct range ram_r[] = { { 0, 0x80000000 }, { 0x100000000, 0x140000000 } };
	struct range_list ram = { .r = ram_r, .n = 2, .cap = 2 };
	struct x86_fb fb = efifb;

	x86_screen_info_fill(&si, &boot, &efifb, false, &ram);
	CHECK(memcmp(&si, &boot, sizeof(si)) == 0);
	x86_screen_info_fill(&si, &boot, NULL, false, &ram);
	CHECK(memcmp(&si, &boot, sizeof(si)) == 0);
	strcpy(fb.id, "bochs-drmdrmfb");
	x86_screen_info_fill(&si, &boot, &fb, false, &ram);
	CHECK(memcmp(&si, &boot, sizeof(si)) == 0);
	strcpy(fb.id, "simpledrmdrmfb");
	x86_screen_info_fill(&si, &boot, &fb, false, &ram);
	CHECK(memcmp(&si, &boot, sizeof(si)) == 0);

	/* --reuse-video-type: the native driver's live mode, with the boot-time type. */
	x86_screen_info_fill(&si, &boot, &fb, true, &ram);
	CHECK_EQ_INT(si.orig_video_isVGA, VIDEO_TYPE_EFI);
	CHECK_EQ_INT(si.lfb_width, 1024);
	CHECK_EQ_INT(si.lfb_base, 0x80000000);

	/* VESA counts 64 KiB units; a framebuffer reaching into RAM is not passed. */
	vesa.orig_video_isVGA = VIDEO_TYPE_VLFB;
	vesa.lfb_size = 0x3e;
	x86_screen_info_fill(&si, &vesa, NULL, false, &ram);
	CHECK(memcmp(&si, &vesa, sizeof(si)) == 0);
	vesa.lfb_base = 0x7fff0000;
	x86_screen_info_fill(&si, &vesa, NULL, false, &ram);
	CHECK_EQ_INT(si.orig_video_isVGA, 0);
	/* ... and a 64-bit base above 4 GiB is checked whole. */
	vesa.lfb_base = 0;
	vesa.ext_lfb_base = 1;
	vesa.capabilities = VIDEO_CAPABILITY_64BIT_BASE;
	x86_screen_info_fill(&si, &vesa, NULL, false, &ram);
	CHECK_EQ_INT(si.orig_video_isVGA, 0);
	vesa.ext_lfb_base = 0x40;
	x86_screen_info_fill(&si, &vesa, NULL, false, &ram);
	CHECK_EQ_INT(si.orig_video_isVGA, VIDEO_TYPE_VLFB);
	/* In RAM, with the firmware's fb live: described from the live fb instead. */
	x86_screen_info_fill(&si, &(struct screen_info){ .orig_video_isVGA = VIDEO_TYPE_EFI,
			     .lfb_base = 0x1000, .lfb_size = 0x1000 }, &efifb, false, &ram);
	CHECK_EQ_INT(si.orig_video_isVGA, VIDEO_TYPE_EFI);
	CHECK_EQ_INT(si.lfb_base, 0x80000000);
}

int main(void)
{
	test_fill();
	test_boot_framebuffer();
	return unit_summary("test-video");
}
