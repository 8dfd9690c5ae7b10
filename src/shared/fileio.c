// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "fileio: "
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "log.h"

/* Open @path for reading: *ret_fd and its size, or -errno as input_file_open() says. */
static int open_regular(const char *path, int *ret_fd, uint64_t *ret_size)
{
	_cleanup_close_ int fd = -1;
	struct stat st;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return log_debug_errno(negative_errno(), "open(%s): %m", path);
	if (fstat(fd, &st) < 0)
		return negative_errno();
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	*ret_size = (uint64_t)st.st_size;
	*ret_fd = TAKE_FD(fd);
	return 0;
}

int input_file_open(const char *path, uint64_t max, struct input_file *ret)
{
	_cleanup_close_ int fd = -1;
	uint64_t size;
	void *map = NULL;
	int r;

	r = open_regular(path, &fd, &size);
	if (r < 0)
		return r;
	if (size > max)
		return -EFBIG;

	if (size > 0) {
		/* Mapped, not read: the kernel reads the file itself on kexec_file_load, and the
		 * pages we never touch are never read from disk. */
		map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED)
			return log_debug_errno(negative_errno(), "mmap(%s): %m", path);
	}

	*ret = (struct input_file){
		.path = path,
		.fd = TAKE_FD(fd),
		.size = size,
		.map = map,
	};
	log_debug("opened %s: %llu bytes", path, (unsigned long long)size);
	return 0;
}

int input_file_own(struct input_file *f)
{
	uint8_t *copy;
	uint64_t done = 0;

	if (f->owned || f->size == 0)
		return 0;
	copy = mmap(NULL, f->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (copy == MAP_FAILED)
		return negative_errno();
	while (done < f->size) {
		ssize_t n = pread(f->fd, copy + done, MIN(f->size - done, (uint64_t)SSIZE_MAX), done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int r = n < 0 ? negative_errno() : -ESTALE;

			munmap(copy, f->size);
			return log_debug_errno(r, "reading %s at %llu of %llu bytes: %s", f->path,
					       (unsigned long long)done, (unsigned long long)f->size,
					       n < 0 ? "read error" : "the file shrank");
		}
		done += (uint64_t)n;
	}
	munmap((void *)f->map, f->size);
	f->map = copy;
	f->owned = true;
	return 0;
}

void input_file_done(struct input_file *f)
{
	if (f->map)
		munmap((void *)f->map, f->size);
	closep(&f->fd);
	*f = (struct input_file)INPUT_FILE_INIT;
}

int read_virtual_file_at(int rootfd, const char *path, size_t max, char **ret, size_t *ret_len)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;

	fd = openat(rootfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return negative_errno();

	buf = malloc(max + 1);
	if (!buf)
		return -ENOMEM;

	/* /proc and /sys files report size 0: read until EOF. One byte more than allowed tells
	 * "exactly max" from "too long". */
	for (;;) {
		ssize_t n = read(fd, buf + len, max + 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return negative_errno();
		}
		if (n == 0)
			break;
		len += n;
		if (len > max)
			return -EFBIG;
	}
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';

	if (ret_len)
		*ret_len = len;
	*ret = TAKE_PTR(buf);
	return 0;
}

int read_int_file_at(int rootfd, const char *path, long *ret)
{
	_cleanup_free_ char *s = NULL;
	char *end;
	long v;
	int r;

	r = read_virtual_file_at(rootfd, path, 64, &s, NULL);
	if (r < 0)
		return r;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		return -EBADMSG;
	*ret = v;
	return 0;
}

/* Copy all of @in_fd (@size bytes) to the end of @out_fd. */
static int append_file(int out_fd, int in_fd, uint64_t size)
{
	while (size > 0) {
		ssize_t n = sendfile(out_fd, in_fd, NULL, (size_t)MIN(size, (uint64_t)1 << 30));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? negative_errno() : -EIO; /* the file shrank under us */
		size -= (uint64_t)n;
	}
	return 0;
}

int write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? negative_errno() : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int input_file_concat(const char *const *paths, size_t n, uint64_t max, struct input_file *ret,
		      size_t *ret_bad, uint64_t *ret_sizes)
{
	_cleanup_free_ struct concat_part *parts = calloc(n ? n : 1, sizeof(*parts));

	if (!parts)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		parts[i].path = paths[i];
	return input_file_concat_parts(parts, n, max, ret, ret_bad, ret_sizes);
}

int input_file_concat_parts(const struct concat_part *parts, size_t n, uint64_t max,
			    struct input_file *ret, size_t *ret_bad, uint64_t *ret_sizes)
{
	static const uint8_t zeros[4];
	_cleanup_close_ int memfd = -1;
	uint64_t total = 0;
	void *map;
	int r;

	*ret_bad = n;
	memfd = memfd_create("kexec-initrd", MFD_CLOEXEC);
	if (memfd < 0)
		return negative_errno();
	for (size_t i = 0; i < n; i++) {
		_cleanup_close_ int fd = -1;
		uint64_t size = parts[i].len;

		*ret_bad = i;
		if (!parts[i].buf) {
			r = open_regular(parts[i].path, &fd, &size);
			if (r < 0)
				return r;
		}
		if (size == 0)
			return -ENODATA;
		if (size > max || total + size + 3 > max)
			return -EFBIG;
		r = parts[i].buf ? write_all(memfd, parts[i].buf, size) : append_file(memfd, fd, size);
		if (r < 0)
			return log_debug_errno(r, "copying %s: %m", parts[i].path);
		total += size;
		if (ret_sizes)
			ret_sizes[i] = size;
		if (i + 1 < n && total % 4) {
			r = write_all(memfd, zeros, 4 - total % 4);
			if (r < 0)
				return r;
			total = ALIGN_UP(total, 4);
		}
		log_debug("initrd %zu: %s, %llu bytes", i + 1, parts[i].path, (unsigned long long)size);
	}
	*ret_bad = n;
	map = mmap(NULL, total, PROT_READ, MAP_SHARED, memfd, 0);
	if (map == MAP_FAILED)
		return negative_errno();
	/* Owned: nobody else holds the memfd, so its bytes change only if we write them. */
	*ret = (struct input_file){ .path = parts[0].path, .fd = TAKE_FD(memfd), .size = total,
				    .map = map, .owned = true };
	return 0;
}

int memfd_from_buffer(const char *name, const void *buf, size_t len)
{
	_cleanup_close_ int fd = -1;
	int r;

	fd = memfd_create(name, MFD_CLOEXEC);
	if (fd < 0)
		return negative_errno();
	r = write_all(fd, buf, len);
	if (r < 0)
		return r;
	return TAKE_FD(fd);
}

int input_file_from_buffer(const char *name, const void *buf, size_t len, struct input_file *ret)
{
	_cleanup_close_ int fd = -1;
	void *map;

	if (len == 0)
		return -EINVAL;
	fd = memfd_from_buffer(name, buf, len);
	if (fd < 0)
		return fd;
	map = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return negative_errno();
	*ret = (struct input_file){ .path = name, .fd = TAKE_FD(fd), .size = len, .map = map,
				    .owned = true };
	return 0;
}
