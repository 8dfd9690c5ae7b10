// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "efi: "
#include <assert.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "efi.h"
#include "efi-systab.h"
#include "parse.h"
#include "fileio.h"
#include "log.h"

static_assert(sizeof(struct x86_efi_memdesc) == 40, "efi_memory_desc_t is 40 bytes (version 1)");
static_assert(sizeof(struct x86_efi_setup_data) == 96, "struct efi_setup_data is 96 bytes");
static_assert(sizeof(struct setup_data) == 16, "setup_data header is 16 bytes");
static_assert(offsetof(struct boot_params, efi_info) == 0x1c0, "efi_info offset");
static_assert(offsetof(struct boot_params, secure_boot) == 0x1ec, "secure_boot offset");

#define EFI_DIR "sys/firmware/efi"
#define RUNTIME_MAP_DIR EFI_DIR "/runtime-map"
#define BOOT_PARAMS_DATA "sys/kernel/boot_params/data"

/* sysfs prints every address here as "0x%lx" or "0x%llx": exactly that, nothing else. */
static int parse_hex_u64(const char *s, uint64_t *ret)
{
	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return -EBADMSG;
	return parse_u64(s, 16, ret, NULL);
}

static int read_hex_file(int rootfd, const char *path, uint64_t *ret)
{
	_cleanup_free_ char *s = NULL;
	int r;

	r = read_virtual_file_at(rootfd, path, 64, &s, NULL);
	if (r < 0)
		return r;
	r = parse_hex_u64(s, ret);
	if (r < 0)
		return log_debug_errno(r, "%s: not a hex address: \"%s\"", path, s);
	return 0;
}

/* The SMBIOS 2.x entry point ("SMBIOS=0x..."; SMBIOS3= is a different table, which the
 * kernel's setup_data does not carry). 0 when there is none. */
static int read_smbios(int rootfd, uint64_t *ret)
{
	int r = efi_systab_lookup(rootfd, "SMBIOS", ret);

	if (r == -ENOENT) {
		*ret = 0;
		return 0;
	}
	return r;
}

/* Runtime-map entries are directories 0..N-1; count them so that a gap is noticed. */
static int count_runtime_map(int rootfd, size_t *ret)
{
	struct dirent *de;
	size_t n = 0;
	DIR *d;
	int fd;

	fd = openat(rootfd, RUNTIME_MAP_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return negative_errno();
	d = fdopendir(fd);
	if (!d) {
		int r = negative_errno();
		close(fd);
		return r;
	}
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	*ret = n;
	return 0;
}

static int read_runtime_entry(int rootfd, size_t i, struct x86_efi_memdesc *md)
{
	static const char *const names[] = { "type", "phys_addr", "virt_addr", "num_pages",
					     "attribute" };
	uint64_t v[ARRAY_SIZE(names)];
	char path[128];

	for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
		int r;

		snprintf(path, sizeof(path), RUNTIME_MAP_DIR "/%zu/%s", i, names[k]);
		r = read_hex_file(rootfd, path, &v[k]);
		if (r == -ENOENT)
			return log_debug_errno(-EBADMSG, "%s is missing", path);
		if (r < 0)
			return r;
	}
	if (v[0] > UINT32_MAX)
		return log_debug_errno(-EBADMSG, "runtime-map/%zu: type 0x%llx", i,
				       (unsigned long long)v[0]);
	*md = (struct x86_efi_memdesc){
		.type = (uint32_t)v[0],
		.phys_addr = v[1],
		.virt_addr = v[2],
		.num_pages = v[3],
		.attribute = v[4],
	};
	return 0;
}

static int read_runtime_map(int rootfd, struct x86_efi *efi)
{
	size_t n;
	int r;

	r = count_runtime_map(rootfd, &n);
	if (r < 0)
		return r;
	if (n > X86_EFI_MAX_RUNTIME_ENTRIES)
		return log_debug_errno(-E2BIG, "%zu runtime-map entries", n);
	if (n == 0)
		return 0;
	efi->map = calloc(n, sizeof(*efi->map));
	if (!efi->map)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		r = read_runtime_entry(rootfd, i, &efi->map[i]);
		if (r < 0)
			return r;
	}
	efi->nr_map = n;
	return 0;
}

