// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Multi-buffer SHA-256; sha256-mb.h says what and why.
 *
 * Each lane works through its message in runs of blocks that lie at a fixed stride: the data
 * itself (stride 64), the one block where data turns into zero fill (copied into a buffer),
 * then the zero fill (one zero block, stride 0). The vector code compresses as many blocks as
 * the shortest current run among the lanes, and the loop starts over. A lane whose message is
 * done takes the next one; once fewer than two lanes have work, vectors would be slower than
 * the scalar code, so sha256.c finishes the rest, and every message's padding, from the state
 * the lanes reached.
 */
#include "sha256-mb.h"

#include <string.h>

#include "macro.h"

#define BATCH 16 /* messages scheduled together; more are taken BATCH at a time */
#define NO_JOB SIZE_MAX

/* What a message has reached, between the vector and the scalar code. */
struct progress {
	uint32_t state[8];
	uint64_t done;   /* blocks compressed */
	uint64_t blocks; /* whole blocks of data and zero fill: what the lanes may hash */
	uint8_t edge[SHA256_BLOCK_SIZE]; /* the block where the data ends and the zeros begin */
};

static const uint8_t zero_block[SHA256_BLOCK_SIZE];

#if defined(__x86_64__)
#include <immintrin.h>

/*
 * GCC vector types: + ^ & | << >> act lane by lane at any width, and a scalar operand is
 * broadcast, so the round below is written once, as macros, for both widths. Vectors never
 * cross a call: the 32-byte type would change the calling convention outside AVX2 code.
 */
typedef uint32_t v4u32 __attribute__((vector_size(16)));
typedef uint32_t v8u32 __attribute__((vector_size(32)));

/* No vector rotate before AVX-512: two shifts and an or. */
#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define BSIG0(x) (ROR(x, 2) ^ ROR(x, 13) ^ ROR(x, 22))
#define BSIG1(x) (ROR(x, 6) ^ ROR(x, 11) ^ ROR(x, 25))
#define SSIG0(x) (ROR(x, 7) ^ ROR(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ROR(x, 17) ^ ROR(x, 19) ^ ((x) >> 10))
#define CH(e, f, g) ((((f) ^ (g)) & (e)) ^ (g))
#define MAJ(a, b, c) ((((a) ^ (b)) & ((b) ^ (c))) ^ (b))

/* The message schedule in a ring of 16, expanded just in time as in sha256.c. */
#define W_NEXT(j)                                                                             \
	(w[(j)] += SSIG1(w[((j) - 2) & 15]) + w[((j) - 7) & 15] + SSIG0(w[((j) - 15) & 15]))

/* One round, with the variables renamed from round to round instead of moved. */
#define ROUND(a, b, c, d, e, f, g, h, k, wj)                                                  \
	do {                                                                                  \
		__typeof__(a) t1 = (h) + BSIG1(e) + CH(e, f, g) + (k) + (wj);                 \
		(d) += t1;                                                                    \
		(h) = t1 + BSIG0(a) + MAJ(a, b, c);                                           \
	} while (0)

/* Rounds r+j for j in 0..7 and j0 = j & ~7 in {0, 8}; W is w[j] or W_NEXT(j). */
#define ROUNDS8(r, j0, W)                                                                     \
	do {                                                                                  \
		ROUND(a, b, c, d, e, f, g, h, sha256_K[(r) + (j0) + 0], W((j0) + 0));         \
		ROUND(h, a, b, c, d, e, f, g, sha256_K[(r) + (j0) + 1], W((j0) + 1));         \
		ROUND(g, h, a, b, c, d, e, f, sha256_K[(r) + (j0) + 2], W((j0) + 2));         \
		ROUND(f, g, h, a, b, c, d, e, sha256_K[(r) + (j0) + 3], W((j0) + 3));         \
		ROUND(e, f, g, h, a, b, c, d, sha256_K[(r) + (j0) + 4], W((j0) + 4));         \
		ROUND(d, e, f, g, h, a, b, c, sha256_K[(r) + (j0) + 5], W((j0) + 5));         \
		ROUND(c, d, e, f, g, h, a, b, sha256_K[(r) + (j0) + 6], W((j0) + 6));         \
		ROUND(b, c, d, e, f, g, h, a, sha256_K[(r) + (j0) + 7], W((j0) + 7));         \
	} while (0)

