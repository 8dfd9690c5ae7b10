// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An arm64 ELF vmlinux, as the build leaves it (or as a -dbg package ships it).
 *
 * Unlike x86's, its program headers name no physical address worth using: arm64 links the
 * kernel at virtual addresses only (p_paddr is p_vaddr, in the kernel half), and the kernel
 * runs from wherever it is put, text_offset above any 2 MiB aligned base in RAM
 * (Documentation/arch/arm64/booting.rst), fixing up its own relocations as it starts. The Image
 * is `objcopy -O binary vmlinux`: the PT_LOADs laid out from the first one, whose first bytes
 * are the Image header (_text, where ENTRY() points). So the kernel's rule for an ELF is the
 * Image's: rebuild the Image from the PT_LOADs, then place it by its header. Loading at
 * p_paddr would mean loading at a virtual address, and no other placement is correct.
 */
#define LOG_PREFIX "arm64-elf: "
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "boot-segments.h"
#include "decompress.h"
#include "elf64.h"
#include "formats.h"
#include "image-header.h"
#include "log.h"

/* A vmlinux has three to five PT_LOADs (text, rodata, init, data); more is not one. */
#define ELF_MAX_LOADS 16
/* Kernel virtual addresses have the top bit set, whatever the VA size; programs' do not. */
#define KERNEL_HALF 0x8000000000000000ULL
/* An Image this big would be no kernel (arm64 kernels are tens of MiB). */
#define ELF_SPAN_MAX (1ULL << 30)

struct elf_load {
	uint64_t vaddr, offset, filesz, memsz;
};

struct elf_image {
	struct elf_load load[ELF_MAX_LOADS];
	size_t nr;
	uint64_t base;      /* the lowest p_vaddr: _text, where the Image starts */
	uint64_t file_span; /* bytes of the rebuilt Image: up to the last file-backed byte */
	struct arm64_image hdr;
};

static const char *elf_type_name(uint16_t type)
{
	switch (type) {
	case ET_REL:
		return "an object file (ELF type REL)";
	case ET_CORE:
		return "a core dump (ELF type CORE)";
	default:
		return "an ELF file of unknown type";
	}
}

static int collect_loads(const struct elf64 *e, struct elf_image *k, struct image_info *info)
{
	for (size_t i = 0; i < e->ehdr.e_phnum; i++) {
		Elf64_Phdr p;
		uint64_t end;

		if (elf64_phdr(e, i, &p) < 0)
			return diag_fail(&info->why, -EBADMSG, "corrupt ELF: program header %zu "
					 "describes bytes outside the file", i);
		if (p.p_type == PT_INTERP)
			return diag_fail(&info->why, -EOPNOTSUPP, "it is a dynamically linked "
					 "program (it names an interpreter), not a kernel image");
		if (p.p_type != PT_LOAD || p.p_memsz == 0)
			continue;
		if (k->nr == ELF_MAX_LOADS)
			return diag_fail(&info->why, -EOPNOTSUPP, "it has more than %d loadable "
					 "segments, which no arm64 vmlinux has", ELF_MAX_LOADS);
		if (__builtin_add_overflow(p.p_vaddr, p.p_memsz, &end))
			return diag_fail(&info->why, -EBADMSG, "corrupt ELF: segment %zu ends "
					 "beyond 2^64", i);
		k->load[k->nr++] = (struct elf_load){ p.p_vaddr, p.p_offset, p.p_filesz, p.p_memsz };
	}
	if (k->nr == 0)
		return diag_fail(&info->why, -EBADMSG, "corrupt ELF: it has no loadable segment");
	return 0;
}

/* Lay the segments out from the lowest: they must not overlap and must stay small. */
static int check_layout(struct elf_image *k, struct image_info *info)
{
	uint64_t span = 0;

	k->base = UINT64_MAX;
	for (size_t i = 0; i < k->nr; i++)
		k->base = MIN(k->base, k->load[i].vaddr);
	for (size_t i = 0; i < k->nr; i++) {
		const struct elf_load *l = &k->load[i];

		span = MAX(span, l->vaddr + l->memsz - k->base);
		if (l->filesz)
			k->file_span = MAX(k->file_span, l->vaddr + l->filesz - k->base);
		for (size_t j = 0; j < i; j++)
			if (l->vaddr < k->load[j].vaddr + k->load[j].memsz &&
			    k->load[j].vaddr < l->vaddr + l->memsz)
				return diag_fail(&info->why, -EBADMSG, "corrupt ELF: segments at "
						 "0x%llx and 0x%llx overlap",
						 (unsigned long long)k->load[j].vaddr,
						 (unsigned long long)l->vaddr);
	}
	if (span > ELF_SPAN_MAX)
		return diag_fail(&info->why, -EBADMSG, "its segments span %llu MiB, more than an "
				 "arm64 kernel occupies", mib_up(span));
	return 0;
}

