/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Shared by the libFuzzer targets in this directory (each one a LLVMFuzzerTestOneInput over one
 * parser that takes untrusted bytes) and by fuzz-main.c, which replays a corpus through the same
 * function without libFuzzer.
 *
 * Every target logs at debug level: the messages that quote hostile input (names, lines,
 * numbers) are formatted on every run, so a bad format argument shows up under the sanitizers.
 * run.sh passes -close_fd_mask=2 and fuzz-main.c sends stderr to /dev/null, so the output costs
 * nothing but the formatting.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_setup(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	log_set_max_level(LOG_DEBUG);
}

/* A NUL-terminated copy of @data, for parsers of C strings. */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/*
 * Directory trees for the readers that take a root directory fd (sysfs, /proc). The input is a
 * sequence of records
 *
 *	path NUL len_lo len_hi content[len]
 *
 * (pack-tree.sh makes one from a directory). Each record becomes one file below a private
 * temporary root, created with its parent directories. Path components may hold only
 * [A-Za-z0-9._-] and may not be "." or "..": the tree never leaves the root. A short length
 * takes what is left. The tree is emptied before the next input.
 */
#define FUZZ_TREE_MAX_FILES 128
#define FUZZ_TREE_MAX_PATH 160

static char fuzz_tree_dir[64];

static int fuzz_tree_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	if (ftw->level > 0)
		remove(path);
	return 0;
}

static void fuzz_tree_clear(void)
{
	if (fuzz_tree_dir[0])
		nftw(fuzz_tree_dir, fuzz_tree_rm, 16, FTW_DEPTH | FTW_PHYS);
}

static void fuzz_tree_atexit(void)
{
	fuzz_tree_clear();
	rmdir(fuzz_tree_dir);
}

static int fuzz_path_ok(const char *p)
{
	size_t comp = 0;

	if (!*p || *p == '/')
		return 0;
	for (const char *s = p;; s++) {
		if (*s == '/' || *s == '\0') {
			if (comp == 0 || (comp == 1 && s[-1] == '.') ||
			    (comp == 2 && s[-1] == '.' && s[-2] == '.'))
				return 0;
			if (*s == '\0')
				return 1;
			comp = 0;
			continue;
		}
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
			return 0;
		comp++;
	}
}

static void fuzz_tree_put(int root, const char *path, const uint8_t *content, size_t len)
{
	char dir[FUZZ_TREE_MAX_PATH + 1];
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	for (char *p = strchr(dir, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		(void)mkdirat(root, dir, 0755);
		*p = '/';
	}
	fd = openat(root, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return; /* e.g. a directory of that name exists: not a file then */
	if (len && write(fd, content, len) != (ssize_t)len)
		abort();
	close(fd);
}

/* Returns an O_DIRECTORY fd on the tree built from @data (the caller closes it). */
static inline int fuzz_tree_build(const uint8_t *data, size_t size)
{
	size_t pos = 0;
	int root;

	if (!fuzz_tree_dir[0]) {
		const char *tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

		snprintf(fuzz_tree_dir, sizeof(fuzz_tree_dir), "%s/kexec-fuzz-XXXXXX", tmp);
		if (!mkdtemp(fuzz_tree_dir))
			abort();
		atexit(fuzz_tree_atexit);
	}
	fuzz_tree_clear();
	root = open(fuzz_tree_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		abort();

	for (int files = 0; files < FUZZ_TREE_MAX_FILES && pos < size; files++) {
		const uint8_t *nul = memchr(data + pos, '\0', size - pos);
		char path[FUZZ_TREE_MAX_PATH + 1];
		size_t plen, len;

		if (!nul)
			break;
		plen = nul - (data + pos);
		if (plen > FUZZ_TREE_MAX_PATH)
			break;
		memcpy(path, data + pos, plen);
		path[plen] = '\0';
		pos += plen + 1;
		len = 0;
		if (pos < size)
			len = data[pos++];
		if (pos < size)
			len |= (size_t)data[pos++] << 8;
		if (len > size - pos)
			len = size - pos;
		if (fuzz_path_ok(path))
			fuzz_tree_put(root, path, data + pos, len);
		pos += len;
	}
	return root;
}
