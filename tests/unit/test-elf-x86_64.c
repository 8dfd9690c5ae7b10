// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ELF vmlinux loader: probe on generated headers (a kernel-like ELF, then one broken or
 * foreign field per case), the plan it builds, and a real vmlinux (KEXEC_TEST_VMLINUX, or the one
 * inside KEXEC_TEST_KERNEL's bzImage).
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>

#include "x86/boot-env.h"
#include "x86/boot-params.h"
#include "x86/bzimage.h"
#include "decompress.h"
#include "x86/efi.h"
#include "fileio.h"
#include "arch.h"
#include "image.h"
#include "macro.h"
#include "plan.h"
#include "unit.h"

#define NPH 4
#define FILE_SIZE 0x6000
#define TEXT_PADDR 0x1000000ULL
#define TEXT_VADDR 0xffffffff81000000ULL

/* Like a vmlinux: text and data linked in the kernel half, percpu at virtual 0, a note. */
struct fake_elf {
	unsigned char b[FILE_SIZE];
	Elf64_Ehdr *eh;
	Elf64_Phdr *ph;
	size_t len;
};

static void make_kernel(struct fake_elf *f)
{
	Elf64_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
		.e_type = ET_EXEC,
		.e_machine = EM_X86_64,
		.e_version = EV_CURRENT,
		.e_entry = TEXT_PADDR,
		.e_phoff = sizeof(Elf64_Ehdr),
		.e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr),
		.e_phnum = NPH,
	};
	Elf64_Phdr ph[NPH] = {
		{ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0x1000, .p_vaddr = TEXT_VADDR,
		  .p_paddr = TEXT_PADDR, .p_filesz = 0x2000, .p_memsz = 0x2000, .p_align = 0x200000 },
		{ .p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = 0x3000, .p_vaddr = 0,
		  .p_paddr = TEXT_PADDR + 0x2000, .p_filesz = 0x1000, .p_memsz = 0x1000 },
		/* bss: memsz beyond filesz, not page-multiple */
		{ .p_type = PT_LOAD, .p_flags = PF_R | PF_W | PF_X, .p_offset = 0x4000,
		  .p_vaddr = TEXT_VADDR + 0x3000, .p_paddr = TEXT_PADDR + 0x3000, .p_filesz = 0x1800,
		  .p_memsz = 0x4100 },
		{ .p_type = PT_NOTE, .p_offset = 0x5000, .p_vaddr = TEXT_VADDR + 0x1000,
		  .p_paddr = TEXT_PADDR + 0x1000, .p_filesz = 0x20, .p_memsz = 0x20 },
	};

	memset(f->b, 0xcc, sizeof(f->b));
	memcpy(f->b, &eh, sizeof(eh));
	memcpy(f->b + eh.e_phoff, ph, sizeof(ph));
	f->eh = (Elf64_Ehdr *)f->b;
	f->ph = (Elf64_Phdr *)(f->b + eh.e_phoff);
	f->len = sizeof(f->b);
}

/* A non-PIE static program such as busybox-static: linked (and "loaded") at 0x400000. */
static void m_program(struct fake_elf *f)
{
	for (int i = 0; i < 3; i++) {
		f->ph[i].p_vaddr = 0x400000 + 0x10000 * i;
		f->ph[i].p_paddr = f->ph[i].p_vaddr;
	}
	f->eh->e_entry = 0x401000;
}

