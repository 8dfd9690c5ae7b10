// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Whole-file decompression: round trips through streams each library makes at test time,
 * truncated and corrupt streams, the output cap, and (with KEXEC_TEST_KERNEL) the xz/zstd payload
 * of a real bzImage, which is the vmlinux ELF.
 */
#include <errno.h>
#include <lzma.h>
#include <stdlib.h>
#include <zlib.h>
#include <zstd.h>

#include "decompress.h"
#include "fileio.h"
#include "macro.h"
#include "unit.h"

#define PLAIN_SIZE (300 * 1024 + 17)

static unsigned char plain[PLAIN_SIZE];

/* Compressible but not trivial: words from a small table, picked by an LCG. */
static void make_plain(void)
{
	static const char *const words[] = { "kexec ", "segment ", "purgatory ", "0x1000000 ",
					     "\x7f\x45LF", "\n", "boot_params ", "\0\0\0\0" };
	uint32_t x = 12345;
	size_t n = 0;

	while (n < PLAIN_SIZE) {
		const char *w;
		size_t l;

		x = x * 1103515245 + 12345;
		w = words[(x >> 16) % 8];
		l = (x >> 16) % 8 == 7 ? 4 : strlen(w);
		for (size_t i = 0; i < l && n < PLAIN_SIZE; i++)
			plain[n++] = w[i];
	}
}

struct blob {
	unsigned char *p;
	size_t len;
};

static struct blob make_gzip(const void *in, size_t len)
{
	struct blob b = { .p = malloc(compressBound(len) + 64) };
	z_stream zs = {};

	CHECK_EQ_INT(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (Bytef *)in;
	zs.avail_in = len;
	zs.next_out = b.p;
	zs.avail_out = compressBound(len) + 64;
	CHECK_EQ_INT(deflate(&zs, Z_FINISH), Z_STREAM_END);
	b.len = zs.total_out;
	deflateEnd(&zs);
	return b;
}

static struct blob make_xz(const void *in, size_t len)
{
	size_t cap = lzma_stream_buffer_bound(len);
	struct blob b = { .p = malloc(cap) };

	CHECK_EQ_INT(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, in, len, b.p, &b.len, cap),
		     LZMA_OK);
	return b;
}

/* The legacy .lzma format (lzma_alone), with an end marker and unknown size. */
static struct blob make_lzma(const void *in, size_t len)
{
	size_t cap = lzma_stream_buffer_bound(len) + 64;
	struct blob b = { .p = malloc(cap) };
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_options_lzma opt;

	CHECK_EQ_INT(lzma_lzma_preset(&opt, 6), 0);
	CHECK_EQ_INT(lzma_alone_encoder(&s, &opt), LZMA_OK);
	s.next_in = in;
	s.avail_in = len;
	s.next_out = b.p;
	s.avail_out = cap;
	CHECK_EQ_INT(lzma_code(&s, LZMA_FINISH), LZMA_STREAM_END);
	b.len = s.total_out;
	lzma_end(&s);
	return b;
}

static struct blob make_zstd(const void *in, size_t len)
{
	size_t cap = ZSTD_compressBound(len);
	struct blob b = { .p = malloc(cap) };

	b.len = ZSTD_compress(b.p, cap, in, len, 3);
	CHECK(!ZSTD_isError(b.len));
	return b;
}

/* A frame as a streaming compressor writes it: no content size, with a checksum. */
static struct blob make_zstd_stream(const void *in, size_t len)
{
	size_t cap = ZSTD_compressBound(len) + 64;
	struct blob b = { .p = malloc(cap) };
	ZSTD_CCtx *c = ZSTD_createCCtx();
	ZSTD_inBuffer ib = { in, len, 0 };
	ZSTD_outBuffer ob = { b.p, cap, 0 };

	ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 0);
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
	CHECK_EQ_INT(ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_end), 0);
	b.len = ob.pos;
	ZSTD_freeCCtx(c);
	CHECK_EQ_INT(ZSTD_getFrameContentSize(b.p, b.len), ZSTD_CONTENTSIZE_UNKNOWN);
	return b;
}

static struct blob concat(struct blob a, struct blob b)
{
	struct blob c = { .p = malloc(a.len + b.len), .len = a.len + b.len };

	memcpy(c.p, a.p, a.len);
	memcpy(c.p + a.len, b.p, b.len);
	free(a.p);
	free(b.p);
	return c;
}

/* Decompress @b; expect @ret and, on success, @want of @want_len bytes. */
static void expect(const char *what, struct blob b, size_t max, int ret, const void *want,
		   size_t want_len)
{
	void *out = (void *)0x1;
	size_t out_len = 12345;
	int r;

	r = image_decompress(b.p, b.len, max, &out, &out_len);
	if (r != ret)
		fprintf(stderr, "case: %s\n", what);
	CHECK_EQ_INT(r, ret);
	if (r == 0) {
		CHECK_EQ_INT(out_len, want_len);
		CHECK(out_len == want_len && memcmp(out, want, want_len) == 0);
		free(out);
	} else {
		/* Out-parameters are set only on success. */
		CHECK(out == (void *)0x1);
		CHECK_EQ_INT(out_len, 12345);
	}
}

