// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Whole-file decompression of kernel images with zlib, liblzma and libzstd. Every decoder writes
 * into one growing buffer that never exceeds max_out + 1 bytes: the one byte of slack is how a
 * stream that decodes to exactly max_out bytes is told apart from one that would go on.
 */
#define LOG_PREFIX "decompress: "
#include <limits.h>
#include <lzma.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "decompress.h"
#include "log.h"

/* Start with this many output bytes per input byte; kernels compress about 4:1 (xz) to 3:1. */
#define INITIAL_RATIO 4
#define INITIAL_MIN (1U << 20)
/* liblzma may allocate this much for its dictionary; xz -9 needs 65 MiB, hostile headers ask 4 GiB. */
#define LZMA_MEMLIMIT (256ULL << 20)

static const uint8_t gzip_magic[] = { 0x1f, 0x8b };
static const uint8_t xz_magic[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
static const uint8_t zstd_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };

enum compression {
	COMPRESSION_NONE,
	COMPRESSION_GZIP,
	COMPRESSION_XZ,
	COMPRESSION_LZMA,
	COMPRESSION_ZSTD,
};

static bool starts_with(const uint8_t *p, size_t len, const uint8_t *magic, size_t n)
{
	return len >= n && memcmp(p, magic, n) == 0;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

/*
 * The legacy .lzma format (lzma_alone) has no magic, only a 13-byte header: properties byte,
 * dictionary size, uncompressed size. Accept it only where liblzma's own format detection would
 * (alone_decoder.c with picky set): properties that decode to lc/lp/pb, a dictionary of 2^n or
 * 2^n + 2^(n-1) bytes, and a size that is unknown (all ones) or below 256 GiB.
 */
static bool is_lzma_alone(const uint8_t *p, size_t len)
{
	uint32_t dict, d;
	uint64_t size;

	if (len < 13 || p[0] > (4 * 5 + 4) * 9 + 8)
		return false;
	dict = le32(p + 1);
	if (dict == 0)
		return false;
	d = dict - 1;
	d |= d >> 2;
	d |= d >> 3;
	d |= d >> 4;
	d |= d >> 8;
	d |= d >> 16;
	if (d + 1 != dict && dict != UINT32_MAX)
		return false;
	size = le64(p + 5);
	return size == UINT64_MAX || size < (1ULL << 38);
}

static enum compression detect(const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (starts_with(p, len, gzip_magic, sizeof(gzip_magic)))
		return COMPRESSION_GZIP;
	if (starts_with(p, len, xz_magic, sizeof(xz_magic)))
		return COMPRESSION_XZ;
	if (starts_with(p, len, zstd_magic, sizeof(zstd_magic)))
		return COMPRESSION_ZSTD;
	if (is_lzma_alone(p, len))
		return COMPRESSION_LZMA;
	return COMPRESSION_NONE;
}

const char *image_compression(const void *buf, size_t len)
{
	static const char *const names[] = {
		[COMPRESSION_GZIP] = "gzip",
		[COMPRESSION_XZ] = "xz",
		[COMPRESSION_LZMA] = "lzma",
		[COMPRESSION_ZSTD] = "zstd",
	};

	return names[detect(buf, len)];
}

/* The output buffer: cap is what is allocated, limit = max_out + 1 is the most it may grow to. */
struct outbuf {
	uint8_t *p;
	size_t len, cap, limit;
};

static int outbuf_init(struct outbuf *o, size_t max_out, uint64_t hint)
{
	*o = (struct outbuf){ .limit = max_out == SIZE_MAX ? SIZE_MAX : max_out + 1 };
	if (hint < INITIAL_MIN)
		hint = INITIAL_MIN;
	o->cap = hint < o->limit ? (size_t)hint : o->limit;
	o->p = malloc(o->cap);
	return o->p ? 0 : -ENOMEM;
}

/* Make room for more output: doubles, up to limit. -EFBIG once output already fills limit. */
static int outbuf_grow(struct outbuf *o)
{
	size_t ncap;
	uint8_t *p;

	if (o->len < o->cap)
		return 0;
	if (o->cap >= o->limit)
		return -EFBIG;
	ncap = o->cap > o->limit / 2 ? o->limit : o->cap * 2;
	p = realloc(o->p, ncap);
	if (!p)
		return -ENOMEM;
	o->p = p;
	o->cap = ncap;
	return 0;
}

/* Hand the result over, without the slack of the last doubling. */
static int outbuf_finish(struct outbuf *o, size_t max_out, void **ret, size_t *ret_len)
{
	uint8_t *p;

	if (o->len > max_out)
		return -EFBIG;
	p = realloc(o->p, o->len ? o->len : 1);
	if (p)
		o->p = p;
	*ret = o->p;
	*ret_len = o->len;
	o->p = NULL;
	return 0;
}

/* Initial size guess: a caller's hint from the stream header, else INITIAL_RATIO × input. */
static uint64_t guess(size_t len)
{
	uint64_t g;

	if (__builtin_mul_overflow((uint64_t)len, INITIAL_RATIO, &g))
		return UINT64_MAX;
	return g;
}

static int gunzip(const uint8_t *in, size_t len, struct outbuf *o)
{
	z_stream zs = {};
	size_t in_pos = 0;
	int r, zr;

	r = inflateInit2(&zs, 15 + 32); /* 32: take a gzip (or zlib) header, whichever it is */
	if (r != Z_OK)
		return r == Z_MEM_ERROR ? -ENOMEM : -EINVAL;

	for (;;) {
		r = outbuf_grow(o);
		if (r < 0)
			break;
		/* zlib counts in uInt: feed and drain at most UINT_MAX bytes per call. */
		if (zs.avail_in == 0) {
			zs.next_in = (Bytef *)in + in_pos;
			zs.avail_in = (uInt)MIN(len - in_pos, (size_t)UINT_MAX);
			in_pos += zs.avail_in;
		}
		zs.next_out = o->p + o->len;
		zs.avail_out = (uInt)MIN(o->cap - o->len, (size_t)UINT_MAX);

		zr = inflate(&zs, Z_NO_FLUSH);
		o->len = zs.next_out - o->p;
		if (zr == Z_STREAM_END) {
			size_t rest = zs.avail_in + (len - in_pos);

			r = 0;
			/* gzip(1) decodes concatenated members as one file... */
			if (starts_with(in + len - rest, rest, gzip_magic, sizeof(gzip_magic))) {
				inflateReset(&zs);
				continue;
			}
			/* ...and ignores what follows the last one (e.g. padding to a block). */
			if (rest)
				log_debug("ignoring %zu bytes after the gzip data", rest);
			break;
		}
		if (zr == Z_OK)
			continue;
		if (zr == Z_MEM_ERROR) {
			r = -ENOMEM;
			break;
		}
		if (zr == Z_BUF_ERROR && o->len == o->cap)
			continue; /* only out of output space: grow */
		if (zr == Z_BUF_ERROR && zs.avail_in == 0 && in_pos == len)
			log_debug("gzip data ends before the end of the stream (truncated)");
		else
			log_debug("corrupt gzip data: %s", zs.msg ? zs.msg : "error");
		r = -EBADMSG;
		break;
	}
	inflateEnd(&zs);
	return r;
}

/* xz, and the legacy .lzma, which lzma_auto_decoder tells apart by the xz magic. */
static int unxz(const uint8_t *in, size_t len, struct outbuf *o)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret lr;
	int r;

	/* CONCATENATED: several .xz streams and stream padding make one file, as for xz(1). */
	lr = lzma_auto_decoder(&s, LZMA_MEMLIMIT, LZMA_CONCATENATED);
	if (lr != LZMA_OK)
		return lr == LZMA_MEM_ERROR ? -ENOMEM : -EINVAL;
	s.next_in = in;
	s.avail_in = len;

	for (;;) {
		r = outbuf_grow(o);
		if (r < 0)
			break;
		s.next_out = o->p + o->len;
		s.avail_out = o->cap - o->len;
		/* All input is there from the start, so every call may finish the stream. */
		lr = lzma_code(&s, LZMA_FINISH);
		o->len = s.next_out - o->p;
		if (lr == LZMA_OK)
			continue;
		if (lr == LZMA_STREAM_END) {
			r = 0;
			break;
		}
		if (lr == LZMA_MEM_ERROR) {
			r = -ENOMEM;
			break;
		}
		if (lr == LZMA_BUF_ERROR && o->len == o->cap)
			continue;
		/* MEMLIMIT: a dictionary beyond anything a kernel uses is treated as corrupt. */
		log_debug("corrupt xz/lzma data (liblzma error %d%s)", (int)lr,
			  lr == LZMA_BUF_ERROR ? ": truncated" : "");
		r = -EBADMSG;
		break;
	}
	lzma_end(&s);
	return r;
}