int x86_running_boot_params(int rootfd, struct boot_params *ret)
{
	_cleanup_free_ char *data = NULL;
	size_t len;
	int r;

	r = read_virtual_file_at(rootfd, BOOT_PARAMS_DATA, 2 * sizeof(*ret), &data, &len);
	if (r < 0)
		return log_debug_errno(r, "reading /" BOOT_PARAMS_DATA ": %m");
	if (len < offsetof(struct boot_params, secure_boot) + 1)
		return log_debug_errno(-EBADMSG, "/" BOOT_PARAMS_DATA " is only %zu bytes", len);
	memset(ret, 0, sizeof(*ret));
	memcpy(ret, data, MIN(len, sizeof(*ret)));
	return 0;
}

/* The EFI stub's verdict (enum efi_secureboot_mode: unset, unknown, disabled, enabled). */
int x86_secure_boot(int rootfd)
{
	struct boot_params bp;

	if (x86_running_boot_params(rootfd, &bp) < 0)
		return -ENOENT;
	switch (bp.secure_boot) {
	case 3:
		return 1;
	case 2:
		return 0;
	default:
		return -ENOENT;
	}
}

int x86_efi_read(int rootfd, struct x86_efi *ret)
{
	struct boot_params bp;
	int r;

	*ret = (struct x86_efi){};
	if (faccessat(rootfd, EFI_DIR, F_OK, 0) < 0) {
		log_debug("no /" EFI_DIR ": booted through BIOS");
		return 0;
	}
	/* The running kernel's own zero page: the only place that names the system table. */
	r = x86_running_boot_params(rootfd, &bp);
	if (r < 0)
		return r;
	return x86_efi_read_with(rootfd, &bp, ret);
}

int x86_efi_read_with(int rootfd, const struct boot_params *running, struct x86_efi *ret)
{
	const struct boot_params *bp = running;
	struct x86_efi efi = {};
	struct efi_info ei;
	int r;

	*ret = (struct x86_efi){};
	if (faccessat(rootfd, EFI_DIR, F_OK, 0) < 0) {
		log_debug("no /" EFI_DIR ": booted through BIOS");
		return 0;
	}
	ei = bp->efi_info; /* a copy: boot_params is packed */

	/* As the kernel's kexec_file and kexec-tools: hand over only what the running kernel
	 * got itself, a 64-bit EFI memory map of the version everyone knows. */
	if (ei.efi_loader_signature != X86_EFI64_LOADER_SIGNATURE) {
		log_debug("EFI loader signature 0x%08x is not \"EL64\" (32-bit firmware?); "
			  "passing no EFI", ei.efi_loader_signature);
		return 0;
	}
	if (ei.efi_memmap_size == 0) {
		log_debug("the running kernel got no EFI memory map; passing no EFI");
		return 0;
	}
	if (ei.efi_memdesc_version != 1) {
		log_debug("EFI memory descriptor version %u, not 1; passing no EFI",
			  ei.efi_memdesc_version);
		return 0;
	}
	if (ei.efi_memdesc_size < sizeof(struct x86_efi_memdesc) ||
	    ei.efi_memdesc_size > X86_EFI_MAX_DESC_SIZE || ei.efi_memdesc_size % 8)
		return log_debug_errno(-EBADMSG, "EFI memory descriptor size %u",
				       ei.efi_memdesc_size);

	efi.loader_signature = ei.efi_loader_signature;
	efi.systab = ei.efi_systab | (uint64_t)ei.efi_systab_hi << 32;
	efi.memdesc_version = ei.efi_memdesc_version;
	efi.memdesc_size = ei.efi_memdesc_size;
	efi.secure_boot = bp->secure_boot;

	/* The kernel exports the runtime map only while runtime services are on (not with
	 * noefi or efi=noruntime) and with CONFIG_EFI_RUNTIME_MAP. */
	r = read_runtime_map(rootfd, &efi);
	if (r == -ENOENT) {
		log_debug("no /" RUNTIME_MAP_DIR " (runtime services off, or a kernel without "
			  "CONFIG_EFI_RUNTIME_MAP); passing no EFI");
		r = 0;
		goto fail;
	}
	if (r < 0)
		goto fail;
	if (efi.nr_map == 0) {
		log_debug("the EFI runtime map is empty; passing no EFI");
		goto fail;
	}

	/* The system table's own fw_vendor and tables became virtual addresses at
	 * SetVirtualAddressMap(); the kernel kept the physical ones for us. */
	r = read_hex_file(rootfd, EFI_DIR "/fw_vendor", &efi.fw_vendor);
	if (r >= 0)
		r = read_hex_file(rootfd, EFI_DIR "/config_table", &efi.tables);
	if (r < 0) {
		log_debug_errno(r, "reading /" EFI_DIR "/{fw_vendor,config_table}: %m");
		goto fail;
	}
	r = read_hex_file(rootfd, EFI_DIR "/runtime", &efi.runtime);
	if (r == -ENOENT)
		r = 0;
	if (r >= 0)
		r = read_smbios(rootfd, &efi.smbios);
	if (r < 0)
		goto fail;

	log_debug("EFI system table 0x%llx, %zu runtime regions (descriptor size %u), fw_vendor "
		  "0x%llx, config tables 0x%llx, runtime 0x%llx, SMBIOS 0x%llx",
		  (unsigned long long)efi.systab, efi.nr_map, efi.memdesc_size,
		  (unsigned long long)efi.fw_vendor, (unsigned long long)efi.tables,
		  (unsigned long long)efi.runtime, (unsigned long long)efi.smbios);
	*ret = efi;
	return 0;
fail:
	x86_efi_done(&efi);
	return r;
}

