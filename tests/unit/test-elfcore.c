// SPDX-License-Identifier: GPL-2.0-or-later
/* ELF64 core headers built from fixture notes and ranges, read back through <elf.h>; and the
 * /proc/kcore parser that finds PAGE_OFFSET and the kernel text. */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>

#include "elfcore.h"
#include "unit.h"

static const struct elfcore_layout x86_64_layout = {
	.machine = EM_X86_64,
	.image_base = 0xffffffff80000000ULL,
};

#define PAGE_OFFSET 0xffff9d4a00000000ULL

static const struct elfcore_note notes[] = {
	{ 0x3e03a400, 368 },
	{ 0x3e23a400, 368 },
};

static void make_input(struct elfcore_input *in, struct range_list *ram)
{
	*ram = (struct range_list)RANGE_LIST_INIT;
	CHECK_EQ_INT(range_list_add(ram, 0x100000, 0x32000000), 0);
	CHECK_EQ_INT(range_list_add(ram, 0x3e000000, 0x3ffe0000), 0);
	CHECK_EQ_INT(range_list_add(ram, 0x100000000ULL, 0x180000000ULL), 0);
	*in = (struct elfcore_input){
		.cpu_notes = notes,
		.nr_cpu_notes = 2,
		.vmcoreinfo = { 0x13fa000, 0x1024 },
		.map = {
			.page_offset = PAGE_OFFSET,
			.text_vaddr = 0xffffffff8ec00000ULL,
			.text_paddr = 0x7000000,
			.text_size = 0x3430000,
		},
		.ram = ram,
		.layout = x86_64_layout,
	};
}

static void check_note(const Elf64_Phdr *ph, uint64_t paddr, uint64_t size)
{
	CHECK_EQ_INT(ph->p_type, PT_NOTE);
	CHECK_EQ_INT(ph->p_offset, paddr);
	CHECK_EQ_INT(ph->p_paddr, paddr);
	CHECK_EQ_INT(ph->p_vaddr, 0);
	CHECK_EQ_INT(ph->p_filesz, size);
	CHECK_EQ_INT(ph->p_memsz, size);
}

static void check_load(const Elf64_Phdr *ph, uint64_t vaddr, uint64_t paddr, uint64_t size)
{
	CHECK_EQ_INT(ph->p_type, PT_LOAD);
	CHECK_EQ_INT(ph->p_flags, PF_R | PF_W | PF_X);
	CHECK_EQ_INT(ph->p_offset, paddr);
	CHECK_EQ_INT(ph->p_paddr, paddr);
	CHECK(ph->p_vaddr == vaddr);
	CHECK_EQ_INT(ph->p_filesz, size);
	CHECK_EQ_INT(ph->p_memsz, size);
}

