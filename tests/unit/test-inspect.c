// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec --inspect on generated files (a multi-profile UKI, a bzImage plain and gzip'd, an arm64
 * PE, damaged PE files) and on a real Debian kernel (KEXEC_TEST_KERNEL), against fixture trees
 * for the machine's state (lockdown, kexec_load_disabled, Secure Boot). With
 * KEXEC_INSPECT_JSON_DIR set, every JSON report is also written there, for
 * tests/check-inspect-schema.sh to validate against dist/schema/kexec-inspect.schema.json.
 */
#include <errno.h>
#include <stdlib.h>
#include <zlib.h>

#include "arch.h"
#include "fixture.h"
#include "gen-arm64.h"
#include "gen-uki.h"
#include "inspect.h"

#define EFIVAR "sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"

static int inspect_arch(const struct arch_ops *arch, struct fixture *f, const char *path,
			bool json, char **ret)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	int e = kexec_inspect(arch, path, json, f->root, out);

	fclose(out);
	if (json && e == KEXEC_EXIT_OK) {
		static int n;
		const char *dir = getenv("KEXEC_INSPECT_JSON_DIR");

		if (dir) {
			char p[512];
			FILE *o;

			snprintf(p, sizeof(p), "%s/inspect-%03d.json", dir, n++);
			o = fopen(p, "w");
			CHECK(o != NULL);
			if (o) {
				fputs(buf, o);
				fclose(o);
			}
		}
	}
	*ret = buf;
	return e;
}

static int inspect(struct fixture *f, const char *path, bool json, char **ret)
{
	return inspect_arch(&arch_x86_64, f, path, json, ret);
}

/* The machine: lockdown mode (NULL: no securityfs), kexec_load_disabled, Secure Boot (-1: no
 * EFI). */
static void machine(struct fixture *f, const char *lockdown, int disabled, int secure_boot)
{
	static const char *const modes[] = { "none", "integrity", "confidentiality" };
	char line[128] = "";

	if (lockdown) {
		for (size_t i = 0; i < 3; i++)
			snprintf(line + strlen(line), sizeof(line) - strlen(line), "%s%s%s%s",
				 i ? " " : "", strcmp(modes[i], lockdown) ? "" : "[", modes[i],
				 strcmp(modes[i], lockdown) ? "" : "]");
		strcat(line, "\n");
		fixture_put(f, "sys/kernel/security/lockdown", line);
	}
	fixture_put(f, "proc/sys/kernel/kexec_load_disabled", disabled ? "1\n" : "0\n");
	if (secure_boot >= 0) {
		const uint8_t var[5] = { 6, 0, 0, 0, (uint8_t)secure_boot };

		fixture_put_bytes(f, EFIVAR, var, sizeof(var));
	}
}

static void put_file(struct fixture *f, const char *name, const void *data, size_t len,
		     char *path, size_t size)
{
	fixture_put_bytes(f, name, data, len);
	snprintf(path, size, "%s/%s", f->dir, name);
}

/* Both reports of @path: exit status @exit; the text one has every needle of @text (NULL
 * terminated), the JSON one every needle of @json. */
static void expect(struct fixture *f, const char *path, int exit, const char *const *text,
		   const char *const *json)
{
	char *out = NULL;

	for (int j = 0; j < 2; j++) {
		const char *const *needles = j ? json : text;

		CHECK_EQ_INT(inspect(f, path, j, &out), exit);
		for (size_t i = 0; needles && needles[i]; i++)
			if (!out || !strstr(out, needles[i])) {
				unit_failures++;
				fprintf(stderr, "%s report of %s lacks \"%s\":\n%s\n", j ? "JSON" :
					"text", path, needles[i], out ? out : "");
			}
		if (exit != KEXEC_EXIT_OK)
			CHECK_EQ_STR(out, ""); /* nothing on stdout */
		free(out);
	}
}

#define NEEDLES(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_uki(void)
{
	struct fixture f;
	char path[256];
	uint8_t *p;
	size_t len = gen_uki(NULL, 0, &p);

	fixture_init(&f);
	machine(&f, "none", 0, 0);
	put_file(&f, "uki.efi", p, len, path, sizeof(path));
	expect(&f, path, KEXEC_EXIT_OK,
	       NEEDLES("format:           Unified Kernel Image, 2 profiles\n",
		       "uname:            " GEN_UKI_UNAME "\n",
		       "os-release:       Debian GNU/Linux 12 (bookworm)\n",
		       "cmdline:          " GEN_UKI_CMDLINE "\n",
		       "  format:         bzImage64, boot protocol 2.15\n",
		       "  section:        .linux         16384 bytes",
		       "  section:        .cmdline          23 bytes at file offset",
		       ", profile 1\n", "    profile:      ID=rescue; TITLE=Rescue shell\n",
		       "signature:        none\n",
		       "  accepted:       yes: no lockdown, no signature needed\n"),
	       NEEDLES("\"format\": \"UKI\"", "\"uname\": \"" GEN_UKI_UNAME "\"",
		       "\"os_release\": \"Debian GNU/Linux 12 (bookworm)\"",
		       "\"cmdline\": \"" GEN_UKI_CMDLINE "\"",
		       "\"index\": 1,\n        \"profile\": \"ID=rescue; TITLE=Rescue shell\",\n"
		       "        \"sections\": [\n          \".cmdline\"\n        ]",
		       "\"name\": \".initrd\"", "\"loadable\": true",
		       "\"syscall\": \"kexec_file_load, else kexec_load\"",
		       "\"signed\": false", "\"secure_boot\": false"));

	/* Cut anywhere: the header, the section table, a section's data. */
	for (size_t n = 1; n < len; n = n < 0x400 ? n * 2 : n + 0x1000) {
		put_file(&f, "cut.efi", p, n, path, sizeof(path));
		expect(&f, path, KEXEC_EXIT_BAD_IMAGE, NULL, NULL);
	}
	/* An absurd size in one section header. */
	gen_pe_put32(p + GEN_PE_SECTIONS + 4 * 40 + 16, 0x7fffffff);
	put_file(&f, "huge.efi", p, len, path, sizeof(path));
	expect(&f, path, KEXEC_EXIT_BAD_IMAGE, NULL, NULL);
	free(p);
	fixture_done(&f);
}

