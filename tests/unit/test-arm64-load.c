// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * arm64 kexec_load planning on a made-up QEMU virt machine (fixture /proc/iomem and
 * /sys/firmware/fdt): the boot environment, where each format puts the kernel, initrd and
 * device tree (4 and 64 KiB pages, --mem-min/--mem-max, a crash reservation), the driver up to
 * the purgatory (which an x86 build does not have), the options and the dump layout.
 */
#include <errno.h>
#include <linux/kexec.h>
#include <stdlib.h>

#include "arch.h"
#include "arm64/boot-env.h"
#include "arm64/formats.h"
#include "arm64/kexec-load.h"
#include "arm64/options.h"
#include "fixture.h"
#include "gen-arm64.h"
#include "macro.h"
#include "memmap.h"
#include "plan.h"
#include "decompress.h"
#include "unit.h"
#include "vmcore.h"

#define DT_BUF 65536
#define MIB (1ULL << 20)

static uint8_t dt[DT_BUF];
static uint8_t image[GEN_IMAGE_SIZE];
static uint8_t initrd[3 * 4096 + 17];

static void put_machine(struct fixture *f, const char *iomem)
{
	CHECK_EQ_INT(gen_dt(dt, sizeof(dt), 0), 0);
	fixture_put(f, "proc/iomem", iomem);
	fixture_put_bytes(f, "sys/firmware/fdt", dt, fdt_totalsize(dt));
}

static void test_env(void)
{
	struct arm64_boot_env env;
	struct fixture f;
	struct diag why = {};

	fixture_init(&f);
	put_machine(&f, gen_arm64_iomem);
	CHECK_EQ_INT(arm64_boot_env_read(f.root, NULL, &env, &why), 0);
	CHECK_EQ_INT(env.ram.n, 2); /* around the firmware's top-level "reserved" */
	CHECK_EQ_INT(env.ram.n ? env.ram.r[0].start : 0, 0x40000000);
	CHECK_EQ_INT(env.busy.n, 4);
	CHECK_EQ_INT(env.crash.n, 1);
	CHECK_EQ_INT(env.crash.n ? env.crash.r[0].start : 0, 0xa0000000);
	CHECK_EQ_INT(env.page_size, 4096);
	CHECK_EQ_STR(env.fdt_source, "/sys/firmware/fdt");
	CHECK_EQ_INT(env.console, GEN_DT_PL011);
	CHECK(env.running_fdt == NULL);
	arm64_boot_env_done(&env);

	/* --dtb: that file, plus the running tree for its UEFI properties. */
	{
		char path[64];

		snprintf(path, sizeof(path), "%s/user.dtb", f.dir);
		CHECK_EQ_INT(gen_dt(dt, sizeof(dt), GEN_DT_NO_UEFI | GEN_DT_STDOUT_ALIAS), 0);
		fixture_put_bytes(&f, "user.dtb", dt, fdt_totalsize(dt));
		CHECK_EQ_INT(arm64_boot_env_read(f.root, path, &env, &why), 0);
		CHECK_EQ_STR(env.fdt_source, path);
		CHECK(env.running_fdt != NULL);
		CHECK_EQ_INT(env.console, GEN_DT_SOC_BASE + 0x1000);
		arm64_boot_env_done(&env);

		fixture_put(&f, "user.dtb", "not a dtb");
		CHECK_EQ_INT(arm64_boot_env_read(f.root, path, &env, &why), -EBADMSG);
		CHECK(strstr(why.msg, "--dtb") != NULL);
		CHECK_EQ_INT(arm64_boot_env_read(f.root, "/nonexistent.dtb", &env, &why), -ENOENT);
		CHECK(strstr(why.msg, "cannot read --dtb") != NULL);
	}

	/* No device tree anywhere, an unreadable memory map. */
	CHECK_EQ_INT(unlinkat(f.root, "sys/firmware/fdt", 0), 0);
	CHECK_EQ_INT(arm64_boot_env_read(f.root, NULL, &env, &why), -ENOENT);
	CHECK(strstr(why.msg, "--dtb") != NULL);
	fixture_put(&f, "proc/iomem", "00000000-00000000 : System RAM\n");
	CHECK_EQ_INT(arm64_boot_env_read(f.root, NULL, &env, &why), -EPERM);
	CHECK(strstr(why.msg, "CAP_SYS_ADMIN") != NULL);
	fixture_done(&f);
}