static void m_none(struct fake_elf *f) { (void)f; }
static void m_dyn(struct fake_elf *f) { f->eh->e_type = ET_DYN; }
static void m_rel(struct fake_elf *f) { f->eh->e_type = ET_REL; }
static void m_core(struct fake_elf *f) { f->eh->e_type = ET_CORE; }
static void m_aarch64(struct fake_elf *f) { f->eh->e_machine = EM_AARCH64; }
static void m_i386(struct fake_elf *f) { f->eh->e_machine = EM_386; }
static void m_class32(struct fake_elf *f) { f->eh->e_ident[EI_CLASS] = ELFCLASS32; }
static void m_big_endian(struct fake_elf *f) { f->eh->e_ident[EI_DATA] = ELFDATA2MSB; }
static void m_no_magic(struct fake_elf *f) { f->b[1] = 'e'; }
static void m_short(struct fake_elf *f) { f->len = sizeof(Elf64_Ehdr) - 1; }
static void m_load_outside(struct fake_elf *f) { f->ph[2].p_offset = FILE_SIZE - 0x1000; }
static void m_load_offset_wraps(struct fake_elf *f) { f->ph[0].p_offset = UINT64_MAX - 0xfff; }
static void m_phdrs_outside(struct fake_elf *f) { f->eh->e_phoff = FILE_SIZE - 100; }
static void m_phentsize(struct fake_elf *f) { f->eh->e_phentsize = 32; }
static void m_truncated(struct fake_elf *f) { f->len = 0x4000; }
static void m_filesz_gt_memsz(struct fake_elf *f) { f->ph[1].p_memsz = 0x800; }
static void m_interp(struct fake_elf *f) { f->ph[3].p_type = PT_INTERP; }
static void m_no_load(struct fake_elf *f)
{
	for (int i = 0; i < 3; i++)
		f->ph[i].p_type = PT_NULL;
}
static void m_low(struct fake_elf *f)
{
	f->ph[1].p_paddr = 0x90000;
}
static void m_unaligned(struct fake_elf *f) { f->ph[1].p_paddr += 0x10; }
static void m_overlap(struct fake_elf *f) { f->ph[1].p_paddr = TEXT_PADDR + 0x1000; }
/* Overlap only after rounding up to pages: bss ends mid-page where the next one starts. */
static void m_overlap_rounded(struct fake_elf *f)
{
	f->ph[0].p_memsz = 0x2800;
	f->ph[1].p_paddr = TEXT_PADDR + 0x2000;
}
static void m_paddr_wraps(struct fake_elf *f) { f->ph[2].p_paddr = UINT64_MAX & ~0xfffULL; }
static void m_entry_outside(struct fake_elf *f) { f->eh->e_entry = 0x8000000; }
static void m_entry_virtual(struct fake_elf *f) { f->eh->e_entry = TEXT_VADDR + 0x123; }
static void m_entry_in_bss(struct fake_elf *f) { f->eh->e_entry = TEXT_PADDR + 0x7000; }
static void m_empty_load_ignored(struct fake_elf *f)
{
	f->ph[3] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_paddr = 0, .p_vaddr = 0 };
}

struct elf_case {
	const char *name;
	void (*mutate)(struct fake_elf *f);
	int ret;
	const char *reason; /* a word the user's message must contain */
};

static const struct elf_case cases[] = {
	{ "kernel-like", m_none, 0, NULL },
	{ "entry given as a virtual address", m_entry_virtual, 0, NULL },
	{ "entry in bss", m_entry_in_bss, 0, NULL },
	{ "empty PT_LOAD ignored", m_empty_load_ignored, 0, NULL },
	{ "static program (busybox-like)", m_program, -EOPNOTSUPP, "program" },
	{ "ET_DYN", m_dyn, -EOPNOTSUPP, "position-independent" },
	{ "ET_REL", m_rel, -EOPNOTSUPP, "object file" },
	{ "ET_CORE", m_core, -EOPNOTSUPP, "core dump" },
	{ "PT_INTERP", m_interp, -EOPNOTSUPP, "interpreter" },
	{ "aarch64", m_aarch64, -ENOEXEC, NULL },
	{ "i386", m_i386, -ENOEXEC, NULL },
	{ "ELFCLASS32", m_class32, -ENOEXEC, NULL },
	{ "big endian", m_big_endian, -ENOEXEC, NULL },
	{ "no ELF magic", m_no_magic, -ENOEXEC, NULL },
	{ "shorter than an ELF header", m_short, -ENOEXEC, NULL },
	{ "PT_LOAD outside the file", m_load_outside, -EBADMSG, "outside the file" },
	{ "PT_LOAD offset wraps", m_load_offset_wraps, -EBADMSG, "outside the file" },
	{ "program headers outside the file", m_phdrs_outside, -EBADMSG, "outside the file" },
	{ "wrong e_phentsize", m_phentsize, -EBADMSG, "corrupt" },
	{ "file truncated inside a segment", m_truncated, -EBADMSG, "outside the file" },
	{ "filesz > memsz", m_filesz_gt_memsz, -EBADMSG, "outside the file" },
	{ "no PT_LOAD", m_no_load, -EBADMSG, "no loadable segment" },
	{ "below 1 MiB", m_low, -EOPNOTSUPP, "below 1 MiB" },
	{ "unaligned physical address", m_unaligned, -EOPNOTSUPP, "not page aligned" },
	{ "overlapping segments", m_overlap, -EBADMSG, "overlap" },
	{ "overlapping after page rounding", m_overlap_rounded, -EBADMSG, "overlap" },
	{ "physical end wraps", m_paddr_wraps, -EBADMSG, "2^64" },
	{ "entry outside every segment", m_entry_outside, -EBADMSG, "entry point" },
};

