// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ELF core reader: generated x86-64 cores shaped like /proc/vmcore and makedumpfile -E
 * output (a kernel-image PT_LOAD, RAM PT_LOADs at the direct map, bytes past p_filesz,
 * reads across segments), VMCOREINFO parsing, and a log read end to end. Broken, truncated
 * and bit-flipped cores must fail with an error, never crash or hang.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>

#include "macro.h"
#include "printk.h"
#include "vmcore.h"
#include "unit.h"

#define START_KERNEL_MAP 0xffffffff80000000ULL
#define PAGE_OFFSET 0xffff888000000000ULL
#define PHYS_BASE 0x200000ULL
/* The kernel image at its link address: physical PHYS_BASE + 16 MiB. */
#define KERNEL_VADDR 0xffffffff81000000ULL
#define RAM_START 0x1200000ULL
#define RAM_SIZE 0x10000ULL
#define IMAGE_SIZE 0x8000ULL

/* ---- a fake machine: 64 KiB of RAM holding a kernel image and a printk ringbuffer ---- */

struct machine {
	uint8_t ram[RAM_SIZE];
	char vmcoreinfo[4096];
};

static uint64_t image_va(uint64_t off)
{
	return KERNEL_VADDR + off;
}

static uint64_t direct_va(uint64_t off)
{
	return PAGE_OFFSET + RAM_START + off;
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

/*
 * The structures of a 6.1 kernel with a static ringbuffer in the image (prb, the ring struct,
 * the descriptors and infos) and the text ring at the end of RAM, reached through the direct
 * map as a memblock allocation would be.
 */
enum {
	OFF_PRB = 0x1000,
	OFF_RB = 0x1040,
	OFF_DESCS = 0x1100,
	OFF_INFOS = 0x2000,
	OFF_TEXT = 0xf000, /* 4 KiB text ring, past the image: direct map only */
	COUNT_BITS = 4,
	SIZE_BITS = 12,
};

static const char *const texts[] = {
	"Linux version 6.1.0-test (fake)",
	"Command line: console=ttyS0 crashkernel=192M",
	"sysrq: Trigger a crash",
	"Kernel panic - not syncing: sysrq triggered crash\nCPU: 0 PID: 1",
};

static const char expected_log[] =
	"[    0.000000] Linux version 6.1.0-test (fake)\n"
	"[    0.001000] Command line: console=ttyS0 crashkernel=192M\n"
	"[    0.002000] sysrq: Trigger a crash\n"
	"[    0.003000] Kernel panic - not syncing: sysrq triggered crash\n"
	"               CPU: 0 PID: 1\n";

static void machine_init(struct machine *mc, bool with_phys_base)
{
	uint8_t *rb = mc->ram + OFF_RB;
	uint64_t lpos = 0;

	memset(mc->ram, 0, sizeof(mc->ram));
	put64(mc->ram + OFF_PRB, image_va(OFF_RB));
	put32(rb + 0, COUNT_BITS);
	put64(rb + 8, image_va(OFF_DESCS));
	put64(rb + 16, image_va(OFF_INFOS));
	put64(rb + 24, ARRAY_SIZE(texts) - 1); /* head_id */
	put64(rb + 32, 0);                     /* tail_id */
	put32(rb + 48, SIZE_BITS);
	put64(rb + 56, direct_va(OFF_TEXT));
	for (size_t id = 0; id < ARRAY_SIZE(texts); id++) {
		size_t len = strlen(texts[id]);
		uint8_t *d = mc->ram + OFF_DESCS + id * 24;
		uint8_t *info = mc->ram + OFF_INFOS + id * 88;

		put64(d, (2ULL << 62) | id);
		put64(d + 8, lpos);
		put64(mc->ram + OFF_TEXT + lpos, id);
		memcpy(mc->ram + OFF_TEXT + lpos + 8, texts[id], len);
		lpos += (8 + len + 7) & ~7ULL;
		put64(d + 16, lpos);
		put64(info + 8, id * 1000000);
		put16(info + 16, len);
	}
	snprintf(mc->vmcoreinfo, sizeof(mc->vmcoreinfo),
		 "OSRELEASE=6.1.0-test\n"
		 "PAGESIZE=4096\n"
		 "SYMBOL(init_uts_ns)=ffffffff82a1b2c0\n"
		 "SYMBOL(prb)=%llx\n"
		 "SIZE(printk_ringbuffer)=88\n"
		 "OFFSET(printk_ringbuffer.desc_ring)=0\n"
		 "OFFSET(printk_ringbuffer.text_data_ring)=48\n"
		 "OFFSET(prb_desc_ring.count_bits)=0\n"
		 "OFFSET(prb_desc_ring.descs)=8\n"
		 "OFFSET(prb_desc_ring.infos)=16\n"
		 "OFFSET(prb_desc_ring.head_id)=24\n"
		 "OFFSET(prb_desc_ring.tail_id)=32\n"
		 "SIZE(prb_desc)=24\n"
		 "OFFSET(prb_desc.state_var)=0\n"
		 "OFFSET(prb_desc.text_blk_lpos)=8\n"
		 "OFFSET(prb_data_blk_lpos.begin)=0\n"
		 "OFFSET(prb_data_blk_lpos.next)=8\n"
		 "SIZE(printk_info)=88\n"
		 "OFFSET(printk_info.ts_nsec)=8\n"
		 "OFFSET(printk_info.text_len)=16\n"
		 "OFFSET(prb_data_ring.size_bits)=0\n"
		 "OFFSET(prb_data_ring.data)=8\n"
		 "OFFSET(atomic_long_t.counter)=0\n"
		 "%s"
		 "NUMBER(pgtable_l5_enabled)=0\n"
		 "KERNELOFFSET=0\n"
		 "CRASH_TIME=1700000000",
		 (unsigned long long)image_va(OFF_PRB),
		 with_phys_base ? "NUMBER(phys_base)=2097152\n" : "");
}

/* ---- ELF core builder ---- */

struct seg {
	uint32_t type;
	uint64_t vaddr, paddr, memsz, filesz;
	const void *data; /* filesz bytes */
};

struct core {
	uint8_t *buf;
	size_t len;
};

static void note_append(uint8_t *buf, size_t *pos, const char *name, uint32_t type,
			const void *desc, size_t descsz)
{
	Elf64_Nhdr nh = { .n_namesz = strlen(name) + 1, .n_descsz = descsz, .n_type = type };

	memcpy(buf + *pos, &nh, sizeof(nh));
	*pos += sizeof(nh);
	memcpy(buf + *pos, name, nh.n_namesz);
	*pos += (nh.n_namesz + 3) & ~3U;
	if (descsz)
		memcpy(buf + *pos, desc, descsz);
	*pos += (descsz + 3) & ~3UL;
}

/* Notes as /proc/vmcore has them: a CPU's PRSTATUS, then VMCOREINFO. */
static size_t notes_build(uint8_t *buf, const char *vmcoreinfo, const char *name)
{
	uint8_t prstatus[336] = { 0 };
	size_t pos = 0;

	note_append(buf, &pos, "CORE", NT_PRSTATUS, prstatus, sizeof(prstatus));
	note_append(buf, &pos, name, 0, vmcoreinfo, strlen(vmcoreinfo));
	return pos;
}

/*
 * Lay out: ELF header, program headers, notes, then the PT_LOADs' bytes in reverse order (so
 * that adjacent memory is not adjacent in the file).
 */
static struct core core_build(const struct seg *segs, size_t n)
{
	size_t off = sizeof(Elf64_Ehdr) + n * sizeof(Elf64_Phdr), total = off;
	Elf64_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
		.e_type = ET_CORE,
		.e_machine = EM_X86_64,
		.e_version = EV_CURRENT,
		.e_phoff = sizeof(Elf64_Ehdr),
		.e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr),
		.e_phnum = n,
	};
	struct core c;

	for (size_t i = 0; i < n; i++)
		total += segs[i].filesz;
	c.len = total;
	c.buf = calloc(1, total);
	memcpy(c.buf, &eh, sizeof(eh));
	size_t notes = 0;

	while (notes < n && segs[notes].type != PT_LOAD)
		notes++;
	/* Notes first, right after the headers; then PT_LOADs, last one first. */
	for (size_t k = 0; k < n; k++) {
		size_t i = k < notes ? k : notes + (n - 1 - k);
		Elf64_Phdr ph = {
			.p_type = segs[i].type,
			.p_offset = off,
			.p_vaddr = segs[i].vaddr,
			.p_paddr = segs[i].paddr,
			.p_filesz = segs[i].filesz,
			.p_memsz = segs[i].memsz,
		};

		memcpy(c.buf + sizeof(eh) + i * sizeof(ph), &ph, sizeof(ph));
		if (segs[i].filesz)
			memcpy(c.buf + off, segs[i].data, segs[i].filesz);
		off += segs[i].filesz;
	}
	return c;
}

