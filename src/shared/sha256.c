// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SHA-256 for both the kexec tool and the purgatory; see sha256.h for why one file serves both.
 *
 * Rules this file keeps so that it builds freestanding (-ffreestanding -nostdinc -mno-sse
 * -fpie) and links into a blob with no relocations:
 *  - only compiler-provided headers (<stddef.h>, <stdint.h>, <stdbool.h>, <immintrin.h>);
 *  - no libc calls; the compiler may still emit memcpy/memset, which the purgatory provides;
 *  - no writable globals and no pointers in static data; the one table, sha256_K (which
 *    sha256-mb.c shares), is reached RIP-relative;
 *  - vector code only inside a function carrying its own target() attribute, so the global
 *    -mno-sse never meets an SSE type outside it, and no vector crosses a call boundary.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sha256.h"

#if defined(__x86_64__)
#define SHA256_SHANI 1
#if !__STDC_HOSTED__ && defined(__GNUC__) && !defined(__clang__)
/*
 * GCC 12's xmmintrin.h includes mm_malloc.h unconditionally, and that wants <stdlib.h>, which a
 * -nostdinc build does not have. Nothing here uses _mm_malloc, so claim the header is already
 * in. (clang's xmmintrin.h skips it when freestanding on its own.)
 */
#define _MM_MALLOC_H_INCLUDED
#endif
#include <immintrin.h>
#endif

/* FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of the cube roots of
 * the first 64 primes. Aligned so the SHA-NI path can load four at a time. */