static void test_build(void)
{
	struct elfcore_input in;
	struct range_list ram;
	Elf64_Ehdr eh;
	Elf64_Phdr ph[7];
	uint8_t *buf;
	size_t size;

	make_input(&in, &ram);
	size = elfcore_size(&in);
	CHECK_EQ_INT(size, 4096);
	buf = malloc(size + 1);
	memset(buf, 0xaa, size + 1);
	CHECK_EQ_INT(elfcore_build(&in, buf, size), (long long)size);
	CHECK_EQ_INT(buf[size], 0xaa); /* nothing past the end */

	memcpy(&eh, buf, sizeof(eh));
	CHECK(memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0);
	CHECK_EQ_INT(eh.e_ident[EI_CLASS], ELFCLASS64);
	CHECK_EQ_INT(eh.e_ident[EI_DATA], ELFDATA2LSB);
	CHECK_EQ_INT(eh.e_ident[EI_VERSION], EV_CURRENT);
	CHECK_EQ_INT(eh.e_ident[EI_OSABI], ELFOSABI_NONE);
	CHECK_EQ_INT(eh.e_type, ET_CORE);
	CHECK_EQ_INT(eh.e_machine, EM_X86_64);
	CHECK_EQ_INT(eh.e_version, EV_CURRENT);
	CHECK_EQ_INT(eh.e_entry, 0);
	CHECK_EQ_INT(eh.e_phoff, sizeof(Elf64_Ehdr));
	CHECK_EQ_INT(eh.e_shoff, 0);
	CHECK_EQ_INT(eh.e_ehsize, sizeof(Elf64_Ehdr));
	CHECK_EQ_INT(eh.e_phentsize, sizeof(Elf64_Phdr));
	CHECK_EQ_INT(eh.e_phnum, 7);
	CHECK_EQ_INT(eh.e_shnum, 0);

	memcpy(ph, buf + eh.e_phoff, sizeof(ph));
	check_note(&ph[0], 0x3e03a400, 368);
	check_note(&ph[1], 0x3e23a400, 368);
	check_note(&ph[2], 0x13fa000, 0x1024);
	check_load(&ph[3], 0xffffffff8ec00000ULL, 0x7000000, 0x3430000);
	check_load(&ph[4], PAGE_OFFSET + 0x100000, 0x100000, 0x31f00000);
	check_load(&ph[5], PAGE_OFFSET + 0x3e000000, 0x3e000000, 0x1fe0000);
	check_load(&ph[6], PAGE_OFFSET + 0x100000000ULL, 0x100000000ULL, 0x80000000ULL);
	/* Zero padding after the last header. */
	for (size_t i = sizeof(eh) + sizeof(ph); i < size; i++)
		if (buf[i]) {
			CHECK(buf[i] == 0);
			break;
		}

	/* One byte short: -ENOSPC and the buffer untouched. */
	memset(buf, 0xaa, size);
	CHECK_EQ_INT(elfcore_build(&in, buf, size - 1), -ENOSPC);
	CHECK_EQ_INT(buf[0], 0xaa);
	CHECK_EQ_INT(elfcore_build(&in, buf, 0), -ENOSPC);

	/* No VMCOREINFO, no text mapping: those headers are left out. */
	in.vmcoreinfo.size = 0;
	in.map.text_size = 0;
	CHECK_EQ_INT(elfcore_build(&in, buf, size), 4096);
	memcpy(&eh, buf, sizeof(eh));
	CHECK_EQ_INT(eh.e_phnum, 5);
	memcpy(ph, buf + eh.e_phoff, 5 * sizeof(ph[0]));
	check_note(&ph[1], 0x3e23a400, 368);
	check_load(&ph[2], PAGE_OFFSET + 0x100000, 0x100000, 0x31f00000);

	/* Bad inputs. */
	range_list_done(&ram);
	make_input(&in, &ram);
	in.map.page_offset = 0xffffffff00000000ULL; /* + 4 GiB wraps */
	CHECK_EQ_INT(elfcore_build(&in, buf, size), -EOVERFLOW);
	range_list_done(&ram);
	make_input(&in, &ram);
	in.nr_cpu_notes = 1;
	in.cpu_notes = (const struct elfcore_note[]){ { 0x1000, 0 } };
	CHECK_EQ_INT(elfcore_build(&in, buf, size), -EINVAL);
	free(buf);
	range_list_done(&ram);
}

static void test_size(void)
{
	struct elfcore_note many[100];
	struct range_list ram = RANGE_LIST_INIT;
	struct elfcore_input in = { .cpu_notes = many, .nr_cpu_notes = 100, .ram = &ram };

	/* 64 + 100 * 56 = 5664 -> two pages. */
	CHECK_EQ_INT(elfcore_size(&in), 8192);
	in.nr_cpu_notes = 71; /* 64 + 71 * 56 = 4040 */
	CHECK_EQ_INT(elfcore_size(&in), 4096);
	in.nr_cpu_notes = 72; /* 4096 exactly */
	CHECK_EQ_INT(elfcore_size(&in), 4096);
	in.nr_cpu_notes = 73;
	CHECK_EQ_INT(elfcore_size(&in), 8192);
}

struct kcore {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[4];
};