static void test_iomem_busy(void)
{
	struct range_list busy = RANGE_LIST_INIT;

	CHECK_EQ_INT(memmap_parse_iomem_busy(gen_arm64_iomem, strlen(gen_arm64_iomem), &busy), 0);
	/* The reserved children of System RAM; not the kernel image, not the crash kernel, not
	 * the top-level firmware reservation (which is not RAM anyway), not the PL011's child. */
	CHECK_EQ_INT(busy.n, 4);
	if (busy.n == 4) {
		CHECK_EQ_INT(busy.r[0].start, 0x41a60000);
		CHECK_EQ_INT(busy.r[0].end, 0x41de0000);
		CHECK_EQ_INT(busy.r[1].start, 0x48000000);
		CHECK_EQ_INT(busy.r[2].start, 0xbf600000);
		CHECK_EQ_INT(busy.r[2].end, 0xbf800000);
		CHECK_EQ_INT(busy.r[3].end, 0xc0000000);
	}
	range_list_done(&busy);
	CHECK_EQ_INT(memmap_parse_iomem_busy("zz\n", 3, &busy), -EBADMSG);
}

/* A machine as the driver would see it, without files: RAM at 1 GiB, the given page size. */
static void make_env(struct arm64_boot_env *env, uint64_t page)
{
	*env = (struct arm64_boot_env){ .page_size = page, .fdt = dt };
	CHECK_EQ_INT(gen_dt(dt, sizeof(dt), 0), 0);
	env->fdt_size = fdt_totalsize(dt);
	CHECK_EQ_INT(range_list_add(&env->ram, 0x40000000, 0xc0000000), 0);
	CHECK_EQ_INT(range_list_add(&env->busy, 0x41a60000, 0x41de0000), 0);
	CHECK_EQ_INT(range_list_add(&env->busy, 0x48000000, 0x48100000), 0);
	CHECK_EQ_INT(range_list_add(&env->crash, 0xa0000000, 0xb0000000), 0);
}

static void env_free(struct arm64_boot_env *env)
{
	range_list_done(&env->ram);
	range_list_done(&env->busy);
	range_list_done(&env->crash);
}

static void avail_from(struct kexec_plan *plan, const struct arm64_boot_env *env, bool crash)
{
	if (crash) {
		CHECK_EQ_INT(range_list_add(&plan->avail, env->crash.r[0].start,
					    env->crash.r[0].end), 0);
		return;
	}
	for (size_t i = 0; i < env->ram.n; i++)
		CHECK_EQ_INT(range_list_add(&plan->avail, env->ram.r[i].start, env->ram.r[i].end), 0);
	for (size_t i = 0; i < env->busy.n; i++)
		CHECK_EQ_INT(range_list_subtract(&plan->avail, env->busy.r[i].start,
						 env->busy.r[i].end), 0);
	for (size_t i = 0; i < env->crash.n; i++)
		CHECK_EQ_INT(range_list_subtract(&plan->avail, env->crash.r[i].start,
						 env->crash.r[i].end), 0);
}

static const struct segment *find_seg(const struct kexec_plan *plan, const char *name)
{
	for (size_t i = 0; i < plan->nr; i++)
		if (strcmp(plan->seg[i].name, name) == 0)
			return &plan->seg[i];
	return NULL;
}

struct place_case {
	const char *name;
	const struct image_ops *ops;
	uint64_t text_offset;
	uint64_t flags;
	uint64_t page;
	bool with_initrd, crash;
	uint64_t mem_min, mem_max;
	int ret;
};

