// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SHA-256 for verify.c: the ARMv8 SHA-2 instructions when the CPU has them (sha256-ce.S), the
 * shared C code otherwise. Both feed the same struct sha256_ctx, so the tail and the padding
 * always go through the shared code, and the digests are the ones userspace computed.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arm64.h"
#include "sha256.h"

bool hash_sha2;

/* CPACR_EL1.FPEN (and CPTR_EL2's with E2H); CPTR_EL2.TFP without E2H. */
#define CPACR_FPEN (3ull << 20)
#define CPTR_EL2_TFP (1ull << 10)
#define HCR_EL2_E2H (1ull << 34)

void hash_use_sha2(void)
{
	uint64_t isar0 = read_sysreg(id_aa64isar0_el1);

	/* ID_AA64ISAR0_EL1.SHA2, bits 15:12: 1 = SHA-256 instructions, 2 = SHA-512 as well. */
	hash_sha2 = ((isar0 >> 12) & 0xf) >= 1 && !(purgatory_arm64_slow & ARM64_SLOW_NO_SHA2);
	if (!hash_sha2)
		return;
	/*
	 * They use the SIMD registers: make sure FP/SIMD does not trap at our level (the old
	 * kernel may have left lazy-FP trapping on). A hypervisor above EL1 handles its own
	 * trap transparently. The new kernel sets these registers up itself.
	 */
	if (!current_el2()) {
		write_sysreg(cpacr_el1, read_sysreg(cpacr_el1) | CPACR_FPEN);
	} else if (read_sysreg(hcr_el2) & HCR_EL2_E2H) {
		write_sysreg(cptr_el2, read_sysreg(cptr_el2) | CPACR_FPEN);
	} else {
		write_sysreg(cptr_el2, read_sysreg(cptr_el2) & ~CPTR_EL2_TFP);
	}
	isb();
}

void purgatory_sha256(const void *p, uint64_t len, uint8_t digest[32])
{
	struct sha256_ctx ctx;
	/* (Regions start on pages; an odd start, MMU off, would fault in the 8-byte loads.) */
	bool ce = hash_sha2 && (uintptr_t)p % 8 == 0;
	uint64_t whole = ce ? len - len % SHA256_BLOCK_SIZE : 0;

	sha256_init_generic(&ctx);
	if (whole) {
		/* The blocks straight from memory; the context then only has the tail to do. */
		sha256_blocks_ce(ctx.state, p, whole / SHA256_BLOCK_SIZE);
		ctx.bytes = whole;
	}
	sha256_update(&ctx, (const uint8_t *)p + whole, len - whole);
	sha256_final(&ctx, digest);
}
