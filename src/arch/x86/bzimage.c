// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * x86 bzImage, boot protocol 2.12 and later (Documentation/arch/x86/boot.rst). The header is
 * checked here, in userspace, so a bad file gets a precise message instead of the kernel's bare
 * errno, on either syscall.
 */
#define LOG_PREFIX "bzimage: "
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot-params.h"
#include "decompress.h"
#include "bzimage.h"
#include "efi.h"
#include "formats.h"
#include "log.h"
#include "plan.h"
#include "units.h"


static_assert(sizeof(struct boot_params) == 4096, "boot_params is one page");
static_assert(offsetof(struct boot_params, hdr) == BZIMAGE_SETUP_HEADER_OFFSET,
	      "setup header offset");
static_assert(offsetof(struct setup_header, header) == 0x202 - BZIMAGE_SETUP_HEADER_OFFSET,
	      "HdrS offset");
static_assert(offsetof(struct setup_header, cmdline_size) == 0x238 - BZIMAGE_SETUP_HEADER_OFFSET,
	      "cmdline_size offset");

/*
 * kernel_version (protocol 2.00+) points, less 0x200, at a NUL-terminated string in the setup
 * sectors, e.g. "6.1.0-18-amd64 (debian-kernel@lists.debian.org) #1 SMP ... Debian 6.1.76-1".
 * It only describes the kernel to people, so a bad pointer or string is no reason to refuse
 * the image: the version is left empty. @setup_size is known to be within the file.
 */
static void read_version(const unsigned char *p, size_t setup_size, uint16_t kernel_version,
			 struct image_info *info)
{
	size_t off = (size_t)kernel_version + 0x200, n;

	info->version[0] = '\0';
	if (kernel_version == 0 || off >= setup_size)
		return;
	for (n = 0; off + n < setup_size && p[off + n] != '\0'; n++)
		if (p[off + n] < 0x20 || p[off + n] > 0x7e)
			return;
	if (off + n == setup_size || n == 0)
		return; /* no NUL inside the setup sectors */
	n = MIN(n, sizeof(info->version) - 1);
	memcpy(info->version, p + off, n);
	info->version[n] = '\0';
}

/*
 * The compression of the kernel's own payload (CONFIG_KERNEL_*), only to describe it: the
 * kernel decompresses itself. Those this kexec also reads as whole files, by their magic, and
 * the others by theirs (boot/compressed/Makefile's suffixes).
 */