static int elf_parse(const void *buf, size_t len, struct elf_image *ret, struct image_info *info)
{
	struct elf_image k = {};
	const struct elf_load *first = NULL;
	struct elf64 e;
	int r;

	r = elf64_open(buf, len, EM_AARCH64, &e);
	if (r == -ENOEXEC)
		return r; /* not ELF, or for another machine: let other loaders look */
	if (r < 0)
		return diag_fail(&info->why, -EBADMSG, "corrupt ELF: its header tables lie outside "
				 "the file (%zu bytes)", len);
	/* A relocatable kernel is linked -shared/-pie: ET_DYN, like a PIE program. */
	if (e.ehdr.e_type != ET_EXEC && e.ehdr.e_type != ET_DYN)
		return diag_fail(&info->why, -EOPNOTSUPP, "it is %s, not a kernel image (a vmlinux "
				 "is ELF type EXEC or DYN)", elf_type_name(e.ehdr.e_type));
	r = collect_loads(&e, &k, info);
	if (r < 0)
		return r;
	r = check_layout(&k, info);
	if (r < 0)
		return r;
	/* Decide "program or kernel" before looking closer, so a program is called one. */
	if (k.base < KERNEL_HALF)
		return diag_fail(&info->why, -EOPNOTSUPP, "it is an arm64 program, not a kernel "
				 "image: it is linked at user-space addresses (0x%llx), a vmlinux at "
				 "kernel addresses (0xffff...)", (unsigned long long)k.base);
	if (e.ehdr.e_entry != k.base)
		return diag_fail(&info->why, -EOPNOTSUPP, "its entry point 0x%llx is not its first "
				 "byte 0x%llx, where an arm64 kernel is entered: not a Linux vmlinux",
				 (unsigned long long)e.ehdr.e_entry, (unsigned long long)k.base);
	for (size_t i = 0; i < k.nr; i++)
		if (k.load[i].vaddr == k.base)
			first = &k.load[i];
	if (first->filesz < ARM64_IMAGE_HEADER_SIZE ||
	    !arm64_image_has_magic((const uint8_t *)buf + first->offset, first->filesz))
		return diag_fail(&info->why, -EOPNOTSUPP, "it is an arm64 ELF file without the "
				 "arm64 Image header at its start: not a Linux vmlinux");
	r = arm64_image_parse((const uint8_t *)buf + first->offset, first->filesz, &k.hdr, info);
	if (r < 0)
		return r == -ENOEXEC ? -EBADMSG : r;
	if (k.hdr.image_size < k.file_span)
		return diag_fail(&info->why, -EBADMSG, "corrupt vmlinux: its Image header's "
				 "image_size (%llu bytes) is smaller than its segments (%llu)",
				 (unsigned long long)k.hdr.image_size,
				 (unsigned long long)k.file_span);
	*ret = k;
	return 0;
}

static int elf_probe(const void *buf, size_t len, struct image_info *info)
{
	struct elf_image k;

	return elf_parse(buf, len, &k, info);
}

/* The Image, byte for byte as objcopy -O binary would write it: gaps and bss left zero. */
static int elf_unwrap(const void *buf, size_t len, size_t max_out, void **ret, size_t *ret_len,
		      struct diag *why)
{
	struct image_info info = {};
	struct elf_image k;
	uint8_t *out;
	int r;

	r = elf_parse(buf, len, &k, &info);
	if (r < 0) {
		if (why)
			*why = info.why;
		return r == -ENOEXEC ? -EBADMSG : r;
	}
	if (k.file_span > max_out)
		return diag_fail(why, -EFBIG, "its segments span more than %zu MiB", max_out >> 20);
	out = calloc(1, k.file_span);
	if (!out)
		return -ENOMEM;
	for (size_t i = 0; i < k.nr; i++)
		if (k.load[i].filesz)
			memcpy(out + (k.load[i].vaddr - k.base),
			       (const uint8_t *)buf + k.load[i].offset, k.load[i].filesz);
	log_debug("%zu segments from 0x%llx rebuilt into a %llu-byte Image", k.nr,
		  (unsigned long long)k.base, (unsigned long long)k.file_span);
	*ret = out;
	*ret_len = k.file_span;
	return 0;
}

const struct image_ops arm64_elf_ops = {
	.name = "elf-arm64",
	/* kexec-tools' name for it, and ours for x86's */
	.aliases = (const char *const[]){ "vmlinux", "elf", NULL },
	.probe = elf_probe,
	.unwrap = elf_unwrap,
};
