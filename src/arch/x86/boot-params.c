// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "boot-params: "
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "boot-params.h"
#include "units.h"
#include "bzimage.h"
#include "image.h"
#include "log.h"
#include "plan.h"

/*
 * The map's non-empty entries from the @skip-th on, into @out (up to @max); returns how many the
 * map has from there, so a NULL @out counts them.
 */
static size_t e820_fill(const struct memmap *map, size_t skip, struct boot_e820_entry *out,
			size_t max)
{
	size_t n = 0, seen = 0;

	for (size_t i = 0; i < map->n; i++) {
		const struct memmap_entry *m = &map->e[i];

		if (m->end <= m->start || seen++ < skip)
			continue;
		if (out && n < max)
			out[n] = (struct boot_e820_entry){ .addr = m->start, .size = m->end - m->start,
							   .type = m->type };
		n++;
	}
	return n;
}

/* The first 128 entries go in the zero page; the rest in SETUP_E820_EXT (x86_boot_data_add). */
static void set_e820(struct boot_params *bp, const struct memmap *map)
{
	size_t n = e820_fill(map, 0, bp->e820_table, E820_MAX_ENTRIES_ZEROPAGE);

	bp->e820_entries = (uint8_t)MIN(n, E820_MAX_ENTRIES_ZEROPAGE);
}

/*
 * The memory above 1 MiB in KiB, from the RAM entry that holds the first byte past 1 MiB, in
 * the two legacy fields (boot.rst: alt_mem_k, and screen_info.ext_mem_k capped at 64 MiB) that
 * the BIOS-era code and some boot-time consumers still read; the kernel's kexec_file fills them
 * the same way, and the oracle scenarios (tests/vm/oracle.sh) compare them.
 */
static void set_mem_k(struct boot_params *bp)
{
	bp->screen_info.ext_mem_k = 0;
	bp->alt_mem_k = 0;
	for (size_t i = 0; i < bp->e820_entries; i++) {
		const struct boot_e820_entry *e = &bp->e820_table[i];
		uint64_t last = e->addr + e->size - 1, k;

		if (e->type != MEMMAP_RAM || !e->size || e->addr > SZ_1M || last <= SZ_1M)
			continue;
		k = (last >> 10) - (SZ_1M >> 10);
		bp->screen_info.ext_mem_k = (uint16_t)MIN(k, 0xfc00);
		bp->alt_mem_k = (uint32_t)MIN(k, UINT32_MAX);
	}
}

int x86_boot_params_init(struct boot_params *bp, const void *image, size_t image_len,
			 const struct x86_boot_env *env, bool reuse_video_type)
{
	memset(bp, 0, sizeof(*bp));
	if (image) {
		const uint8_t *p = image;
		size_t end = 0x202 + (size_t)p[0x201];

		if (end > image_len || end > offsetof(struct boot_params, hdr) + sizeof(bp->hdr))
			end = MIN(image_len, offsetof(struct boot_params, hdr) + sizeof(bp->hdr));
		memcpy(&bp->hdr, p + BZIMAGE_SETUP_HEADER_OFFSET, end - BZIMAGE_SETUP_HEADER_OFFSET);
	}
	bp->hdr.type_of_loader = X86_LOADER_TYPE_KEXEC;
	/* Every loadflags bit is for the 16- and 32-bit entries (heap, quiet, where the kernel
	 * sits) or written by the kernel itself (KASLR_FLAG); the 64-bit entry reads none. 0, as
	 * the kernel's kexec_file passes (seen in the oracle scenarios). */
	bp->hdr.loadflags = 0;
	/* Without it a kernel booted by kexec on UEFI finds no ACPI: there is no RSDP in the
	 * legacy BIOS area to scan for. */
	bp->acpi_rsdp_addr = env->acpi_rsdp;
	/* A platform that is not a plain PC (Intel MID, CE4100, Xen PV) says so here, and its
	 * kernel takes another early path; the kernel's kexec_file and kexec-tools copy it. */
	if (env->have_running) {
		bp->hdr.hardware_subarch = env->running.hdr.hardware_subarch;
		bp->hdr.hardware_subarch_data = env->running.hdr.hardware_subarch_data;
	}

	x86_screen_info_fill(&bp->screen_info, env->have_running ? &env->running.screen_info : NULL,
			     env->have_fb ? &env->fb : NULL, reuse_video_type, &env->ram);

	x86_edd_fill(bp, &env->edd);
	set_e820(bp, &env->firmware_map);
	set_mem_k(bp);
	return 0;
}

#define RNG_SEED_SIZE 32

/*
 * A seed for the new kernel's random generator (SETUP_RNG_SEED, read by kernels 6.0 and later,
 * ignored by older ones), as kexec_file_load gives one: without it a kernel on a CPU without
 * RDRAND starts with an unseeded generator, and KASLR and early stack canaries are weaker.
 * Linked in front of the setup_data chain at @addr, inside the boot_params segment, so the
 * purgatory's check covers it. No entropy yet (GRND_NONBLOCK fails) means no seed, not an error.
 */
static void add_rng_seed(struct boot_params *bp, uint8_t *node, uint64_t addr)
{
	struct setup_data sd = { .next = bp->hdr.setup_data, .type = SETUP_RNG_SEED,
				 .len = RNG_SEED_SIZE };

	if (getrandom(node + sizeof(sd), RNG_SEED_SIZE, GRND_NONBLOCK) != RNG_SEED_SIZE) {
		log_debug("no random seed for the new kernel: %m");
		return;
	}
	memcpy(node, &sd, sizeof(sd));
	bp->hdr.setup_data = addr;
}