static void make_kcore(struct kcore *k)
{
	memset(k, 0, sizeof(*k));
	memcpy(k->eh.e_ident, ELFMAG, SELFMAG);
	k->eh.e_ident[EI_CLASS] = ELFCLASS64;
	k->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	k->eh.e_type = ET_CORE;
	k->eh.e_machine = EM_X86_64;
	k->eh.e_phoff = sizeof(k->eh);
	k->eh.e_phentsize = sizeof(Elf64_Phdr);
	k->eh.e_phnum = 4;
	k->ph[0] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = 0x1000, .p_filesz = 0x900 };
	/* The vsyscall page: above the kernel map, but no physical address. */
	k->ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_vaddr = 0xffffffffff600000ULL,
				 .p_paddr = (uint64_t)-1, .p_memsz = 0x1000 };
	k->ph[2] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_vaddr = PAGE_OFFSET + 0x1000,
				 .p_paddr = 0x1000, .p_memsz = 0x9e000 };
	k->ph[3] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_vaddr = 0xffffffff8ec00000ULL,
				 .p_paddr = 0x7000000, .p_memsz = 0x3430000 };
}

static void test_kcore(void)
{
	struct elfcore_kernel_map m;
	struct kcore k;
	size_t need;

	make_kcore(&k);
	CHECK_EQ_INT(elfcore_kcore_headers_size(&k, 64, EM_X86_64, &need), 0);
	CHECK_EQ_INT(need, sizeof(k));
	CHECK_EQ_INT(elfcore_parse_kcore(&k, sizeof(k), &x86_64_layout, &m), 0);
	CHECK(m.page_offset == PAGE_OFFSET);
	CHECK(m.text_vaddr == 0xffffffff8ec00000ULL);
	CHECK_EQ_INT(m.text_paddr, 0x7000000);
	CHECK_EQ_INT(m.text_size, 0x3430000);

	/* Truncated headers, a foreign file, a wrong entry size. */
	CHECK_EQ_INT(elfcore_parse_kcore(&k, sizeof(k) - 1, &x86_64_layout, &m), -EBADMSG);
	CHECK_EQ_INT(elfcore_kcore_headers_size(&k, 63, EM_X86_64, &need), -ENOEXEC);
	k.eh.e_machine = EM_AARCH64;
	CHECK_EQ_INT(elfcore_parse_kcore(&k, sizeof(k), &x86_64_layout, &m), -ENOEXEC);
	CHECK_EQ_INT(elfcore_kcore_headers_size(&k, 64, EM_X86_64, &need), -ENOEXEC);
	make_kcore(&k);
	k.eh.e_type = ET_EXEC;
	CHECK_EQ_INT(elfcore_parse_kcore(&k, sizeof(k), &x86_64_layout, &m), -ENOEXEC);
	make_kcore(&k);
	k.eh.e_phentsize = 32;
	CHECK_EQ_INT(elfcore_kcore_headers_size(&k, 64, EM_X86_64, &need), -EBADMSG);
	CHECK_EQ_INT(elfcore_parse_kcore(&k, sizeof(k), &x86_64_layout, &m), -EBADMSG);

	/* No text or no RAM with a physical address. */
	make_kcore(&k);
	k.ph[3].p_paddr = (uint64_t)-1;
	CHECK_EQ_INT(elfcore_parse_kcore(&k, sizeof(k), &x86_64_layout, &m), -ENOENT);
	make_kcore(&k);
	k.ph[2].p_paddr = (uint64_t)-1;
	CHECK_EQ_INT(elfcore_parse_kcore(&k, sizeof(k), &x86_64_layout, &m), -ENOENT);
	/* Two RAM segments that disagree on PAGE_OFFSET. */
	make_kcore(&k);
	k.ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_vaddr = PAGE_OFFSET + 0x200000,
				.p_paddr = 0x100000, .p_memsz = 0x1000 };
	CHECK_EQ_INT(elfcore_parse_kcore(&k, sizeof(k), &x86_64_layout, &m), -EBADMSG);
}

int main(void)
{
	test_build();
	test_size();
	test_kcore();
	return unit_summary("test-elfcore");
}
