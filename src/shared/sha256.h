/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * SHA-256 (FIPS 180-4), shared by the kexec tool and the freestanding purgatory: the tool
 * records the digest of every segment at load time and the purgatory recomputes it after
 * kexec -e, so both must run the very same code. Hence this header and sha256.c use only the
 * compiler's own headers, no libc, and no data that would need a relocation.
 *
 * Two block functions exist: portable C, and one using the x86 SHA extensions (SHA-NI). The
 * choice is a flag in the context, not a function pointer, because a pointer stored in data
 * would need a run-time relocation in the purgatory.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_BLOCK_SIZE 64

struct sha256_ctx {
	uint32_t state[8];
	uint64_t bytes;                 /* total fed so far; bytes % 64 of them wait in buf */
	uint8_t buf[SHA256_BLOCK_SIZE];
	bool shani;                     /* compress with SHA-NI instead of portable C */
};

/* The round constants (FIPS 180-4 4.2.2), for the multi-buffer code too (sha256-mb.c). */
extern const uint32_t sha256_K[64];

/* Start a digest, using SHA-NI if this CPU has it (SHA, SSSE3 and SSE4.1 in CPUID). */
void sha256_init(struct sha256_ctx *ctx);

/* Start a digest that always uses the portable C path (tests, benchmarks). */
void sha256_init_generic(struct sha256_ctx *ctx);

void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);

/*
 * Feed @len zero bytes, as if sha256_update() got a buffer of zeros, without one: segments are
 * hashed up to their memory size, and the tail past the file data is zero-filled by the kernel.
 */
void sha256_update_zeros(struct sha256_ctx *ctx, uint64_t len);

/* Write the digest to @out. The context must be initialised again before reuse. */
void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE]);

/* One-shot digest of @len bytes at @data. */
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);

/*
 * Whether the CPU has the SHA extensions together with the SSSE3/SSE4.1 shuffles the SHA-NI
 * path uses. Runs CPUID every call (no cached global: the purgatory has no writable data to
 * spare for it), which is slow in a VM, so call it once per digest, not per block.
 */
bool sha256_have_shani(void);