struct format {
	const char *name;
	struct blob (*make)(const void *, size_t);
};

static const struct format formats[] = {
	{ "gzip", make_gzip },
	{ "xz", make_xz },
	{ "lzma", make_lzma },
	{ "zstd", make_zstd },
	{ "zstd", make_zstd_stream },
};

static void test_format(const struct format *f)
{
	struct blob b = f->make(plain, sizeof(plain));
	struct blob t;

	CHECK_EQ_STR(image_compression(b.p, b.len), f->name);
	expect(f->name, b, IMAGE_DECOMPRESS_MAX, 0, plain, sizeof(plain));

	/* The cap: exactly the size is fine, one byte less is not, nor much less. */
	expect("cap = size", b, sizeof(plain), 0, plain, sizeof(plain));
	expect("cap = size - 1", b, sizeof(plain) - 1, -EFBIG, NULL, 0);
	expect("cap 4 KiB", b, 4096, -EFBIG, NULL, 0);
	expect("cap 0", b, 0, -EFBIG, NULL, 0);

	/* Cut anywhere after the magic: truncated. */
	static const size_t cuts[] = { 13, 40, 100, 1000 };
	for (size_t i = 0; i < ARRAY_SIZE(cuts); i++) {
		t = (struct blob){ b.p, cuts[i] };
		if (cuts[i] < b.len)
			expect("truncated", t, IMAGE_DECOMPRESS_MAX, -EBADMSG, NULL, 0);
	}
	t = (struct blob){ b.p, b.len / 2 };
	expect("truncated in the middle", t, IMAGE_DECOMPRESS_MAX, -EBADMSG, NULL, 0);
	/* The trailer is part of the stream too (gzip: CRC + size; xz: index + footer). */
	t = (struct blob){ b.p, b.len - 1 };
	if (strcmp(f->name, "lzma") != 0) /* the end marker's last byte is padding */
		expect("last byte missing", t, IMAGE_DECOMPRESS_MAX, -EBADMSG, NULL, 0);

	/* Flipped bits in the middle: the checksums (or the decoder) notice. zstd's plain
	 * ZSTD_compress frame has no checksum, so only the streaming one is flipped. */
	if (f->make != make_zstd) {
		unsigned char *c = malloc(b.len);

		memcpy(c, b.p, b.len);
		c[b.len / 2] ^= 0x55;
		c[b.len / 2 + 1] ^= 0xff;
		t = (struct blob){ c, b.len };
		expect("corrupt", t, IMAGE_DECOMPRESS_MAX, -EBADMSG, NULL, 0);
		free(c);
	}
	free(b.p);
}

/* Several members / streams / frames in one file are one output, as for the command-line tools. */
static void test_concatenated(void)
{
	static unsigned char two[2 * PLAIN_SIZE];
	struct blob b;

	memcpy(two, plain, PLAIN_SIZE);
	memcpy(two + PLAIN_SIZE, plain, PLAIN_SIZE);

	b = concat(make_gzip(plain, PLAIN_SIZE), make_gzip(plain, PLAIN_SIZE));
	expect("gzip members", b, IMAGE_DECOMPRESS_MAX, 0, two, sizeof(two));
	free(b.p);
	b = concat(make_xz(plain, PLAIN_SIZE), make_xz(plain, PLAIN_SIZE));
	expect("xz streams", b, IMAGE_DECOMPRESS_MAX, 0, two, sizeof(two));
	free(b.p);
	b = concat(make_zstd(plain, PLAIN_SIZE), make_zstd_stream(plain, PLAIN_SIZE));
	expect("zstd frames", b, IMAGE_DECOMPRESS_MAX, 0, two, sizeof(two));
	expect("zstd frames, cap between them", b, PLAIN_SIZE + 10, -EFBIG, NULL, 0);
	free(b.p);

	/* gzip(1) ignores what follows the last member; a second member cut short is corrupt. */
	b = make_gzip(plain, PLAIN_SIZE);
	b.p = realloc(b.p, b.len + 512);
	memset(b.p + b.len, 0, 512);
	b.len += 512;
	expect("gzip + zero padding", b, IMAGE_DECOMPRESS_MAX, 0, plain, PLAIN_SIZE);
	free(b.p);
	b = concat(make_gzip(plain, PLAIN_SIZE), make_gzip(plain, PLAIN_SIZE));
	b.len -= 20;
	expect("gzip, second member truncated", b, IMAGE_DECOMPRESS_MAX, -EBADMSG, NULL, 0);
	free(b.p);

	/* Garbage after an xz stream is not stream padding. */
	b = make_xz(plain, PLAIN_SIZE);
	b.p = realloc(b.p, b.len + 4);
	memcpy(b.p + b.len, "\x01\x02\x03\x04", 4);
	b.len += 4;
	expect("xz + garbage", b, IMAGE_DECOMPRESS_MAX, -EBADMSG, NULL, 0);
	free(b.p);
}