static void test_bzimage(void)
{
	static unsigned char bz[GEN_BZIMAGE_SIZE];
	static unsigned char gz[GEN_BZIMAGE_SIZE + 1024];
	struct fixture f;
	char path[256];
	z_stream z = {};

	gen_bzimage(bz);
	fixture_init(&f);
	machine(&f, "none", 0, -1);
	put_file(&f, "bzImage", bz, sizeof(bz), path, sizeof(path));
	expect(&f, path, KEXEC_EXIT_OK,
	       NEEDLES("format:           bzImage64, boot protocol 2.15\n",
		       "placement:        preferred address 0x1000000, aligned to 2048 KiB, "
		       "relocatable\n",
		       "entry:            0x200 past the load address\n",
		       "signature:        none (no PE headers: no place for one)\n",
		       "  Secure Boot:    no (not booted through EFI)\n",
		       "  syscall:        kexec_file_load, else kexec_load\n",
		       "  accepted:       yes: no lockdown, no signature needed\n"),
	       NEEDLES("\"preferred_address\": 16777216", "\"entry_offset\": 512",
		       "\"pe\": null", "\"efi\": false", "\"signature_required\": false",
		       "\"loadable\": true"));

	/* gzip'd as a whole (vmlinuz.gz) */
	CHECK_EQ_INT(deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = bz;
	z.avail_in = sizeof(bz);
	z.next_out = gz;
	z.avail_out = sizeof(gz);
	CHECK_EQ_INT(deflate(&z, Z_FINISH), Z_STREAM_END);
	put_file(&f, "bzImage.gz", gz, z.total_out, path, sizeof(path));
	expect(&f, path, KEXEC_EXIT_OK, NEEDLES(", compressed with gzip\n",
						"format:           bzImage64"),
	       NEEDLES("\"compression\": \"gzip\""));
	/* ... and cut. */
	put_file(&f, "cut.gz", gz, z.total_out / 2, path, sizeof(path));
	expect(&f, path, KEXEC_EXIT_BAD_IMAGE, NULL, NULL);
	deflateEnd(&z);

	/* Under lockdown, unsigned: refused; kexec disabled: refused. */
	machine(&f, "integrity", 0, 1);
	put_file(&f, "bzImage", bz, sizeof(bz), path, sizeof(path));
	expect(&f, path, KEXEC_EXIT_OK,
	       NEEDLES("  Secure Boot:    on\n", "  syscall:        kexec_file_load\n",
		       "  signature:      required\n",
		       "  accepted:       no: it is not signed, and lockdown (integrity) lets only "
		       "signed kernels in\n"),
	       NEEDLES("\"lockdown\": \"integrity\"", "\"signature_required\": true"));
	/* A 32-bit kernel: recognised, described, not loadable. */
	((struct setup_header *)(bz + BZIMAGE_SETUP_HEADER_OFFSET))->xloadflags =
		XLF_CAN_BE_LOADED_ABOVE_4G;
	put_file(&f, "bzImage32", bz, sizeof(bz), path, sizeof(path));
	expect(&f, path, KEXEC_EXIT_OK,
	       NEEDLES("format:           bzImage64, which this kexec cannot start: it is a 32-bit "
		       "kernel (no 64-bit entry point)\n", "  syscall:        none\n"),
	       NEEDLES("\"format\": \"bzImage64\"", "\"kernel\": null", "\"loadable\": false",
		       "\"not_loadable_reason\": \"it is a 32-bit kernel (no 64-bit entry point)\""));
	gen_bzimage(bz);
	put_file(&f, "bzImage", bz, sizeof(bz), path, sizeof(path));
	machine(&f, "none", 1, 0);
	expect(&f, path, KEXEC_EXIT_OK,
	       NEEDLES("  accepted:       no: kexec is disabled until reboot "
		       "(kernel.kexec_load_disabled=1)\n"),
	       NEEDLES("\"kexec_load_disabled\": true"));
	fixture_done(&f);
}

static void test_other_files(void)
{
	static const char code[256];
	const struct gen_pe_section s[] = { { ".text", code, sizeof(code) } };
	struct fixture f;
	char path[256];
	uint8_t *p;
	size_t len = gen_pe(0xaa64, s, 1, NULL, 0, &p);

	fixture_init(&f);
	/* No securityfs, no kexec_load_disabled: unknown, said so. */
	put_file(&f, "arm64.efi", p, len, path, sizeof(path));
	expect(&f, path, KEXEC_EXIT_OK,
	       NEEDLES("format:           PE/COFF, in no kernel format this kexec loads on "
		       "x86_64\n", "machine arm64 (0xaa64)", "  lockdown:       unknown\n"),
	       NEEDLES("\"kernel\": null", "\"machine\": \"arm64\"", "\"lockdown\": null",
		       "\"not_loadable_reason\": \"in no kernel format this kexec loads on "
		       "x86_64\""));
	free(p);
	put_file(&f, "empty", "", 0, path, sizeof(path));
	expect(&f, path, KEXEC_EXIT_BAD_IMAGE, NULL, NULL);
	put_file(&f, "text", "hello, world\n", 13, path, sizeof(path));
	expect(&f, path, KEXEC_EXIT_BAD_IMAGE, NULL, NULL);
	expect(&f, "/kexec-test-missing/vmlinuz", KEXEC_EXIT_FILE, NULL, NULL);
	expect(&f, f.dir, KEXEC_EXIT_FILE, NULL, NULL);
	fixture_done(&f);
}

/* arm64's formats (the table a build for arm64 uses): an EFI zboot container whose PE header
 * is only its signature and machine (loaders read the zboot header), and the Image inside. */
static void test_arm64(void)
{
	static uint8_t img[GEN_IMAGE_SIZE];
	struct fixture f;
	char path[256], *out = NULL;
	size_t gz_len, z_len;
	uint8_t *gz, *z;

	gen_arm64_image(img, sizeof(img), 0, GEN_IMAGE_MEMSZ, GEN_FLAGS_4K_ANYWHERE);
	gz = gen_gzip(img, sizeof(img), 9, &gz_len);
	z = gen_zboot(gz, gz_len, "gzip", 0xaa64, sizeof(img), &z_len);
	fixture_init(&f);
	machine(&f, "none", 0, 0);
	put_file(&f, "vmlinuz.efi", z, z_len, path, sizeof(path));
	for (int json = 0; json < 2; json++) {
		CHECK_EQ_INT(inspect_arch(&arch_arm64, &f, path, json, &out), KEXEC_EXIT_OK);
		for (const char *const *n = json ?
			NEEDLES("\"format\": \"zboot\"", "\"compression\": \"gzip\"",
				"\"contains\": {\n    \"format\": \"Image\"",
				"\"load_offset\": null", "\"memory_size\": 3145728",
				"\"pe\": null", "\"pe_problem\": \"corrupt PE image: no optional header") :
			NEEDLES("format:           zboot\n", "compression:      gzip\n",
				"contains:         a kernel, decompressed here to describe it\n",
				"  format:         Image\n", "  memory:         3.0 MiB (3145728 bytes) once running\n",
				"PE/COFF:          corrupt PE image: no optional header",
				"  syscall:        kexec_file_load\n");
		     *n; n++)
			if (!out || !strstr(out, *n)) {
				unit_failures++;
				fprintf(stderr, "arm64 report lacks \"%s\":\n%s\n", *n, out ? out : "");
			}
		free(out);
	}
	free(gz);
	free(z);
	fixture_done(&f);
}

/* Debian's kernel, signed by Debian, on a locked-down machine. */
static void test_real_kernel(void)
{
	const char *path = getenv("KEXEC_TEST_KERNEL");
	struct fixture f;

	if (!path) {
		printf("test-inspect: KEXEC_TEST_KERNEL not set, real-kernel cases not run\n");
		return;
	}
	fixture_init(&f);
	machine(&f, "integrity", 0, 1);
	expect(&f, path, KEXEC_EXIT_OK,
	       NEEDLES("format:           bzImage64, boot protocol 2.15\n",
		       "version:          ", " (debian-kernel@lists.debian.org) ",
		       "\ncompression:      ", /* Debian's: xz (6.1), lz4 (cloud), zstd (7.x) */
		       "signature:        Authenticode sha256, signed by CN=Debian Secure Boot "
		       "Signer", "(issuer CN=Debian Secure Boot CA)\n",
		       "  section:        .text",
		       "  accepted:       only if the kernel trusts the key of 'CN=Debian Secure "
		       "Boot Signer"),
	       NEEDLES("\"signed\": true", "\"subject\": \"CN=Debian Secure Boot Signer",
		       "\"machine\": \"x86-64\"", "\"digest\": \"sha256\""));
	fixture_done(&f);
}

int main(void)
{
	test_uki();
	test_bzimage();
	test_other_files();
	test_arm64();
	test_real_kernel();
	return unit_summary("test-inspect");
}