#define W_LOADED(j) w[(j)]

/*
 * 64 rounds on one block per lane, message already in w[], state in s[]. Two 8-round bodies in
 * loops: fully unrolled, the 64 rounds made this file 50 KB of the static binary (10 % of it)
 * and were no faster (AVX2 1179-1235 MB/s unrolled, 1232-1327 MB/s looped, on this host).
 */
#define COMPRESS(s, w)                                                                        \
	do {                                                                                  \
		__typeof__(s[0]) a = s[0], b = s[1], c = s[2], d = s[3];                      \
		__typeof__(s[0]) e = s[4], f = s[5], g = s[6], h = s[7];                      \
		for (int r = 0; r < 16; r += 8)                                               \
			ROUNDS8(0, r, W_LOADED);                                              \
		for (int r = 16; r < 64; r += 8)                                              \
			ROUNDS8(r & ~15, r & 8, W_NEXT);                                      \
		s[0] += a, s[1] += b, s[2] += c, s[3] += d;                                   \
		s[4] += e, s[5] += f, s[6] += g, s[7] += h;                                   \
	} while (0)

/*
 * Compress @nblocks blocks in each of 8 lanes. st[j][l] is state word j of lane l, so that one
 * load gives word j of every lane; lane l's next block is stride[l] bytes after its last.
 */
__attribute__((target("avx2")))
static void blocks_avx2(uint32_t st[8][8], const uint8_t *const start[8], const size_t stride[8],
			uint64_t nblocks)
{
	/* vpshufb control reversing the bytes of each 32-bit word: the message is big-endian */
	const __m256i bswap = _mm256_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL,
						0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	const uint8_t *p[8];
	v8u32 s[8], w[16];

	memcpy(p, start, sizeof(p));
	memcpy(s, st, sizeof(s));
	for (; nblocks; nblocks--) {
		/*
		 * Words 8h..8h+7 of the 8 lanes, one row per lane, transposed into one vector per
		 * word: 32-bit interleaves pair lanes, 64-bit ones make quads, and the 128-bit
		 * halves meet last (the unpacks work within each 128-bit half).
		 */
		for (int half = 0; half < 2; half++) {
			__m256i r[8], t[8], u[8];

			for (int l = 0; l < 8; l++)
				r[l] = _mm256_shuffle_epi8(
					_mm256_loadu_si256((const __m256i *)(p[l] + 32 * half)), bswap);
			for (int l = 0; l < 8; l += 2) {
				t[l] = _mm256_unpacklo_epi32(r[l], r[l + 1]);     /* w0 w1 | w4 w5 */
				t[l + 1] = _mm256_unpackhi_epi32(r[l], r[l + 1]); /* w2 w3 | w6 w7 */
			}
			for (int l = 0; l < 8; l += 4) {
				u[l] = _mm256_unpacklo_epi64(t[l], t[l + 2]);         /* w0 | w4 */
				u[l + 1] = _mm256_unpackhi_epi64(t[l], t[l + 2]);     /* w1 | w5 */
				u[l + 2] = _mm256_unpacklo_epi64(t[l + 1], t[l + 3]); /* w2 | w6 */
				u[l + 3] = _mm256_unpackhi_epi64(t[l + 1], t[l + 3]); /* w3 | w7 */
			}
			for (int i = 0; i < 4; i++) {
				w[8 * half + i] = (v8u32)_mm256_permute2x128_si256(u[i], u[i + 4], 0x20);
				w[8 * half + i + 4] = (v8u32)_mm256_permute2x128_si256(u[i], u[i + 4], 0x31);
			}
		}
		COMPRESS(s, w);
		for (int l = 0; l < 8; l++)
			p[l] += stride[l];
	}
	memcpy(st, s, sizeof(s));
}

