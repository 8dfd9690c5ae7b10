// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "vmcore: "
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "log.h"
#include "parse.h"
#include "vmcore.h"

#define VMCOREINFO_NOTE_NAME "VMCOREINFO"

static uint64_t align4(uint64_t v)
{
	return (v + 3) & ~3ULL;
}

static int read_file(const struct vmcore *vc, uint64_t offset, void *buf, size_t len)
{
	uint64_t end;

	if (__builtin_add_overflow(offset, (uint64_t)len, &end) || end > vc->size)
		return -EBADMSG;
	return vc->read(vc->userdata, offset, buf, len);
}

int vmcore_buffer_read(void *userdata, uint64_t offset, void *buf, size_t len)
{
	const struct vmcore_buffer *b = userdata;

	if (offset > b->len || len > b->len - offset)
		return -EIO;
	memcpy(buf, (const uint8_t *)b->data + offset, len);
	return 0;
}

/* ---- VMCOREINFO ---- */

int vmcoreinfo_parse(const char *buf, size_t len, struct vmcoreinfo *ret)
{
	const char *nul;
	char *text;

	if (len > VMCOREINFO_MAX)
		return -E2BIG;
	/* Notes are padded with NULs; the text ends at the first one. */
	nul = memchr(buf, '\0', len);
	if (nul)
		len = nul - buf;
	text = malloc(len + 1);
	if (!text)
		return -ENOMEM;
	memcpy(text, buf, len);
	text[len] = '\0';
	*ret = (struct vmcoreinfo){ .text = text, .len = len };
	return 0;
}

void vmcoreinfo_done(struct vmcoreinfo *vi)
{
	free(vi->text);
	*vi = (struct vmcoreinfo){};
}

int vmcoreinfo_get(const struct vmcoreinfo *vi, const char *key, const char **ret_value,
		   size_t *ret_len)
{
	size_t klen = strlen(key);
	const char *p = vi->text, *end = vi->text + vi->len;

	if (!p)
		return -ENOENT;
	while (p < end) {
		const char *eol = memchr(p, '\n', end - p);

		if (!eol)
			eol = end;
		if ((size_t)(eol - p) > klen && memcmp(p, key, klen) == 0 && p[klen] == '=') {
			*ret_value = p + klen + 1;
			*ret_len = eol - (p + klen + 1);
			return 0;
		}
		p = eol + 1;
	}
	return -ENOENT;
}

static int lookup(const struct vmcoreinfo *vi, const char *fmt, const char *name, int base,
		  uint64_t *ret)
{
	char key[160];
	const char *v;
	size_t len;
	int r;

	if ((size_t)snprintf(key, sizeof(key), fmt, name) >= sizeof(key))
		return -ENOENT;
	r = vmcoreinfo_get(vi, key, &v, &len);
	if (r < 0)
		return r;
	return parse_u64_n(v, len, base, ret, NULL);
}

int vmcoreinfo_symbol(const struct vmcoreinfo *vi, const char *name, uint64_t *ret)
{
	return lookup(vi, "SYMBOL(%s)", name, 16, ret);
}

int vmcoreinfo_size(const struct vmcoreinfo *vi, const char *type, uint64_t *ret)
{
	return lookup(vi, "SIZE(%s)", type, 10, ret);
}

int vmcoreinfo_offset(const struct vmcoreinfo *vi, const char *member, uint64_t *ret)
{
	return lookup(vi, "OFFSET(%s)", member, 10, ret);
}

int vmcoreinfo_number(const struct vmcoreinfo *vi, const char *name, int64_t *ret)
{
	char key[160];
	const char *v;
	uint64_t u;
	size_t len;
	bool neg;
	int r;

	if ((size_t)snprintf(key, sizeof(key), "NUMBER(%s)", name) >= sizeof(key))
		return -ENOENT;
	r = vmcoreinfo_get(vi, key, &v, &len);
	if (r < 0)
		return r;
	/* arm64 prints its address-like numbers (kimage_voffset, PHYS_OFFSET) with 0x%llx: the
	 * same 64 bits. */
	if (len > 2 && v[0] == '0' && v[1] == 'x') {
		r = parse_u64_n(v + 2, len - 2, 16, &u, NULL);
		if (r < 0)
			return -EBADMSG;
		*ret = (int64_t)u;
		return 0;
	}
	/* The kernel prints NUMBER() with %ld. */
	neg = len > 0 && v[0] == '-';
	r = parse_u64_n(v + neg, len - neg, 10, &u, NULL);
	if (r < 0)
		return r;
	if (u > (uint64_t)INT64_MAX + neg)
		return -EBADMSG;
	*ret = neg ? (int64_t)(0 - u) : (int64_t)u;
	return 0;
}

