// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PE/COFF headers, section table and certificate table (Microsoft "PE Format", the sections
 * "MS-DOS Stub", "COFF File Header", "Optional Header", "Section Table", "The Attribute
 * Certificate Table"). Each offset is read from the file and checked against its length
 * before use, with 64-bit arithmetic so that no sum of 32-bit fields wraps.
 */
#define LOG_PREFIX "pe: "
#include <errno.h>
#include <string.h>

#include "log.h"
#include "pe.h"

#define DOS_LFANEW_OFFSET 0x3c
#define COFF_HEADER_SIZE 20 /* after the 4-byte signature */
/* Optional header: fields up to NumberOfRvaAndSizes, and where the data directories start. */
#define OPT_PE32_DIRS 96
#define OPT_PE32PLUS_DIRS 112

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

uint16_t pe_native_machine(void)
{
#if defined(__x86_64__)
	return PE_MACHINE_X86_64;
#elif defined(__aarch64__)
	return PE_MACHINE_ARM64;
#else
	return 0;
#endif
}

const char *pe_machine_name(uint16_t machine)
{
	switch (machine) {
	case PE_MACHINE_I386:
		return "i386";
	case PE_MACHINE_X86_64:
		return "x86-64";
	case PE_MACHINE_ARM64:
		return "arm64";
	case PE_MACHINE_RISCV64:
		return "riscv64";
	case PE_MACHINE_LOONGARCH64:
		return "loongarch64";
	default:
		return NULL;
	}
}

bool pe_is_pe(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t off;

	if (len < DOS_LFANEW_OFFSET + 4 || memcmp(p, "MZ", 2) != 0)
		return false;
	off = le32(p + DOS_LFANEW_OFFSET);
	return off <= len && len - off >= 4 && memcmp(p + off, "PE\0\0", 4) == 0;
}

static int parse_sections(const uint8_t *p, size_t len, uint64_t table, struct pe_file *pe,
			  struct diag *why)
{
	for (unsigned i = 0; i < pe->nr_sections; i++) {
		const uint8_t *h = p + table + (uint64_t)i * 40;
		struct pe_section *s = &pe->sections[i];

		memcpy(s->name, h, 8);
		s->name[8] = '\0';
		/* A name shorter than 8 bytes is NUL-padded; bytes after a NUL are not part of it,
		 * and anything unprintable is shown as '?' rather than sent to a terminal. */
		for (size_t j = 0; j < 8 && s->name[j]; j++)
			if ((unsigned char)s->name[j] < 0x20 || (unsigned char)s->name[j] > 0x7e)
				s->name[j] = '?';
		s->vsize = le32(h + 8);
		s->vaddr = le32(h + 12);
		s->raw_size = le32(h + 16);
		s->raw_off = le32(h + 20);
		s->characteristics = le32(h + 36);
		if (s->raw_size && (uint64_t)s->raw_off + s->raw_size > len)
			return diag_fail(why, -EBADMSG, "truncated or corrupt PE image: section %u "
					 "('%s') has %u bytes at 0x%x, past the end of the file "
					 "(%zu bytes)", i, s->name, s->raw_size, s->raw_off, len);
		if ((uint64_t)s->vaddr + s->vsize > UINT32_MAX)
			return diag_fail(why, -EBADMSG, "corrupt PE image: section %u ('%s') ends "
					 "past 4 GiB of address space (RVA 0x%x, %u bytes)", i,
					 s->name, s->vaddr, s->vsize);
	}
	return 0;
}

