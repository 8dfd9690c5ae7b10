/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Generated arm64 inputs for tests: an Image header with a recognisable body, the EFI zboot
 * container and the ELF vmlinux that wrap such an Image, a device tree like QEMU virt's (built
 * with libfdt), an arm64 /proc/iomem and /proc/kcore.
 */
#include <elf.h>
#include <endian.h>
#include <libfdt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#define GEN_IMAGE_SIZE (64 * 1024)
#define GEN_IMAGE_MEMSZ (3ULL << 20) /* image_size: bss beyond the file */
#define GEN_FLAGS_4K_ANYWHERE 0xaULL /* little-endian, 4 KiB pages, anywhere */
#define GEN_VMLINUX_BASE 0xffff800080000000ULL

static inline void gen_put_le64(uint8_t *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, 8);
}

static inline void gen_put_le32(uint8_t *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, 4);
}

/* An Image of @len bytes: the header, then a body that depends on the offset. */
static inline void gen_arm64_image(uint8_t *b, size_t len, uint64_t text_offset,
				   uint64_t image_size, uint64_t flags)
{
	for (size_t i = 0; i < len; i++)
		b[i] = (uint8_t)(i * 7 + (i >> 12));
	memset(b, 0, 64);
	b[0] = 'M';
	b[1] = 'Z';
	gen_put_le64(b + 0x08, text_offset);
	gen_put_le64(b + 0x10, image_size);
	gen_put_le64(b + 0x18, flags);
	memcpy(b + 0x38, "ARM\x64", 4);
	gen_put_le32(b + 0x3c, 0x40);
}