static void test_probe(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct elf_case *c = &cases[i];
		static struct fake_elf f;
		struct image_info info = {};
		int r;

		make_kernel(&f);
		c->mutate(&f);
		r = elf_x86_64_ops.probe(f.b, f.len, &info);
		if (r != c->ret)
			fprintf(stderr, "case '%s': reason '%s'\n", c->name, info.why.msg);
		CHECK_EQ_INT(r, c->ret);
		if (c->reason && !strstr(info.why.msg, c->reason)) {
			fprintf(stderr, "case '%s': reason '%s' lacks '%s'\n", c->name, info.why.msg,
				c->reason);
			CHECK(false);
		}
		if (r == 0)
			CHECK_EQ_INT(info.cmdline_max, 2047);
	}
}

static void test_too_many_loads(void)
{
	static unsigned char b[0x2000];
	Elf64_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
		.e_type = ET_EXEC,
		.e_machine = EM_X86_64,
		.e_entry = TEXT_PADDR,
		.e_phoff = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr),
		.e_phnum = 20,
	};
	struct image_info info = {};

	memcpy(b, &eh, sizeof(eh));
	for (int i = 0; i < 20; i++) {
		Elf64_Phdr ph = { .p_type = PT_LOAD, .p_vaddr = TEXT_VADDR + 0x1000 * i,
				  .p_paddr = TEXT_PADDR + 0x1000 * i, .p_memsz = 0x1000 };

		memcpy(b + sizeof(eh) + i * sizeof(ph), &ph, sizeof(ph));
	}
	CHECK_EQ_INT(elf_x86_64_ops.probe(b, sizeof(b), &info), -EOPNOTSUPP);
	CHECK(strstr(info.why.msg, "loadable segments") != NULL);
	/* 13 fit: 16 minus initrd, boot_params and purgatory. */
	((Elf64_Ehdr *)b)->e_phnum = 13;
	CHECK_EQ_INT(elf_x86_64_ops.probe(b, sizeof(b), &info), 0);
}

static void test_dispatch(void)
{
	static struct fake_elf f;
	const struct image_ops *ops = NULL;
	struct image_info info;

	make_kernel(&f);
	CHECK_EQ_INT(image_probe(arch_x86_64.formats, f.b, f.len, NULL, &ops, &info), 0);
	CHECK(ops == &elf_x86_64_ops);
	CHECK_EQ_STR(info.type, "elf-x86_64");
	CHECK(image_find_type(arch_x86_64.formats, "elf-x86_64") == &elf_x86_64_ops);
	CHECK(image_find_type(arch_x86_64.formats, "elf") == &elf_x86_64_ops);
	CHECK(image_find_type(arch_x86_64.formats, "ELF") == &elf_x86_64_ops);
	CHECK_EQ_INT(image_probe(arch_x86_64.formats, f.b, f.len, "bzImage", &ops, &info), -ENOEXEC);

	/* A program is called a program by the default probe, not "unknown format". */
	m_program(&f);
	CHECK_EQ_INT(image_probe(arch_x86_64.formats, f.b, f.len, NULL, &ops, &info), -EOPNOTSUPP);
	CHECK(strstr(info.why.msg, "not a kernel") != NULL);
}

