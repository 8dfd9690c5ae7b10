// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An uncompressed x86_64 Linux kernel as the build leaves it: the ELF file `vmlinux` (ET_EXEC),
 * which has no setup header. Its PT_LOAD segments are copied to their physical addresses
 * (p_paddr) and it is entered at startup_64 (arch/x86/kernel/head_64.S) in 64-bit mode with
 * %rsi = boot_params, the same state the bzImage decompressor leaves it in.
 *
 * Which ELF files are kernels: an x86_64 kernel is linked at virtual addresses in the top half of
 * the address space (__START_KERNEL_map, 0xffffffff80000000) and tells its physical load
 * addresses apart in p_paddr. No user program can be linked there (user space ends at
 * 0x00007fffffffffff), so "some PT_LOAD has a kernel-half p_vaddr" separates kernels from
 * programs whatever the kernel's configuration, version or strip level. ELF notes would not: the
 * Xen notes exist only with CONFIG_XEN, the "Linux" build-salt note only since 4.19, and both
 * can be stripped.
 */
#define LOG_PREFIX "elf-x86_64: "
#include <assert.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot-params.h"
#include "bzimage.h"
#include "efi.h"
#include "formats.h"
#include "elf64.h"
#include "image.h"
#include "log.h"
#include "plan.h"
#include "units.h"

/* Canonical x86_64 addresses from here up belong to the kernel. */
#define KERNEL_HALF 0xffff800000000000ULL
/* COMMAND_LINE_SIZE on x86 (arch/x86/include/asm/setup.h): the kernel copies this many bytes. */
#define X86_COMMAND_LINE_SIZE 2048
/*
 * kexec_load takes 16 segments; initrd, boot_params and our purgatory take three. A vmlinux has
 * four or five PT_LOADs (text, data, percpu, init; sometimes a separate rodata).
 */
#define ELF_MAX_LOADS (KEXEC_SEGMENT_MAX - 3)
/* We speak the 2.12 protocol: its ext_* fields carry the high halves of 64-bit addresses. */
#define ELF_BOOT_PROTOCOL 0x020c

struct elf_load {
	uint64_t paddr;
	uint64_t memsz;
	uint64_t offset;
	uint64_t filesz;
};

struct elf_kernel {
	struct elf_load load[ELF_MAX_LOADS];
	size_t nr;
	uint64_t entry; /* physical */
};

static const char *elf_type_name(uint16_t type)
{
	switch (type) {
	case ET_REL:
		return "an object file (ELF type REL)";
	case ET_DYN:
		return "a position-independent program or shared library (ELF type DYN)";
	case ET_CORE:
		return "a core dump (ELF type CORE)";
	default:
		return "an ELF file of unknown type";
	}
}

/* Convert e_entry to a physical address, whichever way the ELF states it. */
static int find_entry(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, size_t n, uint64_t *ret)
{
	/* Linux states the physical address (vmlinux.lds.S: ENTRY(phys_startup_64))... */
	for (size_t i = 0; i < n; i++)
		if (eh->e_entry >= ph[i].p_paddr && eh->e_entry - ph[i].p_paddr < ph[i].p_memsz) {
			*ret = eh->e_entry;
			return 0;
		}
	/* ...other kernels may state the virtual one. */
	for (size_t i = 0; i < n; i++)
		if (eh->e_entry >= ph[i].p_vaddr && eh->e_entry - ph[i].p_vaddr < ph[i].p_memsz) {
			*ret = ph[i].p_paddr + (eh->e_entry - ph[i].p_vaddr);
			return 0;
		}
	return -ENOENT;
}

static int elf_kernel_parse(const void *buf, size_t len, struct elf_kernel *ret,
			    struct image_info *info)
{
	Elf64_Phdr ph[ELF_MAX_LOADS];
	struct elf_kernel k = {};
	struct elf64 e;
	size_t nload = 0, high = 0;
	int r;

	r = elf64_open(buf, len, EM_X86_64, &e);
	if (r == -ENOEXEC)
		return r; /* not ELF, or for another machine: let other loaders look */
	if (r < 0)
		return diag_fail(&info->why, -EBADMSG, "corrupt ELF: its header tables lie outside the file (%zu bytes)",
			    len);
	if (e.ehdr.e_type != ET_EXEC)
		return diag_fail(&info->why, -EOPNOTSUPP, "it is %s, not a kernel image (a vmlinux is ELF type EXEC)",
			    elf_type_name(e.ehdr.e_type));