/* ---- ELF core ---- */

/*
 * Walk the notes of one PT_NOTE segment, keeping the first VMCOREINFO. Walking stops at a
 * note that does not fit (the kernel pads its note buffers) or an all-zero header.
 */
static int scan_notes(struct vmcore *vc, uint64_t off, uint64_t size)
{
	uint64_t pos = 0;
	int r;

	while (size - pos >= sizeof(Elf64_Nhdr)) {
		char name[sizeof(VMCOREINFO_NOTE_NAME)];
		uint64_t namesz, descsz, total;
		Elf64_Nhdr nh;

		r = read_file(vc, off + pos, &nh, sizeof(nh));
		if (r < 0)
			return r;
		if (nh.n_namesz == 0 && nh.n_descsz == 0 && nh.n_type == 0)
			break;
		namesz = align4(nh.n_namesz);
		descsz = align4(nh.n_descsz);
		/* 32-bit fields: the sums below cannot overflow 64 bits. */
		total = sizeof(nh) + namesz + descsz;
		if (total > size - pos) {
			log_debug("note at +%llu runs past its segment", (unsigned long long)pos);
			break;
		}
		if (nh.n_namesz == sizeof(name)) {
			r = read_file(vc, off + pos + sizeof(nh), name, sizeof(name));
			if (r < 0)
				return r;
			if (memcmp(name, VMCOREINFO_NOTE_NAME, sizeof(name)) == 0 && !vc->info.text) {
				_cleanup_free_ char *desc = NULL;

				if (nh.n_descsz > VMCOREINFO_MAX)
					return -E2BIG;
				desc = malloc(nh.n_descsz ? nh.n_descsz : 1);
				if (!desc)
					return -ENOMEM;
				r = read_file(vc, off + pos + sizeof(nh) + namesz, desc, nh.n_descsz);
				if (r < 0)
					return r;
				r = vmcoreinfo_parse(desc, nh.n_descsz, &vc->info);
				if (r < 0)
					return r;
			}
		}
		pos += total;
	}
	return 0;
}

static int read_phdrs(struct vmcore *vc, const Elf64_Ehdr *eh, uint64_t phnum)
{
	uint64_t tsize;
	int r;

	if (eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    __builtin_mul_overflow(phnum, sizeof(Elf64_Phdr), &tsize) ||
	    tsize > vc->size || eh->e_phoff > vc->size - tsize)
		return -EBADMSG;

	vc->loads = calloc(phnum ? phnum : 1, sizeof(*vc->loads));
	if (!vc->loads)
		return -ENOMEM;

	for (uint64_t i = 0; i < phnum; i++) {
		uint64_t end;
		Elf64_Phdr ph;

		r = read_file(vc, eh->e_phoff + i * sizeof(ph), &ph, sizeof(ph));
		if (r < 0)
			return r;
		if (ph.p_type == PT_NOTE) {
			if (__builtin_add_overflow(ph.p_offset, ph.p_filesz, &end) || end > vc->size)
				return -EBADMSG;
			r = scan_notes(vc, ph.p_offset, ph.p_filesz);
			if (r < 0)
				return r;
			continue;
		}
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		/*
		 * A PT_LOAD may reach past the end of the file (a truncated copy): reads of the
		 * missing part fail then, the rest stays readable.
		 */
		if (ph.p_filesz > ph.p_memsz ||
		    __builtin_add_overflow(ph.p_offset, ph.p_filesz, &end) ||
		    __builtin_add_overflow(ph.p_vaddr, ph.p_memsz - 1, &end) ||
		    __builtin_add_overflow(ph.p_paddr, ph.p_memsz - 1, &end))
			return -EBADMSG;
		vc->loads[vc->n_loads++] = (struct vmcore_load){
			.vaddr = ph.p_vaddr,
			.paddr = ph.p_paddr,
			.memsz = ph.p_memsz,
			.filesz = ph.p_filesz,
			.offset = ph.p_offset,
		};
	}
	return 0;
}

/*
 * Two numbers reach what no PT_LOAD names by vaddr (struct arch_dump says how, per
 * architecture): the kernel image's offset (VMCOREINFO's NUMBER, else from the image's own
 * PT_LOAD) and the direct-map base (randomized by KASLR and not in VMCOREINFO: the kernel
 * writes RAM PT_LOADs with vaddr = __va(paddr), so their difference is it).
 */
