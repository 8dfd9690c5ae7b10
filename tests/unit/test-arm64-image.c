// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * arm64 kernel formats: the Image header (one broken field per case), the EFI zboot container
 * and the ELF vmlinux around a generated Image (probe, unwrap back to the same bytes, each
 * refusal with its reason), dispatch through arch_arm64.formats, and Debian's real arm64
 * kernels from the VM test cache when it has them.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>

#include "arch.h"
#include "arm64/formats.h"
#include "arm64/image-header.h"
#include "decompress.h"
#include "fileio.h"
#include "gen-arm64.h"
#include "image.h"
#include "macro.h"
#include "unit.h"

static uint8_t image[GEN_IMAGE_SIZE];

static void make_image(void)
{
	gen_arm64_image(image, sizeof(image), 0, GEN_IMAGE_MEMSZ, GEN_FLAGS_4K_ANYWHERE);
}

/* Reason checks: the message must name the problem. */
static void check_reason(const char *name, const char *msg, const char *want)
{
	if (want && !strstr(msg, want)) {
		fprintf(stderr, "case '%s': reason '%s' lacks '%s'\n", name, msg, want);
		CHECK(false);
	}
}

struct header_case {
	const char *name;
	size_t len;
	uint64_t text_offset, image_size, flags;
	int ret;
	const char *reason;
	uint32_t page_size;
};

static const struct header_case header_cases[] = {
	{ "Debian-like: 4K, anywhere", 4096, 0, GEN_IMAGE_MEMSZ, 0xa, 0, NULL, 4096 },
	{ "old text_offset 0x80000", 4096, 0x80000, GEN_IMAGE_MEMSZ, 0xa, 0, NULL, 4096 },
	{ "16K pages", 4096, 0, GEN_IMAGE_MEMSZ, 0xc, 0, NULL, 16384 },
	{ "64K pages, low placement", 4096, 0, GEN_IMAGE_MEMSZ, 0x6, 0, NULL, 65536 },
	{ "page size unspecified", 4096, 0, GEN_IMAGE_MEMSZ, 0x0, 0, NULL, 0 },
	{ "header only", 64, 0, GEN_IMAGE_MEMSZ, 0xa, 0, NULL, 4096 },
	{ "truncated inside the header", 0x3c, 0, GEN_IMAGE_MEMSZ, 0xa, -EBADMSG, "truncated", 0 },
	{ "shorter than the magic", 0x3b, 0, GEN_IMAGE_MEMSZ, 0xa, -ENOEXEC, NULL, 0 },
	{ "big-endian", 4096, 0, GEN_IMAGE_MEMSZ, 0xb, -EOPNOTSUPP, "big-endian", 0 },
	{ "no image_size (before 3.17)", 4096, 0x80000, 0, 0xa, -EOPNOTSUPP, "3.17", 0 },
	{ "image_size 2 GiB", 4096, 0, 2ULL << 30, 0xa, -EBADMSG, "image_size", 0 },
	{ "text_offset not 4K aligned", 4096, 0x80010, GEN_IMAGE_MEMSZ, 0xa, -EBADMSG,
	  "text_offset", 0 },
	{ "text_offset 2 MiB", 4096, 0x200000, GEN_IMAGE_MEMSZ, 0xa, -EBADMSG, "text_offset", 0 },
};

static void test_header(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(header_cases); i++) {
		const struct header_case *c = &header_cases[i];
		static uint8_t b[4096];
		struct image_info info = {};
		struct arm64_image h = {};
		int r;

		gen_arm64_image(b, sizeof(b), c->text_offset, c->image_size, c->flags);
		r = arm64_image_parse(b, c->len, &h, &info);
		if (r != c->ret)
			fprintf(stderr, "case '%s': %d, reason '%s'\n", c->name, r, info.why.msg);
		CHECK_EQ_INT(r, c->ret);
		check_reason(c->name, info.why.msg, c->reason);
		CHECK_EQ_INT(arm64_image_ops.probe(b, c->len, &info), c->ret);
		if (r == 0) {
			CHECK_EQ_INT(h.page_size, c->page_size);
			CHECK_EQ_INT(h.text_offset, c->text_offset);
			CHECK_EQ_INT(h.image_size, c->image_size);
			CHECK_EQ_INT(h.anywhere, !!(c->flags & 0x8));
			CHECK_EQ_INT(info.cmdline_max, 2047);
		}
	}
	/* Not an Image at all: a bzImage-like and an empty buffer are "not this format". */
	{
		static uint8_t b[4096];
		struct image_info info = {};

		memcpy(b + 0x202, "HdrS", 4);
		CHECK_EQ_INT(arm64_image_ops.probe(b, sizeof(b), &info), -ENOEXEC);
		CHECK_EQ_INT(arm64_image_ops.probe(b, 0, &info), -ENOEXEC);
	}
}