/* Streaming, because a frame need not record its content size. */
static int unzstd(const uint8_t *in, size_t len, struct outbuf *o)
{
	ZSTD_DCtx *d = ZSTD_createDCtx();
	ZSTD_inBuffer ib = { .src = in, .size = len };
	size_t zr = 1;
	int r;

	if (!d)
		return -ENOMEM;
	for (;;) {
		ZSTD_outBuffer ob;

		r = outbuf_grow(o);
		if (r < 0)
			break;
		ob = (ZSTD_outBuffer){ .dst = o->p, .size = o->cap, .pos = o->len };
		zr = ZSTD_decompressStream(d, &ob, &ib);
		o->len = ob.pos;
		if (ZSTD_isError(zr)) {
			log_debug("corrupt zstd data: %s", ZSTD_getErrorName(zr));
			r = ZSTD_getErrorCode(zr) == ZSTD_error_memory_allocation ? -ENOMEM : -EBADMSG;
			break;
		}
		/* 0: a frame ended and everything is flushed; with input left, a next frame follows. */
		if (zr == 0 && ib.pos == ib.size) {
			r = 0;
			break;
		}
		/* A full output buffer may hide more to flush; otherwise we are out of input. */
		if (ib.pos == ib.size && o->len < o->cap) {
			log_debug("zstd data ends inside a frame (truncated)");
			r = -EBADMSG;
			break;
		}
	}
	ZSTD_freeDCtx(d);
	return r;
}

