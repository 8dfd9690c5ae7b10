// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gen-seeds CORPUS_DIR: write the generated seeds of the fuzz corpora (make-seeds.sh adds the
 * ones taken from real kernels, toolchains and machines). Each seed is a valid input or one with
 * a single field broken, so the fuzzers start next to every check.
 */
#include <asm/bootparam.h>
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "seed-put.h"

/* Strings separated by NUL, as fuzz-args and fuzz-cmdline split their input. */
static void put_words(const char *target, const char *name, const char *const *w)
{
	char buf[4096];
	size_t len = 0;

	for (size_t i = 0; w[i]; i++) {
		size_t n = strlen(w[i]);

		if (len + n + 1 > sizeof(buf))
			exit(1);
		if (i)
			buf[len++] = '\0';
		memcpy(buf + len, w[i], n);
		len += n;
	}
	put(target, name, buf, len);
}

/* ---- bzImage ---- */

#define BZ_SIZE (16 * 1024)

static void bz_base(unsigned char *buf, struct setup_header *h)
{
	*h = (struct setup_header){
		.setup_sects = 4,
		.syssize = (BZ_SIZE - 5 * 512) / 16,
		.boot_flag = 0xAA55,
		.jump = 0x6aeb,
		.header = 0x53726448,
		.version = 0x020f,
		.loadflags = LOADED_HIGH,
		.kernel_alignment = 0x200000,
		.relocatable_kernel = 1,
		.xloadflags = XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G,
		.cmdline_size = 2047,
		.initrd_addr_max = 0x7fffffff,
		.pref_address = 0x1000000,
		.init_size = 0x400000,
	};
	memset(buf, 0x90, BZ_SIZE);
}

static void bz_put(const char *name, unsigned char *buf, const struct setup_header *h, size_t len)
{
	memcpy(buf + 0x1f1, h, sizeof(*h));
	put("bzimage", name, buf, len);
}

static void gen_bzimage(void)
{
	static unsigned char buf[BZ_SIZE];
	struct setup_header h;

#define BZ(name, change, len)        \
	do {                         \
		bz_base(buf, &h);    \
		change;              \
		bz_put(name, buf, &h, len); \
	} while (0)
	BZ("gen-valid", (void)0, BZ_SIZE);
	BZ("gen-valid-odd-byte", (void)0, BZ_SIZE - 1); /* fuzz-bzimage: last byte picks no initrd */
	BZ("gen-setup-sects-0", h.setup_sects = 0, BZ_SIZE);
	BZ("gen-protocol-2.11", h.version = 0x020b, BZ_SIZE);
	BZ("gen-zimage", h.loadflags = 0, BZ_SIZE);
	BZ("gen-32bit", h.xloadflags = XLF_CAN_BE_LOADED_ABOVE_4G, BZ_SIZE);
	BZ("gen-below-4g-only", h.xloadflags = XLF_KERNEL_64, BZ_SIZE);
	BZ("gen-no-code", h.syssize = 0, BZ_SIZE);
	BZ("gen-truncated-code", (void)0, BZ_SIZE / 2);
	BZ("gen-truncated-header", (void)0, 0x220);
	BZ("gen-short-magic", (void)0, 0x206);
	BZ("gen-bad-boot-flag", h.boot_flag = 0x1234, BZ_SIZE);
	BZ("gen-long-jump", h.jump = 0xffeb, BZ_SIZE);
	BZ("gen-not-relocatable", h.relocatable_kernel = 0, BZ_SIZE);
	BZ("gen-not-relocatable-unaligned", (h.relocatable_kernel = 0, h.pref_address = 0x1000123),
	   BZ_SIZE);
	/* Absurd sizes and addresses in an otherwise valid header. */
	BZ("gen-init-size-4g", h.init_size = 0xffffffff, BZ_SIZE);
	BZ("gen-align-0", h.kernel_alignment = 0, BZ_SIZE);
	BZ("gen-align-odd", h.kernel_alignment = 0x300000, BZ_SIZE);
	BZ("gen-align-2g", h.kernel_alignment = 0x80000000, BZ_SIZE);
	BZ("gen-pref-address-top", h.pref_address = 0xfffffffffffff000ULL, BZ_SIZE);
	BZ("gen-pref-address-top-fixed",
	   (h.relocatable_kernel = 0, h.pref_address = 0xfffffffffffff000ULL), BZ_SIZE);
	BZ("gen-syssize-max", h.syssize = 0xffffffff, BZ_SIZE);
	BZ("gen-setup-sects-255", h.setup_sects = 255, BZ_SIZE);
	BZ("gen-cmdline-size-0", h.cmdline_size = 0, BZ_SIZE);
	BZ("gen-initrd-addr-max-0", (h.initrd_addr_max = 0, h.xloadflags = XLF_KERNEL_64), BZ_SIZE);
#undef BZ
}