static const char *payload_compression(const unsigned char *p, size_t len)
{
	const char *c = image_compression(p, len);

	if (c)
		return c;
	if (len >= 4 && memcmp(p, "\x02\x21\x4c\x18", 4) == 0)
		return "lz4"; /* the legacy lz4 frame */
	if (len >= 4 && memcmp(p, "\x89LZO", 4) == 0)
		return "lzo";
	if (len >= 3 && memcmp(p, "BZh", 3) == 0)
		return "bzip2";
	return NULL;
}

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
		return diag_fail(&info->why, -EBADMSG, "truncated: %zu bytes, but its setup header ends at %zu",
			    len, hdr_end);
	memcpy(&h, p + BZIMAGE_SETUP_HEADER_OFFSET,
	       MIN(hdr_end - BZIMAGE_SETUP_HEADER_OFFSET, sizeof(h)));

	if (h.boot_flag != 0xAA55)
		return diag_fail(&info->why, -EBADMSG, "corrupt: boot sector signature is 0x%04x, not 0xaa55",
			    h.boot_flag);
	info->protocol = h.version;
	if (h.version < BZIMAGE_MIN_PROTOCOL)
		return diag_fail(&info->why, -EOPNOTSUPP,
			    "boot protocol %u.%02u is older than 2.12 (Linux 3.8), which 64-bit kexec needs",
			    h.version >> 8, h.version & 0xff);
	/* Fields were added at rising offsets; a 2.12 header reaches past handover_offset. */
	if (hdr_end < BZIMAGE_HEADER_END_2_12)
		return diag_fail(&info->why, -EBADMSG,
			    "corrupt: its setup header ends at 0x%zx, but boot protocol %u.%02u puts "
			    "fields up to 0x%x", hdr_end, h.version >> 8, h.version & 0xff,
			    BZIMAGE_HEADER_END_2_12);
	if (!(h.loadflags & LOADED_HIGH))
		return diag_fail(&info->why, -EOPNOTSUPP, "it is an old zImage (loads below 1 MiB), not a bzImage");
	if (!(h.xloadflags & XLF_KERNEL_64))
		return diag_fail(&info->why, -EOPNOTSUPP, "it is a 32-bit kernel (no 64-bit entry point)");
	if (!(h.xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G))
		return diag_fail(&info->why, -EOPNOTSUPP, "the kernel cannot be loaded above 4 GiB, which kexec needs");
	/*
	 * Sizes and addresses the loaders place the kernel by. x86-64 kernels align to 2 MiB
	 * (CONFIG_PHYSICAL_ALIGN) and cannot be larger than KERNEL_IMAGE_SIZE (1 GiB), so anything
	 * else is a damaged header, which either syscall would turn into a bare ENOMEM or EINVAL.
	 */
	if (h.kernel_alignment < PAGE_SIZE || h.kernel_alignment > BZIMAGE_MAX_INIT_SIZE ||
	    (h.kernel_alignment & (h.kernel_alignment - 1)))
		return diag_fail(&info->why, -EBADMSG,
			    "corrupt: kernel_alignment 0x%x is not a power of two from 4 KiB to 1 GiB",
			    h.kernel_alignment);
	if (h.init_size > BZIMAGE_MAX_INIT_SIZE)
		return diag_fail(&info->why, -EBADMSG,
			    "corrupt: init_size is %u MiB, more than an x86-64 kernel can occupy (1 GiB)",
			    h.init_size >> 20);
	if (h.pref_address > BZIMAGE_MAX_PHYS_ADDR - BZIMAGE_MAX_INIT_SIZE)
		return diag_fail(&info->why, -EBADMSG,
			    "corrupt: pref_address 0x%llx is beyond the largest x86-64 physical address",
			    (unsigned long long)h.pref_address);

	/* Real-mode setup: setup_sects sectors after the boot sector (0 means 4, for old tools). */
	setup_size = ((size_t)(h.setup_sects ? h.setup_sects : 4) + 1) * 512;
	/* syssize counts the protected-mode code in 16-byte paragraphs. */
	code_size = (size_t)h.syssize * 16;
	if (setup_size > len || code_size > len - setup_size)
		return diag_fail(&info->why, -EBADMSG,
			    "truncated: %zu bytes, but its header announces %zu bytes of setup and code",
			    len, setup_size + code_size);
	if (code_size == 0)
		return diag_fail(&info->why, -EBADMSG, "corrupt: its header announces no protected-mode code");

	info->cmdline_max = h.cmdline_size;
	read_version(p, setup_size, h.kernel_version, info);
	info->pref_address = h.pref_address;
	info->alignment = h.kernel_alignment;
	info->mem_size = MAX((uint64_t)h.init_size, code_size);
	info->entry_offset = 0x200; /* the 64-bit entry (boot.rst) */
	info->relocatable = h.relocatable_kernel;
	/* payload_offset (2.08+) is relative to the protected-mode code; only a description. */
	if ((uint64_t)h.payload_offset + h.payload_length <= code_size)
		info->compression = payload_compression(p + setup_size + h.payload_offset,
							h.payload_length);
	*ret = h;
	return 0;
}

static int bzimage64_probe(const void *buf, size_t len, struct image_info *info)
{
	struct setup_header h;

	return bzimage_parse_header(buf, len, &h, info);
}

/* 64-bit entry point: the start of the protected-mode code + 0x200 (boot.rst). */
#define BZIMAGE_ENTRY64_OFFSET 0x200