int image_decompress(const void *buf, size_t len, size_t max_out, void **ret, size_t *ret_len)
{
	enum compression c = detect(buf, len);
	const uint8_t *p = buf;
	struct outbuf o;
	uint64_t hint = guess(len);
	int r;

	if (c == COMPRESSION_NONE)
		return -ENOEXEC;

	/* Size hints from the stream itself save reallocations; a lying one costs at most max_out. */
	if (c == COMPRESSION_GZIP && len >= 18)
		hint = MAX(hint, (uint64_t)le32(p + len - 4) + 1); /* ISIZE: size mod 2^32 */
	else if (c == COMPRESSION_ZSTD) {
		unsigned long long fcs = ZSTD_getFrameContentSize(buf, len);

		if (fcs != ZSTD_CONTENTSIZE_UNKNOWN && fcs != ZSTD_CONTENTSIZE_ERROR && fcs < UINT64_MAX)
			hint = fcs + 1;
	}

	r = outbuf_init(&o, max_out, hint);
	if (r < 0)
		return r;
	switch (c) {
	case COMPRESSION_GZIP:
		r = gunzip(p, len, &o);
		break;
	case COMPRESSION_XZ:
	case COMPRESSION_LZMA:
		r = unxz(p, len, &o);
		break;
	case COMPRESSION_ZSTD:
		r = unzstd(p, len, &o);
		break;
	case COMPRESSION_NONE:
		r = -ENOEXEC;
		break;
	}
	if (r >= 0)
		r = outbuf_finish(&o, max_out, ret, ret_len);
	if (r == -EFBIG)
		log_debug("%s data decompresses to more than %zu bytes", image_compression(buf, len),
			  max_out);
	else if (r >= 0)
		log_debug("%s: %zu bytes decompressed to %zu", image_compression(buf, len), len,
			  *ret_len);
	free(o.p);
	return r;
}
