// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SHA-256: FIPS 180 vectors, padding edges, incremental feeding and the zero filler, on the
 * portable path and, where the CPU has it, the SHA-NI path. The two paths are also checked
 * against each other on every length up to a few blocks.
 */
#include <stdlib.h>

#include "sha256.h"
#include "unit.h"

enum path { PATH_GENERIC, PATH_SHANI };

static const char *const path_name[] = { "generic", "SHA-NI" };

static void init(struct sha256_ctx *ctx, enum path path)
{
	if (path == PATH_SHANI)
		sha256_init(ctx); /* only used when sha256_have_shani() */
	else
		sha256_init_generic(ctx);
}

static void hex(const uint8_t d[SHA256_DIGEST_SIZE], char out[2 * SHA256_DIGEST_SIZE + 1])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * SHA256_DIGEST_SIZE] = '\0';
}

static void digest_hex(enum path path, const void *data, size_t len, char out[65])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];

	init(&ctx, path);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, d);
	hex(d, out);
}

/* Deterministic, non-repeating-per-block test data. */
static uint8_t *pattern(size_t len)
{
	uint8_t *p = malloc(len ? len : 1);
	uint32_t x = 0x12345678;

	for (size_t i = 0; p && i < len; i++) {
		x = x * 1103515245 + 12345;
		p[i] = x >> 24;
	}
	return p;
}