/* ---- ELF ---- */

#define ELF_SIZE 0x3000

struct elf_file {
	unsigned char b[ELF_SIZE];
	Elf64_Ehdr eh;
	Elf64_Phdr ph[3];
};

static void elf_base(struct elf_file *f)
{
	memset(f, 0, sizeof(*f));
	f->eh = (Elf64_Ehdr){
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
		.e_type = ET_EXEC,
		.e_machine = EM_X86_64,
		.e_version = EV_CURRENT,
		.e_entry = 0x1000000,
		.e_phoff = sizeof(Elf64_Ehdr),
		.e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr),
		.e_phnum = 3,
	};
	f->ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0x1000,
				 .p_vaddr = 0xffffffff81000000ULL, .p_paddr = 0x1000000,
				 .p_filesz = 0x1000, .p_memsz = 0x1000, .p_align = 0x200000 };
	f->ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = 0x2000,
				 .p_vaddr = 0xffffffff81200000ULL, .p_paddr = 0x1200000,
				 .p_filesz = 0x800, .p_memsz = 0x5000, .p_align = 0x200000 };
	f->ph[2] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = 0x1800,
				 .p_vaddr = 0xffffffff81000800ULL, .p_paddr = 0x1000800,
				 .p_filesz = 0x20, .p_memsz = 0x20 };
}

static void elf_put(const char *target, const char *name, struct elf_file *f, size_t len)
{
	memcpy(f->b, &f->eh, sizeof(f->eh));
	memcpy(f->b + f->eh.e_phoff, f->ph, sizeof(f->ph));
	memset(f->b + 0x1000, 0xf4, 0x1000); /* hlt */
	put(target, name, f->b, len);
}

static void gen_elf(void)
{
	static struct elf_file f;

#define ELF(name, change, len)                     \
	do {                                       \
		elf_base(&f);                      \
		change;                            \
		elf_put("elf-kernel", name, &f, len); \
	} while (0)
	ELF("gen-vmlinux", (void)0, ELF_SIZE);
	ELF("gen-vmlinux-odd", (void)0, ELF_SIZE - 1);
	ELF("gen-virtual-entry", f.eh.e_entry = 0xffffffff81000010ULL, ELF_SIZE);
	ELF("gen-entry-outside", f.eh.e_entry = 0x5000000, ELF_SIZE);
	ELF("gen-program", (f.ph[0].p_vaddr = 0x400000, f.ph[1].p_vaddr = 0x600000), ELF_SIZE);
	ELF("gen-pie", f.eh.e_type = ET_DYN, ELF_SIZE);
	ELF("gen-core", f.eh.e_type = ET_CORE, ELF_SIZE);
	ELF("gen-interp", f.ph[2].p_type = PT_INTERP, ELF_SIZE);
	ELF("gen-overlap", f.ph[1].p_paddr = 0x1000000, ELF_SIZE);
	ELF("gen-unaligned", f.ph[1].p_paddr = 0x1200010, ELF_SIZE);
	ELF("gen-low", f.ph[0].p_paddr = 0x1000, ELF_SIZE);
	ELF("gen-paddr-top", f.ph[1].p_paddr = 0xfffffffffffff000ULL, ELF_SIZE);
	ELF("gen-memsz-huge", f.ph[1].p_memsz = 0x7fffffffffffffffULL, ELF_SIZE);
	ELF("gen-filesz-beyond", f.ph[1].p_filesz = 0x4000, ELF_SIZE);
	ELF("gen-offset-beyond", f.ph[1].p_offset = 0xfffffffffffff000ULL, ELF_SIZE);
	ELF("gen-phoff-beyond", f.eh.e_phoff = ELF_SIZE - 8, ELF_SIZE);
	ELF("gen-phentsize", f.eh.e_phentsize = 32, ELF_SIZE);
	ELF("gen-no-load", (f.ph[0].p_type = PT_NOTE, f.ph[1].p_type = PT_NOTE), ELF_SIZE);
	ELF("gen-i386", f.eh.e_machine = EM_386, ELF_SIZE);
	ELF("gen-big-endian", f.eh.e_ident[EI_DATA] = ELFDATA2MSB, ELF_SIZE);
	ELF("gen-truncated", (void)0, 0x100);
#undef ELF
}