const uint32_t sha256_K[64] __attribute__((aligned(16))) = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror32(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

/* Byte-wise access through __builtin_memcpy with a constant size: this compiles to one mov
 * even with -fno-builtin, and is defined for unaligned pointers, which segment data may be. */
static inline uint32_t load_be32(const uint8_t *p)
{
	uint32_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return __builtin_bswap32(v);
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
	v = __builtin_bswap32(v);
	__builtin_memcpy(p, &v, sizeof(v));
}

static inline void store_be64(uint8_t *p, uint64_t v)
{
	v = __builtin_bswap64(v);
	__builtin_memcpy(p, &v, sizeof(v));
}

/*
 * The portable path. Fully unrolled, with the eight working variables renamed from round to
 * round instead of shifted, and the message schedule kept in a 16-word ring computed just in
 * time, so each round is straight-line ALU work the compiler can interleave with its
 * neighbours.
 *
 * On x86 without BMI2 every rotate of a value still needed is a register copy plus a
 * two-operand ror, so the sigmas are written nested (three rotates of x become rotates of
 * partial results, e.g. ror(x,6)^ror(x,11)^ror(x,25) = ror(ror(ror(x,14)^x,5)^x,6)): two fewer
 * copies each. That is a longer dependency chain on paper, yet measured about 15% faster than
 * the flat form (bench/README.md).
 */
#define BSIG0(x) ror32(ror32(ror32(x, 9) ^ (x), 11) ^ (x), 2)
#define BSIG1(x) ror32(ror32(ror32(x, 14) ^ (x), 5) ^ (x), 6)
#define SSIG0(x) (ror32(ror32(x, 11) ^ (x), 7) ^ ((x) >> 3))
#define SSIG1(x) (ror32(ror32(x, 2) ^ (x), 17) ^ ((x) >> 10))
/* FIPS 180-4's Ch, with one operation fewer. */
#define CH(e, f, g) ((((f) ^ (g)) & (e)) ^ (g))

/* W[i] for round i: read from the block for the first 16 rounds, then expanded in place. i is
 * always a constant, so the branch folds away. */
#define W(i)                                                                                  \
	((i) < 16 ? (w[(i) & 15] = load_be32(p + 4 * (i)))                                    \
		  : (w[(i) & 15] += SSIG1(w[((i) - 2) & 15]) + w[((i) - 7) & 15] +             \
				    SSIG0(w[((i) - 15) & 15])))

/*
 * One round. Maj(a,b,c) is computed as ((a^b) & (b^c)) ^ b, and b^c is the previous round's
 * a^b (its a and b are this round's b and c), so each round hands its a^b to the next in @ab
 * and takes the previous one in @bc: one operation fewer again.
 */
#define ROUND(a, b, c, d, e, f, g, h, i, ab, bc)                                              \
	do {                                                                                  \
		uint32_t t1 = (h) + BSIG1(e) + CH(e, f, g) + sha256_K[i] + W(i);              \
		(ab) = (a) ^ (b);                                                             \
		(d) += t1;                                                                    \
		(h) = t1 + BSIG0(a) + (((ab) & (bc)) ^ (b));                                  \
	} while (0)

#define ROUNDS8(i)                                                                            \
	do {                                                                                  \
		ROUND(a, b, c, d, e, f, g, h, (i) + 0, x, y);                                 \
		ROUND(h, a, b, c, d, e, f, g, (i) + 1, y, x);                                 \
		ROUND(g, h, a, b, c, d, e, f, (i) + 2, x, y);                                 \
		ROUND(f, g, h, a, b, c, d, e, (i) + 3, y, x);                                 \
		ROUND(e, f, g, h, a, b, c, d, (i) + 4, x, y);                                 \
		ROUND(d, e, f, g, h, a, b, c, (i) + 5, y, x);                                 \
		ROUND(c, d, e, f, g, h, a, b, (i) + 6, x, y);                                 \
		ROUND(b, c, d, e, f, g, h, a, (i) + 7, y, x);                                 \
	} while (0)

/* Compress @nblocks blocks; the next block is @stride bytes on (0 repeats one block). */
static void sha256_blocks_generic(uint32_t state[8], const uint8_t *p, uint64_t nblocks,
				  size_t stride)
{
	uint32_t a, b, c, d, e, f, g, h, x, y, w[16];

	for (; nblocks; nblocks--, p += stride) {
		a = state[0];
		b = state[1];
		c = state[2];
		d = state[3];
		e = state[4];
		f = state[5];
		g = state[6];
		h = state[7];
		y = b ^ c; /* the "previous a^b" for round 0 */

		ROUNDS8(0);
		ROUNDS8(8);
		ROUNDS8(16);
		ROUNDS8(24);
		ROUNDS8(32);
		ROUNDS8(40);
		ROUNDS8(48);
		ROUNDS8(56);

		state[0] += a;
		state[1] += b;
		state[2] += c;
		state[3] += d;
		state[4] += e;
		state[5] += f;
		state[6] += g;
		state[7] += h;
	}
}

#ifdef SHA256_SHANI
/*
 * The SHA-NI path. sha256rnds2 does two rounds on the state split as {A,B,E,F} and {C,D,G,H}
 * (A in the top lane), taking W+K for those rounds in the low two lanes of its third operand;
 * the {A,B,E,F} it returns makes the old one the new {C,D,G,H}, so the two state registers
 * swap roles every call. sha256msg1/msg2 compute the sigma0 and sigma1 halves of the
 * schedule four words at a time.
 *
 * Quad q (rounds 4q..4q+3) uses message register m[q % 4] = W[4q..4q+3] and, while it
 * hashes, prepares later quads:
 *  - for quad q+1 (q = 3..14): add W[4q-3..4q] and apply msg2 on m[(q+1) % 4], which already
 *    holds msg1 of W[4q-12..]; this reads m[(q-1) % 4] unmodified, so it goes first;
 *  - for quad q+3 (q = 1..12): msg1 of W[4q-4..4q-1] with W[4q], into m[(q-1) % 4].
 * q is a constant in every expansion and the conditions fold.
 */
#define SHANI_QUAD(q, cur, next, prev)                                                        \
	do {                                                                                  \
		wk = _mm_add_epi32(cur, _mm_load_si128((const __m128i *)&sha256_K[4 * (q)])); \
		cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);                                 \
		wk = _mm_shuffle_epi32(wk, 0x0e);                                             \
		abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);                                 \
		if ((q) >= 3 && (q) <= 14) {                                                  \
			next = _mm_add_epi32(next, _mm_alignr_epi8(cur, prev, 4));             \
			next = _mm_sha256msg2_epu32(next, cur);                                \
		}                                                                             \
		if ((q) >= 1 && (q) <= 12)                                                    \
			prev = _mm_sha256msg1_epu32(prev, cur);                                \
	} while (0)