	for (size_t i = 0; i < e.ehdr.e_phnum; i++) {
		Elf64_Phdr p;
		uint64_t end;

		r = elf64_phdr(&e, i, &p);
		if (r < 0)
			return diag_fail(&info->why, -EBADMSG,
				    "corrupt ELF: program header %zu describes bytes outside the file", i);
		if (p.p_type == PT_INTERP)
			return diag_fail(&info->why, -EOPNOTSUPP,
				    "it is a dynamically linked program (it names an interpreter), not a kernel image");
		if (p.p_type != PT_LOAD || p.p_memsz == 0)
			continue;
		if (nload == ELF_MAX_LOADS)
			return diag_fail(&info->why, -EOPNOTSUPP,
				    "it has more than %d loadable segments, more than kexec_load can take",
				    ELF_MAX_LOADS);
		if (__builtin_add_overflow(p.p_paddr, p.p_memsz, &end) || end > UINT64_MAX - PAGE_SIZE)
			return diag_fail(&info->why, -EBADMSG, "corrupt ELF: segment %zu ends beyond 2^64", i);
		if (p.p_vaddr >= KERNEL_HALF)
			high++;
		ph[nload++] = p;
	}
	if (nload == 0)
		return diag_fail(&info->why, -EBADMSG, "corrupt ELF: it has no loadable segment");
	/* Decide "program or kernel" before looking at addresses, so a program is called one. */
	if (high == 0)
		return diag_fail(&info->why, -EOPNOTSUPP,
			    "it is an x86-64 program, not a kernel image: it is linked at user-space addresses "
			    "(0x%llx), a vmlinux at kernel addresses (0xffffffff8...)",
			    (unsigned long long)ph[0].p_vaddr);

	for (size_t i = 0; i < nload; i++) {
		uint64_t start = ph[i].p_paddr, end = ALIGN_UP(ph[i].p_paddr + ph[i].p_memsz, PAGE_SIZE);

		/* kexec_load copies whole pages; every Linux vmlinux aligns segments to 2 MiB. */
		if (start % PAGE_SIZE)
			return diag_fail(&info->why, -EOPNOTSUPP,
				    "its segment at physical address 0x%llx is not page aligned",
				    (unsigned long long)start);
		/* The first MiB holds the BIOS data, the EBDA and real-mode trampolines. */
		if (start < X86_LOW_MEMORY_END)
			return diag_fail(&info->why, -EOPNOTSUPP,
				    "it must be loaded at physical address 0x%llx, below 1 MiB",
				    (unsigned long long)start);
		for (size_t j = 0; j < i; j++) {
			uint64_t s2 = ph[j].p_paddr;
			uint64_t e2 = ALIGN_UP(ph[j].p_paddr + ph[j].p_memsz, PAGE_SIZE);

			if (start < e2 && s2 < end)
				return diag_fail(&info->why, -EBADMSG,
					    "corrupt ELF: segments at physical 0x%llx and 0x%llx overlap",
					    (unsigned long long)s2, (unsigned long long)start);
		}
		k.load[i] = (struct elf_load){
			.paddr = start,
			.memsz = ph[i].p_memsz,
			.offset = ph[i].p_offset,
			.filesz = ph[i].p_filesz,
		};
	}
	k.nr = nload;

	if (find_entry(&e.ehdr, ph, nload, &k.entry) < 0)
		return diag_fail(&info->why, -EBADMSG, "corrupt ELF: its entry point 0x%llx is in no loadable segment",
			    (unsigned long long)e.ehdr.e_entry);

	info->cmdline_max = X86_COMMAND_LINE_SIZE - 1;
	*ret = k;
	return 0;
}

static int elf_x86_64_probe(const void *buf, size_t len, struct image_info *info)
{
	struct elf_kernel k;

	return elf_kernel_parse(buf, len, &k, info);
}