static void test_empty_and_foreign(void)
{
	static const unsigned char elf[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	static const unsigned char bz[0x210] = { [0x1fe] = 0x55, [0x1ff] = 0xaa, [0x202] = 'H',
						  [0x203] = 'd', [0x204] = 'r', [0x205] = 'S' };
	/* Starts like .lzma (0x5d) but its dictionary size is no power of two. */
	static const unsigned char not_lzma[16] = { 0x5d, 0x01, 0x02, 0x03, 0x04, 0xff, 0xff, 0xff,
						    0xff, 0xff, 0xff, 0xff, 0xff };
	static const unsigned char magic_only[] = { 0x1f, 0x8b };
	struct blob b;

	expect("empty file", (struct blob){ (unsigned char *)"", 0 }, IMAGE_DECOMPRESS_MAX, -ENOEXEC,
	       NULL, 0);
	expect("ELF", (struct blob){ (unsigned char *)elf, sizeof(elf) }, IMAGE_DECOMPRESS_MAX,
	       -ENOEXEC, NULL, 0);
	expect("bzImage", (struct blob){ (unsigned char *)bz, sizeof(bz) }, IMAGE_DECOMPRESS_MAX,
	       -ENOEXEC, NULL, 0);
	expect("not lzma", (struct blob){ (unsigned char *)not_lzma, sizeof(not_lzma) },
	       IMAGE_DECOMPRESS_MAX, -ENOEXEC, NULL, 0);
	CHECK(image_compression(elf, sizeof(elf)) == NULL);
	CHECK(image_compression(not_lzma, sizeof(not_lzma)) == NULL);
	expect("gzip magic only", (struct blob){ (unsigned char *)magic_only, 2 },
	       IMAGE_DECOMPRESS_MAX, -EBADMSG, NULL, 0);

	/* An empty file compressed is an empty (but successful) result. */
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
		b = formats[i].make(plain, 0);
		expect("compressed empty file", b, IMAGE_DECOMPRESS_MAX, 0, plain, 0);
		free(b.p);
	}
}

/* A bzImage's payload (boot.rst: payload_offset/length, protocol 2.08) is the compressed vmlinux
 * followed by its 32-bit little-endian size; decompress it as a file and compare. */
static void test_real_kernel(void)
{
	const char *path = getenv("KEXEC_TEST_KERNEL");
	struct input_file f = INPUT_FILE_INIT;
	const unsigned char *k;
	void *out = NULL;
	size_t out_len = 0, setup, off, len;
	uint32_t size;

	if (!path || !*path) {
		printf("test-decompress: KEXEC_TEST_KERNEL not set, real-kernel case not run\n");
		return;
	}
	CHECK_EQ_INT(input_file_open(path, 1ULL << 31, &f), 0);
	if (!f.map)
		return;
	k = f.map;
	setup = ((size_t)(k[0x1f1] ? k[0x1f1] : 4) + 1) * 512;
	off = setup + (k[0x248] | k[0x249] << 8 | k[0x24a] << 16 | (size_t)k[0x24b] << 24);
	len = k[0x24c] | k[0x24d] << 8 | k[0x24e] << 16 | (size_t)k[0x24f] << 24;
	CHECK(len > 4 && off + len <= f.size);
	if (len > 4 && off + len <= f.size) {
		const char *c = image_compression(k + off, len);

		/* The size trailer is gzip's own ISIZE; the other formats get it appended. */
		memcpy(&size, k + off + len - 4, 4);
		if (!c || strcmp(c, "gzip") != 0)
			len -= 4;
		printf("test-decompress: %s payload of %zu bytes, vmlinux %u bytes\n", c ? c : "unknown",
		       len, size);
		/* Debian and most distributions use xz or zstd (gzip, lzma: also ours). */
		CHECK(c != NULL);
		CHECK_EQ_INT(image_decompress(k + off, len, IMAGE_DECOMPRESS_MAX, &out, &out_len), 0);
		CHECK_EQ_INT(out_len, size);
		CHECK(out && memcmp(out, "\x7f" "ELF", 4) == 0);
		free(out);
		CHECK_EQ_INT(image_decompress(k + off, len, 1 << 20, &out, &out_len), -EFBIG);
	}
	input_file_done(&f);
}

int main(void)
{
	make_plain();
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		test_format(&formats[i]);
	test_concatenated();
	test_empty_and_foreign();
	test_real_kernel();
	return unit_summary("test-decompress");
}