struct zboot_case {
	const char *name;
	const char *type;       /* as written in the header */
	uint16_t machine;
	void (*mutate)(uint8_t *b, size_t *len);
	int probe;
	int unwrap;             /* when probe is 0 */
	const char *reason;
};

static void z_none(uint8_t *b, size_t *len) { (void)b; (void)len; }
static void z_short_header(uint8_t *b, size_t *len) { (void)b; *len = 0x30; }
static void z_truncated(uint8_t *b, size_t *len) { (void)b; *len -= 100; }
static void z_offset_past_end(uint8_t *b, size_t *len) { gen_put_le32(b + 8, (uint32_t)*len + 1); }
static void z_size_zero(uint8_t *b, size_t *len) { (void)len; gen_put_le32(b + 12, 0); }
static void z_no_pe(uint8_t *b, size_t *len) { (void)len; memset(b + GEN_ZBOOT_PE, 0, 4); }
static void z_pe_outside(uint8_t *b, size_t *len) { (void)len; gen_put_le32(b + 0x3c, 0xfffffff0); }
static void z_type_unterminated(uint8_t *b, size_t *len) { (void)len; memset(b + 0x18, 'x', 0x20); }
static void z_not_gzip(uint8_t *b, size_t *len) { (void)len; b[GEN_ZBOOT_PAYLOAD] ^= 0xff; }
static void z_corrupt_stream(uint8_t *b, size_t *len)
{
	/* Deep inside the deflate data: the header still says gzip, the CRC cannot match. */
	for (size_t i = GEN_ZBOOT_PAYLOAD + 40; i < GEN_ZBOOT_PAYLOAD + 80 && i < *len; i++)
		b[i] ^= 0x5a;
}
static void z_only_magic(uint8_t *b, size_t *len) { (void)b; *len = 8; }

static const struct zboot_case zboot_cases[] = {
	{ "gzip", "gzip", 0xaa64, z_none, 0, 0, NULL },
	{ "zstd22", "zstd22", 0xaa64, z_none, 0, 0, NULL },
	{ "header cut short", "gzip", 0xaa64, z_short_header, -EBADMSG, 0, "truncated" },
	{ "only the magic", "gzip", 0xaa64, z_only_magic, -EBADMSG, 0, "truncated" },
	{ "file truncated in the payload", "gzip", 0xaa64, z_truncated, -EBADMSG, 0, "payload" },
	{ "payload offset past the end", "gzip", 0xaa64, z_offset_past_end, -EBADMSG, 0, "payload" },
	{ "payload size 0", "gzip", 0xaa64, z_size_zero, -EBADMSG, 0, "payload" },
	{ "no PE header", "gzip", 0xaa64, z_no_pe, -EBADMSG, 0, "PE header" },
	{ "PE offset outside", "gzip", 0xaa64, z_pe_outside, -EBADMSG, 0, "PE header" },
	{ "RISC-V zboot", "gzip", 0x5064, z_none, -EOPNOTSUPP, 0, "RISC-V" },
	{ "lz4", "lz4", 0xaa64, z_none, -EOPNOTSUPP, 0, "lz4" },
	{ "lzo", "lzo", 0xaa64, z_none, -EOPNOTSUPP, 0, "lzo" },
	{ "type not a string", "gzip", 0xaa64, z_type_unterminated, -EBADMSG, 0, "not a string" },
	{ "payload not gzip data", "gzip", 0xaa64, z_not_gzip, -EBADMSG, 0, "not gzip" },
	{ "gzip header says zstd", "zstd22", 0xaa64, z_none, -EBADMSG, 0, "not zstd" },
	{ "corrupt deflate stream", "gzip", 0xaa64, z_corrupt_stream, 0, -EBADMSG, "damaged" },
};

