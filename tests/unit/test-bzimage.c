// SPDX-License-Identifier: GPL-2.0-or-later
/* bzImage header checks on generated images, one broken field per case, and on a real kernel. */
#include <errno.h>
#include <stdlib.h>

#include "x86/bzimage.h"
#include "fileio.h"
#include "gen-bzimage.h"
#include "arch.h"
#include "image.h"
#include "unit.h"

#define IMG_SIZE GEN_BZIMAGE_SIZE

static void make_image(unsigned char *buf)
{
	gen_bzimage(buf);
}

static struct setup_header *hdr(unsigned char *buf)
{
	return (struct setup_header *)(buf + BZIMAGE_SETUP_HEADER_OFFSET);
}

struct bz_case {
	const char *name;
	void (*mutate)(unsigned char *buf, size_t *len);
	int ret;
};

static void m_none(unsigned char *b, size_t *l) { (void)b; (void)l; }
static void m_tiny(unsigned char *b, size_t *l) { (void)b; *l = 0x205; }
static void m_empty(unsigned char *b, size_t *l) { (void)b; *l = 0; }
static void m_no_magic(unsigned char *b, size_t *l) { (void)l; memcpy(b + 0x202, "HdrX", 4); }
static void m_short_header(unsigned char *b, size_t *l) { (void)b; *l = 0x230; }
static void m_boot_flag(unsigned char *b, size_t *l) { (void)l; hdr(b)->boot_flag = 0x1234; }
static void m_old_protocol(unsigned char *b, size_t *l) { (void)l; hdr(b)->version = 0x020b; }
static void m_zimage(unsigned char *b, size_t *l) { (void)l; hdr(b)->loadflags = 0; }
static void m_32bit(unsigned char *b, size_t *l)
{
	(void)l;
	hdr(b)->xloadflags = XLF_CAN_BE_LOADED_ABOVE_4G;
}
static void m_below_4g(unsigned char *b, size_t *l) { (void)l; hdr(b)->xloadflags = XLF_KERNEL_64; }
static void m_truncated_code(unsigned char *b, size_t *l) { (void)b; *l = 5 * 512 + 8191; }
static void m_exact(unsigned char *b, size_t *l) { (void)b; *l = 5 * 512 + 8192; }
static void m_truncated_setup(unsigned char *b, size_t *l) { (void)b; *l = 5 * 512 - 1; }
static void m_setup_sects_0(unsigned char *b, size_t *l)
{
	/* 0 means 4 (boot.rst), so the same length still fits exactly. */
	hdr(b)->setup_sects = 0;
	*l = 5 * 512 + 8192;
}
static void m_huge_setup(unsigned char *b, size_t *l) { (void)l; hdr(b)->setup_sects = 255; }
static void m_huge_syssize(unsigned char *b, size_t *l) { (void)l; hdr(b)->syssize = 0xffffffff; }
static void m_no_code(unsigned char *b, size_t *l) { (void)l; hdr(b)->syssize = 0; }
/* Absurd sizes and addresses in an otherwise valid header (fuzz-bzimage's seeds too). */
static void m_short_jump(unsigned char *b, size_t *l) { (void)l; b[0x201] = 0x30; }
static void m_align_0(unsigned char *b, size_t *l) { (void)l; hdr(b)->kernel_alignment = 0; }
static void m_align_odd(unsigned char *b, size_t *l) { (void)l; hdr(b)->kernel_alignment = 0x300000; }
static void m_align_2g(unsigned char *b, size_t *l) { (void)l; hdr(b)->kernel_alignment = 1U << 31; }
static void m_init_size_4g(unsigned char *b, size_t *l) { (void)l; hdr(b)->init_size = 0xffffffff; }
static void m_init_size_1g(unsigned char *b, size_t *l) { (void)l; hdr(b)->init_size = 1U << 30; }
static void m_pref_top(unsigned char *b, size_t *l)
{
	(void)l;
	hdr(b)->pref_address = 0xfffffffffffff000ULL;
}