__attribute__((target("sha,sse4.1,ssse3")))
static void sha256_blocks_shani(uint32_t state[8], const uint8_t *p, uint64_t nblocks,
				size_t stride)
{
	/* pshufb control reversing the bytes of each 32-bit lane: the message is big-endian */
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i abef, cdgh, abef_saved, cdgh_saved, t, wk, m0, m1, m2, m3;

	/* {a,b,c,d},{e,f,g,h} (a in lane 0) to {f,e,b,a},{h,g,d,c} (the lane-0-first view of
	 * the {A,B,E,F},{C,D,G,H} that the instructions want) */
	t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[0]), 0xb1);   /* b a d c */
	cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[4]), 0x1b); /* h g f e */
	abef = _mm_alignr_epi8(t, cdgh, 8);    /* f e b a */
	cdgh = _mm_blend_epi16(cdgh, t, 0xf0); /* h g d c */

	for (; nblocks; nblocks--, p += stride) {
		abef_saved = abef;
		cdgh_saved = cdgh;

		m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 0)), bswap);
		m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), bswap);
		m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), bswap);
		m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), bswap);

		SHANI_QUAD(0, m0, m1, m3);
		SHANI_QUAD(1, m1, m2, m0);
		SHANI_QUAD(2, m2, m3, m1);
		SHANI_QUAD(3, m3, m0, m2);
		SHANI_QUAD(4, m0, m1, m3);
		SHANI_QUAD(5, m1, m2, m0);
		SHANI_QUAD(6, m2, m3, m1);
		SHANI_QUAD(7, m3, m0, m2);
		SHANI_QUAD(8, m0, m1, m3);
		SHANI_QUAD(9, m1, m2, m0);
		SHANI_QUAD(10, m2, m3, m1);
		SHANI_QUAD(11, m3, m0, m2);
		SHANI_QUAD(12, m0, m1, m3);
		SHANI_QUAD(13, m1, m2, m0);
		SHANI_QUAD(14, m2, m3, m1);
		SHANI_QUAD(15, m3, m0, m2);

		abef = _mm_add_epi32(abef, abef_saved);
		cdgh = _mm_add_epi32(cdgh, cdgh_saved);
	}

	/* and back: {f,e,b,a},{h,g,d,c} to {a,b,c,d},{e,f,g,h} */
	t = _mm_shuffle_epi32(abef, 0x1b);    /* a b e f */
	cdgh = _mm_shuffle_epi32(cdgh, 0xb1); /* g h c d */
	_mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(t, cdgh, 0xf0)); /* a b c d */
	_mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(cdgh, t, 8));    /* e f g h */
}