static Elf64_Ehdr *core_ehdr(struct core *c)
{
	return (Elf64_Ehdr *)c->buf;
}

static Elf64_Phdr *core_phdr(struct core *c, size_t i)
{
	return (Elf64_Phdr *)(c->buf + sizeof(Elf64_Ehdr)) + i;
}

static int core_open(const struct core *c, size_t len, struct vmcore_buffer *b, struct vmcore *vc)
{
	*b = (struct vmcore_buffer){ .data = c->buf, .len = len };
	return vmcore_open(vmcore_buffer_read, b, len, vc);
}

/* /proc/vmcore of a kexec_file_load capture: notes, the kernel image, then all RAM. */
static struct core proc_vmcore(struct machine *mc, uint8_t *notes, bool image_load)
{
	size_t nlen = notes_build(notes, mc->vmcoreinfo, "VMCOREINFO");
	struct seg segs[3] = {
		{ PT_NOTE, 0, 0, nlen, nlen, notes },
		{ PT_LOAD, KERNEL_VADDR, RAM_START, IMAGE_SIZE, IMAGE_SIZE, mc->ram },
		{ PT_LOAD, PAGE_OFFSET + RAM_START, RAM_START, RAM_SIZE, RAM_SIZE, mc->ram },
	};

	if (!image_load) {
		segs[1] = segs[2];
		return core_build(segs, 2);
	}
	return core_build(segs, 3);
}