static const struct place_case place_cases[] = {
	{ "Image, initrd", &arm64_image_ops, 0, 0xa, 4096, true, false, 0, UINT64_MAX, 0 },
	{ "Image, no initrd", &arm64_image_ops, 0, 0xa, 4096, false, false, 0, UINT64_MAX, 0 },
	{ "Image, text_offset 0x80000", &arm64_image_ops, 0x80000, 0xa, 4096, true, false, 0,
	  UINT64_MAX, 0 },
	{ "Image, low placement", &arm64_image_ops, 0, 0x2, 4096, true, false, 0, UINT64_MAX, 0 },
	{ "Image on a 64K-page kernel", &arm64_image_ops, 0, 0xa, 65536, true, false, 0,
	  UINT64_MAX, 0 },
	{ "Image, --mem-min/--mem-max", &arm64_image_ops, 0, 0xa, 4096, true, false, 0x60000000,
	  0x70000000, 0 },
	{ "Image, no room", &arm64_image_ops, 0, 0xa, 4096, true, false, 0x60000000, 0x60200000,
	  -EADDRNOTAVAIL },
	{ "Image, crash", &arm64_image_ops, 0, 0xa, 4096, true, true, 0, UINT64_MAX, 0 },
	{ "zboot, initrd", &arm64_zboot_ops, 0, 0xa, 4096, true, false, 0, UINT64_MAX, 0 },
	{ "zboot, crash, 64K", &arm64_zboot_ops, 0, 0xa, 65536, true, true, 0, UINT64_MAX, 0 },
	{ "vmlinux, initrd", &arm64_elf_ops, 0, 0xa, 4096, true, false, 0, UINT64_MAX, 0 },
	{ "vmlinux, crash", &arm64_elf_ops, 0, 0xa, 4096, false, true, 0, UINT64_MAX, 0 },
};

/* The case's kernel file and the Image bytes the kernel segment must hold. */
static uint8_t *make_kernel(const struct place_case *c, size_t *ret_len, uint8_t *want)
{
	uint8_t *file = NULL, *gz;
	size_t gz_len;
	struct gen_elf e;

	gen_arm64_image(image, sizeof(image), c->text_offset, GEN_IMAGE_MEMSZ, c->flags);
	memcpy(want, image, sizeof(image));
	if (c->ops == &arm64_image_ops) {
		file = malloc(sizeof(image));
		memcpy(file, image, sizeof(image));
		*ret_len = sizeof(image);
	} else if (c->ops == &arm64_zboot_ops) {
		gz = gen_gzip(image, sizeof(image), 6, &gz_len);
		file = gen_zboot(gz, gz_len, "gzip", 0xaa64, sizeof(image), ret_len);
		free(gz);
	} else {
		gen_vmlinux(image, sizeof(image), GEN_VMLINUX_BASE, &e);
		gen_vmlinux_image(want, sizeof(image));
		file = e.b;
		*ret_len = e.len;
	}
	return file;
}

