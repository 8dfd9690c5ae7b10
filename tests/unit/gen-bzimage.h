/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* A minimal valid 64-bit bzImage for tests: boot sector, 4 setup sectors, 8 KiB of "code". */
#include <asm/bootparam.h>
#include <string.h>

#include "x86/bzimage.h"

#define GEN_BZIMAGE_SIZE (16 * 1024)
#define GEN_BZIMAGE_CODE_SIZE 8192

static inline void gen_bzimage(unsigned char *buf)
{
	struct setup_header h = {
		.setup_sects = 4,
		.syssize = GEN_BZIMAGE_CODE_SIZE / 16,
		.boot_flag = 0xAA55,
		.jump = 0x6aeb, /* jmp to 0x26c: the header ends at 0x202 + 0x6a */
		.header = BZIMAGE_HEADER_MAGIC,
		.version = 0x020f,
		.loadflags = LOADED_HIGH,
		.kernel_alignment = 0x200000,
		.relocatable_kernel = 1,
		.xloadflags = XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G,
		.cmdline_size = 2047,
		.initrd_addr_max = 0x7fffffff,
		.pref_address = 0x1000000,
		.init_size = 0x100000,
	};

	memset(buf, 0xcc, GEN_BZIMAGE_SIZE);
	memcpy(buf + BZIMAGE_SETUP_HEADER_OFFSET, &h, sizeof(h));
}