/* ---- vmcore (vmcore-dmesg) ---- */

/*
 * A small x86-64 ELF core: a VMCOREINFO note and one PT_LOAD in the kernel image map holding a
 * printk ringbuffer (the 6.1 layout) with one finalized record, so that vmcore_open() and the
 * printk walk both get to the end.
 */
#define VC_BASE 0xffffffff82000000ULL
#define VC_LOAD 0x1000

static void put_le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void gen_vmcore(void)
{
	static const char info_fmt[] =
		"OSRELEASE=6.1.0-56-amd64\nPAGESIZE=4096\nSYMBOL(prb)=%llx\nSYMBOL(printk_rb_static)=%llx\n"
		"SIZE(printk_ringbuffer)=88\nOFFSET(printk_ringbuffer.desc_ring)=0\n"
		"OFFSET(printk_ringbuffer.text_data_ring)=48\nOFFSET(printk_ringbuffer.fail)=80\n"
		"SIZE(prb_desc_ring)=48\nOFFSET(prb_desc_ring.count_bits)=0\n"
		"OFFSET(prb_desc_ring.descs)=8\nOFFSET(prb_desc_ring.infos)=16\n"
		"OFFSET(prb_desc_ring.head_id)=24\nOFFSET(prb_desc_ring.tail_id)=32\n"
		"SIZE(prb_desc)=24\nOFFSET(prb_desc.state_var)=0\nOFFSET(prb_desc.text_blk_lpos)=8\n"
		"SIZE(prb_data_blk_lpos)=16\nOFFSET(prb_data_blk_lpos.begin)=0\n"
		"OFFSET(prb_data_blk_lpos.next)=8\nSIZE(printk_info)=88\nOFFSET(printk_info.seq)=0\n"
		"OFFSET(printk_info.ts_nsec)=8\nOFFSET(printk_info.text_len)=16\n"
		"OFFSET(printk_info.caller_id)=20\nOFFSET(printk_info.dev_info)=24\n"
		"SIZE(prb_data_ring)=32\nOFFSET(prb_data_ring.size_bits)=0\n"
		"OFFSET(prb_data_ring.data)=8\nOFFSET(prb_data_ring.head_lpos)=16\n"
		"OFFSET(prb_data_ring.tail_lpos)=24\nSIZE(atomic_long_t)=8\n"
		"OFFSET(atomic_long_t.counter)=0\nKERNELOFFSET=0\nCRASH_TIME=1700000000";
	static const char text[] = "Linux version 6.1.0-56-amd64 (fuzz seed)";
	static uint8_t core[0x3000];
	char info[2048];
	uint8_t *mem = core + 0x2000; /* the PT_LOAD's bytes */
	const uint64_t descs = VC_BASE + 0x100, infos = VC_BASE + 0x200, data = VC_BASE + 0x800;
	const uint64_t id = 4, count_bits = 2, size_bits = 10;
	size_t info_len, blk = (8 + sizeof(text) - 1 + 7) & ~7UL, notesz;
	Elf64_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
		.e_type = ET_CORE,
		.e_machine = EM_X86_64,
		.e_version = EV_CURRENT,
		.e_phoff = sizeof(Elf64_Ehdr),
		.e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr),
		.e_phnum = 2,
	};
	Elf64_Nhdr nh = { .n_namesz = 11, .n_type = 0 };
	Elf64_Phdr ph[2];

	info_len = (size_t)snprintf(info, sizeof(info), info_fmt, (unsigned long long)(VC_BASE + 0x80),
				    (unsigned long long)VC_BASE);
	nh.n_descsz = (Elf64_Word)info_len;
	notesz = sizeof(nh) + 12 + ((info_len + 3) & ~3UL);
	memcpy(core + 0x1000, &nh, sizeof(nh));
	memcpy(core + 0x1000 + sizeof(nh), "VMCOREINFO", 11);
	memcpy(core + 0x1000 + sizeof(nh) + 12, info, info_len);
	ph[0] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = 0x1000, .p_filesz = notesz,
			      .p_memsz = notesz };
	ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W | PF_X, .p_offset = 0x2000,
			      .p_vaddr = VC_BASE, .p_paddr = 0x2000000, .p_filesz = VC_LOAD,
			      .p_memsz = VC_LOAD };
	memcpy(core, &eh, sizeof(eh));
	memcpy(core + sizeof(eh), ph, sizeof(ph));

	/* struct printk_ringbuffer at VC_BASE, the pointer `prb` to it at VC_BASE + 0x80. */
	put_le(mem + 0, count_bits, 4);
	put_le(mem + 8, descs, 8);
	put_le(mem + 16, infos, 8);
	put_le(mem + 24, id, 8); /* head_id */
	put_le(mem + 32, id, 8); /* tail_id */
	put_le(mem + 48, size_bits, 4);
	put_le(mem + 56, data, 8);
	put_le(mem + 64, blk, 8); /* head_lpos */
	put_le(mem + 72, 0, 8);   /* tail_lpos */
	put_le(mem + 0x80, VC_BASE, 8);
	/* The descriptor (finalized) and its info, at index id % count. */
	put_le(mem + 0x100 + (id % 4) * 24, id | 2ULL << 62, 8);
	put_le(mem + 0x100 + (id % 4) * 24 + 8, 0, 8);
	put_le(mem + 0x100 + (id % 4) * 24 + 16, blk, 8);
	put_le(mem + 0x200 + (id % 4) * 88 + 0, 0, 8);
	put_le(mem + 0x200 + (id % 4) * 88 + 8, 1234567890, 8);
	put_le(mem + 0x200 + (id % 4) * 88 + 16, sizeof(text) - 1, 2);
	/* The data block: the id, then the text. */
	put_le(mem + 0x800, id, 8);
	memcpy(mem + 0x800 + 8, text, sizeof(text) - 1);

	put("vmcore", "gen-core", core, sizeof(core));
	put("vmcore", "gen-core-truncated", core, 0x2800);
	put("vmcore", "gen-core-headers", core, 0x1000 + notesz);
	core[0x1000 + sizeof(nh)] = 'X'; /* no VMCOREINFO note any more */
	put("vmcore", "gen-core-no-vmcoreinfo", core, sizeof(core));
}