/* The same on 4 lanes with SSE2 only, which has no byte shuffle: swap the 16-bit halves of
 * each word, then the bytes of each half. */
static void blocks_sse2(uint32_t st[8][8], const uint8_t *const start[8], const size_t stride[8],
			uint64_t nblocks)
{
	const uint8_t *p[4];
	v4u32 s[8], w[16];

	memcpy(p, start, sizeof(p));
	for (int j = 0; j < 8; j++)
		memcpy(&s[j], st[j], sizeof(s[j]));
	for (; nblocks; nblocks--) {
		for (int q = 0; q < 4; q++) {
			__m128i r[4], t[4];

			for (int l = 0; l < 4; l++) {
				__m128i x = _mm_loadu_si128((const __m128i *)(p[l] + 16 * q));

				x = _mm_shufflehi_epi16(_mm_shufflelo_epi16(x, 0xb1), 0xb1);
				r[l] = _mm_or_si128(_mm_slli_epi16(x, 8), _mm_srli_epi16(x, 8));
			}
			t[0] = _mm_unpacklo_epi32(r[0], r[1]); /* w0 w0 w1 w1 of lanes 0 1 */
			t[1] = _mm_unpacklo_epi32(r[2], r[3]); /* w0 w0 w1 w1 of lanes 2 3 */
			t[2] = _mm_unpackhi_epi32(r[0], r[1]); /* w2 w2 w3 w3 of lanes 0 1 */
			t[3] = _mm_unpackhi_epi32(r[2], r[3]);
			w[4 * q + 0] = (v4u32)_mm_unpacklo_epi64(t[0], t[1]);
			w[4 * q + 1] = (v4u32)_mm_unpackhi_epi64(t[0], t[1]);
			w[4 * q + 2] = (v4u32)_mm_unpacklo_epi64(t[2], t[3]);
			w[4 * q + 3] = (v4u32)_mm_unpackhi_epi64(t[2], t[3]);
		}
		COMPRESS(s, w);
		for (int l = 0; l < 4; l++)
			p[l] += stride[l];
	}
	for (int j = 0; j < 8; j++)
		memcpy(st[j], &s[j], sizeof(s[j]));
}

static void blocks(enum sha256_mb_isa isa, uint32_t st[8][8], const uint8_t *const p[8],
		   const size_t stride[8], uint64_t nblocks)
{
	if (isa == SHA256_MB_AVX2)
		blocks_avx2(st, p, stride, nblocks);
	else
		blocks_sse2(st, p, stride, nblocks);
}

enum sha256_mb_isa sha256_mb_best(void)
{
	return __builtin_cpu_supports("avx2") ? SHA256_MB_AVX2 : SHA256_MB_SSE2;
}

bool sha256_mb_available(void)
{
	return true;
}
#else
/* No vector code here: sha256_mb_with() hashes each message with sha256.c instead. */
static void blocks(enum sha256_mb_isa isa, uint32_t st[8][8], const uint8_t *const p[8],
		   const size_t stride[8], uint64_t nblocks)
{
	(void)isa, (void)st, (void)p, (void)stride, (void)nblocks;
}

enum sha256_mb_isa sha256_mb_best(void)
{
	return SHA256_MB_SSE2;
}

bool sha256_mb_available(void)
{
	return false;
}
#endif

/* The lane's current run: its first block, the stride, and how many blocks. */
static uint64_t next_run(const struct sha256_mb_job *j, const struct progress *s,
			 const uint8_t **p, size_t *stride)
{
	uint64_t data_blocks = j->len / SHA256_BLOCK_SIZE;

	if (s->done < data_blocks) {
		*p = (const uint8_t *)j->data + s->done * SHA256_BLOCK_SIZE;
		*stride = SHA256_BLOCK_SIZE;
		return data_blocks - s->done;
	}
	*stride = 0;
	if (s->done == data_blocks && j->len % SHA256_BLOCK_SIZE) {
		*p = s->edge;
		return 1;
	}
	*p = zero_block;
	return s->blocks - s->done;
}