/* gzip (a gzip member, as `gzip -9` writes) of @len bytes into a new buffer. */
static inline uint8_t *gen_gzip(const void *in, size_t len, int level, size_t *ret_len)
{
	z_stream z = {};
	size_t cap = compressBound(len) + 64;
	uint8_t *out = malloc(cap);

	if (!out || deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	*ret_len = z.total_out;
	deflateEnd(&z);
	return out;
}

static inline uint8_t *gen_zstd(const void *in, size_t len, size_t *ret_len)
{
	size_t cap = ZSTD_compressBound(len);
	uint8_t *out = malloc(cap);

	if (!out)
		abort();
	*ret_len = ZSTD_compress(out, cap, in, len, 3);
	if (ZSTD_isError(*ret_len))
		abort();
	return out;
}

#define GEN_ZBOOT_PE 0x40
#define GEN_ZBOOT_PAYLOAD 0x1000

/*
 * An EFI zboot file around @payload (already compressed as @type says), for PE machine
 * @machine (0xaa64: arm64), with the le32 size trailer non-gzip payloads carry.
 */
static inline uint8_t *gen_zboot(const void *payload, size_t plen, const char *type,
				 uint16_t machine, size_t image_len, size_t *ret_len)
{
	size_t len = GEN_ZBOOT_PAYLOAD + plen + 4;
	uint8_t *b = calloc(1, len);

	if (!b)
		abort();
	memcpy(b, "MZ", 2);
	memcpy(b + 4, "zimg", 4);
	gen_put_le32(b + 0x08, GEN_ZBOOT_PAYLOAD);
	gen_put_le32(b + 0x0c, (uint32_t)plen);
	strncpy((char *)b + 0x18, type, 31);
	gen_put_le32(b + 0x38, 0x818223cd);
	gen_put_le32(b + 0x3c, GEN_ZBOOT_PE);
	memcpy(b + GEN_ZBOOT_PE, "PE\0\0", 4);
	b[GEN_ZBOOT_PE + 4] = (uint8_t)machine;
	b[GEN_ZBOOT_PE + 5] = (uint8_t)(machine >> 8);
	memcpy(b + GEN_ZBOOT_PAYLOAD, payload, plen);
	gen_put_le32(b + GEN_ZBOOT_PAYLOAD + plen, (uint32_t)image_len);
	*ret_len = len;
	return b;
}

/*
 * A vmlinux around @image (@len bytes, a multiple of 0x1000 above 0x3000): text, rodata and
 * data PT_LOADs with a gap between the first two (zeros in the Image), a bss-only one, a note;
 * linked -pie (ET_DYN) at @base with the entry at _text, as arm64's vmlinux.lds.S does.
 */
struct gen_elf {
	uint8_t *b;
	size_t len;
	Elf64_Ehdr *eh;
	Elf64_Phdr *ph;
};

#define GEN_ELF_NPH 5
#define GEN_ELF_GAP 0x1000 /* bytes of the Image no PT_LOAD covers, between text and rodata */

static inline void gen_vmlinux(const uint8_t *image, size_t len, uint64_t base,
			       struct gen_elf *ret)
{
	size_t text = 0x2000, ro = len - text - GEN_ELF_GAP - 0x1000, data = 0x1000;
	size_t off = 0x1000;
	Elf64_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB,
			     EV_CURRENT },
		.e_type = ET_DYN,
		.e_machine = EM_AARCH64,
		.e_version = EV_CURRENT,
		.e_entry = base,
		.e_phoff = sizeof(Elf64_Ehdr),
		.e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr),
		.e_phnum = GEN_ELF_NPH,
	};
	Elf64_Phdr ph[GEN_ELF_NPH] = {
		{ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = off, .p_vaddr = base,
		  .p_paddr = base, .p_filesz = text, .p_memsz = text, .p_align = 0x10000 },
		{ .p_type = PT_LOAD, .p_flags = PF_R, .p_offset = off + text,
		  .p_vaddr = base + text + GEN_ELF_GAP, .p_paddr = base + text + GEN_ELF_GAP,
		  .p_filesz = ro, .p_memsz = ro },
		{ .p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = off + text + ro,
		  .p_vaddr = base + len - data, .p_paddr = base + len - data, .p_filesz = data,
		  .p_memsz = data },
		{ .p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = 0, .p_vaddr = base + len,
		  .p_paddr = base + len, .p_filesz = 0, .p_memsz = 0x10000 },
		{ .p_type = PT_NOTE, .p_offset = off, .p_vaddr = base, .p_filesz = 0x20,
		  .p_memsz = 0x20 },
	};

	ret->len = off + len;
	ret->b = calloc(1, ret->len);
	if (!ret->b)
		abort();
	memcpy(ret->b, &eh, sizeof(eh));
	memcpy(ret->b + eh.e_phoff, ph, sizeof(ph));
	memcpy(ret->b + off, image, text);
	memcpy(ret->b + off + text, image + text + GEN_ELF_GAP, ro);
	memcpy(ret->b + off + text + ro, image + len - data, data);
	ret->eh = (Elf64_Ehdr *)ret->b;
	ret->ph = (Elf64_Phdr *)(ret->b + eh.e_phoff);
}

/* The Image that gen_vmlinux() describes: its bytes with the gap zeroed. */
static inline void gen_vmlinux_image(uint8_t *image, size_t len)
{
	(void)len;
	memset(image + 0x2000, 0, GEN_ELF_GAP);
}

/* What the device tree generator puts in. */
#define GEN_DT_OLD_INITRD 0x48000000ULL
#define GEN_DT_OLD_INITRD_END 0x480ff123ULL
#define GEN_DT_OTHER_RSV 0x4f000000ULL
#define GEN_DT_UEFI_SYSTAB 0xbff3f018ULL
#define GEN_DT_PL011 0x9000000ULL
#define GEN_DT_SOC_BASE 0x20000000ULL

enum {
	GEN_DT_NO_CHOSEN = 1 << 0,
	GEN_DT_NO_UEFI = 1 << 1,
	GEN_DT_ONE_CELL = 1 << 2,   /* #address-cells = #size-cells = 1 at the root */
	GEN_DT_STDOUT_ALIAS = 1 << 3, /* stdout-path = "serial1" (the PL011 under /soc) */
	GEN_DT_STDOUT_16550 = 1 << 4, /* stdout-path to an ns16550a */
	GEN_DT_STALE_CRASH = 1 << 5, /* /chosen carries a previous crash load's properties */
};