static void test_zboot(void)
{
	size_t gz_len, zs_len;
	uint8_t *gz, *zs;

	make_image();
	gz = gen_gzip(image, sizeof(image), 9, &gz_len);
	zs = gen_zstd(image, sizeof(image), &zs_len);
	for (size_t i = 0; i < ARRAY_SIZE(zboot_cases); i++) {
		const struct zboot_case *c = &zboot_cases[i];
		/* The payload is what the case's name says; "gzip header says zstd" lies. */
		bool zstd = strcmp(c->name, "zstd22") == 0;
		struct image_info info = {};
		struct diag why = {};
		size_t len, out_len = 0;
		void *out = NULL;
		uint8_t *b;
		int r;

		b = gen_zboot(zstd ? zs : gz, zstd ? zs_len : gz_len, c->type, c->machine,
			      sizeof(image), &len);
		c->mutate(b, &len);
		r = arm64_zboot_ops.probe(b, len, &info);
		if (r != c->probe)
			fprintf(stderr, "case '%s': probe %d, reason '%s'\n", c->name, r, info.why.msg);
		CHECK_EQ_INT(r, c->probe);
		if (r < 0) {
			check_reason(c->name, info.why.msg, c->reason);
			/* unwrap says the same */
			CHECK_EQ_INT(arm64_zboot_ops.unwrap(b, len, 1 << 20, &out, &out_len, &why), r);
			free(b);
			continue;
		}
		CHECK_EQ_INT(info.cmdline_max, 2047);
		r = arm64_zboot_ops.unwrap(b, len, 1 << 20, &out, &out_len, &why);
		if (r != c->unwrap)
			fprintf(stderr, "case '%s': unwrap %d, reason '%s'\n", c->name, r, why.msg);
		CHECK_EQ_INT(r, c->unwrap);
		if (r == 0) {
			CHECK_EQ_INT(out_len, sizeof(image));
			CHECK(out && memcmp(out, image, sizeof(image)) == 0);
			/* Too small a cap is refused, not cut. */
			CHECK_EQ_INT(arm64_zboot_ops.unwrap(b, len, sizeof(image) - 1, &out, &out_len,
							    &why), -EFBIG);
		} else {
			check_reason(c->name, why.msg, c->reason);
		}
		free(out);
		free(b);
	}

	/* A well-formed container whose payload is no Image. */
	{
		static uint8_t junk[8192];
		size_t jlen, len, out_len;
		uint8_t *jz = gen_gzip(junk, sizeof(junk), 1, &jlen), *b;
		struct image_info info = {};
		struct diag why = {};
		void *out;

		b = gen_zboot(jz, jlen, "gzip", 0xaa64, sizeof(junk), &len);
		CHECK_EQ_INT(arm64_zboot_ops.probe(b, len, &info), 0);
		CHECK_EQ_INT(arm64_zboot_ops.unwrap(b, len, 1 << 20, &out, &out_len, &why), -EBADMSG);
		check_reason("payload no Image", why.msg, "no arm64 Image header");
		free(b);
		free(jz);
	}
	free(gz);
	free(zs);
}

struct elf_case {
	const char *name;
	void (*mutate)(struct gen_elf *e);
	int ret;
	const char *reason;
};

static void e_none(struct gen_elf *e) { (void)e; }
static void e_exec(struct gen_elf *e) { e->eh->e_type = ET_EXEC; }
static void e_rel(struct gen_elf *e) { e->eh->e_type = ET_REL; }
static void e_core(struct gen_elf *e) { e->eh->e_type = ET_CORE; }
static void e_x86(struct gen_elf *e) { e->eh->e_machine = EM_X86_64; }
static void e_program(struct gen_elf *e)
{
	for (int i = 0; i < 4; i++)
		e->ph[i].p_vaddr -= GEN_VMLINUX_BASE - 0x400000;
	e->eh->e_entry = 0x400000;
}
static void e_interp(struct gen_elf *e) { e->ph[4].p_type = PT_INTERP; }
static void e_entry(struct gen_elf *e) { e->eh->e_entry += 0x40; }
static void e_no_magic(struct gen_elf *e) { e->b[0x1000 + 0x38] = 'X'; }
static void e_overlap(struct gen_elf *e) { e->ph[1].p_vaddr = GEN_VMLINUX_BASE + 0x1000; }
static void e_outside(struct gen_elf *e) { e->ph[2].p_offset = e->len; }
static void e_no_load(struct gen_elf *e)
{
	for (int i = 0; i < 4; i++)
		e->ph[i].p_type = PT_NULL;
}
static void e_small_image_size(struct gen_elf *e) { gen_put_le64(e->b + 0x1000 + 0x10, 0x2000); }
static void e_big_endian_kernel(struct gen_elf *e) { e->b[0x1000 + 0x18] |= 1; }
static void e_huge_span(struct gen_elf *e) { e->ph[3].p_memsz = 2ULL << 30; }