static const struct bz_case cases[] = {
	{ "valid", m_none, 0 },
	{ "exactly as long as announced", m_exact, 0 },
	{ "setup_sects 0 means 4", m_setup_sects_0, 0 },
	{ "empty file", m_empty, -ENOEXEC },
	{ "shorter than the magic", m_tiny, -ENOEXEC },
	{ "no HdrS", m_no_magic, -ENOEXEC },
	{ "header cut short", m_short_header, -EBADMSG },
	{ "bad boot flag", m_boot_flag, -EBADMSG },
	{ "protocol 2.11", m_old_protocol, -EOPNOTSUPP },
	{ "zImage", m_zimage, -EOPNOTSUPP },
	{ "32-bit kernel", m_32bit, -EOPNOTSUPP },
	{ "not loadable above 4G", m_below_4g, -EOPNOTSUPP },
	{ "code truncated by one byte", m_truncated_code, -EBADMSG },
	{ "setup truncated", m_truncated_setup, -EBADMSG },
	{ "setup_sects beyond the file", m_huge_setup, -EBADMSG },
	{ "syssize beyond the file", m_huge_syssize, -EBADMSG },
	{ "no protected-mode code", m_no_code, -EBADMSG },
	{ "header shorter than protocol 2.12's", m_short_jump, -EBADMSG },
	{ "kernel_alignment 0", m_align_0, -EBADMSG },
	{ "kernel_alignment not a power of two", m_align_odd, -EBADMSG },
	{ "kernel_alignment 2 GiB", m_align_2g, -EBADMSG },
	{ "init_size 4 GiB", m_init_size_4g, -EBADMSG },
	{ "init_size 1 GiB, the most there is", m_init_size_1g, 0 },
	{ "pref_address at the top of 64 bits", m_pref_top, -EBADMSG },
};

static void test_generated(void)
{
	static unsigned char buf[IMG_SIZE];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct image_info info = {};
		struct setup_header h;
		size_t len = IMG_SIZE;
		int r;

		make_image(buf);
		cases[i].mutate(buf, &len);
		r = bzimage_parse_header(buf, len, &h, &info);
		if (r != cases[i].ret) {
			unit_failures++;
			fprintf(stderr, "case '%s': %d, expected %d (%s)\n", cases[i].name, r,
				cases[i].ret, info.why.msg);
		}
		/* Every refusal of a recognised image says why. */
		if (r < 0 && r != -ENOEXEC)
			CHECK(info.why.msg[0] != '\0');
		if (r == 0)
			CHECK_EQ_INT(info.cmdline_max, 2047);
		unit_checks++;
	}
}

static void test_dispatch(void)
{
	static unsigned char buf[IMG_SIZE];
	const struct image_ops *ops = NULL;
	struct image_info info;

	make_image(buf);
	CHECK_EQ_INT(image_probe(arch_x86_64.formats, buf, IMG_SIZE, NULL, &ops, &info), 0);
	CHECK(ops == &bzimage64_ops);
	CHECK_EQ_INT(image_probe(arch_x86_64.formats, buf, IMG_SIZE, "bzImage", &ops, &info), 0);
	CHECK(image_find_type(arch_x86_64.formats, "bzimage64") == &bzimage64_ops);
	CHECK(image_find_type(arch_x86_64.formats, "multiboot-x86") == NULL);

	memcpy(buf + 0x202, "nope", 4);
	CHECK_EQ_INT(image_probe(arch_x86_64.formats, buf, IMG_SIZE, NULL, &ops, &info), -ENOEXEC);
	CHECK(strstr(info.why.msg, "not a kernel image") != NULL);
	CHECK_EQ_INT(image_probe(arch_x86_64.formats, buf, IMG_SIZE, "bzImage64", &ops, &info), -ENOEXEC);
	CHECK(strstr(info.why.msg, "bzImage64") != NULL);
}

/* The version string kernel_version points at (for kexec --show); a bad one is left out, never
 * a reason to refuse the image. The generated image's setup sectors end at 0xa00. */