static inline int gen_prop_u64(void *fdt, int node, const char *name, uint64_t v)
{
	return fdt_setprop_u64(fdt, node, name, v);
}

/* A tree like QEMU virt's as the EFI stub hands it over; 0 or a libfdt error. */
static inline int gen_dt(void *fdt, int size, unsigned flags)
{
	static const char pl011_compat[] = "arm,pl011\0arm,primecell";
	int r, chosen, node, soc, cells = flags & GEN_DT_ONE_CELL ? 1 : 2;
	fdt32_t reg[4];

	r = fdt_create_empty_tree(fdt, size);
	if (r < 0)
		return r;
	r = fdt_setprop_u32(fdt, 0, "#address-cells", cells);
	r = r ?: fdt_setprop_u32(fdt, 0, "#size-cells", cells);
	r = r ?: fdt_setprop_string(fdt, 0, "compatible", "linux,dummy-virt");
	r = r ?: fdt_add_mem_rsv(fdt, GEN_DT_OLD_INITRD, GEN_DT_OLD_INITRD_END - GEN_DT_OLD_INITRD);
	r = r ?: fdt_add_mem_rsv(fdt, GEN_DT_OTHER_RSV, 0x1000);
	if (r < 0)
		return r;

	node = fdt_add_subnode(fdt, 0, "memory@40000000");
	if (node < 0)
		return node;
	r = fdt_setprop_string(fdt, node, "device_type", "memory");
	if (cells == 2) {
		reg[0] = cpu_to_fdt32(0);
		reg[1] = cpu_to_fdt32(0x40000000);
		reg[2] = cpu_to_fdt32(0);
		reg[3] = cpu_to_fdt32(0x40000000);
	} else {
		reg[0] = cpu_to_fdt32(0x40000000);
		reg[1] = cpu_to_fdt32(0x40000000);
	}
	r = r ?: fdt_setprop(fdt, node, "reg", reg, cells * 2 * 4);

	node = fdt_add_subnode(fdt, 0, "pl011@9000000");
	if (node < 0)
		return node;
	r = r ?: fdt_setprop(fdt, node, "compatible", pl011_compat, sizeof(pl011_compat));
	if (cells == 2) {
		reg[0] = cpu_to_fdt32(0);
		reg[1] = cpu_to_fdt32(GEN_DT_PL011);
		reg[2] = cpu_to_fdt32(0);
		reg[3] = cpu_to_fdt32(0x1000);
	} else {
		reg[0] = cpu_to_fdt32(GEN_DT_PL011);
		reg[1] = cpu_to_fdt32(0x1000);
	}
	r = r ?: fdt_setprop(fdt, node, "reg", reg, cells * 2 * 4);

	soc = fdt_add_subnode(fdt, 0, "soc");
	if (soc < 0)
		return soc;
	{
		/* Its 0 is the CPU's GEN_DT_SOC_BASE, for 1 MiB. */
		fdt32_t ranges[4];
		int n = 0;

		ranges[n++] = cpu_to_fdt32(0);
		if (cells == 2)
			ranges[n++] = cpu_to_fdt32(0);
		ranges[n++] = cpu_to_fdt32(GEN_DT_SOC_BASE);
		ranges[n++] = cpu_to_fdt32(0x100000);
		r = r ?: fdt_setprop_u32(fdt, soc, "#address-cells", 1);
		r = r ?: fdt_setprop_u32(fdt, soc, "#size-cells", 1);
		r = r ?: fdt_setprop(fdt, soc, "ranges", ranges, n * 4);
	}
	node = fdt_add_subnode(fdt, soc, "serial@1000");
	if (node < 0)
		return node;
	reg[0] = cpu_to_fdt32(0x1000);
	reg[1] = cpu_to_fdt32(0x100);
	r = r ?: fdt_setprop(fdt, node, "compatible", pl011_compat, sizeof(pl011_compat));
	r = r ?: fdt_setprop(fdt, node, "reg", reg, 8);
	node = fdt_add_subnode(fdt, soc, "uart@2000");
	if (node < 0)
		return node;
	reg[0] = cpu_to_fdt32(0x2000);
	r = r ?: fdt_setprop_string(fdt, node, "compatible", "ns16550a");
	r = r ?: fdt_setprop(fdt, node, "reg", reg, 8);

	node = fdt_add_subnode(fdt, 0, "aliases");
	if (node < 0)
		return node;
	r = r ?: fdt_setprop_string(fdt, node, "serial0", "/pl011@9000000");
	r = r ?: fdt_setprop_string(fdt, node, "serial1", "/soc/serial@1000");
	r = r ?: fdt_setprop_string(fdt, node, "serial2", "/soc/uart@2000");
	if (r < 0)
		return r;
	if (flags & GEN_DT_NO_CHOSEN)
		return fdt_pack(fdt);

	chosen = fdt_add_subnode(fdt, 0, "chosen");
	if (chosen < 0)
		return chosen;
	r = fdt_setprop_string(fdt, chosen, "bootargs", "BOOT_IMAGE=/old root=/dev/vda");
	r = r ?: gen_prop_u64(fdt, chosen, "linux,initrd-start", GEN_DT_OLD_INITRD);
	r = r ?: gen_prop_u64(fdt, chosen, "linux,initrd-end", GEN_DT_OLD_INITRD_END);
	r = r ?: gen_prop_u64(fdt, chosen, "kaslr-seed", 0);
	r = r ?: fdt_setprop_string(fdt, chosen, "stdout-path",
				    flags & GEN_DT_STDOUT_ALIAS ? "serial1" :
				    flags & GEN_DT_STDOUT_16550 ? "serial2:115200" :
				    "/pl011@9000000:115200n8");
	if (!(flags & GEN_DT_NO_UEFI)) {
		r = r ?: gen_prop_u64(fdt, chosen, "linux,uefi-system-table", GEN_DT_UEFI_SYSTAB);
		r = r ?: gen_prop_u64(fdt, chosen, "linux,uefi-mmap-start", 0xbe5e0018ULL);
		r = r ?: fdt_setprop_u32(fdt, chosen, "linux,uefi-mmap-size", 0x1e0);
		r = r ?: fdt_setprop_u32(fdt, chosen, "linux,uefi-mmap-desc-size", 0x30);
		r = r ?: fdt_setprop_u32(fdt, chosen, "linux,uefi-mmap-desc-ver", 1);
	}
	if (flags & GEN_DT_STALE_CRASH) {
		r = r ?: fdt_appendprop_addrrange(fdt, 0, chosen, "linux,elfcorehdr", 0x7fff0000,
						  0x10000);
		r = r ?: fdt_add_mem_rsv(fdt, 0x7fff0000, 0x10000);
		r = r ?: fdt_appendprop_addrrange(fdt, 0, chosen, "linux,usable-memory-range",
						  0x70000000, 0x10000000);
	}
	if (r < 0)
		return r;
	return fdt_pack(fdt);
}

/*
 * /proc/iomem of QEMU virt with 2 GiB at 1 GiB under UEFI, crashkernel=256M: the firmware's
 * own pages are top-level "reserved", the kernel's memblock reservations nest in System RAM.
 */
static const char gen_arm64_iomem[] =
	"00000000-03ffffff : 0.flash flash@0\n"
	"09000000-09000fff : pl011@9000000\n"
	"  09000000-09000fff : 9000000.pl011 pl011@9000000\n"
	"40000000-bf3fffff : System RAM\n"
	"  40210000-41a5ffff : Kernel code\n"
	"  41a60000-41ddffff : reserved\n"
	"  41de0000-4225ffff : Kernel data\n"
	"  48000000-480fffff : reserved\n"
	"  a0000000-afffffff : Crash kernel\n"
	"bf400000-bf43ffff : reserved\n"
	"bf440000-bfffffff : System RAM\n"
	"  bf600000-bf7fffff : reserved\n"
	"  bfe00000-bfffffff : reserved\n"
	"4010000000-401fffffff : PCI ECAM\n";