static void test_placement(void)
{
	static uint8_t want[GEN_IMAGE_SIZE];

	for (size_t i = 0; i < ARRAY_SIZE(place_cases); i++) {
		const struct place_case *c = &place_cases[i];
		struct arm64_boot_env env;
		struct diag why = {};
		struct arm64_load_ctx ctx = { .env = &env, .why = &why };
		struct image_load_args a = {
			.initrd = c->with_initrd ? initrd : NULL,
			.initrd_size = c->with_initrd ? sizeof(initrd) : 0,
			.cmdline = "console=ttyAMA0 marker=1",
			.crash = c->crash,
			.mem_min = c->mem_min,
			.mem_max = c->mem_max,
			.arch = &ctx,
		};
		const struct segment *k, *ird, *dtb;
		struct image_entry entry = {};
		struct kexec_plan plan;
		size_t len;
		uint8_t *file;
		int r;

		make_env(&env, c->page);
		file = make_kernel(c, &len, want);
		a.kernel = file;
		a.kernel_size = len;
		plan_init(&plan);
		avail_from(&plan, &env, c->crash);
		range_list_clip(&plan.avail, c->mem_min, c->mem_max);
		if (c->crash) {
			/* Where kexec-load.c would have put the core headers: the top. */
			ctx.elfcorehdr = 0xafff0000;
			ctx.elfcorehdr_size = 0x2000;
			CHECK_EQ_INT(plan_add_fixed(&plan, "elfcorehdr", NULL, 0, false, 0xafff0000,
						    0x10000, NULL), 0);
		}
		if (c->ops->unwrap) {
			/* As load.c does: a container is unwrapped, its Image loaded. */
			void *inner = NULL;
			size_t inner_len = 0;

			CHECK_EQ_INT(c->ops->unwrap(file, len, IMAGE_DECOMPRESS_MAX, &inner, &inner_len,
						    &why), 0);
			free(file);
			file = inner;
			a.kernel = file;
			a.kernel_size = inner_len;
		}
		r = arm64_image_ops.load(&plan, &a, &entry);
		if (r != c->ret)
			fprintf(stderr, "case '%s': %d (%s)\n", c->name, r, why.msg);
		CHECK_EQ_INT(r, c->ret);
		if (r < 0)
			goto next;
		CHECK_EQ_INT(plan_validate(&plan, &why), 0);
		k = find_seg(&plan, "kernel");
		ird = find_seg(&plan, "initrd");
		dtb = find_seg(&plan, "dtb");
		CHECK(k && dtb && (ird != NULL) == c->with_initrd);
		if (!k || !dtb)
			goto next;
		/* The Image at text_offset above a 2 MiB boundary, image_size reserved. */
		CHECK_EQ_INT((k->mem - c->text_offset) % SZ_2M, 0);
		CHECK_EQ_INT(k->memsz, ALIGN_UP(GEN_IMAGE_MEMSZ, c->page));
		CHECK_EQ_INT(k->bufsz, sizeof(image));
		CHECK(memcmp(k->buf, want, sizeof(image)) == 0);
		CHECK_EQ_INT(entry.entry, k->mem);
		CHECK_EQ_INT(entry.arg, dtb->mem);
		/* The device tree on a 2 MiB boundary, above the kernel, at most 2 MiB. */
		CHECK_EQ_INT(dtb->mem % SZ_2M, 0);
		CHECK(dtb->mem >= k->mem + k->memsz);
		CHECK(dtb->bufsz <= SZ_2M);
		if (ird) {
			CHECK(ird->mem >= k->mem + k->memsz);
			CHECK(ird->mem + ird->memsz <= ALIGN_DOWN(k->mem, 1ULL << 30) + (32ULL << 30));
			CHECK_EQ_INT(ird->bufsz, sizeof(initrd));
		}
		/* Whole pages of the running kernel, wherever it is. */
		for (size_t j = 0; j < plan.nr; j++) {
			CHECK_EQ_INT(plan.seg[j].mem % c->page, 0);
			CHECK_EQ_INT(plan.seg[j].memsz % c->page, 0);
			CHECK(plan.seg[j].mem >= c->mem_min);
			CHECK(plan.seg[j].mem + plan.seg[j].memsz <= c->mem_max);
			if (c->crash)
				CHECK(plan.seg[j].mem >= 0xa0000000 &&
				      plan.seg[j].mem + plan.seg[j].memsz <= 0xb0000000);
			else
				CHECK(!range_list_overlaps(&env.busy, plan.seg[j].mem,
							   plan.seg[j].mem + plan.seg[j].memsz, NULL));
		}
		/* Lowest first: in RAM at 1 GiB, the first 2 MiB boundary that is free. */
		if (!c->crash && c->mem_min == 0)
			CHECK_EQ_INT(k->mem - c->text_offset, 0x40000000);
		/* The tree says what this boot is. */
		{
			int chosen = fdt_path_offset(dtb->buf, "/chosen"), plen;
			const fdt64_t *p;

			CHECK_EQ_STR(fdt_getprop(dtb->buf, chosen, "bootargs", NULL), a.cmdline);
			p = fdt_getprop(dtb->buf, chosen, "linux,initrd-start", &plen);
			CHECK((p != NULL) == c->with_initrd);
			if (p && ird)
				CHECK_EQ_INT(fdt64_ld(p), ird->mem);
			p = fdt_getprop(dtb->buf, chosen, "linux,initrd-end", &plen);
			if (p && ird)
				CHECK_EQ_INT(fdt64_ld(p), ird->mem + sizeof(initrd));
			CHECK((fdt_getprop(dtb->buf, chosen, "linux,elfcorehdr", NULL) != NULL) ==
			      c->crash);
			p = fdt_getprop(dtb->buf, chosen, "linux,usable-memory-range", &plen);
			CHECK((p != NULL) == c->crash);
			if (p)
				CHECK(plen == 16 && fdt64_ld(p) == 0xa0000000 &&
				      fdt64_ld(p + 1) == 0x10000000);
		}
next:
		plan_done(&plan);
		free(file);
		env_free(&env);
	}
}

