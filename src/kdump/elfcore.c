// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "elfcore: "
#include <elf.h>
#include <errno.h>
#include <string.h>

#include "elf64.h"
#include "elfcore.h"
#include "log.h"

static size_t nr_phdrs(const struct elfcore_input *in)
{
	return in->nr_cpu_notes + (in->vmcoreinfo.size ? 1 : 0) + (in->map.text_size ? 1 : 0) +
	       in->ram->n;
}

size_t elfcore_size(const struct elfcore_input *in)
{
	return ALIGN_UP(sizeof(Elf64_Ehdr) + nr_phdrs(in) * sizeof(Elf64_Phdr), ELFCORE_ALIGN);
}

static int note_phdr(const struct elfcore_note *n, Elf64_Phdr *ret)
{
	uint64_t end;

	if (n->size == 0 || __builtin_add_overflow(n->paddr, n->size, &end))
		return -EINVAL;
	/* p_offset is where the capture kernel reads the note: the physical address. */
	*ret = (Elf64_Phdr){
		.p_type = PT_NOTE,
		.p_offset = n->paddr,
		.p_paddr = n->paddr,
		.p_filesz = n->size,
		.p_memsz = n->size,
	};
	return 0;
}

static int load_phdr(uint64_t vaddr, uint64_t paddr, uint64_t size, Elf64_Phdr *ret)
{
	uint64_t end;

	if (size == 0)
		return -EINVAL;
	if (__builtin_add_overflow(paddr, size, &end) || __builtin_add_overflow(vaddr, size - 1, &end))
		return -EOVERFLOW;
	*ret = (Elf64_Phdr){
		.p_type = PT_LOAD,
		.p_flags = PF_R | PF_W | PF_X,
		.p_offset = paddr,
		.p_vaddr = vaddr,
		.p_paddr = paddr,
		.p_filesz = size,
		.p_memsz = size,
	};
	return 0;
}

int elfcore_build(const struct elfcore_input *in, void *buf, size_t len)
{
	size_t size = elfcore_size(in), n = 0;
	Elf64_Ehdr eh = {
		.e_type = ET_CORE,
		.e_machine = in->layout.machine,
		.e_version = EV_CURRENT,
		.e_phoff = sizeof(Elf64_Ehdr),
		.e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr),
	};
	uint8_t *p = buf;
	Elf64_Phdr ph;
	int r;

	if (len < size)
		return -ENOSPC;
	if (nr_phdrs(in) >= PN_XNUM)
		/* e_phnum is 16 bits; the escape through section 0 is not worth it for kdump. */
		return -EOVERFLOW;
	memset(buf, 0, size);

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_ident[EI_OSABI] = ELFOSABI_NONE;
	eh.e_phnum = nr_phdrs(in);
	memcpy(p, &eh, sizeof(eh));
	p += sizeof(eh);

#define EMIT()                                  \
	do {                                    \
		memcpy(p, &ph, sizeof(ph));     \
		p += sizeof(ph);                \
		n++;                            \
	} while (0)

	for (size_t i = 0; i < in->nr_cpu_notes; i++) {
		r = note_phdr(&in->cpu_notes[i], &ph);
		if (r < 0)
			return log_debug_errno(r, "crash notes of CPU entry %zu are empty or wrap", i);
		EMIT();
	}
	if (in->vmcoreinfo.size) {
		r = note_phdr(&in->vmcoreinfo, &ph);
		if (r < 0)
			return r;
		EMIT();
	}
	if (in->map.text_size) {
		r = load_phdr(in->map.text_vaddr, in->map.text_paddr, in->map.text_size, &ph);
		if (r < 0)
			return log_debug_errno(r, "kernel text mapping wraps");
		EMIT();
	}
	for (size_t i = 0; i < in->ram->n; i++) {
		const struct range *m = &in->ram->r[i];
		uint64_t vaddr;

		if (__builtin_add_overflow(in->map.page_offset, m->start, &vaddr))
			return -EOVERFLOW;
		r = load_phdr(vaddr, m->start, range_size(m), &ph);
		if (r < 0)
			return log_debug_errno(r, "RAM range 0x%llx-0x%llx: %m",
					       (unsigned long long)m->start, (unsigned long long)m->end);
		EMIT();
	}
#undef EMIT
	log_debug("%zu program headers, %zu bytes", n, size);
	return (int)size;
}

int elfcore_kcore_headers_size(const void *ehdr, size_t len, uint16_t machine, size_t *ret)
{
	Elf64_Ehdr eh;
	uint64_t tsize, end;

	if (len < sizeof(eh) || memcmp(ehdr, ELFMAG, SELFMAG) != 0)
		return -ENOEXEC;
	memcpy(&eh, ehdr, sizeof(eh));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_type != ET_CORE || eh.e_machine != machine)
		return -ENOEXEC;
	if (eh.e_phentsize != sizeof(Elf64_Phdr))
		return -EBADMSG;
	if (__builtin_mul_overflow((uint64_t)eh.e_phnum, sizeof(Elf64_Phdr), &tsize) ||
	    __builtin_add_overflow(eh.e_phoff, tsize, &end) || end > SIZE_MAX)
		return -EOVERFLOW;
	*ret = MAX((size_t)end, sizeof(eh));
	return 0;
}

int elfcore_parse_kcore(const void *buf, size_t len, const struct elfcore_layout *layout,
			struct elfcore_kernel_map *ret)
{
	struct elfcore_kernel_map m = {};
	bool have_ram = false;
	struct elf64 e;
	int r;

	r = elf64_open(buf, len, layout->machine, &e);
	if (r < 0)
		return r;
	if (e.ehdr.e_type != ET_CORE)
		return -ENOEXEC;
	if (e.ehdr.e_phnum && e.ehdr.e_phentsize != sizeof(Elf64_Phdr))
		return -EBADMSG;

	for (size_t i = 0; i < e.ehdr.e_phnum; i++) {
		Elf64_Phdr ph;

		/* Not elf64_phdr(): kcore's p_offset points far beyond the headers we hold. */
		memcpy(&ph, e.buf + e.ehdr.e_phoff + i * sizeof(ph), sizeof(ph));
		/* vmalloc, vmemmap, modules and the vsyscall page have no physical address. */
		if (ph.p_type != PT_LOAD || ph.p_paddr == (uint64_t)-1 || ph.p_memsz == 0)
			continue;
		if (ph.p_vaddr >= layout->image_base) {
			m.text_vaddr = ph.p_vaddr;
			m.text_paddr = ph.p_paddr;
			m.text_size = ph.p_memsz;
		} else if (!have_ram) {
			if (ph.p_vaddr < ph.p_paddr)
				return -EBADMSG;
			m.page_offset = ph.p_vaddr - ph.p_paddr;
			have_ram = true;
		} else if (ph.p_vaddr - ph.p_paddr != m.page_offset) {
			/* One direct map: every RAM segment must agree. */
			return log_debug_errno(-EBADMSG, "kcore RAM segments disagree on PAGE_OFFSET");
		}
	}
	if (!have_ram || !m.text_size)
		return log_debug_errno(-ENOENT, "kcore has no %s segment with a physical address",
				       have_ram ? "kernel text" : "RAM");
	log_debug("kcore: PAGE_OFFSET 0x%llx, _text 0x%llx at 0x%llx, 0x%llx bytes",
		  (unsigned long long)m.page_offset, (unsigned long long)m.text_vaddr,
		  (unsigned long long)m.text_paddr, (unsigned long long)m.text_size);
	*ret = m;
	return 0;
}