static void test_version(void)
{
	static unsigned char buf[IMG_SIZE];
	static const char v[] = "6.1.0-test-amd64 (builder@host) #1 SMP PREEMPT_DYNAMIC";
	struct image_info info = {};
	struct setup_header h;

	make_image(buf);
	CHECK_EQ_INT(bzimage_parse_header(buf, IMG_SIZE, &h, &info), 0);
	CHECK_EQ_STR(info.version, "");

	hdr(buf)->kernel_version = 0x100; /* the string at 0x300 */
	memcpy(buf + 0x300, v, sizeof(v));
	CHECK_EQ_INT(bzimage_parse_header(buf, IMG_SIZE, &h, &info), 0);
	CHECK_EQ_STR(info.version, v);

	/* A control character: not a version string. */
	buf[0x305] = '\033';
	CHECK_EQ_INT(bzimage_parse_header(buf, IMG_SIZE, &h, &info), 0);
	CHECK_EQ_STR(info.version, "");
	/* No NUL before the end of the setup sectors. */
	memset(buf + 0x300, 'x', 0xa00 - 0x300);
	CHECK_EQ_INT(bzimage_parse_header(buf, IMG_SIZE, &h, &info), 0);
	CHECK_EQ_STR(info.version, "");
	/* Long: cut to what image_info holds. */
	buf[0x300 + 400] = '\0';
	CHECK_EQ_INT(bzimage_parse_header(buf, IMG_SIZE, &h, &info), 0);
	CHECK_EQ_INT(strlen(info.version), sizeof(info.version) - 1);
	/* Empty, or pointing past the setup sectors. */
	buf[0x300] = '\0';
	CHECK_EQ_INT(bzimage_parse_header(buf, IMG_SIZE, &h, &info), 0);
	CHECK_EQ_STR(info.version, "");
	hdr(buf)->kernel_version = 0xa00 - 0x200;
	CHECK_EQ_INT(bzimage_parse_header(buf, IMG_SIZE, &h, &info), 0);
	CHECK_EQ_STR(info.version, "");
	hdr(buf)->kernel_version = 0xffff;
	CHECK_EQ_INT(bzimage_parse_header(buf, IMG_SIZE, &h, &info), 0);
	CHECK_EQ_STR(info.version, "");
}

/* With KEXEC_TEST_KERNEL pointing at a real bzImage (the test command sets it): it passes, and
 * every truncation of it, down to each header field's boundary, is refused. */
static void test_real_kernel(void)
{
	const char *path = getenv("KEXEC_TEST_KERNEL");
	struct input_file f = INPUT_FILE_INIT;
	struct image_info info = {};
	struct setup_header h;
	size_t len;

	if (!path || !*path) {
		printf("test-bzimage: KEXEC_TEST_KERNEL not set, real-kernel cases not run\n");
		return;
	}
	CHECK_EQ_INT(input_file_open(path, 1ULL << 31, &f), 0);
	if (!f.map)
		return;
	CHECK_EQ_INT(bzimage_parse_header(f.map, f.size, &h, &info), 0);
	CHECK(info.cmdline_max >= 255);
	/* Debian's: "6.1.0-57-amd64 (debian-kernel@lists.debian.org) #1 SMP ..." */
	CHECK(info.version[0] >= '2' && info.version[0] <= '9' && strchr(info.version, '.'));
	len = ((size_t)h.setup_sects + 1) * 512 + (size_t)h.syssize * 16;
	CHECK(len <= f.size);

	/* Cut at every byte of the header, then at coarse steps through setup and code. */
	for (size_t cut = 0; cut < 0x280; cut++)
		CHECK(bzimage_parse_header(f.map, cut, &h, &info) < 0);
	for (size_t cut = 0x280; cut < len; cut += 4093)
		CHECK_EQ_INT(bzimage_parse_header(f.map, cut, &h, &info), -EBADMSG);
	CHECK_EQ_INT(bzimage_parse_header(f.map, len - 1, &h, &info), -EBADMSG);
	input_file_done(&f);
}

int main(void)
{
	test_generated();
	test_dispatch();
	test_version();
	test_real_kernel();
	return unit_summary("test-bzimage");
}
