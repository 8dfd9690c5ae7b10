// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * UEFI handover for kexec_load: reading the running kernel's sysfs (on fixture trees shaped like
 * an OVMF guest's) and the efi_info + runtime map + SETUP_EFI bytes built from it, field by
 * field.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "x86/efi.h"
#include "macro.h"
#include "unit.h"

#define SYSTAB 0x3f6a2018ULL
#define FW_VENDOR 0x3f6a1f98ULL
#define CONFIG_TABLE 0x3f6a0018ULL
#define RUNTIME 0x3f5feb98ULL
#define SMBIOS 0x3f520000ULL

/* Three runtime regions as OVMF reports them (code, data, MMIO flash), mapped at the
 * kernel's EFI virtual addresses. */
static const struct x86_efi_memdesc fixture_map[] = {
	{ 5, 0, 0x3f5f0000, 0xfffffffeffa00000, 0x20, 0x800000000000000f },
	{ 6, 0, 0x3f610000, 0xfffffffeff9e0000, 0x30, 0x800000000000000f },
	{ 11, 0, 0xffc00000, 0xfffffffeff5e0000, 0x400, 0x8000000000000001 },
};

/* mkdir -p for a path relative to @root, then write @len bytes. */
static void put_bytes(int root, const char *path, const void *content, size_t len)
{
	char dir[256];
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	for (char *p = dir; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdirat(root, dir, 0755);
		*p = '/';
	}
	fd = openat(root, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK_EQ_INT(write(fd, content, len), (long long)len);
	close(fd);
}

static void put(int root, const char *path, const char *content)
{
	put_bytes(root, path, content, strlen(content));
}

static void put_entry(int root, size_t i, const struct x86_efi_memdesc *md)
{
	char path[128], val[32];

	snprintf(path, sizeof(path), "sys/firmware/efi/runtime-map/%zu/type", i);
	snprintf(val, sizeof(val), "0x%x\n", md->type);
	put(root, path, val);
#define PUT_U64(field)                                                                        \
	snprintf(path, sizeof(path), "sys/firmware/efi/runtime-map/%zu/" #field, i);          \
	snprintf(val, sizeof(val), "0x%llx\n", (unsigned long long)md->field);                \
	put(root, path, val)
	PUT_U64(phys_addr);
	PUT_U64(virt_addr);
	PUT_U64(num_pages);
	PUT_U64(attribute);
#undef PUT_U64
}

struct fixture_opts {
	uint32_t signature;
	uint64_t systab;
	uint32_t desc_size, desc_version;
	uint8_t secure_boot;
	bool no_memmap_size;
};

static const struct fixture_opts ovmf = {
	.signature = X86_EFI64_LOADER_SIGNATURE,
	.systab = SYSTAB,
	.desc_size = 48,
	.desc_version = 1,
};

/* A complete tree; tests then break one thing at a time. */
static int make_tree(char *dir, const struct fixture_opts *o)
{
	struct boot_params bp = {};
	struct efi_info ei = {
		.efi_loader_signature = o->signature,
		.efi_systab = (uint32_t)o->systab,
		.efi_systab_hi = (uint32_t)(o->systab >> 32),
		.efi_memdesc_size = o->desc_size,
		.efi_memdesc_version = o->desc_version,
		/* what the EFI stub handed the running kernel: the full map, not ours */
		.efi_memmap = 0x3c3c4018,
		.efi_memmap_size = o->no_memmap_size ? 0 : 120 * o->desc_size,
	};
	int root;

	CHECK(mkdtemp(dir) != NULL);
	root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CHECK(root >= 0);
	bp.efi_info = ei;
	bp.secure_boot = o->secure_boot;
	put_bytes(root, "sys/kernel/boot_params/data", &bp, sizeof(bp));
	put(root, "sys/firmware/efi/systab",
	    "ACPI20=0x3f77d014\nACPI=0x3f77d000\nSMBIOS3=0x3f500000\nSMBIOS=0x3f520000\n");
	put(root, "sys/firmware/efi/fw_vendor", "0x3f6a1f98\n");
	put(root, "sys/firmware/efi/config_table", "0x3f6a0018\n");
	put(root, "sys/firmware/efi/runtime", "0x3f5feb98\n");
	for (size_t i = 0; i < ARRAY_SIZE(fixture_map); i++)
		put_entry(root, i, &fixture_map[i]);
	return root;
}

static void remove_tree(int root, const char *dir)
{
	char cmd[64];

	close(root);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK_EQ_INT(system(cmd), 0);
}

static void test_read_ovmf(void)
{
	char dir[] = "/tmp/kexec-unit-efi-XXXXXX";
	int root = make_tree(dir, &ovmf);
	struct x86_efi efi;

	CHECK_EQ_INT(x86_efi_read(root, &efi), 0);
	CHECK_EQ_INT(efi.loader_signature, X86_EFI64_LOADER_SIGNATURE);
	CHECK_EQ_INT(efi.systab, SYSTAB);
	CHECK_EQ_INT(efi.memdesc_size, 48);
	CHECK_EQ_INT(efi.memdesc_version, 1);
	CHECK_EQ_INT(efi.fw_vendor, FW_VENDOR);
	CHECK_EQ_INT(efi.tables, CONFIG_TABLE);
	CHECK_EQ_INT(efi.runtime, RUNTIME);
	/* SMBIOS=, not SMBIOS3= which comes first */
	CHECK_EQ_INT(efi.smbios, SMBIOS);
	CHECK_EQ_INT(efi.nr_map, ARRAY_SIZE(fixture_map));
	for (size_t i = 0; i < efi.nr_map && i < ARRAY_SIZE(fixture_map); i++)
		CHECK(memcmp(&efi.map[i], &fixture_map[i], sizeof(fixture_map[i])) == 0);
	x86_efi_done(&efi);
	CHECK(efi.map == NULL && efi.nr_map == 0);
	remove_tree(root, dir);
}

static void test_fill(void)
{
	char dir[] = "/tmp/kexec-unit-efi-XXXXXX";
	struct fixture_opts o = ovmf;
	struct x86_efi efi;
	struct boot_params *bp = calloc(1, sizeof(*bp));
	const uint64_t addr = 0x7ffd1010, prev = 0x7ffd0f00;
	size_t map_size = ARRAY_SIZE(fixture_map) * 48, need;
	struct setup_data sd;
	struct x86_efi_setup_data esd;
	uint8_t *buf;
	int root;

	o.systab = 0x1234567890ULL; /* above 4 GiB: both halves must be set */
	o.secure_boot = 3;          /* efi_secureboot_mode_enabled */
	root = make_tree(dir, &o);
	CHECK_EQ_INT(x86_efi_read(root, &efi), 0);

	need = x86_efi_data_size(&efi);
	CHECK_EQ_INT(need, ALIGN_UP(map_size, 16) + 16 + 96);
	buf = malloc(need);
	memset(buf, 0xa5, need); /* padding must come out zero */
	bp->hdr.setup_data = prev;

	CHECK_EQ_INT(x86_efi_fill(&efi, bp, buf, need, addr), 0);

	CHECK_EQ_INT(bp->efi_info.efi_loader_signature, 0x34364c45); /* "EL64" */
	CHECK(memcmp(&bp->efi_info.efi_loader_signature, "EL64", 4) == 0);
	CHECK_EQ_INT(bp->efi_info.efi_systab, 0x34567890);
	CHECK_EQ_INT(bp->efi_info.efi_systab_hi, 0x12);
	CHECK_EQ_INT(bp->efi_info.efi_memdesc_size, 48);
	CHECK_EQ_INT(bp->efi_info.efi_memdesc_version, 1);
	CHECK_EQ_INT(bp->efi_info.efi_memmap, (uint32_t)addr);
	CHECK_EQ_INT(bp->efi_info.efi_memmap_hi, 0);
	CHECK_EQ_INT(bp->efi_info.efi_memmap_size, map_size);
	CHECK_EQ_INT(bp->secure_boot, 3);

	/* the runtime map: 40-byte descriptors at the 48-byte stride, padding zeroed */
	for (size_t i = 0; i < ARRAY_SIZE(fixture_map); i++) {
		static const uint8_t zeros[8];

		CHECK(memcmp(buf + i * 48, &fixture_map[i], 40) == 0);
		CHECK(memcmp(buf + i * 48 + 40, zeros, 8) == 0);
	}

	/* the setup_data, chained in front of the one that was there */
	CHECK_EQ_INT(bp->hdr.setup_data, addr + ALIGN_UP(map_size, 16));
	memcpy(&sd, buf + ALIGN_UP(map_size, 16), sizeof(sd));
	CHECK_EQ_INT(sd.next, prev);
	CHECK_EQ_INT(sd.type, SETUP_EFI);
	CHECK_EQ_INT(sd.len, sizeof(struct x86_efi_setup_data));
	memcpy(&esd, buf + ALIGN_UP(map_size, 16) + sizeof(sd), sizeof(esd));
	CHECK_EQ_INT(esd.fw_vendor, FW_VENDOR);
	CHECK_EQ_INT(esd.runtime, RUNTIME);
	CHECK_EQ_INT(esd.tables, CONFIG_TABLE);
	CHECK_EQ_INT(esd.smbios, SMBIOS);
	for (size_t i = 0; i < ARRAY_SIZE(esd.reserved); i++)
		CHECK_EQ_INT(esd.reserved[i], 0);

	/* refusals leave boot_params alone */
	bp->hdr.setup_data = prev;
	CHECK_EQ_INT(x86_efi_fill(&efi, bp, buf, need - 1, addr), -ENOSPC);
	CHECK_EQ_INT(x86_efi_fill(&efi, bp, buf, need, addr + 8), -EINVAL);
	CHECK_EQ_INT(bp->hdr.setup_data, prev);

	/* --noefi (NULL) and an empty handover add nothing */
	memset(bp, 0, sizeof(*bp));
	CHECK_EQ_INT(x86_efi_data_size(NULL), 0);
	CHECK_EQ_INT(x86_efi_fill(NULL, bp, NULL, 0, addr), 0);
	x86_efi_done(&efi);
	CHECK_EQ_INT(x86_efi_data_size(&efi), 0);
	CHECK_EQ_INT(x86_efi_fill(&efi, bp, NULL, 0, addr), 0);
	CHECK_EQ_INT(bp->efi_info.efi_loader_signature, 0);
	CHECK_EQ_INT(bp->hdr.setup_data, 0);

	free(buf);
	free(bp);
	remove_tree(root, dir);
}

/* A 40-byte descriptor size (kexec-tools passes that) is packed without padding. */
static void test_fill_desc40(void)
{
	char dir[] = "/tmp/kexec-unit-efi-XXXXXX";
	struct fixture_opts o = ovmf;
	struct boot_params bp = {};
	struct x86_efi efi;
	uint8_t buf[512];
	int root;

	o.desc_size = 40;
	root = make_tree(dir, &o);
	CHECK_EQ_INT(x86_efi_read(root, &efi), 0);
	CHECK_EQ_INT(x86_efi_data_size(&efi), 128 + 16 + 96);
	CHECK_EQ_INT(x86_efi_fill(&efi, &bp, buf, sizeof(buf), 0x2000), 0);
	CHECK_EQ_INT(bp.efi_info.efi_memmap_size, 120);
	CHECK_EQ_INT(bp.efi_info.efi_memdesc_size, 40);
	CHECK(memcmp(buf, fixture_map, sizeof(fixture_map)) == 0);
	CHECK_EQ_INT(bp.hdr.setup_data, 0x2000 + 128);
	x86_efi_done(&efi);
	remove_tree(root, dir);
}

/* Machines and kernels with nothing to hand over: 0 and an empty result, never an error. */
static void test_nothing_to_pass(void)
{
	static const struct {
		const char *name;
		uint32_t signature;
		uint32_t desc_version;
		bool no_memmap_size;
		const char *remove; /* relative path to delete from the tree */
	} cases[] = {
		{ "BIOS", X86_EFI64_LOADER_SIGNATURE, 1, false, "sys/firmware/efi" },
		{ "32-bit firmware", 0x32334c45 /* "EL32" */, 1, false, NULL },
		{ "no EFI memmap", X86_EFI64_LOADER_SIGNATURE, 1, true, NULL },
		{ "descriptor version 2", X86_EFI64_LOADER_SIGNATURE, 2, false, NULL },
		{ "no runtime map", X86_EFI64_LOADER_SIGNATURE, 1, false,
		  "sys/firmware/efi/runtime-map" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char dir[] = "/tmp/kexec-unit-efi-XXXXXX";
		struct fixture_opts o = ovmf;
		struct x86_efi efi = { .nr_map = 99 };
		int root;

		o.signature = cases[i].signature;
		o.desc_version = cases[i].desc_version;
		o.no_memmap_size = cases[i].no_memmap_size;
		root = make_tree(dir, &o);
		if (cases[i].remove) {
			char cmd[160];

			snprintf(cmd, sizeof(cmd), "rm -rf %s/%s", dir, cases[i].remove);
			CHECK_EQ_INT(system(cmd), 0);
		}
		if (x86_efi_read(root, &efi) != 0 || efi.nr_map != 0 || efi.map != NULL) {
			unit_failures++;
			fprintf(stderr, "case '%s': expected nothing to pass\n", cases[i].name);
		}
		unit_checks++;
		remove_tree(root, dir);
	}
}

/* Broken or surprising sysfs contents: an error, and nothing half-read returned. */
static void test_errors(void)
{
	static const struct {
		const char *name;
		const char *path, *content; /* written over the good tree */
		uint32_t desc_size;
		int ret;
	} cases[] = {
		{ "not hex", "sys/firmware/efi/runtime-map/1/phys_addr", "1234\n", 48, -EBADMSG },
		{ "bad digit", "sys/firmware/efi/runtime-map/0/virt_addr", "0xfffffffeffz00000\n", 48,
		  -EBADMSG },
		{ "empty", "sys/firmware/efi/runtime-map/2/num_pages", "0x\n", 48, -EBADMSG },
		{ "65 bits", "sys/firmware/efi/runtime-map/2/attribute", "0x1ffffffffffffffff\n", 48,
		  -EBADMSG },
		{ "type above 32 bits", "sys/firmware/efi/runtime-map/0/type", "0x100000000\n", 48,
		  -EBADMSG },
		/* entries 0, 1, 2 and 4: a gap that would drop a runtime region */
		{ "gap", "sys/firmware/efi/runtime-map/4/type", "0x5\n", 48, -EBADMSG },
		{ "bad fw_vendor", "sys/firmware/efi/fw_vendor", "(null)\n", 48, -EBADMSG },
		{ "bad SMBIOS", "sys/firmware/efi/systab", "SMBIOS=banana\n", 48, -EBADMSG },
		{ "descriptor too small", NULL, NULL, 32, -EBADMSG },
		{ "descriptor not 8-aligned", NULL, NULL, 44, -EBADMSG },
		{ "descriptor huge", NULL, NULL, 4096, -EBADMSG },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char dir[] = "/tmp/kexec-unit-efi-XXXXXX";
		struct fixture_opts o = ovmf;
		struct x86_efi efi;
		int root, r;

		o.desc_size = cases[i].desc_size;
		root = make_tree(dir, &o);
		if (cases[i].path)
			put(root, cases[i].path, cases[i].content);
		r = x86_efi_read(root, &efi);
		if (r != cases[i].ret || efi.map || efi.nr_map) {
			unit_failures++;
			fprintf(stderr, "case '%s': returned %d, expected %d\n", cases[i].name, r,
				cases[i].ret);
		}
		unit_checks++;
		remove_tree(root, dir);
	}
}

/* Optional files: no runtime (kernels that hide it), no SMBIOS 2.x entry (SMBIOS3 only). */
static void test_optional(void)
{
	char dir[] = "/tmp/kexec-unit-efi-XXXXXX";
	int root = make_tree(dir, &ovmf);
	struct x86_efi efi;

	CHECK_EQ_INT(unlinkat(root, "sys/firmware/efi/runtime", 0), 0);
	put(root, "sys/firmware/efi/systab", "ACPI20=0x3f77d014\nSMBIOS3=0x3f500000\n");
	CHECK_EQ_INT(x86_efi_read(root, &efi), 0);
	CHECK_EQ_INT(efi.nr_map, ARRAY_SIZE(fixture_map));
	CHECK_EQ_INT(efi.runtime, 0);
	CHECK_EQ_INT(efi.smbios, 0);
	x86_efi_done(&efi);

	/* but fw_vendor and config_table are not optional: the new kernel would read garbage */
	CHECK_EQ_INT(unlinkat(root, "sys/firmware/efi/config_table", 0), 0);
	CHECK_EQ_INT(x86_efi_read(root, &efi), -ENOENT);
	CHECK(efi.map == NULL && efi.nr_map == 0);
	remove_tree(root, dir);
}

int main(void)
{
	test_read_ovmf();
	test_fill();
	test_fill_desc40();
	test_nothing_to_pass();
	test_errors();
	test_optional();
	return unit_summary("test-efi");
}
