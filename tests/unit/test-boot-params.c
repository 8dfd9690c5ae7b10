// SPDX-License-Identifier: GPL-2.0-or-later
/* The zero page and the bzImage loader's plan, on a generated image and a made-up machine. */
#include <errno.h>
#include <stdlib.h>

#include "x86/boot-env.h"
#include "x86/boot-params.h"
#include "gen-bzimage.h"
#include "image.h"
#include "plan.h"
#include "unit.h"

static void make_env(struct x86_boot_env *env)
{
	*env = (struct x86_boot_env){ .acpi_rsdp = 0x7fb7e014 };
	CHECK_EQ_INT(memmap_add(&env->firmware_map, 0, 0x9fc00, 1), 0);
	CHECK_EQ_INT(memmap_add(&env->firmware_map, 0xf0000, 0x100000, 2), 0);
	CHECK_EQ_INT(memmap_add(&env->firmware_map, 0x100000, 0x7ffe0000, 1), 0);
	CHECK_EQ_INT(memmap_add(&env->firmware_map, 0x100000000, 0x180000000, 1), 0);
	CHECK_EQ_INT(range_list_add(&env->ram, 0x100000, 0x7ffe0000), 0);
	CHECK_EQ_INT(range_list_add(&env->ram, 0x100000000, 0x180000000), 0);
}

static void test_init(void)
{
	static unsigned char img[GEN_BZIMAGE_SIZE];
	struct x86_boot_env env;
	struct boot_params bp;

	gen_bzimage(img);
	/* Bytes past the declared header length must not be copied. */
	img[0x202 + 0x6a] = 0x5a;
	make_env(&env);
	CHECK_EQ_INT(x86_boot_params_init(&bp, img, sizeof(img), &env, false), 0);
	CHECK_EQ_INT(bp.hdr.header, BZIMAGE_HEADER_MAGIC);
	CHECK_EQ_INT(bp.hdr.version, 0x020f);
	CHECK_EQ_INT(bp.hdr.type_of_loader, X86_LOADER_TYPE_KEXEC);
	CHECK_EQ_INT(((unsigned char *)&bp)[0x202 + 0x6a], 0);
	CHECK_EQ_INT(bp.acpi_rsdp_addr, 0x7fb7e014);
	CHECK_EQ_INT(bp.e820_entries, 4);
	CHECK_EQ_INT(bp.e820_table[3].addr, 0x100000000);
	CHECK_EQ_INT(bp.e820_table[3].size, 0x80000000);
	CHECK_EQ_INT(bp.e820_table[1].type, 2);
	/* RAM above 1 MiB in KiB, from the entry [1 MiB, 0x7ffe0000): the legacy fields, the
	 * 16-bit one capped at 64 MiB; no loadflags for the 64-bit entry (as kexec_file). */
	CHECK_EQ_INT(bp.alt_mem_k, (0x7ffdffff >> 10) - 1024);
	CHECK_EQ_INT(bp.screen_info.ext_mem_k, 0xfc00);
	CHECK_EQ_INT(bp.hdr.loadflags, 0);

	x86_boot_params_set_cmdline(&bp, 0x123456789000, 10);
	CHECK_EQ_INT(bp.hdr.cmd_line_ptr, 0x56789000);
	CHECK_EQ_INT(bp.ext_cmd_line_ptr, 0x1234);
	x86_boot_params_set_initrd(&bp, 0x1bfe12000, 0x100001234);
	CHECK_EQ_INT(bp.hdr.ramdisk_image, 0xbfe12000);
	CHECK_EQ_INT(bp.ext_ramdisk_image, 1);
	CHECK_EQ_INT(bp.hdr.ramdisk_size, 0x1234);
	CHECK_EQ_INT(bp.ext_ramdisk_size, 1);

	/* A map longer than the zero page holds: its first 128 entries there (the rest go into
	 * SETUP_E820_EXT, test_e820_ext). */
	for (int i = 0; i < 130; i++)
		memmap_add(&env.firmware_map, 0x200000000ULL + i * 0x2000ULL,
			   0x200000000ULL + i * 0x2000ULL + 0x1000, i % 2 ? 1 : 2);
	CHECK_EQ_INT(x86_boot_params_init(&bp, img, sizeof(img), &env, false), 0);
	CHECK_EQ_INT(bp.e820_entries, 128);
	CHECK_EQ_INT(bp.e820_table[127].addr, 0x200000000ULL + 123 * 0x2000ULL);
	x86_boot_env_done(&env);
}