static const struct elf_case elf_cases[] = {
	{ "vmlinux (-pie, ET_DYN)", e_none, 0, NULL },
	{ "vmlinux (ET_EXEC)", e_exec, 0, NULL },
	{ "object file", e_rel, -EOPNOTSUPP, "object file" },
	{ "core dump", e_core, -EOPNOTSUPP, "core dump" },
	{ "x86-64 ELF", e_x86, -ENOEXEC, NULL },
	{ "static program", e_program, -EOPNOTSUPP, "program" },
	{ "dynamic program", e_interp, -EOPNOTSUPP, "interpreter" },
	{ "entry not at _text", e_entry, -EOPNOTSUPP, "entry point" },
	{ "no Image header", e_no_magic, -EOPNOTSUPP, "Image header" },
	{ "overlapping segments", e_overlap, -EBADMSG, "overlap" },
	{ "segment outside the file", e_outside, -EBADMSG, "outside the file" },
	{ "no PT_LOAD", e_no_load, -EBADMSG, "no loadable segment" },
	{ "image_size below the segments", e_small_image_size, -EBADMSG, "image_size" },
	{ "big-endian kernel", e_big_endian_kernel, -EOPNOTSUPP, "big-endian" },
	{ "segments span 2 GiB", e_huge_span, -EBADMSG, "span" },
};

static void test_elf(void)
{
	static uint8_t want[GEN_IMAGE_SIZE];

	make_image();
	memcpy(want, image, sizeof(want));
	gen_vmlinux_image(want, sizeof(want));
	for (size_t i = 0; i < ARRAY_SIZE(elf_cases); i++) {
		const struct elf_case *c = &elf_cases[i];
		struct image_info info = {};
		struct diag why = {};
		struct gen_elf e;
		size_t out_len = 0;
		void *out = NULL;
		int r;

		gen_vmlinux(image, sizeof(image), GEN_VMLINUX_BASE, &e);
		c->mutate(&e);
		r = arm64_elf_ops.probe(e.b, e.len, &info);
		if (r != c->ret)
			fprintf(stderr, "case '%s': %d, reason '%s'\n", c->name, r, info.why.msg);
		CHECK_EQ_INT(r, c->ret);
		check_reason(c->name, info.why.msg, c->reason);
		r = arm64_elf_ops.unwrap(e.b, e.len, 1 << 20, &out, &out_len, &why);
		CHECK_EQ_INT(r, c->ret == -ENOEXEC ? -EBADMSG : c->ret);
		if (r == 0) {
			/* objcopy -O binary's output: the segments laid out from _text, gap zeroed. */
			CHECK_EQ_INT(out_len, sizeof(want));
			CHECK(memcmp(out, want, sizeof(want)) == 0);
			free(out);
			CHECK_EQ_INT(arm64_elf_ops.unwrap(e.b, e.len, 4096, &out, &out_len, &why),
				     -EFBIG);
		}
		free(e.b);
	}
}

static void test_dispatch(void)
{
	const struct image_ops *ops = NULL;
	struct image_info info;
	size_t gz_len, zlen;
	uint8_t *gz, *z;
	struct gen_elf e;

	make_image();
	CHECK_EQ_INT(image_probe(arch_arm64.formats, image, sizeof(image), NULL, &ops, &info), 0);
	CHECK(ops == &arm64_image_ops);
	CHECK_EQ_STR(info.type, "Image");

	gz = gen_gzip(image, sizeof(image), 6, &gz_len);
	z = gen_zboot(gz, gz_len, "gzip", 0xaa64, sizeof(image), &zlen);
	CHECK_EQ_INT(image_probe(arch_arm64.formats, z, zlen, NULL, &ops, &info), 0);
	CHECK(ops == &arm64_zboot_ops);
	/* The Image itself starts with "MZ" too: only "zimg" tells them apart. */
	CHECK_EQ_INT(image_probe(arch_arm64.formats, z, zlen, "Image", &ops, &info), -ENOEXEC);
	CHECK_EQ_INT(image_probe(arch_arm64.formats, z, zlen, "vmlinuz", &ops, &info), 0);

	gen_vmlinux(image, sizeof(image), GEN_VMLINUX_BASE, &e);
	CHECK_EQ_INT(image_probe(arch_arm64.formats, e.b, e.len, NULL, &ops, &info), 0);
	CHECK(ops == &arm64_elf_ops);

	/* A gzip'd Image is the generic load's business: the whole file decompresses to one. */
	CHECK_EQ_STR(image_compression(gz, gz_len), "gzip");
	CHECK_EQ_INT(image_probe(arch_arm64.formats, gz, gz_len, NULL, &ops, &info), -ENOEXEC);

	CHECK(image_find_type(arch_arm64.formats, "image") == &arm64_image_ops);
	CHECK(image_find_type(arch_arm64.formats, "zboot") == &arm64_zboot_ops);
	CHECK(image_find_type(arch_arm64.formats, "vmlinux") == &arm64_elf_ops);
	CHECK(image_find_type(arch_arm64.formats, "elf") == &arm64_elf_ops);
	CHECK(image_find_type(arch_arm64.formats, "bzImage") == NULL);
	CHECK(arm64_image_ops.unwrap == NULL);
	free(e.b);
	free(z);
	free(gz);
}