/*
 * Memory-map entries beyond the zero page's 128 (large UEFI servers, NUMA machines with many
 * holes), in a SETUP_E820_EXT node as boot.rst defines it; the kernel appends them to its table
 * (parse_setup_data, e820__memory_setup_extended). Linked like the seed, inside the segment.
 */
static void add_e820_ext(struct boot_params *bp, const struct memmap *map, uint8_t *node,
			 uint64_t addr, size_t extra)
{
	struct setup_data sd = { .next = bp->hdr.setup_data, .type = SETUP_E820_EXT,
				 .len = (uint32_t)(extra * sizeof(struct boot_e820_entry)) };

	if (!extra)
		return;
	memcpy(node, &sd, sizeof(sd));
	e820_fill(map, E820_MAX_ENTRIES_ZEROPAGE,
		  (struct boot_e820_entry *)(node + sizeof(sd)), extra);
	bp->hdr.setup_data = addr;
	log_debug("%zu memory map entries beyond the zero page's %d, in SETUP_E820_EXT", extra,
		  E820_MAX_ENTRIES_ZEROPAGE);
}

int x86_boot_data_add(struct kexec_plan *plan, const struct image_load_args *a, const void *image,
		      size_t image_len, size_t cmdline_room, struct boot_params **ret_bp,
		      uint64_t *ret_addr)
{
	const struct x86_load_ctx *ctx = x86_load_ctx(a);
	const struct x86_efi *efi = ctx->noefi ? NULL : &ctx->env->efi_state;
	size_t cmdlen = strlen(a->cmdline) + 1;
	size_t efi_off = ALIGN_UP(sizeof(struct boot_params) + MAX(cmdline_room, cmdlen), 16);
	size_t rng_off = ALIGN_UP(efi_off + x86_efi_data_size(efi), 16);
	size_t e820_off = ALIGN_UP(rng_off + sizeof(struct setup_data) + RNG_SEED_SIZE, 16);
	size_t e820_all = e820_fill(&ctx->env->firmware_map, 0, NULL, 0);
	size_t e820_extra = e820_all > E820_MAX_ENTRIES_ZEROPAGE ?
				    e820_all - E820_MAX_ENTRIES_ZEROPAGE : 0;
	size_t size = e820_off + (e820_extra ? sizeof(struct setup_data) +
					       e820_extra * sizeof(struct boot_e820_entry) : 0);
	struct placement req = {
		.memsz = ALIGN_UP((uint64_t)size, PAGE_SIZE),
		.align = PAGE_SIZE,
		.min = MAX(a->mem_min, X86_LOW_MEMORY_END),
		.max = MIN(a->mem_max, SZ_4G),
		.top_down = true,
	};
	struct boot_params *bp;
	uint64_t addr;
	uint8_t *buf;
	int r;

	buf = calloc(1, size);
	if (!buf)
		return -ENOMEM;
	bp = (struct boot_params *)buf;
	r = x86_boot_params_init(bp, image, image_len, ctx->env, ctx->reuse_video_type);
	/*
	 * A crash kernel's boot data must lie in the reservation, which crashkernel=,high puts
	 * above 4 GiB. The kernel's own kexec_file places it anywhere too: the 64-bit entry takes
	 * the full %rsi, the command line has ext_cmd_line_ptr, setup_data links are 64-bit, and
	 * the decompressor maps boot_params, the command line and setup_data wherever they are
	 * (boot/compressed/ident_map_64.c). boot.rst asks for XLF_CAN_BE_LOADED_ABOVE_4G in the
	 * image first (every bzImage we load has it; an ELF vmlinux has no header, so not).
	 * Other loads keep it below 4 GiB, where they always put it.
	 */
	if (ctx->crash && (bp->hdr.xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G))
		req.max = a->mem_max;
	if (r >= 0)
		r = plan_add(plan, "boot_params", buf, size, true, &req, &addr);
	if (r < 0) {
		free(buf);
		return r;
	}
	memcpy(buf + sizeof(*bp), a->cmdline, cmdlen);
	x86_boot_params_set_cmdline(bp, addr + sizeof(*bp), cmdlen);
	r = x86_efi_fill(efi, bp, buf + efi_off, rng_off - efi_off, addr + efi_off);
	if (r < 0)
		return log_debug_errno(r, "placing the EFI runtime map: %m");
	add_rng_seed(bp, buf + rng_off, addr + rng_off);
	add_e820_ext(bp, &ctx->env->firmware_map, buf + e820_off, addr + e820_off, e820_extra);
	*ret_bp = bp;
	*ret_addr = addr;
	return 0;
}

void x86_boot_params_set_cmdline(struct boot_params *bp, uint64_t addr, size_t len)
{
	(void)len;
	bp->hdr.cmd_line_ptr = (uint32_t)addr;
	bp->ext_cmd_line_ptr = (uint32_t)(addr >> 32);
}

void x86_boot_params_set_initrd(struct boot_params *bp, uint64_t addr, uint64_t size)
{
	bp->hdr.ramdisk_image = (uint32_t)addr;
	bp->ext_ramdisk_image = (uint32_t)(addr >> 32);
	bp->hdr.ramdisk_size = (uint32_t)size;
	bp->ext_ramdisk_size = (uint32_t)(size >> 32);
}
