// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The running machine's device tree, as a blob the next kernel's can be made from.
 *
 * /sys/firmware/fdt is the blob the running kernel was handed (the kernel publishes it only
 * while its CRC still matches), with its reservation map and the UEFI properties the EFI stub
 * added: the best source. Without it (kernels before 4.2, or a tree the kernel changed), the
 * live tree under /proc/device-tree is written out again with libfdt's sequential writer: one
 * folder per node, one file per property. That loses the reservation map, which /proc does not
 * show; /reserved-memory nodes, the modern way to reserve memory, are kept.
 */
#define LOG_PREFIX "arm64-dt: "
#include <dirent.h>
#include <fcntl.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dt-read.h"
#include "fdt.h"
#include "log.h"

/* No device tree node nests deeper; a deeper folder tree is not one. */
#define DT_MAX_DEPTH 32
/* No property comes near this (the biggest are firmware blobs of a few hundred KiB). */
#define DT_PROP_MAX ARM64_DT_MAX

/* Read all of an open file, up to @max bytes (-E2BIG beyond). */
static int read_fd_whole(int fd, size_t max, void **ret, size_t *ret_len)
{
	_cleanup_free_ uint8_t *buf = NULL;
	size_t len = 0, cap = 0;

	for (;;) {
		ssize_t n;

		if (len == cap) {
			uint8_t *p;

			if (cap > max)
				return -E2BIG;
			cap = cap ? cap * 2 : 4096;
			p = realloc(buf, cap);
			if (!p)
				return -ENOMEM;
			buf = p;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return negative_errno();
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > max)
		return -E2BIG;
	*ret = TAKE_PTR(buf);
	*ret_len = len;
	return 0;
}

static int read_blob_at(int dirfd, const char *path, size_t max, void **ret, size_t *ret_len)
{
	_cleanup_close_ int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return negative_errno();
	return read_fd_whole(fd, max, ret, ret_len);
}

struct dt_entry {
	char *name;
	bool dir;
};

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct dt_entry *)a)->name, ((const struct dt_entry *)b)->name);
}

static void entries_free(struct dt_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(e[i].name);
	free(e);
}

/* The folder's entries, sorted so that the blob does not depend on readdir's order. */
static int list_dir(int dirfd, struct dt_entry **ret, size_t *ret_n)
{
	struct dt_entry *e = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	int fd, r = 0;
	DIR *d;

	fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return negative_errno();
	d = fdopendir(fd);
	if (!d) {
		r = negative_errno();
		close(fd);
		return r;
	}
	for (;;) {
		struct stat st;

		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno)
				r = negative_errno();
			break;
		}
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			r = negative_errno();
			break;
		}
		if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
			continue;
		if (n == cap) {
			struct dt_entry *p;

			cap = cap ? cap * 2 : 16;
			p = realloc(e, cap * sizeof(*e));
			if (!p) {
				r = -ENOMEM;
				break;
			}
			e = p;
		}
		e[n].name = strdup(de->d_name);
		if (!e[n].name) {
			r = -ENOMEM;
			break;
		}
		e[n++].dir = S_ISDIR(st.st_mode);
	}
	closedir(d);
	if (r < 0) {
		entries_free(e, n);
		return r;
	}
	if (n)
		qsort(e, n, sizeof(*e), entry_cmp);
	*ret = e;
	*ret_n = n;
	return 0;
}

static int libfdt_errno(int r)
{
	return r == -FDT_ERR_NOSPACE ? -E2BIG : -EBADMSG;
}

/* One node: its properties (a flattened tree wants them before the subnodes), then those. */
static int flatten_node(void *fdt, int dirfd, const char *name, int depth)
{
	struct dt_entry *e = NULL;
	size_t n = 0;
	int r;

	if (depth > DT_MAX_DEPTH)
		return log_debug_errno(-EBADMSG, "device tree nested deeper than %d", DT_MAX_DEPTH);
	r = fdt_begin_node(fdt, name);
	if (r < 0)
		return libfdt_errno(r);
	r = list_dir(dirfd, &e, &n);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n && r >= 0; i++) {
		_cleanup_free_ void *val = NULL;
		size_t len = 0;

		/* The kernel makes up "name" for every node from its path; the blob has none. */
		if (e[i].dir || strcmp(e[i].name, "name") == 0)
			continue;
		r = read_blob_at(dirfd, e[i].name, DT_PROP_MAX, &val, &len);
		if (r < 0)
			break;
		r = fdt_property(fdt, e[i].name, val, (int)len);
		if (r < 0)
			r = libfdt_errno(r);
	}
	for (size_t i = 0; i < n && r >= 0; i++) {
		_cleanup_close_ int sub = -1;

		if (!e[i].dir)
			continue;
		sub = openat(dirfd, e[i].name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0) {
			r = negative_errno();
			break;
		}
		r = flatten_node(fdt, sub, e[i].name, depth + 1);
	}
	entries_free(e, n);
	if (r < 0)
		return r;
	r = fdt_end_node(fdt);
	return r < 0 ? libfdt_errno(r) : 0;
}

int arm64_dt_flatten(int dirfd, void **ret, size_t *ret_len)
{
	_cleanup_free_ void *fdt = malloc(ARM64_DT_MAX);
	int r;

	if (!fdt)
		return -ENOMEM;
	r = fdt_create(fdt, (int)ARM64_DT_MAX);
	if (r >= 0)
		r = fdt_finish_reservemap(fdt);
	if (r < 0)
		return libfdt_errno(r);
	r = flatten_node(fdt, dirfd, "", 0);
	if (r < 0)
		return log_debug_errno(r, "flattening the device tree: %m");
	r = fdt_finish(fdt);
	if (r < 0)
		return libfdt_errno(r);
	*ret_len = fdt_totalsize(fdt);
	*ret = TAKE_PTR(fdt);
	return 0;
}

int arm64_dt_read_running(int rootfd, void **ret, size_t *ret_len, const char **ret_source)
{
	_cleanup_close_ int dir = -1;
	void *buf = NULL;
	size_t len = 0;
	int r;

	r = read_blob_at(rootfd, "sys/firmware/fdt", ARM64_DT_MAX, &buf, &len);
	if (r == 0) {
		r = arm64_dt_check(buf, len, NULL);
		if (r < 0) {
			free(buf);
			return log_debug_errno(r, "/sys/firmware/fdt holds no valid device tree");
		}
		*ret = buf;
		*ret_len = len;
		*ret_source = "/sys/firmware/fdt";
		return 0;
	}
	if (r != -ENOENT)
		return log_debug_errno(r, "reading /sys/firmware/fdt: %m");

	log_debug("no /sys/firmware/fdt; flattening /proc/device-tree (without its reservation map)");
	/* The usual symlink to /sys/firmware/devicetree/base: followed here, on purpose. */
	dir = openat(rootfd, "proc/device-tree", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return log_debug_errno(negative_errno(), "opening /proc/device-tree: %m");
	r = arm64_dt_flatten(dir, ret, ret_len);
	if (r < 0)
		return r;
	*ret_source = "/proc/device-tree";
	return 0;
}

int arm64_dt_read_file(const char *path, void **ret, size_t *ret_len)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;

	if (fd < 0)
		return negative_errno();
	if (fstat(fd, &st) < 0)
		return negative_errno();
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	return read_fd_whole(fd, ARM64_DT_MAX, ret, ret_len);
}
