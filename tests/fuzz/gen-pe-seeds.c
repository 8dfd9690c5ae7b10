// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gen-pe-seeds CORPUS_DIR [KERNEL...]: write the seeds of the pe and authenticode corpora from
 * the unit tests' generators (gen-pe.h, gen-uki.h): a multi-profile UKI, an arm64 PE, and
 * one-field breakages; with KERNEL files (Debian's signed bzImages), their signature (the
 * certificate table's first entry) as an authenticode seed, and the UKI signed with it as a pe
 * seed. tests/fuzz/make-seeds.sh builds and runs it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen-uki.h"

#include "seed-put.h"

static uint32_t get32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The first WIN_CERTIFICATE's bCertificate of PE32+ file @path, malloc'd, or NULL. */
static uint8_t *kernel_signature(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL, *sig = NULL;
	long size;
	uint32_t pe, at, len;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0x400 || fseek(f, 0, SEEK_SET))
		goto out;
	buf = malloc((size_t)size);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size)
		goto out;
	pe = get32(buf + 0x3c);
	if (pe > (uint32_t)size - 0x100)
		goto out;
	/* PE32+: data directories 112 bytes into the optional header, the certificate table 5th */
	at = get32(buf + pe + 24 + 112 + 32);
	len = get32(buf + pe + 24 + 112 + 36);
	if (len < 16 || at > (uint32_t)size || len > (uint32_t)size - at)
		goto out;
	len = get32(buf + at);
	if (len < 16 || len > (uint32_t)size - at)
		goto out;
	sig = malloc(len - 8);
	if (sig) {
		memcpy(sig, buf + at + 8, len - 8);
		*ret_len = len - 8;
	}
out:
	free(buf);
	if (f)
		fclose(f);
	return sig;
}

int main(int argc, char *argv[])
{
	static const char code[512];
	const struct gen_pe_section arm[] = { { ".text", code, sizeof(code) },
					      { ".data", code, 100 } };
	uint8_t *p;
	size_t len;

	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR [KERNEL...]\n", argv[0]);
		return 2;
	}
	seed_root = argv[1];
	mkdir(seed_root, 0755);

	len = gen_uki(NULL, 0, &p);
	put("pe", "gen-uki", p, len);
	put("pe", "gen-uki-cut-table", p, GEN_PE_SECTIONS + 100);
	put("pe", "gen-uki-cut-linux", p, len - 0x2000);
	gen_pe_put32(p + GEN_PE_SECTIONS + 4 * 40 + 16, 0xffffffff);
	put("pe", "gen-uki-huge-section", p, len);
	free(p);
	len = gen_pe(0xaa64, arm, 2, NULL, 0, &p);
	put("pe", "gen-arm64", p, len);
	gen_pe_put16(p + GEN_PE_COFF + 2, 0xffff);
	put("pe", "gen-arm64-65535-sections", p, len);
	free(p);

	for (int i = 2; i < argc; i++) {
		const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
		char name[256];
		size_t sig_len = 0;
		uint8_t *sig = kernel_signature(argv[i], &sig_len);

		if (!sig) {
			fprintf(stderr, "%s: no signature found\n", argv[i]);
			return 1;
		}
		snprintf(name, sizeof(name), "debian-%s-sig", base);
		put("authenticode", name, sig, sig_len);
		snprintf(name, sizeof(name), "debian-%s-sig-cut", base);
		put("authenticode", name, sig, sig_len / 2);
		len = gen_uki(sig, sig_len, &p);
		snprintf(name, sizeof(name), "debian-%s-signed-uki", base);
		put("pe", name, p, len);
		free(p);
		free(sig);
	}
	return 0;
}