/* The SETUP_E820_EXT node's entries, or -1 if the chain has none; checks it lies in @s. */
static int e820_ext_entries(const struct segment *s, const struct boot_e820_entry **ret)
{
	const struct boot_params *bp = s->buf;
	uint64_t at = bp->hdr.setup_data;

	for (int hops = 0; at && hops < 8; hops++) {
		const struct setup_data *sd;

		if (at < s->mem || at + sizeof(*sd) > s->mem + s->bufsz)
			return -2;
		sd = (const struct setup_data *)((const uint8_t *)s->buf + (at - s->mem));
		if (at + sizeof(*sd) + sd->len > s->mem + s->bufsz)
			return -2;
		if (sd->type == SETUP_E820_EXT) {
			*ret = (const struct boot_e820_entry *)sd->data;
			return (int)(sd->len / sizeof(struct boot_e820_entry));
		}
		at = sd->next;
	}
	return -1;
}

/* The chain holds one 32-byte SETUP_RNG_SEED, inside the segment, not all zeros. */
static void check_rng_seed(const struct segment *s)
{
	const struct boot_params *bp = s->buf;
	uint64_t at = bp->hdr.setup_data;
	int seeds = 0;

	for (int hops = 0; at && hops < 8; hops++) {
		const struct setup_data *sd;

		CHECK(at >= s->mem && at + sizeof(*sd) <= s->mem + s->bufsz);
		if (at < s->mem || at + sizeof(*sd) > s->mem + s->bufsz)
			return;
		sd = (const struct setup_data *)((const uint8_t *)s->buf + (at - s->mem));
		CHECK(at + sizeof(*sd) + sd->len <= s->mem + s->bufsz);
		if (sd->type == SETUP_RNG_SEED) {
			static const uint8_t zero[32];
			seeds++;
			CHECK_EQ_INT(sd->len, 32);
			CHECK(memcmp(sd->data, zero, sizeof(zero)) != 0);
		}
		at = sd->next;
	}
	CHECK_EQ_INT(seeds, 1);
}