static int emit(void *userdata, const struct printk_record *rec)
{
	return printk_format_record(userdata, rec);
}

/* Walk the log of @vc; the output in *@ret (caller frees). */
static int dmesg(struct vmcore *vc, char **ret)
{
	size_t len;
	FILE *f = open_memstream(ret, &len);
	int r;

	r = printk_walk(&vc->info, vmcore_read_vaddr, vc, emit, f, NULL);
	fclose(f);
	return r;
}

static void test_proc_vmcore(void)
{
	for (int variant = 0; variant < 3; variant++) {
		/* 0: image PT_LOAD; 1: no image PT_LOAD, phys_base in VMCOREINFO;
		 * 2: neither: phys_base derived from nothing, prb unreachable. */
		static struct machine mc;
		uint8_t notes[8192];
		struct vmcore_buffer b;
		struct vmcore vc;
		struct core c;
		char *out = NULL;

		machine_init(&mc, variant != 2);
		c = proc_vmcore(&mc, notes, variant == 0);
		CHECK_EQ_INT(core_open(&c, c.len, &b, &vc), 0);
		CHECK_EQ_INT(vc.n_loads, variant == 0 ? 2 : 1);
		CHECK(vc.has_page_offset && vc.page_offset == PAGE_OFFSET);
		CHECK_EQ_INT(vc.has_phys_base, variant != 2);
		if (variant != 2)
			CHECK_EQ_INT(vc.phys_base, PHYS_BASE);
		if (variant == 2) {
			CHECK_EQ_INT(dmesg(&vc, &out), -EFAULT);
		} else {
			CHECK_EQ_INT(dmesg(&vc, &out), 0);
			CHECK_EQ_STR(out, expected_log);
		}
		free(out);
		vmcore_done(&vc);
		free(c.buf);
	}
}