/* Real programs, static and dynamic, are told apart from kernels. */
static void test_real_programs(void)
{
	static const char *const paths[] = { "/proc/self/exe", "/bin/busybox", "../../build/kexec" };

	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		struct input_file f = INPUT_FILE_INIT;
		struct image_info info = {};
		const struct image_ops *ops;

		if (input_file_open(paths[i], 1ULL << 31, &f) < 0)
			continue;
		CHECK_EQ_INT(image_probe(arch_x86_64.formats, f.map, f.size, NULL, &ops, &info), -EOPNOTSUPP);
		printf("test-elf-x86_64: %s: %s\n", paths[i], info.why.msg);
		input_file_done(&f);
	}
}

static void make_env(struct x86_boot_env *env)
{
	*env = (struct x86_boot_env){ .acpi_rsdp = 0xf5a40 };
	CHECK_EQ_INT(memmap_add(&env->firmware_map, 0, 0x9fc00, 1), 0);
	CHECK_EQ_INT(memmap_add(&env->firmware_map, 0xf0000, 0x100000, 2), 0);
	CHECK_EQ_INT(memmap_add(&env->firmware_map, 0x100000, 0x7ffe0000, 1), 0);
	CHECK_EQ_INT(memmap_add(&env->firmware_map, 0x100000000, 0x180000000, 1), 0);
}

static void plan_machine(struct kexec_plan *plan)
{
	plan_init(plan);
	CHECK_EQ_INT(range_list_add(&plan->avail, 0x100000, 0x7ffe0000), 0);
	CHECK_EQ_INT(range_list_add(&plan->avail, 0x100000000, 0x180000000), 0);
}

