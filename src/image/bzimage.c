// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * x86 bzImage, boot protocol 2.12 and later (Documentation/arch/x86/boot.rst). The header is
 * checked here, in userspace, so a bad file gets a precise message instead of the kernel's bare
 * errno, on either syscall.
 */
#define LOG_PREFIX "bzimage: "
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "bzimage.h"
#include "log.h"

static_assert(sizeof(struct boot_params) == 4096, "boot_params is one page");
static_assert(offsetof(struct boot_params, hdr) == BZIMAGE_SETUP_HEADER_OFFSET,
	      "setup header offset");
static_assert(offsetof(struct setup_header, header) == 0x202 - BZIMAGE_SETUP_HEADER_OFFSET,
	      "HdrS offset");
static_assert(offsetof(struct setup_header, cmdline_size) == 0x238 - BZIMAGE_SETUP_HEADER_OFFSET,
	      "cmdline_size offset");

#define fail(info, err, ...)                                                   \
	({                                                                     \
		snprintf((info)->reason, sizeof((info)->reason), __VA_ARGS__); \
		log_debug("%s", (info)->reason);                               \
		(err);                                                         \
	})

int bzimage_parse_header(const void *buf, size_t len, struct setup_header *ret,
			 struct image_info *info)
{
	const unsigned char *p = buf;
	struct setup_header h = {};
	size_t hdr_end, setup_size, code_size;

	/* Too short to hold the magic: nothing to say about format, let other loaders try. */
	if (len < 0x206)
		return -ENOEXEC;
	if (memcmp(p + 0x202, "HdrS", 4) != 0)
		return -ENOEXEC;

	/* The header's length is given by the jump at 0x200 (boot.rst: 0x202 + byte at 0x201). */
	hdr_end = 0x202 + p[0x201];
	if (hdr_end > len)
		return fail(info, -EBADMSG, "truncated: %zu bytes, but its setup header ends at %zu",
			    len, hdr_end);
	memcpy(&h, p + BZIMAGE_SETUP_HEADER_OFFSET,
	       MIN(hdr_end - BZIMAGE_SETUP_HEADER_OFFSET, sizeof(h)));

	if (h.boot_flag != 0xAA55)
		return fail(info, -EBADMSG, "corrupt: boot sector signature is 0x%04x, not 0xaa55",
			    h.boot_flag);
	info->protocol = h.version;
	if (h.version < BZIMAGE_MIN_PROTOCOL)
		return fail(info, -EOPNOTSUPP,
			    "boot protocol %u.%02u is older than 2.12 (Linux 3.8), which 64-bit kexec needs",
			    h.version >> 8, h.version & 0xff);
	if (!(h.loadflags & LOADED_HIGH))
		return fail(info, -EOPNOTSUPP, "it is an old zImage (loads below 1 MiB), not a bzImage");
	if (!(h.xloadflags & XLF_KERNEL_64))
		return fail(info, -EOPNOTSUPP, "it is a 32-bit kernel (no 64-bit entry point)");
	if (!(h.xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G))
		return fail(info, -EOPNOTSUPP, "the kernel cannot be loaded above 4 GiB, which kexec needs");

	/* Real-mode setup: setup_sects sectors after the boot sector (0 means 4, for old tools). */
	setup_size = ((size_t)(h.setup_sects ? h.setup_sects : 4) + 1) * 512;
	/* syssize counts the protected-mode code in 16-byte paragraphs. */
	code_size = (size_t)h.syssize * 16;
	if (setup_size > len || code_size > len - setup_size)
		return fail(info, -EBADMSG,
			    "truncated: %zu bytes, but its header announces %zu bytes of setup and code",
			    len, setup_size + code_size);
	if (code_size == 0)
		return fail(info, -EBADMSG, "corrupt: its header announces no protected-mode code");

	info->cmdline_max = h.cmdline_size;
	*ret = h;
	return 0;
}

static int bzimage64_probe(const void *buf, size_t len, struct image_info *info)
{
	struct setup_header h;

	return bzimage_parse_header(buf, len, &h, info);
}

const struct image_ops bzimage64_ops = {
	.name = "bzImage64",
	.aliases = (const char *const[]){ "bzImage", NULL },
	.probe = bzimage64_probe,
};