/* FIPS 180-2 appendix B and the NIST example vectors. */
static const struct {
	const char *msg, *digest;
} vectors[] = {
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
	  "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

/*
 * The lengths where padding changes shape (55 still fits the length field, 56 spills into a
 * second block, 64 is a whole block of data): bytes (i * 7 + 3) & 0xff, digests from Python's
 * hashlib.
 */
static const struct {
	size_t len;
	const char *digest;
} edges[] = {
	{ 55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b" },
	{ 56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27" },
	{ 57, "35df609437dcfea3279283ab79fd554e2bf78f8f7ae2de532d8ee300b09e8f73" },
	{ 63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055" },
	{ 64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241" },
	{ 65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e" },
	{ 119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e" },
	{ 120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5" },
	{ 128, "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6" },
};

static void test_vectors(enum path path)
{
	char got[65];

	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		digest_hex(path, vectors[i].msg, strlen(vectors[i].msg), got);
		CHECK_EQ_STR(got, vectors[i].digest);
	}

	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		uint8_t buf[128];

		for (size_t j = 0; j < edges[i].len; j++)
			buf[j] = (j * 7 + 3) & 0xff;
		digest_hex(path, buf, edges[i].len, got);
		CHECK_EQ_STR(got, edges[i].digest);
	}
}

/* One million 'a', fed in pieces of 1000 as in FIPS 180-2 B.3's usual presentation. */
static void test_million_a(enum path path)
{
	struct sha256_ctx ctx;
	uint8_t chunk[1000], d[SHA256_DIGEST_SIZE];
	char got[65];

	memset(chunk, 'a', sizeof(chunk));
	init(&ctx, path);
	for (int i = 0; i < 1000; i++)
		sha256_update(&ctx, chunk, sizeof(chunk));
	sha256_final(&ctx, d);
	hex(d, got);
	CHECK_EQ_STR(got, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Feeding in pieces of awkward sizes, from an unaligned pointer, equals one call. */
static void test_split(enum path path)
{
	static const size_t steps[] = { 1, 3, 63, 64, 65, 127, 128, 129, 0, 1000, 7, 4096 };
	const size_t total = 20000;
	uint8_t *data = pattern(total + 1);
	char one[65], pieces[65];

	CHECK(data != NULL);
	if (!data)
		return;

	digest_hex(path, data + 1, total, one);

	/* each step size alone */
	for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
		struct sha256_ctx ctx;
		uint8_t d[SHA256_DIGEST_SIZE];
		size_t step = steps[s] ? steps[s] : 1;

		init(&ctx, path);
		for (size_t off = 0; off < total; off += step)
			sha256_update(&ctx, data + 1 + off, total - off < step ? total - off : step);
		sha256_final(&ctx, d);
		hex(d, pieces);
		CHECK_EQ_STR(pieces, one);
	}

	/* all of them in turn, including zero-length updates */
	{
		struct sha256_ctx ctx;
		uint8_t d[SHA256_DIGEST_SIZE];
		size_t off = 0;

		init(&ctx, path);
		for (size_t s = 0; off < total; s++) {
			size_t step = steps[s % (sizeof(steps) / sizeof(steps[0]))];

			if (step > total - off)
				step = total - off;
			sha256_update(&ctx, data + 1 + off, step);
			sha256_update(&ctx, NULL, 0); /* allowed, and a no-op */
			off += step;
		}
		sha256_final(&ctx, d);
		hex(d, pieces);
		CHECK_EQ_STR(pieces, one);
	}
	free(data);
}

/* sha256_update_zeros(n) is sha256_update() of n zero bytes, at any buffer fill level. */
static void test_zeros(enum path path)
{
	static const uint64_t lens[] = { 0, 1, 63, 64, 65, 4096, 1 << 20 };
	static const size_t prefixes[] = { 0, 5, 63 };
	uint8_t *zeros = calloc(1, 1 << 20);
	char want[65], got[65];

	CHECK(zeros != NULL);
	if (!zeros)
		return;

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		for (size_t j = 0; j < sizeof(prefixes) / sizeof(prefixes[0]); j++) {
			struct sha256_ctx a, b;
			uint8_t da[SHA256_DIGEST_SIZE], db[SHA256_DIGEST_SIZE];

			/* prefix, zeros, then a tail so the buffer state after the zeros counts */
			init(&a, path);
			init(&b, path);
			sha256_update(&a, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk",
				      prefixes[j]);
			sha256_update(&b, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk",
				      prefixes[j]);
			sha256_update(&a, zeros, lens[i]);
			sha256_update_zeros(&b, lens[i]);
			sha256_update(&a, "tail", 4);
			sha256_update(&b, "tail", 4);
			sha256_final(&a, da);
			sha256_final(&b, db);
			hex(da, want);
			hex(db, got);
			CHECK_EQ_STR(got, want);
		}
	}

	/* and one known answer, so both sides cannot be wrong together */
	{
		struct sha256_ctx ctx;
		uint8_t d[SHA256_DIGEST_SIZE];

		init(&ctx, path);
		sha256_update_zeros(&ctx, 1 << 20);
		sha256_final(&ctx, d);
		hex(d, got);
		CHECK_EQ_STR(got, "30e14955ebf1352266dc2ff8067e68104607e750abb9d3b36582b8af909fcb58");

		init(&ctx, path);
		sha256_update(&ctx, "hello", 5);
		sha256_update_zeros(&ctx, 4097);
		sha256_update(&ctx, "world", 5);
		sha256_final(&ctx, d);
		hex(d, got);
		CHECK_EQ_STR(got, "8f48f6f08ba9980ac98b4139133eb075cdfc9299eb92b3e4a2b3d0f1b3d3250a");
	}
	free(zeros);
}

/* The two block functions agree on every length up to five blocks, at every alignment mod 8. */
static void test_paths_agree(void)
{
	uint8_t *data = pattern(5 * 64 + 8);
	char g[65], s[65];

	CHECK(data != NULL);
	if (!data)
		return;
	for (size_t align = 0; align < 8; align++) {
		for (size_t len = 0; len <= 5 * 64; len++) {
			digest_hex(PATH_GENERIC, data + align, len, g);
			digest_hex(PATH_SHANI, data + align, len, s);
			CHECK_EQ_STR(s, g);
		}
	}
	free(data);
}

static void test_oneshot(void)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	char got[65];

	sha256("abc", 3, d);
	hex(d, got);
	CHECK_EQ_STR(got, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void run_path(enum path path)
{
	test_vectors(path);
	test_million_a(path);
	test_split(path);
	test_zeros(path);
}

int main(void)
{
	struct sha256_ctx ctx;
	bool shani = sha256_have_shani();

	/* sha256_init() must pick SHA-NI exactly when the CPU has it */
	sha256_init(&ctx);
	CHECK_EQ_INT(ctx.shani, shani);
	sha256_init_generic(&ctx);
	CHECK_EQ_INT(ctx.shani, 0);

	run_path(PATH_GENERIC);
	printf("test-sha256: %s path tested\n", path_name[PATH_GENERIC]);
	if (shani) {
		run_path(PATH_SHANI);
		test_paths_agree();
		printf("test-sha256: %s path tested\n", path_name[PATH_SHANI]);
	} else {
		printf("test-sha256: %s path skipped: this CPU lacks SHA-NI\n", path_name[PATH_SHANI]);
	}
	test_oneshot();

	return unit_summary("test-sha256");
}