static int place_kernel(struct kexec_plan *plan, const struct image_load_args *a,
			const struct setup_header *h, uint64_t *ret_addr)
{
	const uint8_t *k = a->kernel;
	size_t setup_size = ((size_t)(h->setup_sects ? h->setup_sects : 4) + 1) * 512;
	size_t code_size = (size_t)h->syssize * 16;
	uint64_t init_size = MAX((uint64_t)h->init_size, code_size);
	struct placement req = {
		.memsz = ALIGN_UP(init_size, PAGE_SIZE),
		.align = h->kernel_alignment,
		.min = MAX(a->mem_min, X86_LOW_MEMORY_END),
		.max = a->mem_max,
	};
	struct segment *s;
	int r;

	if (req.align < PAGE_SIZE || (req.align & (req.align - 1)) || req.align > (1ULL << 30))
		return log_debug_errno(-EBADMSG, "kernel_alignment 0x%llx is not a sane power of two",
				       (unsigned long long)req.align);
	/*
	 * A relocatable kernel loaded below its preferred address decompresses itself at that
	 * address instead (head_64.S), over whatever lies there: never load it lower.
	 */
	if (h->relocatable_kernel) {
		req.min = MAX(req.min, h->pref_address);
		r = plan_add(plan, "kernel", k + setup_size, code_size, false, &req, ret_addr);
	} else {
		r = plan_add_fixed(plan, "kernel", k + setup_size, code_size, false, h->pref_address,
				   req.memsz, ret_addr);
	}
	if (r < 0)
		return r;

	/*
	 * The kernel needs init_size bytes at its load address to decompress, but only its code
	 * has to be copied and checked. Shrink the segment to the code and keep the rest out of
	 * every other segment's way: the purgatory then hashes ~8 MiB instead of ~64 MiB of
	 * which most is zeros, and nothing needs zeroing (the decompressor clears its own bss).
	 */
	s = &plan->seg[plan->nr - 1];
	s->memsz = ALIGN_UP((uint64_t)code_size, PAGE_SIZE);
	return plan_keepout(plan, s->mem + s->memsz, s->mem + req.memsz);
}

static int bzimage64_load(struct kexec_plan *plan, const struct image_load_args *a,
			  struct image_entry *ret)
{
	struct image_info info = {};
	struct setup_header h;
	struct boot_params *bp;
	uint64_t kaddr, iaddr = 0, bpaddr;
	bool above_4g;
	int r;

	r = bzimage_parse_header(a->kernel, a->kernel_size, &h, &info);
	if (r < 0)
		return r;
	above_4g = h.xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G;

	r = place_kernel(plan, a, &h, &kaddr);
	if (r < 0)
		return log_debug_errno(r, "no room for the kernel: %m");

	if (a->initrd) {
		/* Top-down, as boot loaders do, below the kernel's limit unless it takes any
		 * address: that is what puts the initrd above 4 GiB on big machines. */
		struct placement req = {
			.memsz = ALIGN_UP((uint64_t)a->initrd_size, PAGE_SIZE),
			.align = PAGE_SIZE,
			.min = MAX(a->mem_min, X86_LOW_MEMORY_END),
			.max = above_4g ? a->mem_max : MIN(a->mem_max, (uint64_t)h.initrd_addr_max + 1),
			.top_down = true,
		};

		r = plan_add(plan, "initrd", a->initrd, a->initrd_size, false, &req, &iaddr);
		if (r < 0)
			return log_debug_errno(r, "no room for the initrd: %m");
	}

	r = x86_boot_data_add(plan, a, a->kernel, a->kernel_size, 0, &bp, &bpaddr);
	if (r < 0)
		return r;
	bp->hdr.code32_start = (uint32_t)kaddr;
	if (a->initrd)
		x86_boot_params_set_initrd(bp, iaddr, a->initrd_size);

	ret->entry = kaddr + BZIMAGE_ENTRY64_OFFSET;
	ret->arg = bpaddr;
	return 0;
}

const struct image_ops bzimage64_ops = {
	.name = "bzImage64",
	.aliases = (const char *const[]){ "bzImage", NULL },
	.probe = bzimage64_probe,
	.load = bzimage64_load,
};