/* One real kernel: its header as Debian builds it, and a zboot made of it unwrapping back. */
static void test_real_kernel(const char *path, bool zboot)
{
	struct input_file f = INPUT_FILE_INIT;
	const struct image_ops *ops = NULL;
	struct image_info info = {};
	struct arm64_image h;

	if (input_file_open(path, 1ULL << 31, &f) < 0)
		return;
	CHECK_EQ_INT(arm64_image_parse(f.map, f.size, &h, &info), 0);
	CHECK_EQ_INT(image_probe(arch_arm64.formats, f.map, f.size, NULL, &ops, &info), 0);
	CHECK(ops == &arm64_image_ops);
	CHECK_EQ_INT(h.text_offset, 0);
	CHECK_EQ_INT(h.page_size, 4096);
	CHECK(h.anywhere);
	CHECK(h.image_size > f.size && h.image_size < (256ULL << 20));
	printf("test-arm64-image: %s: %llu bytes, image_size %llu, text_offset 0x%llx, %u-byte "
	       "pages\n", path, (unsigned long long)f.size, (unsigned long long)h.image_size,
	       (unsigned long long)h.text_offset, h.page_size);
	if (zboot) {
		/* As the kernel's Makefile.zboot builds one: the Image padded to image_size. */
		uint8_t *padded = calloc(1, h.image_size), *gz, *z;
		size_t gz_len, zlen, out_len;
		struct diag why = {};
		void *out;

		CHECK(padded != NULL);
		memcpy(padded, f.map, f.size);
		gz = gen_gzip(padded, h.image_size, 1, &gz_len);
		z = gen_zboot(gz, gz_len, "gzip", 0xaa64, h.image_size, &zlen);
		CHECK_EQ_INT(image_probe(arch_arm64.formats, z, zlen, NULL, &ops, &info), 0);
		CHECK(ops == &arm64_zboot_ops);
		CHECK_EQ_INT(arm64_zboot_ops.unwrap(z, zlen, IMAGE_DECOMPRESS_MAX, &out, &out_len,
						    &why), 0);
		CHECK_EQ_INT(out_len, h.image_size);
		CHECK(memcmp(out, padded, h.image_size) == 0);
		free(out);
		free(z);
		free(gz);
		free(padded);
	}
	input_file_done(&f);
}

static void test_real_kernels(void)
{
	const char *cache = getenv("KEXEC_TEST_CACHE");
	char dir[512];
	int found = 0;

	snprintf(dir, sizeof(dir), "%s/arm64/kernels", cache ? cache : "/var/cache/kexec-test");
	for (const char *const *k = (const char *const[]){ "arm64-6.1", "arm64-6.12", NULL }; *k; k++) {
		char boot[600], path[1200];
		struct dirent *de;
		DIR *d;

		snprintf(boot, sizeof(boot), "%s/%s/boot", dir, *k);
		d = opendir(boot);
		if (!d)
			continue;
		while ((de = readdir(d))) {
			if (strncmp(de->d_name, "vmlinuz-", 8) != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", boot, de->d_name);
			test_real_kernel(path, found == 0);
			found++;
		}
		closedir(d);
	}
	if (!found)
		printf("test-arm64-image: no Debian arm64 kernels in %s (the arm64 VM tests fetch "
		       "them); real-kernel checks skipped\n", dir);
}

int main(void)
{
	test_header();
	test_zboot();
	test_elf();
	test_dispatch();
	test_real_kernels();
	return unit_summary("test-arm64-image");
}
