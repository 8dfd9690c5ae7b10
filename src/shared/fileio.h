/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A file given to us by the user (kernel, initrd), opened once and mapped read-only. */
struct input_file {
	const char *path;
	int fd;
	uint64_t size;
	const void *map; /* NULL when size == 0 */
	bool owned;      /* map is our own copy: no other process can change it */
};

#define INPUT_FILE_INIT { .fd = -1 }

/*
 * Open and map @path. Returns 0, or:
 *   -ENOENT/-EACCES/... from open(); -EISDIR for a directory; -EINVAL for anything that is not
 *   a regular file (kexec_file_load reads regular files only); -EFBIG above @max bytes.
 */
int input_file_open(const char *path, uint64_t max, struct input_file *ret);
void input_file_done(struct input_file *f);

/*
 * Replace the file's mapping by a private copy read from it, so that its bytes stay the ones we
 * hash even if the file is rewritten in place meanwhile (a MAP_PRIVATE page we never wrote still
 * shows later writes to the file). 0, -ESTALE if the file shrank while it was read, or the
 * read's -errno; the mapping is untouched on error. A no-op for an owned map (a memfd we filled).
 */
int input_file_own(struct input_file *f);

/* Write all @len bytes (retrying short writes and EINTR); 0 or -errno (-EIO: nothing written). */
int write_all(int fd, const void *buf, size_t len);

/*
 * Several initrds as one: @paths[0..n) copied in order into a memfd (by sendfile, the only copy),
 * each padded with zeros to 4 bytes since the kernel's initramfs unpacker starts the next archive
 * only at a 4-byte boundary; then mapped read-only. ret->fd is the memfd, ret->path @paths[0].
 * Errors as input_file_open, and -ENODATA for an empty file; *ret_bad is the index of the file
 * that failed (n for the memfd itself). -EFBIG if the sum passes @max. @ret_sizes, if not NULL,
 * gets each file's size as it was copied (n entries).
 */
int input_file_concat(const char *const *paths, size_t n, uint64_t max, struct input_file *ret,
		      size_t *ret_bad, uint64_t *ret_sizes);

/* One piece of a concatenated initrd: a file, or bytes already in memory (a UKI's section). */
struct concat_part {
	const char *path; /* what to read, or, with @buf set, a name for messages */
	const void *buf;  /* NULL: read @path */
	size_t len;
};

/* input_file_concat() over @parts, each a file or bytes in memory (not empty either way). */
int input_file_concat_parts(const struct concat_part *parts, size_t n, uint64_t max,
			    struct input_file *ret, size_t *ret_bad, uint64_t *ret_sizes);

/*
 * Read a small /proc or /sys file relative to @rootfd (so tests can point it at a fixture tree).
 * The result is NUL-terminated, with one trailing newline removed. -EFBIG above @max bytes.
 */
int read_virtual_file_at(int rootfd, const char *path, size_t max, char **ret, size_t *ret_len);

/* Read a file holding one integer (sysfs flags). */
int read_int_file_at(int rootfd, const char *path, long *ret);

/* A sealed-size anonymous file (memfd) holding @len bytes of @buf, for syscalls that take an
 * fd: kexec_file_load given an image unwrapped in memory. Returns the fd or -errno. */
int memfd_from_buffer(const char *name, const void *buf, size_t len);

/* An owned input file holding a copy of @len (> 0) bytes of @buf, in a memfd named @name that
 * both syscalls can take; ret->path is @name. 0 or -errno. */
int input_file_from_buffer(const char *name, const void *buf, size_t len, struct input_file *ret);