static void test_bzimage_plan(void)
{
	static unsigned char img[GEN_BZIMAGE_SIZE];
	static unsigned char initrd[3 * 4096 + 5];
	struct x86_boot_env env;
	struct x86_load_ctx ctx = { .env = &env };
	struct kexec_plan plan;
	struct image_entry entry;
	struct image_load_args a = {
		.kernel = img,
		.kernel_size = sizeof(img),
		.initrd = initrd,
		.initrd_size = sizeof(initrd),
		.cmdline = "console=ttyS0 x=y",
		.mem_max = UINT64_MAX,
	};
	const struct boot_params *bp = NULL;
	struct diag why = {};

	gen_bzimage(img);
	make_env(&env);
	a.arch = &ctx;
	plan_init(&plan);
	CHECK_EQ_INT(range_list_add(&plan.avail, 0x100000, 0x7ffe0000), 0);
	CHECK_EQ_INT(range_list_add(&plan.avail, 0x100000000, 0x180000000), 0);

	CHECK_EQ_INT(bzimage64_ops.load(&plan, &a, &entry), 0);
	CHECK_EQ_INT(plan.nr, 3);
	CHECK_EQ_INT(plan_validate(&plan, &why), 0);
	for (size_t i = 0; i < plan.nr; i++) {
		const struct segment *s = &plan.seg[i];

		if (strcmp(s->name, "kernel") == 0) {
			/* At the preferred address, aligned, code only (init_size kept free). */
			CHECK_EQ_INT(s->mem, 0x1000000);
			CHECK_EQ_INT(s->bufsz, GEN_BZIMAGE_CODE_SIZE);
			CHECK_EQ_INT(s->memsz, GEN_BZIMAGE_CODE_SIZE);
			CHECK(s->buf == img + 5 * 512);
			CHECK_EQ_INT(entry.entry, 0x1000200);
		} else if (strcmp(s->name, "initrd") == 0) {
			/* Top-down: the kernel may take it above 4 GiB. */
			CHECK_EQ_INT(s->mem + s->memsz, 0x180000000);
		} else if (strcmp(s->name, "boot_params") == 0) {
			bp = s->buf;
			CHECK(s->mem + s->memsz <= 0x100000000);
			CHECK_EQ_INT(entry.arg, s->mem);
			CHECK_EQ_STR((const char *)s->buf + 4096, "console=ttyS0 x=y");
			CHECK_EQ_INT(bp->hdr.cmd_line_ptr, s->mem + 4096);
			check_rng_seed(s);
		}
	}
	CHECK(bp != NULL);
	if (bp) {
		CHECK_EQ_INT(bp->hdr.code32_start, 0x1000000);
		CHECK_EQ_INT(bp->hdr.ramdisk_size, sizeof(initrd));
		CHECK_EQ_INT(((uint64_t)bp->ext_ramdisk_image << 32 | bp->hdr.ramdisk_image) + 4 * 4096,
			     0x180000000);
	}
	/* Nothing else may land in the kernel's decompression area. */
	{
		uint64_t addr;
		struct placement req = { .memsz = 4096, .align = 4096, .min = 0x1000000,
					 .max = 0x1100000 };

		CHECK_EQ_INT(plan_add(&plan, "x", NULL, 0, false, &req, &addr), -EADDRNOTAVAIL);
	}
	plan_done(&plan);

	/* --mem-max too low for the kernel's init_size area. */
	plan_init(&plan);
	CHECK_EQ_INT(range_list_add(&plan.avail, 0x100000, 0x7ffe0000), 0);
	a.mem_max = 0x1080000;
	CHECK_EQ_INT(bzimage64_ops.load(&plan, &a, &entry), -EADDRNOTAVAIL);
	plan_done(&plan);
	x86_boot_env_done(&env);
}

/* crashkernel=,high: the only memory is a reservation above 4 GiB. A crash load puts the kernel,
 * initrd and boot data there, with 64-bit pointers; a normal load keeps boot_params below 4 GiB.
 * (Images without XLF_CAN_BE_LOADED_ABOVE_4G are refused by bzimage_parse_header.) */