void x86_efi_done(struct x86_efi *efi)
{
	free(efi->map);
	efi->map = NULL;
	efi->nr_map = 0;
}

static size_t map_bytes(const struct x86_efi *efi)
{
	return efi->nr_map * efi->memdesc_size;
}

size_t x86_efi_data_size(const struct x86_efi *efi)
{
	if (!efi || efi->nr_map == 0)
		return 0;
	/* Both capped by x86_efi_read(), so no overflow here. */
	return ALIGN_UP(map_bytes(efi), 16) + sizeof(struct setup_data) +
	       sizeof(struct x86_efi_setup_data);
}

int x86_efi_fill(const struct x86_efi *efi, struct boot_params *bp, void *buf, size_t len,
		 uint64_t addr)
{
	struct efi_info ei;
	struct x86_efi_setup_data esd;
	struct setup_data sd;
	uint8_t *p = buf;
	size_t need = x86_efi_data_size(efi), sd_off;
	uint64_t map_addr, sd_addr;

	if (need == 0)
		return 0;
	if (addr % 16)
		return -EINVAL;
	if (len < need)
		return -ENOSPC;
	if (map_bytes(efi) > UINT32_MAX || addr > UINT64_MAX - need)
		return -EOVERFLOW;

	/* Descriptors at the running kernel's stride: the new kernel walks the map with
	 * efi_memdesc_size, as kexec_file's copy of efi.memmap makes it do. The bytes beyond
	 * efi_memory_desc_t are padding that sysfs does not show. */
	memset(p, 0, need);
	for (size_t i = 0; i < efi->nr_map; i++)
		memcpy(p + i * efi->memdesc_size, &efi->map[i], sizeof(efi->map[i]));
	map_addr = addr;

	sd_off = ALIGN_UP(map_bytes(efi), 16);
	sd_addr = addr + sd_off;
	sd = (struct setup_data){ .next = bp->hdr.setup_data, .type = SETUP_EFI, .len = sizeof(esd) };
	esd = (struct x86_efi_setup_data){
		.fw_vendor = efi->fw_vendor,
		.runtime = efi->runtime,
		.tables = efi->tables,
		.smbios = efi->smbios,
	};
	memcpy(p + sd_off, &sd, sizeof(sd));
	memcpy(p + sd_off + sizeof(sd), &esd, sizeof(esd));
	bp->hdr.setup_data = sd_addr;

	ei = (struct efi_info){
		.efi_loader_signature = efi->loader_signature,
		.efi_systab = (uint32_t)efi->systab,
		.efi_systab_hi = (uint32_t)(efi->systab >> 32),
		.efi_memdesc_version = efi->memdesc_version,
		.efi_memdesc_size = efi->memdesc_size,
		.efi_memmap = (uint32_t)map_addr,
		.efi_memmap_hi = (uint32_t)(map_addr >> 32),
		.efi_memmap_size = (uint32_t)map_bytes(efi),
	};
	bp->efi_info = ei;
	/* A kexec'd kernel must not boot in a weaker lockdown than its parent; the EFI stub
	 * that would have set this is bypassed (kexec_file does the same). */
	bp->secure_boot = efi->secure_boot;
	return 0;
}
