// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where an arm64 kernel and what it boots with go (Documentation/arch/arm64/booting.rst):
 *
 *   kernel       text_offset above a 2 MiB aligned base, image_size bytes (bss included) free
 *                from there; below 2^48 if its header says "anywhere", else as low in RAM as
 *                possible (such old kernels cannot reach memory below their base). Lowest
 *                first, as the kernel's own kexec_file does.
 *   initrd       above the kernel, inside the 1 GiB aligned window of at most 32 GiB that
 *                also covers the kernel (the smallest linear map an arm64 kernel has).
 *   device tree  above the kernel, at most 2 MiB, starting on a 2 MiB boundary so it never
 *                straddles one (the kernel maps it with 2 MiB blocks), highest first.
 *
 * Every segment is a whole number of the running kernel's pages: kexec_load refuses anything
 * else, and those are 16 or 64 KiB on some distributions' kernels.
 */
#define LOG_PREFIX "arm64-boot: "
#include <stdlib.h>
#include <string.h>

#include "boot-env.h"
#include "boot-segments.h"
#include "fdt.h"
#include "log.h"

#define SZ_1G (1ULL << 30)
#define SZ_32G (32ULL << 30)
/* booting.rst: "anywhere" still means within the 48-bit addressable range. */
#define ARM64_PLACEMENT_MAX (1ULL << 48)

static int add_kernel(struct kexec_plan *plan, const struct image_load_args *a,
		      const void *kernel, size_t len, bool owned, const struct arm64_image *h,
		      uint64_t page, uint64_t *ret)
{
	uint64_t memsz = ALIGN_UP(h->image_size, page);
	struct placement req = {
		/* From the 2 MiB aligned base: the text_offset bytes below the Image are free
		 * for others again once it is placed. */
		.memsz = h->text_offset + memsz,
		.align = ARM64_KERNEL_ALIGN,
		.min = a->mem_min,
		.max = h->anywhere ? MIN(a->mem_max, ARM64_PLACEMENT_MAX) : a->mem_max,
	};
	/* Bytes past image_size (an appended signature) are no part of the kernel. */
	size_t bufsz = MIN((uint64_t)len, h->image_size);
	struct segment *s;
	uint64_t base;
	int r;

	if (h->text_offset % page)
		r = log_debug_errno(-EOPNOTSUPP, "text_offset 0x%llx is not a multiple of the "
				    "running kernel's %llu-byte pages",
				    (unsigned long long)h->text_offset, (unsigned long long)page);
	else
		r = plan_add(plan, "kernel", kernel, bufsz, owned, &req, &base);
	if (r < 0) {
		if (owned)
			free((void *)kernel);
		return r;
	}
	s = &plan->seg[plan->nr - 1];
	s->mem = base + h->text_offset;
	s->memsz = memsz;
	*ret = s->mem;
	return 0;
}

/* The crash kernel's memory for /chosen: the reservation it runs in (the highest) first,
 * then crashkernel=,low's, as the kernel's own kexec_file lists them. */
static size_t usable_ranges(const struct range_list *crash, struct range *out, size_t max)
{
	size_t n = 0;

	for (size_t i = crash->n; i > 0 && n < max; i--)
		out[n++] = crash->r[i - 1];
	return n;
}

int arm64_boot_segments_add(struct kexec_plan *plan, const struct image_load_args *a,
			    const void *kernel, size_t len, bool owned, const struct arm64_image *h,
			    struct image_entry *ret)
{
	const struct arm64_load_ctx *ctx = arm64_load_ctx(a);
	const struct arm64_boot_env *env = ctx->env;
	uint64_t page = env->page_size, kaddr, kend, window_end, iaddr = 0, dtb_addr;
	struct range usable[4];
	struct arm64_dt_edit edit;
	void *dtb = NULL;
	size_t dtb_len;
	int r;

	r = add_kernel(plan, a, kernel, len, owned, h, page, &kaddr);
	if (r < 0)
		return log_debug_errno(r, "no room for the kernel (%llu MiB): %m",
				       mib_up(h->image_size));
	kend = kaddr + ALIGN_UP(h->image_size, page);
	window_end = ALIGN_DOWN(kaddr, SZ_1G) + SZ_32G;

	if (a->initrd) {
		struct placement req = {
			.memsz = ALIGN_UP((uint64_t)a->initrd_size, page),
			.align = page,
			.min = MAX(a->mem_min, kend),
			.max = MIN(a->mem_max, window_end),
		};

		r = plan_add(plan, "initrd", a->initrd, a->initrd_size, false, &req, &iaddr);
		if (r < 0)
			return log_debug_errno(r, "no room for the initrd above the kernel: %m");
	}

	edit = (struct arm64_dt_edit){
		.cmdline = a->cmdline,
		.initrd_start = iaddr,
		.initrd_end = a->initrd ? iaddr + a->initrd_size : iaddr,
		.crash = a->crash,
		.elfcorehdr = ctx->elfcorehdr,
		.elfcorehdr_size = ctx->elfcorehdr_size,
		.usable = usable,
		.nr_usable = a->crash ? usable_ranges(&env->crash, usable, ARRAY_SIZE(usable)) : 0,
		.uefi_from = env->running_fdt,
		.uefi_from_size = env->running_fdt_size,
	};
	r = arm64_dt_build(env->fdt, env->fdt_size, &edit, &dtb, &dtb_len, ctx->why);
	if (r < 0)
		return r;
	{
		struct placement req = {
			.memsz = ALIGN_UP((uint64_t)dtb_len, page),
			.align = MAX(SZ_2M, page),
			.min = MAX(a->mem_min, kend),
			.max = a->mem_max,
			.top_down = true,
		};

		r = plan_add(plan, "dtb", dtb, dtb_len, true, &req, &dtb_addr);
		if (r < 0) {
			free(dtb);
			return log_debug_errno(r, "no room for the device tree above the kernel: %m");
		}
	}
	log_debug("kernel at 0x%llx (%llu MiB), initrd at 0x%llx, device tree at 0x%llx (%zu "
		  "bytes)", (unsigned long long)kaddr, mib_up(h->image_size),
		  (unsigned long long)iaddr, (unsigned long long)dtb_addr, dtb_len);
	/* booting.rst: entered at the Image's first byte, with x0 = the device tree. */
	ret->entry = kaddr;
	ret->arg = dtb_addr;
	return 0;
}
