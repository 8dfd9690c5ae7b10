// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gen-arm64-seeds CORPUS_DIR [KERNEL...]: write the seeds of the arm64 fuzz corpora
 * (arm64-image, arm64-fdt) from the unit tests' generators: valid inputs and one-field
 * breakages, so the fuzzers start next to every check; with KERNEL files (Debian's cached arm64
 * Images), also their first 64 KiB as debian-<name>-head64k. tests/fuzz/make-seeds.sh builds
 * and runs it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen-arm64.h"

#include "seed-put.h"

static void image_seeds(void)
{
	static const struct {
		const char *name;
		size_t len;
		uint64_t text_offset, image_size, flags;
	} images[] = {
		{ "gen-image", GEN_IMAGE_SIZE, 0, GEN_IMAGE_MEMSZ, 0xa },
		{ "gen-image-text-offset-512k", GEN_IMAGE_SIZE, 0x80000, GEN_IMAGE_MEMSZ, 0xa },
		{ "gen-image-64k-pages-low", GEN_IMAGE_SIZE, 0, GEN_IMAGE_MEMSZ, 0x6 },
		{ "gen-image-big-endian", 4096, 0, GEN_IMAGE_MEMSZ, 0xb },
		{ "gen-image-no-image-size", 4096, 0x80000, 0, 0xa },
		{ "gen-image-image-size-1g", 4096, 0, 1ULL << 30, 0xa },
		{ "gen-image-text-offset-odd", 4096, 0x80010, GEN_IMAGE_MEMSZ, 0xa },
		{ "gen-image-truncated-header", 0x3c, 0, GEN_IMAGE_MEMSZ, 0xa },
		{ "gen-image-header-only", 64, 0, GEN_IMAGE_MEMSZ, 0xf },
	};
	static uint8_t img[GEN_IMAGE_SIZE];
	size_t gz_len, zs_len, len;
	uint8_t *gz, *zs, *z;
	struct gen_elf e;

	for (size_t i = 0; i < sizeof(images) / sizeof(images[0]); i++) {
		gen_arm64_image(img, sizeof(img), images[i].text_offset, images[i].image_size,
				images[i].flags);
		put("arm64-image", images[i].name, img, images[i].len);
	}

	gen_arm64_image(img, sizeof(img), 0, GEN_IMAGE_MEMSZ, 0xa);
	gz = gen_gzip(img, sizeof(img), 9, &gz_len);
	zs = gen_zstd(img, sizeof(img), &zs_len);
	z = gen_zboot(gz, gz_len, "gzip", 0xaa64, sizeof(img), &len);
	put("arm64-image", "gen-zboot-gzip", z, len);
	put("arm64-image", "gen-zboot-gzip-truncated", z, len - 200);
	gen_put_le32(z + 0x08, (uint32_t)len);
	put("arm64-image", "gen-zboot-payload-outside", z, len);
	free(z);
	z = gen_zboot(zs, zs_len, "zstd22", 0xaa64, sizeof(img), &len);
	put("arm64-image", "gen-zboot-zstd", z, len);
	free(z);
	z = gen_zboot(gz, gz_len, "lz4", 0xaa64, sizeof(img), &len);
	put("arm64-image", "gen-zboot-lz4", z, len);
	free(z);
	z = gen_zboot(gz, gz_len, "gzip", 0x5064, sizeof(img), &len);
	put("arm64-image", "gen-zboot-riscv", z, len);
	free(z);
	free(zs);
	free(gz);

	gen_vmlinux(img, sizeof(img), GEN_VMLINUX_BASE, &e);
	put("arm64-image", "gen-vmlinux", e.b, e.len);
	e.eh->e_entry += 0x40;
	put("arm64-image", "gen-vmlinux-entry-inside", e.b, e.len);
	e.eh->e_entry -= 0x40;
	e.ph[1].p_vaddr = GEN_VMLINUX_BASE + 0x1000;
	put("arm64-image", "gen-vmlinux-overlap", e.b, e.len);
	free(e.b);
	gen_vmlinux(img, sizeof(img), 0x400000, &e);
	put("arm64-image", "gen-vmlinux-program", e.b, e.len);
	free(e.b);
}

static void dt_seeds(void)
{
	static const struct {
		const char *name;
		unsigned flags;
		uint8_t pick; /* appended: the target's last byte picks the edit */
	} trees[] = {
		{ "gen-dt-virt", 0, 0x02 },
		{ "gen-dt-virt-no-cmdline", 0, 0x01 },
		{ "gen-dt-virt-crash", GEN_DT_STALE_CRASH, 0x06 },
		{ "gen-dt-virt-crash-high", 0, 0x0c },
		{ "gen-dt-one-cell-crash-high", GEN_DT_ONE_CELL, 0x0c },
		{ "gen-dt-alias-console", GEN_DT_STDOUT_ALIAS, 0x00 },
		{ "gen-dt-one-cell-alias", GEN_DT_ONE_CELL | GEN_DT_STDOUT_ALIAS, 0x02 },
		{ "gen-dt-16550-console", GEN_DT_STDOUT_16550, 0x00 },
		{ "gen-dt-no-chosen", GEN_DT_NO_CHOSEN, 0x02 },
		{ "gen-dt-no-uefi-carry", GEN_DT_NO_UEFI, 0x12 },
	};
	static uint8_t fdt[65536];

	for (size_t i = 0; i < sizeof(trees) / sizeof(trees[0]); i++) {
		size_t len;

		if (gen_dt(fdt, sizeof(fdt), trees[i].flags) < 0)
			exit(1);
		len = fdt_totalsize(fdt);
		fdt[len] = trees[i].pick;
		put("arm64-fdt", trees[i].name, fdt, len + 1);
	}
}

/* The first 64 KiB of a real Image: the header passes, the load path runs. */
static void kernel_seed(const char *path)
{
	static uint8_t head[65536];
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char name[256];
	size_t len;
	FILE *f = fopen(path, "rb");

	if (!f) {
		perror(path);
		exit(1);
	}
	len = fread(head, 1, sizeof(head), f);
	fclose(f);
	if (strncmp(base, "vmlinuz-", 8) == 0)
		base += 8;
	snprintf(name, sizeof(name), "debian-%s-head64k", base);
	put("arm64-image", name, head, len);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: gen-arm64-seeds CORPUS_DIR [KERNEL...]\n");
		return 2;
	}
	seed_root = argv[1];
	image_seeds();
	dt_seeds();
	for (int i = 2; i < argc; i++)
		kernel_seed(argv[i]);
	return 0;
}