static void find_translations(struct vmcore *vc)
{
	const struct arch_dump *a = vc->arch;
	int64_t n;

	if (vmcoreinfo_number(&vc->info, a->image_number, &n) == 0) {
		vc->has_phys_base = true;
		vc->phys_base = (uint64_t)n;
	}
	for (size_t i = 0; i < vc->n_loads; i++) {
		const struct vmcore_load *l = &vc->loads[i];

		if (a->image_base && l->vaddr >= a->image_base) {
			if (!vc->has_phys_base) {
				vc->has_phys_base = true;
				vc->phys_base = a->image_number_is_voffset ? l->vaddr - l->paddr :
						l->paddr - (l->vaddr - a->image_base);
			}
		} else if (l->vaddr >= a->direct_map_floor && l->vaddr >= l->paddr) {
			vc->has_page_offset = true;
			vc->page_offset = l->vaddr - l->paddr;
		}
	}
	log_debug("phys_base %s%#llx, page offset %s%#llx", vc->has_phys_base ? "" : "(none) ",
		  (unsigned long long)vc->phys_base, vc->has_page_offset ? "" : "(none) ",
		  (unsigned long long)vc->page_offset);
}

int vmcore_open(vmcore_read_fn read, void *userdata, uint64_t size, struct vmcore *ret)
{
	struct vmcore vc = { .read = read, .userdata = userdata, .size = size };
	uint64_t phnum;
	Elf64_Ehdr eh;
	int r;

	if (size < sizeof(eh))
		return -ENOEXEC;
	r = read(userdata, 0, &eh, sizeof(eh));
	if (r < 0)
		return r;
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_type != ET_CORE)
		return -ENOEXEC;
	/* Any architecture kexec knows, whatever this host is: dumps are read where convenient. */
	vc.arch = arch_dump_for_machine(eh.e_machine);
	if (!vc.arch)
		return -ENOEXEC;

	phnum = eh.e_phnum;
	if (phnum == PN_XNUM) {
		/* More than 65534 segments (makedumpfile -E on a big machine): the count is in
		 * section header 0. */
		Elf64_Shdr sh0;

		if (eh.e_shnum == 0 || eh.e_shentsize != sizeof(sh0))
			return -EBADMSG;
		r = read_file(&vc, eh.e_shoff, &sh0, sizeof(sh0));
		if (r < 0)
			return r;
		phnum = sh0.sh_info;
	}
	if (phnum > VMCORE_MAX_LOADS)
		return -E2BIG;

	r = read_phdrs(&vc, &eh, phnum);
	if (r < 0)
		goto fail;
	if (!vc.info.text) {
		r = -ENODATA;
		goto fail;
	}
	find_translations(&vc);
	log_debug("%zu PT_LOADs, VMCOREINFO %zu bytes", vc.n_loads, vc.info.len);
	*ret = vc;
	return 0;
fail:
	vmcore_done(&vc);
	return r;
}

void vmcore_done(struct vmcore *vc)
{
	free(vc->loads);
	vmcoreinfo_done(&vc->info);
	*vc = (struct vmcore){};
}

static const struct vmcore_load *find_load(const struct vmcore *vc, uint64_t addr, bool phys)
{
	for (size_t i = 0; i < vc->n_loads; i++) {
		const struct vmcore_load *l = &vc->loads[i];
		uint64_t base = phys ? l->paddr : l->vaddr;

		if (addr >= base && addr - base < l->memsz)
			return l;
	}
	return NULL;
}

int vmcore_read_vaddr(void *userdata, uint64_t vaddr, void *buf, size_t len)
{
	const struct vmcore *vc = userdata;
	uint8_t *out = buf;

	while (len > 0) {
		const struct vmcore_load *l;
		uint64_t addr = vaddr, rel, n;
		bool phys = false;
		int r;

		l = find_load(vc, addr, false);
		if (!l) {
			const struct arch_dump *a = vc->arch;
			bool image = a->image_base && vaddr >= a->image_base;

			if (image && vc->has_phys_base)
				addr = a->image_number_is_voffset ? vaddr - vc->phys_base :
				       vaddr - a->image_base + vc->phys_base;
			else if (!image && vc->has_page_offset && vaddr >= vc->page_offset)
				addr = vaddr - vc->page_offset;
			else
				return -EFAULT;
			phys = true;
			l = find_load(vc, addr, true);
			if (!l)
				return -EFAULT;
		}
		rel = addr - (phys ? l->paddr : l->vaddr);
		if (rel < l->filesz) {
			n = MIN((uint64_t)len, l->filesz - rel);
			r = read_file(vc, l->offset + rel, out, n);
			if (r < 0)
				return r == -EBADMSG ? -EFAULT : r;
		} else {
			/* Past p_filesz: not in the file, zero by definition (makedumpfile puts
			 * long runs of excluded pages there). */
			n = MIN((uint64_t)len, l->memsz - rel);
			memset(out, 0, n);
		}
		out += n;
		len -= n;
		if (len > 0 && __builtin_add_overflow(vaddr, n, &vaddr))
			return -EFAULT;
	}
	return 0;
}