/*
 * The setup header a boot loader would have copied from a bzImage, for a kernel that has none.
 * At the 64-bit entry the kernel reads from it only: cmd_line_ptr (copy_bootdata),
 * ramdisk_image/size with type_of_loader != 0 (early_reserve_initrd ignores an initrd from a
 * loader of type 0), version (x86_64_start_reservations takes 0 as "boot_params not copied yet",
 * parse_setup_data ignores setup_data below 2.09), root_flags/root_dev and hardware_subarch (0:
 * PC). The rest is filled so /sys/kernel/boot_params reads as a well-formed header.
 */
static void fake_setup_header(struct setup_header *h)
{
	h->boot_flag = 0xAA55;
	h->header = BZIMAGE_HEADER_MAGIC;
	h->version = ELF_BOOT_PROTOCOL;
	h->loadflags = LOADED_HIGH;
	h->cmdline_size = X86_COMMAND_LINE_SIZE - 1;
}

static int add_initrd(struct kexec_plan *plan, const struct image_load_args *a, uint64_t *ret)
{
	struct placement req = {
		.memsz = ALIGN_UP((uint64_t)a->initrd_size, PAGE_SIZE),
		.align = PAGE_SIZE,
		.min = MAX(a->mem_min, X86_LOW_MEMORY_END),
		.max = MIN(a->mem_max, SZ_4G),
		.top_down = true,
	};
	int r;

	/*
	 * Below 4 GiB first: kernels before 3.8 ignore ext_ramdisk_image, and an ELF file does not
	 * say which kernel it is. Above only if it does not fit, which only a newer one handles.
	 */
	r = plan_add(plan, "initrd", a->initrd, a->initrd_size, false, &req, ret);
	if (r == -EADDRNOTAVAIL && a->mem_max > SZ_4G) {
		req.max = a->mem_max;
		r = plan_add(plan, "initrd", a->initrd, a->initrd_size, false, &req, ret);
	}
	return r;
}

static int elf_x86_64_load(struct kexec_plan *plan, const struct image_load_args *a,
			   struct image_entry *ret)
{
	const uint8_t *kernel = a->kernel;
	struct image_info info = {};
	struct elf_kernel k;
	struct boot_params *bp;
	uint64_t iaddr = 0, bpaddr;
	size_t cmdlen = strlen(a->cmdline) + 1;
	int r;

	r = elf_kernel_parse(a->kernel, a->kernel_size, &k, &info);
	if (r < 0)
		return r;
	if (cmdlen > X86_COMMAND_LINE_SIZE)
		return log_debug_errno(-E2BIG, "command line of %zu bytes, the kernel takes %d", cmdlen - 1,
				       X86_COMMAND_LINE_SIZE - 1);

	/*
	 * Each PT_LOAD where it was linked: the kernel's page tables are built for that physical
	 * address (head64.c relocates them only by whole 2 MiB steps, and only the decompressor
	 * applies relocations for a different virtual base). Bytes past p_filesz are its bss, which
	 * kexec zero-fills.
	 */
	for (size_t i = 0; i < k.nr; i++) {
		const struct elf_load *l = &k.load[i];

		r = plan_add_fixed(plan, "kernel", kernel + l->offset, l->filesz, false, l->paddr,
				   ALIGN_UP(l->memsz, PAGE_SIZE), NULL);
		if (r < 0)
			return log_debug_errno(r, "kernel segment 0x%llx-0x%llx: %m",
					       (unsigned long long)l->paddr,
					       (unsigned long long)(l->paddr + l->memsz));
	}

	if (a->initrd) {
		r = add_initrd(plan, a, &iaddr);
		if (r < 0)
			return log_debug_errno(r, "no room for the initrd: %m");
	}

	/* The kernel copies a full COMMAND_LINE_SIZE from cmd_line_ptr: give it that much room. */
	r = x86_boot_data_add(plan, a, NULL, 0, X86_COMMAND_LINE_SIZE, &bp, &bpaddr);
	if (r < 0)
		return r;

	fake_setup_header(&bp->hdr);
	if (a->initrd)
		x86_boot_params_set_initrd(bp, iaddr, a->initrd_size);

	ret->entry = k.entry;
	ret->arg = bpaddr;
	return 0;
}

const struct image_ops elf_x86_64_ops = {
	.name = "elf-x86_64",
	.aliases = (const char *const[]){ "elf", NULL },
	.probe = elf_x86_64_probe,
	.load = elf_x86_64_load,
};