/* A broken tree is reported through the context, not as a bare errno. */
static void test_placement_bad_tree(void)
{
	struct arm64_boot_env env;
	struct diag why = {};
	struct arm64_load_ctx ctx = { .env = &env, .why = &why };
	struct image_load_args a = {
		.kernel = image,
		.kernel_size = sizeof(image),
		.cmdline = "",
		.mem_max = UINT64_MAX,
		.arch = &ctx,
	};
	struct image_entry entry;
	struct kexec_plan plan;

	make_env(&env, 4096);
	env.fdt_size = 30;
	gen_arm64_image(image, sizeof(image), 0, GEN_IMAGE_MEMSZ, 0xa);
	plan_init(&plan);
	avail_from(&plan, &env, false);
	CHECK_EQ_INT(arm64_image_ops.load(&plan, &a, &entry), -EBADMSG);
	CHECK(strstr(why.msg, "device tree") != NULL);
	plan_done(&plan);
	env_free(&env);
}

/* A /proc/kcore head like arm64 6.12's: text, modules/vmalloc, RAM in the linear map. */
static void put_kcore(struct fixture *f)
{
	Elf64_Phdr ph[4];

	ph[0] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = 0x1000, .p_filesz = 0x900 };
	ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_vaddr = 0xffffb5e1a6e00000ULL,
			      .p_paddr = 0x40210000, .p_memsz = 0x2510000 };
	ph[2] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_vaddr = 0xffff800080000000ULL,
			      .p_paddr = (uint64_t)-1, .p_memsz = 0x7bdfffe0000ULL };
	ph[3] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_vaddr = 0xfff0000000000000ULL,
			      .p_paddr = 0x40000000, .p_memsz = 0x80000000 };
	fixture_put_kcore(f, EM_AARCH64, ph, 4);
}

/* The arch's own number for an option, as the CLI would pass it. */
static int opt_id(const char *name)
{
	for (size_t i = 0; arm64_option_table[i].name; i++)
		if (strcmp(arm64_option_table[i].name, name) == 0)
			return arm64_option_table[i].id;
	CHECK(false);
	return -1;
}