/* Without NUMBER(phys_base), the image PT_LOAD gives it. */
static void test_phys_base_from_load(void)
{
	static struct machine mc;
	uint8_t notes[8192];
	struct vmcore_buffer b;
	struct vmcore vc;
	struct core c;
	uint64_t v = 0;

	machine_init(&mc, false);
	memcpy(mc.ram + IMAGE_SIZE - 4, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
	put64(mc.ram + IMAGE_SIZE + 8, 0x1122334455667788ULL);
	c = proc_vmcore(&mc, notes, true);
	CHECK_EQ_INT(core_open(&c, c.len, &b, &vc), 0);
	CHECK(vc.has_phys_base && vc.phys_base == PHYS_BASE);
	/* Past the image PT_LOAD, an image address still translates through phys_base. */
	CHECK_EQ_INT(vmcore_read_vaddr(&vc, image_va(IMAGE_SIZE + 8), &v, 8), 0);
	CHECK_EQ_INT(v, 0x1122334455667788ULL);
	/* And across the end of the image PT_LOAD. */
	CHECK_EQ_INT(vmcore_read_vaddr(&vc, image_va(IMAGE_SIZE - 4), &v, 8), 0);
	CHECK_EQ_INT(v, 0x8877665544332211ULL);
	/* Out of RAM: not in the dump. */
	CHECK_EQ_INT(vmcore_read_vaddr(&vc, direct_va(RAM_SIZE - 4), &v, 8), -EFAULT);
	CHECK_EQ_INT(vmcore_read_vaddr(&vc, 0x1000, &v, 8), -EFAULT);
	CHECK_EQ_INT(vmcore_read_vaddr(&vc, 0xffffffffffffffffULL, &v, 8), -EFAULT);
	CHECK_EQ_INT(vmcore_read_vaddr(&vc, image_va(0), &v, 0), 0);
	vmcore_done(&vc);
	free(c.buf);
}

/*
 * makedumpfile -E: RAM split where pages were excluded, long excluded runs at the end of a
 * PT_LOAD beyond p_filesz (they read as zeros), and the log still readable.
 */
static void test_makedumpfile_shape(void)
{
	static struct machine mc;
	uint8_t notes[8192];
	size_t nlen;
	struct vmcore_buffer b;
	struct vmcore vc;
	struct core c;
	char *out = NULL;
	uint8_t buf[64];

	machine_init(&mc, true);
	/* Non-zero bytes in the part that will be excluded, to see them read as zero. */
	memset(mc.ram + 0x9000, 0xaa, 0x1000);
	nlen = notes_build(notes, mc.vmcoreinfo, "VMCOREINFO");
	{
		struct seg segs[] = {
			{ PT_NOTE, 0, 0, nlen, nlen, notes },
			{ PT_LOAD, KERNEL_VADDR, RAM_START, IMAGE_SIZE, IMAGE_SIZE, mc.ram },
			/* RAM: [0, 0x9000) in the file, [0x9000, 0xa000) excluded. */
			{ PT_LOAD, direct_va(0), RAM_START, 0xa000, 0x9000, mc.ram },
			{ PT_LOAD, direct_va(0xa000), RAM_START + 0xa000, 0x6000, 0x6000,
			  mc.ram + 0xa000 },
		};

		c = core_build(segs, ARRAY_SIZE(segs));
	}
	CHECK_EQ_INT(core_open(&c, c.len, &b, &vc), 0);
	CHECK_EQ_INT(dmesg(&vc, &out), 0);
	CHECK_EQ_STR(out, expected_log);
	free(out);

	/* Across file bytes, zeros, and the next PT_LOAD (stored elsewhere in the file). */
	memset(buf, 0xff, sizeof(buf));
	CHECK_EQ_INT(vmcore_read_vaddr(&vc, direct_va(0x9000 - 8), buf, 16), 0);
	CHECK_EQ_INT(buf[0], mc.ram[0x9000 - 8]);
	CHECK_EQ_INT(buf[8], 0);
	CHECK_EQ_INT(buf[15], 0);
	mc.ram[0xa000] = 0x5a;
	vmcore_done(&vc);
	free(c.buf);
	{
		struct seg segs[] = {
			{ PT_NOTE, 0, 0, nlen, nlen, notes },
			{ PT_LOAD, direct_va(0), RAM_START, 0xa000, 0xa000, mc.ram },
			{ PT_LOAD, direct_va(0xa000), RAM_START + 0xa000, 0x6000, 0x6000,
			  mc.ram + 0xa000 },
		};

		c = core_build(segs, ARRAY_SIZE(segs));
	}
	CHECK_EQ_INT(core_open(&c, c.len, &b, &vc), 0);
	CHECK_EQ_INT(vmcore_read_vaddr(&vc, direct_va(0xa000 - 4), buf, 8), 0);
	CHECK_EQ_INT(buf[3], 0xaa);
	CHECK_EQ_INT(buf[4], 0x5a);
	/* The same bytes through the image map (phys_base) then by physical address. */
	CHECK_EQ_INT(vmcore_read_vaddr(&vc, image_va(0xa000 - 4), buf + 8, 8), 0);
	CHECK(memcmp(buf, buf + 8, 8) == 0);
	vmcore_done(&vc);
	free(c.buf);
}

static void test_open_errors(void)
{
	static struct machine mc;
	uint8_t notes[8192];
	struct vmcore_buffer b;
	struct vmcore vc;
	struct core c;
	static const char not_elf[] = "#!/bin/sh\necho hello\n";

	machine_init(&mc, true);

	c = (struct core){ .buf = (uint8_t *)not_elf, .len = sizeof(not_elf) };
	CHECK_EQ_INT(core_open(&c, c.len, &b, &vc), -ENOEXEC);
	CHECK_EQ_INT(core_open(&c, 0, &b, &vc), -ENOEXEC);

	static const struct {
		const char *what;
		size_t field, size;
		uint64_t value;
		int r;
	} ehdr_cases[] = {
		{ "32-bit", offsetof(Elf64_Ehdr, e_ident) + EI_CLASS, 1, ELFCLASS32, -ENOEXEC },
		{ "big-endian", offsetof(Elf64_Ehdr, e_ident) + EI_DATA, 1, ELFDATA2MSB, -ENOEXEC },
		{ "riscv64 (no dump layout)", offsetof(Elf64_Ehdr, e_machine), 2, EM_RISCV, -ENOEXEC },
		{ "executable", offsetof(Elf64_Ehdr, e_type), 2, ET_EXEC, -ENOEXEC },
		{ "magic", 1, 1, 'X', -ENOEXEC },
		{ "phentsize", offsetof(Elf64_Ehdr, e_phentsize), 2, 32, -EBADMSG },
		{ "phoff", offsetof(Elf64_Ehdr, e_phoff), 8, 0xfffffffffffffff0ULL, -EBADMSG },
		{ "phnum", offsetof(Elf64_Ehdr, e_phnum), 2, 60000, -EBADMSG },
		{ "xnum without sections", offsetof(Elf64_Ehdr, e_phnum), 2, PN_XNUM, -EBADMSG },
	};
	for (size_t i = 0; i < ARRAY_SIZE(ehdr_cases); i++) {
		c = proc_vmcore(&mc, notes, true);
		memcpy(c.buf + ehdr_cases[i].field, &ehdr_cases[i].value, ehdr_cases[i].size);
		if (core_open(&c, c.len, &b, &vc) != ehdr_cases[i].r)
			fprintf(stderr, "case %s\n", ehdr_cases[i].what);
		CHECK_EQ_INT(core_open(&c, c.len, &b, &vc), ehdr_cases[i].r);
		free(c.buf);
	}

	/* Program headers that do not add up. */
	c = proc_vmcore(&mc, notes, true);
	core_phdr(&c, 1)->p_filesz = core_phdr(&c, 1)->p_memsz + 1;
	CHECK_EQ_INT(core_open(&c, c.len, &b, &vc), -EBADMSG);
	free(c.buf);
	c = proc_vmcore(&mc, notes, true);
	core_phdr(&c, 1)->p_vaddr = 0xfffffffffffff000ULL;
	CHECK_EQ_INT(core_open(&c, c.len, &b, &vc), -EBADMSG);
	free(c.buf);
	c = proc_vmcore(&mc, notes, true);
	core_phdr(&c, 0)->p_offset = c.len - 8;
	CHECK_EQ_INT(core_open(&c, c.len, &b, &vc), -EBADMSG);
	free(c.buf);

	/* No PT_NOTE, no VMCOREINFO note, or one hidden behind a note that overruns. */
	c = proc_vmcore(&mc, notes, true);
	core_phdr(&c, 0)->p_type = PT_NULL;
	CHECK_EQ_INT(core_open(&c, c.len, &b, &vc), -ENODATA);
	free(c.buf);
	{
		size_t nlen = notes_build(notes, mc.vmcoreinfo, "VMCOREINFX");
		struct seg segs[] = { { PT_NOTE, 0, 0, nlen, nlen, notes } };

		c = core_build(segs, 1);
		CHECK_EQ_INT(core_open(&c, c.len, &b, &vc), -ENODATA);
		free(c.buf);
		nlen = notes_build(notes, mc.vmcoreinfo, "VMCOREINFO");
		((Elf64_Nhdr *)notes)->n_descsz = 100000;
		c = core_build(segs, 1);
		CHECK_EQ_INT(core_open(&c, c.len, &b, &vc), -ENODATA);
		free(c.buf);
	}
	{
		char *big = malloc(VMCOREINFO_MAX + 2);
		uint8_t *nb = malloc(VMCOREINFO_MAX + 1024);
		size_t nlen;

		memset(big, 'A', VMCOREINFO_MAX + 1);
		big[VMCOREINFO_MAX + 1] = '\0';
		nlen = notes_build(nb, big, "VMCOREINFO");
		{
			struct seg segs[] = { { PT_NOTE, 0, 0, nlen, nlen, nb } };

			c = core_build(segs, 1);
		}
		CHECK_EQ_INT(core_open(&c, c.len, &b, &vc), -E2BIG);
		free(c.buf);
		free(big);
		free(nb);
	}

	/* Zero padding after the notes (kexec-tools' headers have it) ends the walk. */
	{
		uint8_t nb[8192] = { 0 };
		size_t nlen = notes_build(nb, mc.vmcoreinfo, "VMCOREINFO");
		struct seg segs[] = { { PT_NOTE, 0, 0, nlen + 256, nlen + 256, nb } };

		c = core_build(segs, 1);
		CHECK_EQ_INT(core_open(&c, c.len, &b, &vc), 0);
		vmcore_done(&vc);
		free(c.buf);
	}
}

/* More than 65534 program headers: e_phnum = PN_XNUM, the count in section 0's sh_info. */
static void test_xnum(void)
{
	static struct machine mc;
	uint8_t notes[8192];
	struct vmcore_buffer b;
	struct vmcore vc;
	struct core c, x;
	Elf64_Shdr sh = { .sh_info = 3 };
	char *out = NULL;

	machine_init(&mc, true);
	c = proc_vmcore(&mc, notes, true);
	x.len = c.len + sizeof(sh);
	x.buf = malloc(x.len);
	memcpy(x.buf, c.buf, c.len);
	memcpy(x.buf + c.len, &sh, sizeof(sh));
	core_ehdr(&x)->e_phnum = PN_XNUM;
	core_ehdr(&x)->e_shoff = c.len;
	core_ehdr(&x)->e_shnum = 1;
	core_ehdr(&x)->e_shentsize = sizeof(sh);
	CHECK_EQ_INT(core_open(&x, x.len, &b, &vc), 0);
	CHECK_EQ_INT(vc.n_loads, 2);
	CHECK_EQ_INT(dmesg(&vc, &out), 0);
	CHECK_EQ_STR(out, expected_log);
	free(out);
	vmcore_done(&vc);
	sh.sh_info = 2000000;
	memcpy(x.buf + c.len, &sh, sizeof(sh));
	CHECK_EQ_INT(core_open(&x, x.len, &b, &vc), -E2BIG);
	free(x.buf);
	free(c.buf);
}

/*
 * Every prefix of a core, and every single-byte change of its headers and notes, opens with
 * an error or walks to an end: never a crash, an out-of-bounds read (run under ASan) or a hang.
 */
static void test_truncated_and_flipped(void)
{
	static struct machine mc;
	uint8_t notes[8192];
	struct vmcore_buffer b;
	struct vmcore vc;
	struct core c;
	size_t hdr_len;
	int full = 0, opened = 0;

	machine_init(&mc, true);
	c = proc_vmcore(&mc, notes, true);
	hdr_len = sizeof(Elf64_Ehdr) + 3 * sizeof(Elf64_Phdr) + core_phdr(&c, 0)->p_filesz;

	for (size_t len = 0; len <= c.len; len = len < hdr_len + 64 || len == c.len ? len + 1 : MIN(len + 509, c.len)) {
		char *out = NULL;
		int r = core_open(&c, len, &b, &vc);

		if (r < 0)
			continue;
		opened++;
		r = dmesg(&vc, &out);
		CHECK(r == 0 || r == -EFAULT);
		if (r == 0 && strcmp(out, expected_log) == 0)
			full++;
		free(out);
		vmcore_done(&vc);
	}
	CHECK(opened > 0);
	CHECK(full > 0);

	for (size_t i = 0; i < hdr_len; i++) {
		static const uint8_t flips[] = { 0x01, 0x80, 0xff };

		for (size_t k = 0; k < ARRAY_SIZE(flips); k++) {
			char *out = NULL;

			c.buf[i] ^= flips[k];
			if (core_open(&c, c.len, &b, &vc) == 0) {
				dmesg(&vc, &out);
				free(out);
				vmcore_done(&vc);
			}
			c.buf[i] ^= flips[k];
		}
	}
	/* The ringbuffer's own bytes, in RAM. */
	for (size_t i = OFF_RB; i < OFF_RB + 88; i++) {
		char *out = NULL;

		mc.ram[i] ^= 0x41;
		free(c.buf);
		c = proc_vmcore(&mc, notes, true);
		CHECK_EQ_INT(core_open(&c, c.len, &b, &vc), 0);
		dmesg(&vc, &out);
		free(out);
		vmcore_done(&vc);
		mc.ram[i] ^= 0x41;
	}
	free(c.buf);
}

static void test_vmcoreinfo(void)
{
	static const char text[] =
		"OSRELEASE=6.1.0-56-amd64\n"
		"SYMBOL(prb_x)=1\n"
		"SYMBOL(prb)=ffffffffAB000000\n"
		"SYMBOL(prb)=2\n"
		"SIZE(printk_info)=88\n"
		"OFFSET(printk_info.ts_nsec)=8\n"
		"NUMBER(phys_base)=-2147483648\n"
		"NUMBER(min)=-9223372036854775808\n"
		"NUMBER(too_big)=9223372036854775808\n"
		"NUMBER(minus)=-\n"
		"SIZE(empty)=\n"
		"SIZE(overflow)=18446744073709551616\n"
		"SIZE(hex)=0x10\n"
		"SIZE(blank)= 1\n"
		"=odd line\n"
		"\n"
		"CRASH_TIME=1700000000\0garbage=1";
	struct vmcoreinfo vi;
	const char *v;
	uint64_t u;
	int64_t n;
	size_t len;

	CHECK_EQ_INT(vmcoreinfo_parse(text, sizeof(text) - 1, &vi), 0);
	CHECK_EQ_INT(vmcoreinfo_get(&vi, "OSRELEASE", &v, &len), 0);
	CHECK_EQ_INT(len, 14);
	CHECK(memcmp(v, "6.1.0-56-amd64", 14) == 0);
	/* The last line has no newline; the text ends at the NUL. */
	CHECK_EQ_INT(vmcoreinfo_get(&vi, "CRASH_TIME", &v, &len), 0);
	CHECK_EQ_INT(len, 10);
	CHECK_EQ_INT(vmcoreinfo_get(&vi, "garbage", &v, &len), -ENOENT);
	CHECK_EQ_INT(vmcoreinfo_get(&vi, "OSRELEAS", &v, &len), -ENOENT);

	CHECK_EQ_INT(vmcoreinfo_symbol(&vi, "prb", &u), 0);
	CHECK_EQ_INT(u, 0xffffffffab000000ULL);
	CHECK_EQ_INT(vmcoreinfo_symbol(&vi, "pr", &u), -ENOENT);
	CHECK_EQ_INT(vmcoreinfo_size(&vi, "printk_info", &u), 0);
	CHECK_EQ_INT(u, 88);
	CHECK_EQ_INT(vmcoreinfo_offset(&vi, "printk_info.ts_nsec", &u), 0);
	CHECK_EQ_INT(u, 8);
	CHECK_EQ_INT(vmcoreinfo_number(&vi, "phys_base", &n), 0);
	CHECK_EQ_INT(n, -2147483648LL);
	CHECK_EQ_INT(vmcoreinfo_number(&vi, "min", &n), 0);
	CHECK(n == INT64_MIN);
	CHECK_EQ_INT(vmcoreinfo_number(&vi, "too_big", &n), -EBADMSG);
	CHECK_EQ_INT(vmcoreinfo_number(&vi, "minus", &n), -EBADMSG);
	CHECK_EQ_INT(vmcoreinfo_number(&vi, "absent", &n), -ENOENT);
	CHECK_EQ_INT(vmcoreinfo_size(&vi, "empty", &u), -EBADMSG);
	CHECK_EQ_INT(vmcoreinfo_size(&vi, "overflow", &u), -EBADMSG);
	CHECK_EQ_INT(vmcoreinfo_size(&vi, "hex", &u), -EBADMSG);
	CHECK_EQ_INT(vmcoreinfo_size(&vi, "blank", &u), -EBADMSG);
	vmcoreinfo_done(&vi);

	CHECK_EQ_INT(vmcoreinfo_parse("", 0, &vi), 0);
	CHECK_EQ_INT(vmcoreinfo_get(&vi, "A", &v, &len), -ENOENT);
	vmcoreinfo_done(&vi);
	{
		char *big = calloc(1, VMCOREINFO_MAX + 1);

		CHECK_EQ_INT(vmcoreinfo_parse(big, VMCOREINFO_MAX + 1, &vi), -E2BIG);
		free(big);
	}
}

int main(void)
{
	test_vmcoreinfo();
	test_proc_vmcore();
	test_phys_base_from_load();
	test_makedumpfile_shape();
	test_open_errors();
	test_xnum();
	test_truncated_and_flipped();
	return unit_summary("test-vmcore");
}