/* The scalar code takes over from the state the lanes reached: the rest, then the padding. */
static void finish(const struct sha256_mb_job *j, const struct progress *s)
{
	struct sha256_ctx ctx;
	uint64_t at = s->done * SHA256_BLOCK_SIZE;

	sha256_init_generic(&ctx);
	memcpy(ctx.state, s->state, sizeof(ctx.state));
	ctx.bytes = at; /* whole blocks: nothing waits in ctx.buf */
	if (at < j->len) {
		sha256_update(&ctx, (const uint8_t *)j->data + at, j->len - at);
		sha256_update_zeros(&ctx, j->zeros);
	} else {
		sha256_update_zeros(&ctx, j->zeros - (at - j->len));
	}
	sha256_final(&ctx, j->digest);
}

static void hash_batch(enum sha256_mb_isa isa, const struct sha256_mb_job *jobs, size_t n)
{
	struct progress prog[BATCH];
	_Alignas(32) uint32_t st[8][8] = { { 0 } };
	const uint8_t *p[8];
	size_t stride[8], lane[8], next = 0, lanes = isa;

	for (size_t i = 0; i < n; i++) {
		const struct sha256_mb_job *j = &jobs[i];
		size_t tail = j->len % SHA256_BLOCK_SIZE;
		struct sha256_ctx iv;

		sha256_init_generic(&iv);
		memcpy(prog[i].state, iv.state, sizeof(iv.state));
		prog[i].done = 0;
		prog[i].blocks = (j->len + j->zeros) / SHA256_BLOCK_SIZE;
		memset(prog[i].edge, 0, sizeof(prog[i].edge));
		if (tail)
			memcpy(prog[i].edge, (const uint8_t *)j->data + j->len - tail, tail);
	}
	for (size_t l = 0; l < lanes; l++)
		lane[l] = NO_JOB;

	for (;;) {
		uint64_t run = UINT64_MAX;
		size_t active = 0;

		for (size_t l = 0; l < lanes; l++) {
			if (lane[l] != NO_JOB && prog[lane[l]].done == prog[lane[l]].blocks)
				lane[l] = NO_JOB;
			for (; lane[l] == NO_JOB && next < n; next++)
				if (prog[next].blocks)
					lane[l] = next;
			active += lane[l] != NO_JOB;
		}
		if (active < 2)
			break;
		for (size_t l = 0; l < lanes; l++) {
			if (lane[l] == NO_JOB) { /* idles on zeros; its result is dropped */
				p[l] = zero_block;
				stride[l] = 0;
				continue;
			}
			run = MIN(run, next_run(&jobs[lane[l]], &prog[lane[l]], &p[l], &stride[l]));
			for (int w = 0; w < 8; w++)
				st[w][l] = prog[lane[l]].state[w];
		}
		blocks(isa, st, p, stride, run);
		for (size_t l = 0; l < lanes; l++) {
			if (lane[l] == NO_JOB)
				continue;
			for (int w = 0; w < 8; w++)
				prog[lane[l]].state[w] = st[w][l];
			prog[lane[l]].done += run;
		}
	}
	for (size_t i = 0; i < n; i++)
		finish(&jobs[i], &prog[i]);
}

void sha256_mb_with(enum sha256_mb_isa isa, const struct sha256_mb_job *jobs, size_t n)
{
	if (!sha256_mb_available()) {
		for (size_t i = 0; i < n; i++) {
			struct sha256_ctx ctx;

			sha256_init(&ctx);
			sha256_update(&ctx, jobs[i].data, jobs[i].len);
			sha256_update_zeros(&ctx, jobs[i].zeros);
			sha256_final(&ctx, jobs[i].digest);
		}
		return;
	}
	if (isa != SHA256_MB_SSE2 && sha256_mb_best() != SHA256_MB_AVX2)
		isa = SHA256_MB_SSE2;
	for (size_t i = 0; i < n; i += BATCH)
		hash_batch(isa, jobs + i, MIN(n - i, (size_t)BATCH));
}

void sha256_mb(const struct sha256_mb_job *jobs, size_t n)
{
	sha256_mb_with(sha256_mb_best(), jobs, n);
}