static void test_driver(void)
{
	struct arch_options opts;
	struct arch_load_request req = {
		.ops = &arm64_image_ops,
		.kernel = image,
		.kernel_size = sizeof(image),
		.initrd = initrd,
		.initrd_size = sizeof(initrd),
		.cmdline = "console=ttyAMA0",
		.mem_max = UINT64_MAX,
		.verify = true,
		.opts = &opts,
	};
	struct diag why = {};
	struct fixture f;

	/* Never a real kexec_load from a unit test: only an x86 build, without an arm64
	 * purgatory, stops right before the syscall. */
	if (arch_arm64.purgatory) {
		printf("test-arm64-load: this build embeds the arm64 purgatory; driver test skipped\n");
		return;
	}
	arm64_options_init(&opts);
	gen_arm64_image(image, sizeof(image), 0, GEN_IMAGE_MEMSZ, 0xa);
	fixture_init(&f);
	put_machine(&f, gen_arm64_iomem);

	/* Everything planned; then the purgatory this build does not have. */
	CHECK_EQ_INT(arm64_kexec_load(f.root, &req, &why), -EOPNOTSUPP);
	CHECK(strstr(why.msg, "without a purgatory") != NULL);

	/* A crash kernel: the reservation, the core headers from sysfs and kcore. */
	req.crash = true;
	CHECK_EQ_INT(arm64_kexec_load(f.root, &req, &why), -ENOENT);
	CHECK(strstr(why.msg, "crash_notes") != NULL);
	fixture_put(&f, "sys/devices/system/cpu/possible", "0-1\n");
	fixture_put(&f, "sys/devices/system/cpu/cpu0/crash_notes", "bfa1a400\n");
	fixture_put(&f, "sys/devices/system/cpu/cpu0/crash_notes_size", "432\n");
	fixture_put(&f, "sys/devices/system/cpu/cpu1/crash_notes", "bfa3a400\n");
	fixture_put(&f, "sys/devices/system/cpu/cpu1/crash_notes_size", "432\n");
	fixture_put(&f, "sys/kernel/vmcoreinfo", "0x00000000bf0b5000 1000\n");
	CHECK_EQ_INT(arm64_kexec_load(f.root, &req, &why), -ENOENT);
	CHECK(strstr(why.msg, "/proc/kcore") != NULL);
	put_kcore(&f);
	CHECK_EQ_INT(arm64_kexec_load(f.root, &req, &why), -EOPNOTSUPP);
	CHECK(strstr(why.msg, "without a purgatory") != NULL);

	/* A crash kernel too big for the reservation. */
	req.initrd_size = 300 * MIB;
	req.initrd = calloc(1, req.initrd_size);
	CHECK_EQ_INT(arm64_kexec_load(f.root, &req, &why), -EADDRNOTAVAIL);
	CHECK(strstr(why.msg, "crashkernel=") != NULL);
	/* And a normal one too big for RAM. */
	req.crash = false;
	req.initrd_size = 2100 * MIB;
	req.initrd = realloc((void *)req.initrd, req.initrd_size);
	CHECK_EQ_INT(arm64_kexec_load(f.root, &req, &why), -EADDRNOTAVAIL);
	CHECK(strstr(why.msg, "no room in memory") != NULL);
	free((void *)req.initrd);
	req.initrd = initrd;
	req.initrd_size = sizeof(initrd);

	/* No reservation. */
	req.crash = true;
	fixture_put(&f, "proc/iomem", "40000000-bfffffff : System RAM\n");
	CHECK_EQ_INT(arm64_kexec_load(f.root, &req, &why), -EADDRNOTAVAIL);
	CHECK(strstr(why.msg, "crashkernel=") != NULL);

	/* --serial: a PL011 by its tty name; anything else refused before any planning. */
	req.crash = false;
	CHECK_EQ_INT(arm64_parse_option(&opts, opt_id("serial"), "ttyAMA0", &why), 0);
	CHECK_EQ_INT(arm64_kexec_load(f.root, &req, &why), -ENOENT);
	CHECK(strstr(why.msg, "ttyAMA0") != NULL);
	CHECK_EQ_INT(mkdirat(f.root, "sys/class", 0755), 0);
	CHECK_EQ_INT(mkdirat(f.root, "sys/class/tty", 0755), 0);
	CHECK_EQ_INT(mkdirat(f.root, "sys/class/tty/ttyAMA0", 0755), 0);
	CHECK_EQ_INT(mkdirat(f.root, "sys/class/tty/ttyAMA0/device", 0755), 0);
	CHECK_EQ_INT(symlinkat("../../../../bus/amba/drivers/uart-pl011", f.root,
			       "sys/class/tty/ttyAMA0/device/driver"), 0);
	fixture_put(&f, "sys/class/tty/ttyAMA0/iomem_base", "0x9000000\n");
	{
		uint64_t base = 0;

		CHECK_EQ_INT(arm64_console_from_tty(f.root, "ttyAMA0", &base, &why), 0);
		CHECK_EQ_INT(base, 0x9000000);
		CHECK_EQ_INT(arm64_console_from_tty(f.root, "..", &base, &why), -EINVAL);
	}
	CHECK_EQ_INT(arm64_kexec_load(f.root, &req, &why), -EOPNOTSUPP);
	CHECK(strstr(why.msg, "without a purgatory") != NULL);
	CHECK_EQ_INT(mkdirat(f.root, "sys/class/tty/ttyS0", 0755), 0);
	CHECK_EQ_INT(mkdirat(f.root, "sys/class/tty/ttyS0/device", 0755), 0);
	CHECK_EQ_INT(symlinkat("../../../../bus/platform/drivers/serial8250", f.root,
			       "sys/class/tty/ttyS0/device/driver"), 0);
	CHECK_EQ_INT(arm64_parse_option(&opts, opt_id("serial"), "ttyS0", &why), 0);
	CHECK_EQ_INT(arm64_kexec_load(f.root, &req, &why), -EOPNOTSUPP);
	CHECK(strstr(why.msg, "serial8250") != NULL);
	fixture_done(&f);
}