static inline void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t r[4])
{
	__asm__("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(subleaf));
}

bool sha256_have_shani(void)
{
	uint32_t r[4];

	cpuid(0, 0, r);
	if (r[0] < 7)
		return false;
	cpuid(1, 0, r);
	if (!(r[2] & (1u << 9)) || !(r[2] & (1u << 19))) /* SSSE3, SSE4.1 */
		return false;
	cpuid(7, 0, r);
	return r[1] & (1u << 29); /* SHA */
}
#else
bool sha256_have_shani(void)
{
	return false;
}
#endif

static void sha256_blocks(struct sha256_ctx *ctx, const uint8_t *p, uint64_t nblocks,
			  size_t stride)
{
#ifdef SHA256_SHANI
	/* A direct branch rather than a stored function pointer: see sha256.h. */
	if (ctx->shani) {
		sha256_blocks_shani(ctx->state, p, nblocks, stride);
		return;
	}
#endif
	sha256_blocks_generic(ctx->state, p, nblocks, stride);
}

void sha256_init_generic(struct sha256_ctx *ctx)
{
	/* FIPS 180-4 section 5.3.3 */
	ctx->state[0] = 0x6a09e667;
	ctx->state[1] = 0xbb67ae85;
	ctx->state[2] = 0x3c6ef372;
	ctx->state[3] = 0xa54ff53a;
	ctx->state[4] = 0x510e527f;
	ctx->state[5] = 0x9b05688c;
	ctx->state[6] = 0x1f83d9ab;
	ctx->state[7] = 0x5be0cd19;
	ctx->bytes = 0;
	ctx->shani = false;
}

void sha256_init(struct sha256_ctx *ctx)
{
	sha256_init_generic(ctx);
	ctx->shani = sha256_have_shani();
}

void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t fill = ctx->bytes % SHA256_BLOCK_SIZE;

	/* (data may be NULL when len is 0, and memcpy must not see that) */
	if (!len)
		return;
	ctx->bytes += len;

	if (fill) {
		size_t n = SHA256_BLOCK_SIZE - fill;

		if (len < n) {
			__builtin_memcpy(ctx->buf + fill, p, len);
			return;
		}
		__builtin_memcpy(ctx->buf + fill, p, n);
		sha256_blocks(ctx, ctx->buf, 1, SHA256_BLOCK_SIZE);
		p += n;
		len -= n;
	}

	/* whole blocks straight from the caller's memory, no copy */
	if (len >= SHA256_BLOCK_SIZE) {
		size_t whole = len - len % SHA256_BLOCK_SIZE;

		sha256_blocks(ctx, p, whole / SHA256_BLOCK_SIZE, SHA256_BLOCK_SIZE);
		p += whole;
		len -= whole;
	}

	if (len)
		__builtin_memcpy(ctx->buf, p, len);
}

void sha256_update_zeros(struct sha256_ctx *ctx, uint64_t len)
{
	size_t fill = ctx->bytes % SHA256_BLOCK_SIZE;

	ctx->bytes += len;

	if (fill) {
		size_t n = SHA256_BLOCK_SIZE - fill;

		if (len < n) {
			__builtin_memset(ctx->buf + fill, 0, len);
			return;
		}
		__builtin_memset(ctx->buf + fill, 0, n);
		sha256_blocks(ctx, ctx->buf, 1, SHA256_BLOCK_SIZE);
		len -= n;
	}

	/*
	 * ctx->buf doubles as the zero block, compressed over and over with stride 0: no zero
	 * page in .rodata for the purgatory to carry, and it leaves the buffer holding exactly
	 * the zeros of the partial tail.
	 */
	__builtin_memset(ctx->buf, 0, SHA256_BLOCK_SIZE);
	if (len >= SHA256_BLOCK_SIZE)
		sha256_blocks(ctx, ctx->buf, len / SHA256_BLOCK_SIZE, 0);
}

void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE])
{
	size_t fill = ctx->bytes % SHA256_BLOCK_SIZE;

	/* FIPS 180-4 section 5.1.1: a 1 bit, zeros, then the length in bits in the last 8
	 * bytes, spilling into one more block if the length no longer fits. */
	ctx->buf[fill++] = 0x80;
	if (fill > SHA256_BLOCK_SIZE - 8) {
		__builtin_memset(ctx->buf + fill, 0, SHA256_BLOCK_SIZE - fill);
		sha256_blocks(ctx, ctx->buf, 1, SHA256_BLOCK_SIZE);
		fill = 0;
	}
	__builtin_memset(ctx->buf + fill, 0, SHA256_BLOCK_SIZE - 8 - fill);
	store_be64(ctx->buf + SHA256_BLOCK_SIZE - 8, ctx->bytes << 3);
	sha256_blocks(ctx, ctx->buf, 1, SHA256_BLOCK_SIZE);

	for (int i = 0; i < 8; i++)
		store_be32(out + 4 * i, ctx->state[i]);
}

void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, out);
}