static void test_load(void)
{
	static struct fake_elf f;
	static unsigned char initrd[2 * 4096 + 3];
	struct x86_boot_env env;
	struct x86_load_ctx ctx = { .env = &env };
	struct kexec_plan plan;
	struct image_entry entry = {};
	struct image_load_args a = {
		.kernel = f.b,
		.kernel_size = sizeof(f.b),
		.initrd = initrd,
		.initrd_size = sizeof(initrd),
		.cmdline = "console=ttyS0 panic=-1",
		.mem_max = UINT64_MAX,
		.arch = &ctx,
	};
	const struct boot_params *bp = NULL;
	size_t nkernel = 0;
	struct diag why = {};

	make_kernel(&f);
	make_env(&env);
	plan_machine(&plan);
	CHECK_EQ_INT(elf_x86_64_ops.load(&plan, &a, &entry), 0);
	CHECK_EQ_INT(plan_validate(&plan, &why), 0);
	CHECK_EQ_INT(plan.nr, 5);
	for (size_t i = 0; i < plan.nr; i++) {
		const struct segment *s = &plan.seg[i];

		if (strcmp(s->name, "kernel") == 0) {
			const Elf64_Phdr *ph = &f.ph[nkernel++];

			/* At p_paddr, straight from the file, bss zero-filled by memsz. */
			CHECK_EQ_INT(s->mem, ph->p_paddr);
			CHECK(s->buf == f.b + ph->p_offset);
			CHECK_EQ_INT(s->bufsz, ph->p_filesz);
			CHECK_EQ_INT(s->memsz, ALIGN_UP(ph->p_memsz, 4096));
			CHECK(!s->owned);
		} else if (strcmp(s->name, "initrd") == 0) {
			/* Below 4 GiB while it fits, for kernels before 3.8. */
			CHECK_EQ_INT(s->mem + s->memsz, 0x7ffe0000);
			CHECK(s->buf == initrd);
		} else if (strcmp(s->name, "boot_params") == 0) {
			bp = s->buf;
			CHECK(s->mem + s->memsz <= 0x100000000);
			/* The kernel copies COMMAND_LINE_SIZE bytes from cmd_line_ptr: all ours. */
			CHECK(s->memsz >= 4096 + 2048);
			CHECK_EQ_INT(entry.arg, s->mem);
			CHECK_EQ_STR((const char *)s->buf + 4096, "console=ttyS0 panic=-1");
			CHECK_EQ_INT(bp->hdr.cmd_line_ptr, s->mem + 4096);
			CHECK_EQ_INT(bp->ext_cmd_line_ptr, 0);
		}
	}
	CHECK_EQ_INT(nkernel, 3);
	CHECK_EQ_INT(entry.entry, TEXT_PADDR);
	CHECK(bp != NULL);
	if (bp) {
		CHECK_EQ_INT(bp->hdr.type_of_loader, X86_LOADER_TYPE_KEXEC);
		CHECK_EQ_INT(bp->hdr.header, BZIMAGE_HEADER_MAGIC);
		CHECK_EQ_INT(bp->hdr.boot_flag, 0xAA55);
		CHECK(bp->hdr.version >= 0x0209); /* parse_setup_data's minimum */
		CHECK_EQ_INT(bp->hdr.ramdisk_size, sizeof(initrd));
		CHECK_EQ_INT(bp->hdr.ramdisk_image + ALIGN_UP(sizeof(initrd), 4096), 0x7ffe0000);
		CHECK_EQ_INT(bp->e820_entries, 4);
		CHECK_EQ_INT(bp->acpi_rsdp_addr, 0xf5a40);
		CHECK_EQ_INT(bp->sentinel, 0);
		CHECK_EQ_INT(bp->hdr.hardware_subarch, 0);
	}
	plan_done(&plan);

	/* The entry given virtually becomes physical. */
	make_kernel(&f);
	m_entry_virtual(&f);
	plan_machine(&plan);
	CHECK_EQ_INT(elf_x86_64_ops.load(&plan, &a, &entry), 0);
	CHECK_EQ_INT(entry.entry, TEXT_PADDR + 0x123);
	plan_done(&plan);

	/* An initrd that fits only above 4 GiB goes there. */
	make_kernel(&f);
	plan_init(&plan);
	/* Below 4 GiB: two pages for boot_params and exactly the kernel's segments. */
	CHECK_EQ_INT(range_list_add(&plan.avail, 0x100000, 0x102000), 0);
	CHECK_EQ_INT(range_list_add(&plan.avail, TEXT_PADDR, TEXT_PADDR + 0x8000), 0);
	CHECK_EQ_INT(range_list_add(&plan.avail, 0x100000000, 0x180000000), 0);
	CHECK_EQ_INT(elf_x86_64_ops.load(&plan, &a, &entry), 0);
	for (size_t i = 0; i < plan.nr; i++)
		if (strcmp(plan.seg[i].name, "initrd") == 0)
			CHECK_EQ_INT(plan.seg[i].mem + plan.seg[i].memsz, 0x180000000);
	plan_done(&plan);

	/* Fixed addresses outside --mem-max: no room. */
	plan_machine(&plan);
	range_list_clip(&plan.avail, 0x100000, 0x1001000);
	CHECK_EQ_INT(elf_x86_64_ops.load(&plan, &a, &entry), -EADDRNOTAVAIL);
	plan_done(&plan);

	/* No initrd: nothing in the zero page says there is one. */
	a.initrd = NULL;
	a.initrd_size = 0;
	plan_machine(&plan);
	CHECK_EQ_INT(elf_x86_64_ops.load(&plan, &a, &entry), 0);
	CHECK_EQ_INT(plan.nr, 4);
	for (size_t i = 0; i < plan.nr; i++)
		if (strcmp(plan.seg[i].name, "boot_params") == 0) {
			bp = plan.seg[i].buf;
			CHECK_EQ_INT(bp->hdr.ramdisk_image, 0);
			CHECK_EQ_INT(bp->hdr.ramdisk_size, 0);
		}
	plan_done(&plan);
	x86_boot_env_done(&env);
}