static void test_options(void)
{
	struct arch_options o;
	struct diag why = {};
	size_t n;

	arm64_options_init(&o);
	CHECK(arm64_kexec_load_only_option(&o) == NULL);
	for (n = 0; arm64_option_table[n].name; n++) {
		const struct arch_option *opt = &arm64_option_table[n];
		int r = arm64_parse_option(&o, opt->id, opt->has_arg ? "ttyAMA0" : NULL, &why);

		if (strcmp(opt->name, "dtb") == 0 || strcmp(opt->name, "serial") == 0) {
			CHECK_EQ_INT(r, 0);
		} else {
			/* Every x86 option is refused with its reason. */
			CHECK_EQ_INT(r, -EOPNOTSUPP);
			CHECK(strncmp(why.msg, "x86 only: ", 10) == 0);
		}
	}
	CHECK_EQ_INT(n, 10);
	CHECK_EQ_STR(arm64_options(&o)->dtb, "ttyAMA0");
	CHECK_EQ_STR(arm64_kexec_load_only_option(&o), "--dtb");
	arm64_options_init(&o);
	CHECK_EQ_INT(arm64_parse_option(&o, opt_id("serial"), "../ttyAMA0", &why), -EINVAL);
	CHECK_EQ_INT(arm64_parse_option(&o, opt_id("dtb"), "", &why), -EINVAL);
	CHECK_EQ_INT(arm64_parse_option(&o, opt_id("serial"), "ttyAMA1", &why), 0);
	CHECK_EQ_STR(arm64_kexec_load_only_option(&o), "--serial");
	CHECK_EQ_INT(arm64_parse_option(&o, 99, NULL, &why), -EOPNOTSUPP);
}

static void test_tables(void)
{
	CHECK_EQ_STR(arch_arm64.name, "aarch64");
	CHECK_EQ_INT(arch_arm64.elf_machine, EM_AARCH64);
	CHECK_EQ_INT(arch_arm64.kexec_arch, KEXEC_ARCH_AARCH64);
	CHECK(arch_arm64.formats[0] == &arm64_image_ops);
	CHECK(arch_arm64.formats[3] == NULL);
	CHECK(arch_arm64.dump == &arch_dump_arm64);
	CHECK(arch_arm64.kexec_load == arm64_kexec_load);
	CHECK_EQ_STR(arch_dump_arm64.image_number, "kimage_voffset");
	CHECK(arch_dump_arm64.image_number_is_voffset);
	/* 48- and 52-bit kernels: linear map below, image above. */
	CHECK(0xffff7fffffffffffULL < arch_dump_arm64.image_base);  /* 48-bit PAGE_END - 1 */
	CHECK(0xffff800008000000ULL >= arch_dump_arm64.image_base); /* 6.1's KIMAGE_VADDR */
	CHECK(0xffff000000000000ULL >= arch_dump_arm64.direct_map_floor);
	CHECK(0xfff0000000000000ULL >= arch_dump_arm64.direct_map_floor);
}

