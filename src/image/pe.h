/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * PE/COFF images (Microsoft's "PE Format" specification), as far as kernels need them: the
 * EFI stub of an x86 bzImage or an arm64 Image, an EFI zboot container, and a Unified Kernel
 * Image (UKI: systemd's spec, sections .linux, .initrd, .cmdline, .osrel, ... in a stub).
 *
 * Pure: every function works on a caller's buffer and checks every offset and size against
 * it before reading; nothing is copied out except the fixed headers. A later UKI loader takes
 * sections from here by name.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* COFF machine types the kernels here come in. */
#define PE_MACHINE_I386 0x014c
#define PE_MACHINE_X86_64 0x8664
#define PE_MACHINE_ARM64 0xaa64
#define PE_MACHINE_RISCV64 0x5064
#define PE_MACHINE_LOONGARCH64 0x6264

/* Optional header magics. */
#define PE_OPT_MAGIC_PE32 0x10b
#define PE_OPT_MAGIC_PE32PLUS 0x20b

/* Data directory slots (the spec's order); the certificate table is a file offset, not an RVA. */
#define PE_DIR_EXPORT 0
#define PE_DIR_BASERELOC 5
#define PE_DIR_SECURITY 4
#define PE_DIR_MAX 16

/* The loader of Windows refuses more than 96 sections; so do we (a 16-bit count otherwise). */
#define PE_MAX_SECTIONS 96

/* WIN_CERTIFICATE (the certificate table's entries). */
#define PE_WIN_CERT_REVISION_2_0 0x0200
#define PE_WIN_CERT_TYPE_PKCS_SIGNED_DATA 0x0002
#define PE_WIN_CERT_HEADER_SIZE 8

struct pe_data_dir {
	uint32_t addr; /* an RVA, except PE_DIR_SECURITY: a file offset */
	uint32_t size;
};

struct pe_section {
	char name[9];      /* as stored, NUL-terminated; "/4" style long names are kept as is */
	uint32_t vaddr;    /* RVA */
	uint32_t vsize;    /* bytes in memory (0: some linkers leave it unset; raw_size counts) */
	uint32_t raw_off;  /* file offset of its data */
	uint32_t raw_size; /* bytes in the file (rounded up to FileAlignment by most linkers) */
	uint32_t characteristics;
};

struct pe_file {
	uint32_t pe_offset;  /* e_lfanew: where "PE\0\0" is */
	uint16_t machine;
	uint16_t characteristics;
	uint16_t opt_magic;  /* PE_OPT_MAGIC_PE32 or _PE32PLUS */
	uint16_t subsystem;  /* 10: EFI application */
	uint32_t entry;      /* AddressOfEntryPoint, an RVA; 0: none */
	uint64_t image_base;
	uint32_t section_alignment, file_alignment;
	uint32_t size_of_image, size_of_headers;
	uint32_t nr_dirs;    /* NumberOfRvaAndSizes, at most PE_DIR_MAX */
	struct pe_data_dir dirs[PE_DIR_MAX];
	uint16_t nr_sections;
	struct pe_section sections[PE_MAX_SECTIONS];
};

/*
 * Parse the DOS, COFF and optional headers and the section table of @buf. Every section's file
 * data and the certificate table must lie inside @buf. Returns 0, -ENOEXEC without "MZ" at 0 or
 * without a PE signature where e_lfanew points (and @why empty: not a PE file), -EBADMSG when
 * it is one but truncated or corrupt (@why says which field), -EOPNOTSUPP for an image that is
 * neither PE32 nor PE32+.
 */
int pe_parse(const void *buf, size_t len, struct pe_file *ret, struct diag *why);

/* Whether @buf starts like a PE file: "MZ" and "PE\0\0" at e_lfanew. Pure, cheap. */
bool pe_is_pe(const void *buf, size_t len);

/*
 * The first section named @name at index @from or later (so that repeated names, as in a
 * multi-profile UKI, can be walked), or -1.
 */
int pe_section_index(const struct pe_file *pe, const char *name, unsigned from);

/*
 * The bytes of section @s in @buf (already bounds-checked by pe_parse): its file data, cut to
 * its virtual size when that is set and smaller (the rest of the raw data is FileAlignment
 * padding).
 */
void pe_section_data(const struct pe_file *pe, const void *buf, const struct pe_section *s,
		     const void **ret, size_t *ret_len);

/* One entry of the certificate table. */
struct pe_cert {
	uint16_t revision;
	uint16_t type;
	const uint8_t *data; /* bCertificate: the entry less its 8-byte header */
	size_t len;
};

/*
 * Walk the certificate table: entry number @index (0, 1, ...) into @ret. Returns 1 when found,
 * 0 past the last entry (or without a table), -EBADMSG for an entry whose length is shorter
 * than its header or runs past the table (@why says so).
 */
int pe_cert_get(const struct pe_file *pe, const void *buf, unsigned index, struct pe_cert *ret,
		struct diag *why);

/* "x86-64", "arm64", ... for a COFF machine; NULL if not one listed above. */
const char *pe_machine_name(uint16_t machine);

/*
 * The COFF machine of this build's architecture (x86-64 or arm64): the one systemd-boot, built
 * for it, requires of the UKIs it lists (its TARGET_MACHINE_TYPE; only its i386 build takes a
 * second one). 0 for an architecture not listed above.
 */
uint16_t pe_native_machine(void);