/* On UEFI the runtime map and SETUP_EFI follow the command line's room, as for a bzImage. */
static void test_load_efi(void)
{
	static struct fake_elf f;
	struct x86_boot_env env;
	struct x86_load_ctx ctx = { .env = &env };
	struct kexec_plan plan;
	struct image_entry entry = {};
	struct image_load_args a = {
		.kernel = f.b,
		.kernel_size = sizeof(f.b),
		.cmdline = "console=ttyS0",
		.mem_max = UINT64_MAX,
		.arch = &ctx,
	};
	struct diag why = {};

	make_kernel(&f);
	make_env(&env);
	env.efi_state = (struct x86_efi){
		.loader_signature = X86_EFI64_LOADER_SIGNATURE,
		.systab = 0x3f6a2018,
		.memdesc_version = 1,
		.memdesc_size = 48,
		.fw_vendor = 0x3f6a1f98,
		.tables = 0x3f6a0018,
		.map = calloc(2, sizeof(struct x86_efi_memdesc)),
		.nr_map = 2,
	};
	env.efi_state.map[0] = (struct x86_efi_memdesc){ 5, 0, 0x3f5f0000, 0xfffffffeffa00000, 0x20, 0 };
	env.efi_state.map[1] = (struct x86_efi_memdesc){ 6, 0, 0x3f610000, 0xfffffffeff9e0000, 0x30, 0 };

	for (int noefi = 0; noefi <= 1; noefi++) {
		ctx.noefi = noefi;
		plan_machine(&plan);
		CHECK_EQ_INT(elf_x86_64_ops.load(&plan, &a, &entry), 0);
		CHECK_EQ_INT(plan_validate(&plan, &why), 0);
		for (size_t i = 0; i < plan.nr; i++) {
			const struct segment *s = &plan.seg[i];
			const struct boot_params *bp = s->buf;

			if (strcmp(s->name, "boot_params") != 0)
				continue;
			/* The chain starts with the random seed (boot-params.c), last in the segment. */
			const struct setup_data *seed = (const void *)((const uint8_t *)s->buf + s->bufsz - 16 - 32);
			CHECK_EQ_INT(bp->hdr.setup_data, s->mem + s->bufsz - 16 - 32);
			CHECK_EQ_INT(seed->type, SETUP_RNG_SEED);
			CHECK_EQ_INT(seed->len, 32);
			if (noefi) {
				CHECK_EQ_INT(bp->efi_info.efi_loader_signature, 0);
				CHECK_EQ_INT(seed->next, 0);
				CHECK_EQ_INT(s->bufsz, 4096 + 2048 + 16 + 32);
				continue;
			}
			CHECK_EQ_INT(bp->efi_info.efi_loader_signature, X86_EFI64_LOADER_SIGNATURE);
			CHECK_EQ_INT(bp->efi_info.efi_memmap, s->mem + 4096 + 2048);
			CHECK_EQ_INT(bp->efi_info.efi_memmap_size, 2 * 48);
			/* SETUP_EFI is next, inside the segment, where a 2.09+ kernel looks for it. */
			CHECK(seed->next > s->mem + 4096 + 2048);
			CHECK(seed->next + 16 + 96 <= s->mem + s->bufsz);
			if (seed->next > s->mem && seed->next + 16 <= s->mem + s->bufsz) {
				const struct setup_data *e =
					(const void *)((const uint8_t *)s->buf + (seed->next - s->mem));
				CHECK_EQ_INT(e->type, SETUP_EFI);
				CHECK_EQ_INT(e->next, 0);
			}
			CHECK(bp->hdr.version >= 0x0209);
			CHECK_EQ_STR((const char *)s->buf + 4096, "console=ttyS0");
		}
		plan_done(&plan);
	}
	x86_boot_env_done(&env);
}