static void test_bzimage_high(void)
{
	static unsigned char img[GEN_BZIMAGE_SIZE];
	static unsigned char initrd[4096];
	struct x86_boot_env env;
	struct x86_load_ctx ctx = { .env = &env, .crash = true };
	struct kexec_plan plan;
	struct image_entry entry;
	struct image_load_args a = {
		.kernel = img,
		.kernel_size = sizeof(img),
		.initrd = initrd,
		.initrd_size = sizeof(initrd),
		.cmdline = "console=ttyS0 elfcorehdr=123K",
		.mem_max = UINT64_MAX,
		.arch = &ctx,
	};
	struct diag why = {};

	gen_bzimage(img);
	make_env(&env);
	plan_init(&plan);
	CHECK_EQ_INT(range_list_add(&plan.avail, 0x1e9000000, 0x1f9000000), 0);
	CHECK_EQ_INT(bzimage64_ops.load(&plan, &a, &entry), 0);
	CHECK_EQ_INT(plan.nr, 3);
	CHECK_EQ_INT(plan_validate(&plan, &why), 0);
	for (size_t i = 0; i < plan.nr; i++) {
		const struct segment *s = &plan.seg[i];

		CHECK(s->mem >= 0x1e9000000);
		if (strcmp(s->name, "boot_params") == 0) {
			const struct boot_params *bp = s->buf;
			uint64_t cmd = (uint64_t)bp->ext_cmd_line_ptr << 32 | bp->hdr.cmd_line_ptr;

			CHECK_EQ_INT(entry.arg, s->mem);
			CHECK_EQ_INT(cmd, s->mem + 4096);
			CHECK_EQ_INT(bp->hdr.code32_start, 0xe9000000); /* low half; unused at 64-bit entry */
			CHECK_EQ_INT(bp->hdr.setup_data >> 32, 1); /* the seed's node, in the segment */
		}
	}
	CHECK_EQ_INT(entry.entry, 0x1e9000200);
	plan_done(&plan);

	/* Not a crash load: boot_params stays below 4 GiB, so no room here. */
	ctx.crash = false;
	plan_init(&plan);
	CHECK_EQ_INT(range_list_add(&plan.avail, 0x1e9000000, 0x1f9000000), 0);
	CHECK_EQ_INT(bzimage64_ops.load(&plan, &a, &entry), -EADDRNOTAVAIL);
	plan_done(&plan);

	x86_boot_env_done(&env);
}

/* 200 entries (a map as large UEFI servers have): 128 in the zero page, 72 in SETUP_E820_EXT, in
 * order, inside the boot_params segment; 128 entries or fewer: no node. */
static void test_e820_ext(void)
{
	static unsigned char img[GEN_BZIMAGE_SIZE];
	static const int sizes[] = { 128, 200 };

	gen_bzimage(img);
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		struct x86_boot_env env;
		struct x86_load_ctx ctx = { .env = &env };
		struct image_load_args a = { .kernel = img, .kernel_size = sizeof(img),
					     .cmdline = "console=ttyS0", .mem_max = UINT64_MAX };
		const struct boot_e820_entry *ext = NULL;
		struct kexec_plan plan;
		struct image_entry entry;
		int n = sizes[k], got = -3;

		make_env(&env); /* 4 entries */
		for (int i = 4; i < n; i++)
			memmap_add(&env.firmware_map, 0x200000000ULL + (uint64_t)i * 0x2000,
				   0x200000000ULL + (uint64_t)i * 0x2000 + 0x1000, i % 2 ? 1 : 2);
		a.arch = &ctx;
		plan_init(&plan);
		CHECK_EQ_INT(range_list_add(&plan.avail, 0x100000, 0x7ffe0000), 0);
		CHECK_EQ_INT(bzimage64_ops.load(&plan, &a, &entry), 0);
		for (size_t i = 0; i < plan.nr; i++) {
			const struct segment *s = &plan.seg[i];

			if (strcmp(s->name, "boot_params") != 0)
				continue;
			CHECK_EQ_INT(((const struct boot_params *)s->buf)->e820_entries, 128);
			got = e820_ext_entries(s, &ext);
			check_rng_seed(s);
		}
		if (n <= 128) {
			CHECK_EQ_INT(got, -1);
		} else {
			CHECK_EQ_INT(got, n - 128);
			for (int i = 0; ext && i < got; i++) {
				CHECK_EQ_INT(ext[i].addr, 0x200000000ULL + (uint64_t)(128 + i) * 0x2000);
				CHECK_EQ_INT(ext[i].size, 0x1000);
				CHECK_EQ_INT(ext[i].type, (128 + i) % 2 ? 1 : 2);
			}
		}
		plan_done(&plan);
		x86_boot_env_done(&env);
	}
}

int main(void)
{
	test_init();
	test_bzimage_plan();
	test_bzimage_high();
	test_e820_ext();
	return unit_summary("test-boot-params");
}