int pe_parse(const void *buf, size_t len, struct pe_file *ret, struct diag *why)
{
	const uint8_t *p = buf, *coff, *opt;
	struct pe_file pe = {};
	uint16_t opt_size;
	uint64_t table, dirs_at;
	int r;

	if (!pe_is_pe(buf, len))
		return -ENOEXEC;
	pe.pe_offset = le32(p + DOS_LFANEW_OFFSET);
	if (len - pe.pe_offset < 4 + COFF_HEADER_SIZE)
		return diag_fail(why, -EBADMSG, "truncated PE image: %zu bytes, its COFF header "
				 "at 0x%x needs %d", len, pe.pe_offset, 4 + COFF_HEADER_SIZE);
	coff = p + pe.pe_offset + 4;
	pe.machine = le16(coff);
	pe.nr_sections = le16(coff + 2);
	opt_size = le16(coff + 16);
	pe.characteristics = le16(coff + 18);
	if (pe.nr_sections > PE_MAX_SECTIONS)
		return diag_fail(why, -EBADMSG, "corrupt PE image: %u sections, more than the %d "
				 "a loader accepts", pe.nr_sections, PE_MAX_SECTIONS);

	/* The optional header, then the section table right after it (opt_size says where). */
	if ((uint64_t)pe.pe_offset + 4 + COFF_HEADER_SIZE + opt_size > len)
		return diag_fail(why, -EBADMSG, "truncated PE image: its optional header (%u "
				 "bytes) runs past the end of the file (%zu bytes)", opt_size, len);
	opt = coff + COFF_HEADER_SIZE;
	if (opt_size < 2)
		return diag_fail(why, -EBADMSG, "corrupt PE image: no optional header, which "
				 "an executable image has");
	pe.opt_magic = le16(opt);
	if (pe.opt_magic == PE_OPT_MAGIC_PE32)
		dirs_at = OPT_PE32_DIRS;
	else if (pe.opt_magic == PE_OPT_MAGIC_PE32PLUS)
		dirs_at = OPT_PE32PLUS_DIRS;
	else
		return diag_fail(why, -EOPNOTSUPP, "unknown PE optional header magic 0x%04x (not "
				 "PE32 or PE32+)", pe.opt_magic);
	if (opt_size < dirs_at)
		return diag_fail(why, -EBADMSG, "corrupt PE image: its optional header is %u "
				 "bytes, less than the %llu of its fixed fields", opt_size,
				 (unsigned long long)dirs_at);
	pe.entry = le32(opt + 16);
	pe.image_base = pe.opt_magic == PE_OPT_MAGIC_PE32PLUS ? le64(opt + 24) : le32(opt + 28);
	pe.section_alignment = le32(opt + 32);
	pe.file_alignment = le32(opt + 36);
	pe.size_of_image = le32(opt + 56);
	pe.size_of_headers = le32(opt + 60);
	pe.subsystem = le16(opt + 68);
	pe.nr_dirs = le32(opt + dirs_at - 4);
	if (pe.nr_dirs > PE_DIR_MAX || dirs_at + (uint64_t)pe.nr_dirs * 8 > opt_size)
		return diag_fail(why, -EBADMSG, "corrupt PE image: %u data directories do not fit "
				 "its %u-byte optional header", pe.nr_dirs, opt_size);
	for (uint32_t i = 0; i < pe.nr_dirs; i++) {
		pe.dirs[i].addr = le32(opt + dirs_at + i * 8);
		pe.dirs[i].size = le32(opt + dirs_at + i * 8 + 4);
	}

	table = (uint64_t)pe.pe_offset + 4 + COFF_HEADER_SIZE + opt_size;
	if (table + (uint64_t)pe.nr_sections * 40 > len)
		return diag_fail(why, -EBADMSG, "truncated PE image: its %u section headers at "
				 "0x%llx run past the end of the file (%zu bytes)", pe.nr_sections,
				 (unsigned long long)table, len);
	r = parse_sections(p, len, table, &pe, why);
	if (r < 0)
		return r;

	/* The certificate table's address is a file offset (it is not mapped), at the end. */
	if (pe.nr_dirs > PE_DIR_SECURITY && pe.dirs[PE_DIR_SECURITY].size &&
	    (uint64_t)pe.dirs[PE_DIR_SECURITY].addr + pe.dirs[PE_DIR_SECURITY].size > len)
		return diag_fail(why, -EBADMSG, "truncated PE image: its certificate table (%u "
				 "bytes at 0x%x) runs past the end of the file (%zu bytes)",
				 pe.dirs[PE_DIR_SECURITY].size, pe.dirs[PE_DIR_SECURITY].addr, len);
	log_debug("PE%s, machine 0x%04x, %u sections", pe.opt_magic == PE_OPT_MAGIC_PE32PLUS ?
		  "32+" : "32", pe.machine, pe.nr_sections);
	*ret = pe;
	return 0;
}

int pe_section_index(const struct pe_file *pe, const char *name, unsigned from)
{
	for (unsigned i = from; i < pe->nr_sections; i++)
		if (strncmp(pe->sections[i].name, name, 8) == 0 && strlen(name) <= 8)
			return (int)i;
	return -1;
}

void pe_section_data(const struct pe_file *pe, const void *buf, const struct pe_section *s,
		     const void **ret, size_t *ret_len)
{
	size_t n = s->raw_size;

	(void)pe;
	if (s->vsize && s->vsize < n)
		n = s->vsize;
	*ret = (const uint8_t *)buf + s->raw_off;
	*ret_len = n;
}

int pe_cert_get(const struct pe_file *pe, const void *buf, unsigned index, struct pe_cert *ret,
		struct diag *why)
{
	const uint8_t *p = buf;
	uint64_t off, end;

	if (pe->nr_dirs <= PE_DIR_SECURITY || pe->dirs[PE_DIR_SECURITY].size == 0)
		return 0;
	off = pe->dirs[PE_DIR_SECURITY].addr;
	end = off + pe->dirs[PE_DIR_SECURITY].size; /* inside the file: pe_parse checked */
	for (unsigned i = 0;; i++) {
		uint32_t length;

		if (end - off < PE_WIN_CERT_HEADER_SIZE)
			return 0; /* padding at most */
		length = le32(p + off);
		if (length < PE_WIN_CERT_HEADER_SIZE || length > end - off)
			return diag_fail(why, -EBADMSG, "corrupt PE certificate table: entry %u "
					 "claims %u bytes, but %llu are left", i, length,
					 (unsigned long long)(end - off));
		if (i == index) {
			*ret = (struct pe_cert){
				.revision = le16(p + off + 4),
				.type = le16(p + off + 6),
				.data = p + off + PE_WIN_CERT_HEADER_SIZE,
				.len = length - PE_WIN_CERT_HEADER_SIZE,
			};
			return 1;
		}
		/* Entries are 8-byte aligned. */
		off += (length + 7ULL) & ~7ULL;
		if (off >= end)
			return 0;
	}
}
