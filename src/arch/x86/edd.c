// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "edd: "
#include <dirent.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edd.h"
#include "parse.h"
#include "fileio.h"
#include "log.h"

#define EDD_DIR "sys/firmware/edd"

static int read_num(int rootfd, const char *dir, const char *file, unsigned long *ret)
{
	_cleanup_free_ char *s = NULL;
	char path[320];
	const char *end;
	uint64_t v;

	snprintf(path, sizeof(path), EDD_DIR "/%s/%s", dir, file);
	if (read_virtual_file_at(rootfd, path, 64, &s, NULL) < 0)
		return -ENOENT;
	/* Some files print a value and then words after it; the number is what counts. */
	if (parse_u64(s, 0, &v, &end) < 0 || v > ULONG_MAX)
		return -EBADMSG;
	*ret = (unsigned long)v;
	return 0;
}

/* The "extensions" file lists supported features by name (drivers/firmware/edd.c). */
static uint16_t read_extensions(int rootfd, const char *dir)
{
	static const char *const names[] = { "Fixed disk access", "Device locking and ejecting",
					     "Enhanced Disk Drive support", "64-bit extensions" };
	_cleanup_free_ char *s = NULL;
	char path[320];
	uint16_t flags = 0;

	snprintf(path, sizeof(path), EDD_DIR "/%s/extensions", dir);
	if (read_virtual_file_at(rootfd, path, 1024, &s, NULL) < 0)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strstr(s, names[i]))
			flags |= 1u << i;
	return flags;
}

static int read_raw(int rootfd, const char *dir, struct edd_device_params *ret)
{
	_cleanup_free_ char *s = NULL;
	char path[320];
	size_t len;
	int r;

	snprintf(path, sizeof(path), EDD_DIR "/%s/raw_data", dir);
	r = read_virtual_file_at(rootfd, path, 4096, &s, &len);
	if (r < 0)
		return r;
	memset(ret, 0, sizeof(*ret));
	memcpy(ret, s, MIN(len, sizeof(*ret)));
	/* The BIOS's own length must be what we got: a short buffer is a broken export. */
	if (ret->length > MIN(len, sizeof(*ret)))
		return -EBADMSG;
	return 0;
}

static int cmp_dev(const void *a, const void *b)
{
	return (int)((const struct edd_info *)a)->device - (int)((const struct edd_info *)b)->device;
}

int x86_edd_read(int rootfd, struct x86_edd *ret)
{
	struct x86_edd edd = {};
	struct {
		uint8_t dev;
		uint32_t sig;
	} sigs[EDD_MBR_SIG_MAX] = {};
	unsigned int nr_sigs = 0;
	DIR *d;
	int fd;
	struct dirent *de;

	fd = openat(rootfd, EDD_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return negative_errno();
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -ENOMEM;
	}
	while ((de = readdir(d))) {
		unsigned int dev;
		unsigned long v;
		char tail;
		struct edd_info *e;

		if (sscanf(de->d_name, "int13_dev%2x%c", &dev, &tail) != 1)
			continue;
		if (read_num(rootfd, de->d_name, "mbr_signature", &v) == 0 &&
		    nr_sigs < EDD_MBR_SIG_MAX) {
			sigs[nr_sigs].dev = (uint8_t)dev;
			sigs[nr_sigs++].sig = (uint32_t)v;
		}
		if (edd.nr_info == EDDMAXNR)
			continue;
		e = &edd.info[edd.nr_info];
		memset(e, 0, sizeof(*e));
		e->device = (uint8_t)dev;
		if (read_num(rootfd, de->d_name, "version", &v) == 0)
			e->version = (uint8_t)v;
		e->interface_support = read_extensions(rootfd, de->d_name);
		if (read_num(rootfd, de->d_name, "legacy_max_cylinder", &v) == 0)
			e->legacy_max_cylinder = (uint16_t)v;
		if (read_num(rootfd, de->d_name, "legacy_max_head", &v) == 0)
			e->legacy_max_head = (uint8_t)v;
		if (read_num(rootfd, de->d_name, "legacy_sectors_per_track", &v) == 0)
			e->legacy_sectors_per_track = (uint8_t)v;
		/* No raw data: an entry the BIOS gave no parameters for; pass what we have. */
		if (read_raw(rootfd, de->d_name, &e->params) == -EBADMSG) {
			log_debug("%s: raw_data shorter than its own length; skipped", de->d_name);
			continue;
		}
		edd.nr_info++;
	}
	closedir(d);

	/* readdir order is arbitrary; the kernel numbers entries in BIOS device order. */
	qsort(edd.info, edd.nr_info, sizeof(edd.info[0]), cmp_dev);
	for (unsigned int i = 0; i < nr_sigs; i++)
		for (unsigned int j = i + 1; j < nr_sigs; j++)
			if (sigs[j].dev < sigs[i].dev) {
				typeof(sigs[0]) t = sigs[i];
				sigs[i] = sigs[j];
				sigs[j] = t;
			}
	for (unsigned int i = 0; i < nr_sigs; i++)
		edd.mbr_sig[i] = sigs[i].sig;
	edd.nr_mbr_sig = nr_sigs;
	log_debug("%u EDD entries, %u MBR signatures", edd.nr_info, edd.nr_mbr_sig);
	*ret = edd;
	return 0;
}

void x86_edd_fill(struct boot_params *bp, const struct x86_edd *edd)
{
	memcpy(bp->eddbuf, edd->info, edd->nr_info * sizeof(edd->info[0]));
	bp->eddbuf_entries = (uint8_t)edd->nr_info;
	memcpy(bp->edd_mbr_sig_buffer, edd->mbr_sig, edd->nr_mbr_sig * sizeof(edd->mbr_sig[0]));
	bp->edd_mbr_sig_buf_entries = (uint8_t)edd->nr_mbr_sig;
}
