// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The arm64 Image: the kernel as `make Image` leaves it and as Debian installs it in
 * /boot/vmlinuz-*-arm64 (uncompressed, with an EFI stub). The header is checked here, in
 * userspace, so that a file that is not a kernel, or one this kexec cannot start, gets its own
 * message on either syscall; the kernel's kexec_file checks only the magic.
 */
#define LOG_PREFIX "arm64-image: "
#include <endian.h>
#include <stdio.h>
#include <string.h>

#include "boot-segments.h"
#include "formats.h"
#include "image-header.h"
#include "log.h"

/* No arm64 kernel comes near this; a bigger image_size is a damaged header. */
#define ARM64_IMAGE_SIZE_MAX (1ULL << 30)

/* Flag fields (booting.rst). */
#define FLAG_BE 0x1ULL
#define FLAG_PAGE_SIZE_SHIFT 1
#define FLAG_PAGE_SIZE_MASK 0x3ULL
#define FLAG_PHYS_ANYWHERE 0x8ULL

static uint64_t get_le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

bool arm64_image_has_magic(const void *buf, size_t len)
{
	return len >= ARM64_IMAGE_MAGIC_OFFSET + 4 &&
	       memcmp((const uint8_t *)buf + ARM64_IMAGE_MAGIC_OFFSET, ARM64_IMAGE_MAGIC, 4) == 0;
}

int arm64_image_parse(const void *buf, size_t len, struct arm64_image *ret,
		      struct image_info *info)
{
	static const uint32_t page_sizes[] = { 0, 4096, 16384, 65536 };
	const uint8_t *p = buf;
	struct arm64_image h = {};
	uint64_t flags;

	/* Too short for the magic: nothing to say about the format, let others look. */
	if (!arm64_image_has_magic(buf, len))
		return -ENOEXEC;
	if (len < ARM64_IMAGE_HEADER_SIZE)
		return diag_fail(&info->why, -EBADMSG, "truncated: %zu bytes, less than the %d of "
				 "the arm64 Image header", len, ARM64_IMAGE_HEADER_SIZE);
	h.text_offset = get_le64(p + 0x08);
	h.image_size = get_le64(p + 0x10);
	flags = get_le64(p + 0x18);

	if (flags & FLAG_BE)
		return diag_fail(&info->why, -EOPNOTSUPP, "it is a big-endian arm64 kernel; this "
				 "kexec and its purgatory run little-endian, and the kernel's own "
				 "loader refuses to switch endianness on most CPUs");
	/*
	 * Before 3.17 the header had no image_size and text_offset was in the kernel's
	 * endianness: the kernel's memory needs cannot be known, and its own loader refuses it.
	 */
	if (h.image_size == 0)
		return diag_fail(&info->why, -EOPNOTSUPP, "its Image header has no image_size: a "
				 "kernel older than 3.17, whose memory needs cannot be known");
	if (h.image_size > ARM64_IMAGE_SIZE_MAX)
		return diag_fail(&info->why, -EBADMSG, "corrupt: image_size is %llu MiB, more "
				 "than an arm64 kernel occupies", mib_up(h.image_size));
	/* The kernel refused to build with a text_offset not 4 KiB aligned or beyond 2 MiB. */
	if (h.text_offset % PAGE_SIZE || h.text_offset >= ARM64_KERNEL_ALIGN)
		return diag_fail(&info->why, -EBADMSG, "corrupt: text_offset 0x%llx is not a "
				 "4 KiB multiple below 2 MiB", (unsigned long long)h.text_offset);
	h.page_size = page_sizes[(flags >> FLAG_PAGE_SIZE_SHIFT) & FLAG_PAGE_SIZE_MASK];
	h.anywhere = flags & FLAG_PHYS_ANYWHERE;

	info->cmdline_max = ARM64_COMMAND_LINE_SIZE - 1;
	info->alignment = ARM64_KERNEL_ALIGN;
	info->load_offset = h.text_offset;
	info->mem_size = h.image_size;
	info->relocatable = true; /* any 2 MiB aligned base (booting.rst) */
	*ret = h;
	return 0;
}

static int probe_image(const void *buf, size_t len, struct image_info *info)
{
	struct arm64_image h;

	return arm64_image_parse(buf, len, &h, info);
}

static int load_image(struct kexec_plan *plan, const struct image_load_args *a,
		      struct image_entry *ret)
{
	struct image_info info = {};
	struct arm64_image h;
	int r;

	r = arm64_image_parse(a->kernel, a->kernel_size, &h, &info);
	if (r < 0)
		return r;
	return arm64_boot_segments_add(plan, a, a->kernel, a->kernel_size, false, &h, ret);
}

const struct image_ops arm64_image_ops = {
	.name = "Image",
	.aliases = (const char *const[]){ "arm64-image", NULL },
	.probe = probe_image,
	.load = load_image,
};