/* ---- cmdline, args ---- */

static void gen_cmdline(void)
{
	put_words("cmdline", "boot-image",
		  (const char *const[]){ "BOOT_IMAGE",
					 "BOOT_IMAGE=/vmlinuz-6.1.0-56-amd64 root=UUID=0b5c ro quiet",
					 "console=ttyS0", NULL });
	put_words("cmdline", "crashkernel-quoted",
		  (const char *const[]){ "crashkernel",
					 "a=\"b c\" crashkernel=256M \"crashkernel=1G\" crashkernel "
					 "crashkernelx=1 d\t\te\n",
					 "panic=-1", NULL });
	put_words("cmdline", "unterminated-quote",
		  (const char *const[]){ "x", "x=\"open quote x y", "", NULL });
	put_words("cmdline", "empty", (const char *const[]){ "", "", "", NULL });
	put_words("cmdline", "name-with-equals",
		  (const char *const[]){ "a=b", "a=b a=b=c \"a=b\"", "z", NULL });
}

static void gen_args(void)
{
	put_words("args", "load-file",
		  (const char *const[]){ "-s", "-l", "/boot/vmlinuz", "--initrd=/boot/initrd.img",
					 "--reuse-cmdline", "--append=console=ttyS0", NULL });
	put_words("args", "load-c-options",
		  (const char *const[]){ "-c", "-l", "/boot/vmlinuz", "--mem-min=0x1000000",
					 "--mem-max=0xffffffff", "-i", "--noefi", "--console-serial",
					 "--serial=ttyS1", "--serial-baud=115200", "--console-vga",
					 "--reuse-video-type", "-t", "bzImage", NULL });
	put_words("args", "crash", (const char *const[]){ "-p", "/boot/vmlinuz", "--command-line",
							  "root=/dev/sda", "--elf64-core-headers",
							  NULL });
	put_words("args", "exec", (const char *const[]){ "-e", "-x", "-y", NULL });
	put_words("args", "unload-status", (const char *const[]){ "-u", "-p", "-S", "-d", NULL });
	put_words("args", "unsupported", (const char *const[]){ "--load-preserve-context",
								 "--dtb=x", "--entry=1", NULL });
	put_words("args", "refused", (const char *const[]){ "--real-mode", "--elf3", NULL });
	put_words("args", "bad-values", (const char *const[]){ "--mem-min=-1", "--serial=0x10000",
								"--serial-baud=abc", "--type", NULL });
	put_words("args", "help", (const char *const[]){ "--help", NULL });
	put_words("args", "force", (const char *const[]){ "-f", "--ramdisk", "/i", "/k", "/k2", NULL });
}

int main(int argc, char *argv[])
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	seed_root = argv[1];
	mkdir(seed_root, 0755);
	gen_bzimage();
	gen_elf();
	gen_vmcore();
	gen_cmdline();
	gen_args();
	return 0;
}