/* A real vmlinux: probe it, plan it, and refuse it truncated. */
static void check_real_vmlinux(const char *what, const void *buf, size_t len)
{
	struct image_info info = {};
	const struct image_ops *ops = NULL;
	struct x86_boot_env env;
	struct x86_load_ctx ctx = { .env = &env };
	struct kexec_plan plan;
	struct image_entry entry = {};
	struct image_load_args a = {
		.kernel = buf,
		.kernel_size = len,
		.cmdline = "console=ttyS0",
		.mem_max = UINT64_MAX,
		.arch = &ctx,
	};
	struct diag why = {};

	CHECK_EQ_INT(image_probe(arch_x86_64.formats, buf, len, NULL, &ops, &info), 0);
	CHECK(ops == &elf_x86_64_ops);
	make_env(&env);
	plan_machine(&plan);
	CHECK_EQ_INT(elf_x86_64_ops.load(&plan, &a, &entry), 0);
	CHECK_EQ_INT(plan_validate(&plan, &why), 0);
	/* CONFIG_PHYSICAL_START: 16 MiB by default, always 2 MiB aligned. */
	CHECK(entry.entry >= 0x200000 && entry.entry % 0x200000 == 0);
	printf("test-elf-x86_64: %s: %zu bytes, %zu segments, entry 0x%llx\n", what, len, plan.nr,
	       (unsigned long long)entry.entry);
	plan_done(&plan);
	x86_boot_env_done(&env);

	CHECK_EQ_INT(elf_x86_64_ops.probe(buf, len / 2, &info), -EBADMSG);
	CHECK_EQ_INT(elf_x86_64_ops.probe(buf, 4096, &info), -EBADMSG);
}

static void test_real(void)
{
	const char *vmlinux = getenv("KEXEC_TEST_VMLINUX");
	const char *bz = getenv("KEXEC_TEST_KERNEL");
	struct input_file f = INPUT_FILE_INIT;

	if (vmlinux && *vmlinux) {
		CHECK_EQ_INT(input_file_open(vmlinux, 1ULL << 31, &f), 0);
		if (f.map)
			check_real_vmlinux(vmlinux, f.map, f.size);
		input_file_done(&f);
	} else
		printf("test-elf-x86_64: KEXEC_TEST_VMLINUX not set, real vmlinux case not run\n");

	/* The vmlinux inside a bzImage: payload (boot.rst, 2.08+) minus the appended size. */
	if (bz && *bz) {
		const unsigned char *k;
		size_t setup, off, len;
		void *out = NULL;
		size_t out_len;
		const char *c;

		CHECK_EQ_INT(input_file_open(bz, 1ULL << 31, &f), 0);
		if (!f.map)
			return;
		k = f.map;
		setup = ((size_t)(k[0x1f1] ? k[0x1f1] : 4) + 1) * 512;
		off = setup + (k[0x248] | k[0x249] << 8 | k[0x24a] << 16 | (size_t)k[0x24b] << 24);
		len = k[0x24c] | k[0x24d] << 8 | k[0x24e] << 16 | (size_t)k[0x24f] << 24;
		c = off + len <= f.size ? image_compression(k + off, len) : NULL;
		if (c && strcmp(c, "gzip") != 0)
			len -= 4;
		if (c && image_decompress(k + off, len, IMAGE_DECOMPRESS_MAX, &out, &out_len) == 0) {
			check_real_vmlinux("vmlinux from KEXEC_TEST_KERNEL", out, out_len);
			free(out);
		} else
			printf("test-elf-x86_64: no vmlinux extracted from %s\n", bz);
		input_file_done(&f);
	}
}

int main(void)
{
	test_probe();
	test_too_many_loads();
	test_dispatch();
	test_real_programs();
	test_load();
	test_load_efi();
	test_real();
	return unit_summary("test-elf-x86_64");
}