/*
 * An arm64 dump as the capture kernel shows it, minus the kernel-text PT_LOAD: RAM in the
 * linear map only, so an image address is reachable through VMCOREINFO's
 * NUMBER(kimage_voffset)=0x..., as arm64 prints it. For 48- and 52-bit linear maps.
 */
static void test_dump(void)
{
	static const uint64_t linear[] = { 0xffff000000000000ULL, 0xfff0000000000000ULL };
	const uint64_t ram = 0x40200000, image_vaddr = 0xffff800081200000ULL;

	for (size_t i = 0; i < ARRAY_SIZE(linear); i++) {
		static uint8_t core[0x5000];
		char info[160];
		struct {
			Elf64_Ehdr eh;
			Elf64_Phdr ph[2];
		} h = {};
		Elf64_Nhdr nh = { .n_namesz = 11 };
		struct vmcore_buffer b = { core, sizeof(core) };
		struct vmcore vc;
		uint8_t got[4];
		int len;

		len = snprintf(info, sizeof(info), "OSRELEASE=6.12.118+deb13-arm64\n"
			       "NUMBER(kimage_voffset)=0x%llx\nNUMBER(VA_BITS)=%d\n",
			       (unsigned long long)(image_vaddr - ram), i ? 52 : 48);
		nh.n_descsz = (uint32_t)len;
		memset(core, 0, sizeof(core));
		memcpy(h.eh.e_ident, ELFMAG, SELFMAG);
		h.eh.e_ident[EI_CLASS] = ELFCLASS64;
		h.eh.e_ident[EI_DATA] = ELFDATA2LSB;
		h.eh.e_ident[EI_VERSION] = EV_CURRENT;
		h.eh.e_type = ET_CORE;
		h.eh.e_machine = EM_AARCH64;
		h.eh.e_phoff = sizeof(h.eh);
		h.eh.e_phentsize = sizeof(Elf64_Phdr);
		h.eh.e_phnum = 2;
		h.ph[0] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = 0x100,
					.p_filesz = sizeof(nh) + 12 + ALIGN_UP((size_t)len, 4) };
		/* vaddr = paddr - PHYS_OFFSET (1 GiB) + PAGE_OFFSET */
		h.ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = 0x1000,
					.p_vaddr = linear[i] + ram - 0x40000000, .p_paddr = ram,
					.p_filesz = 0x4000, .p_memsz = 0x4000 };
		memcpy(core, &h, sizeof(h));
		memcpy(core + 0x100, &nh, sizeof(nh));
		memcpy(core + 0x100 + sizeof(nh), "VMCOREINFO", 11);
		memcpy(core + 0x100 + sizeof(nh) + 12, info, (size_t)len);
		memcpy(core + 0x1000 + 0x123, "ARM\x64", 4);

		CHECK_EQ_INT(vmcore_open(vmcore_buffer_read, &b, sizeof(core), &vc), 0);
		CHECK(vc.arch == &arch_dump_arm64);
		CHECK(vc.has_phys_base && vc.phys_base == image_vaddr - ram);
		/* The image through kimage_voffset, the linear map through its PT_LOAD. */
		CHECK_EQ_INT(vmcore_read_vaddr(&vc, image_vaddr + 0x123, got, 4), 0);
		CHECK(memcmp(got, "ARM\x64", 4) == 0);
		CHECK_EQ_INT(vmcore_read_vaddr(&vc, linear[i] + ram - 0x40000000 + 0x123, got, 4), 0);
		CHECK(memcmp(got, "ARM\x64", 4) == 0);
		CHECK_EQ_INT(vmcore_read_vaddr(&vc, image_vaddr + 0x4000, got, 4), -EFAULT);
		vmcore_done(&vc);
	}
}

int main(void)
{
	test_iomem_busy();
	test_env();
	test_placement();
	test_placement_bad_tree();
	test_driver();
	test_options();
	test_tables();
	test_dump();
	return unit_summary("test-arm64-load");
}
