/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What our kexec loaded, for `kexec --show`: the kernel only says *whether* a kernel is loaded
 * (/sys/kernel/kexec_loaded, kexec_crash_loaded), never which one. After each successful load we
 * write one record per image under /run/kexec/ (loaded-normal, loaded-crash), a versioned
 * key=value text:
 *
 *   format=1                     first: the rest is read only if this kexec knows the version
 *   image=normal|crash
 *   boot_id=<uuid>               /proc/sys/kernel/random/boot_id when it was written
 *   loaded_at=2026-01-02T03:04:05Z
 *   loaded_by=kexec (by hand)    $KEXEC_LOADED_BY, if set
 *   syscall=kexec_file_load|kexec_load
 *   flags=0x...                  the syscall's flags
 *   kernel=<path as given>
 *   kernel_realpath=<path>       optional
 *   kernel_size=<bytes>
 *   kernel_mtime=<seconds>.<nanoseconds>   optional
 *   kernel_sha256=<64 hex digits>
 *   kernel_format=<format name>  optional
 *   kernel_version=<string>      optional: only formats that carry one (bzImage)
 *   initrd=<bytes> <path>        one line per initrd, in load order
 *   cmdline=<command line>
 *   end=                         last: a record cut short anywhere lacks it
 *
 * Values are escaped with cescape() (a newline in a path stays on its line); '#' lines are
 * comments; keys this version does not know are skipped, so later versions of format 1 may add
 * some. The file is root's, but it is parsed as if it were hostile: anything malformed makes the
 * whole record invalid, never half-read.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "diag.h"
#include "sha256.h"

#define LOAD_RECORD_FORMAT 1
#define LOAD_RECORD_DIR "run/kexec"
/* Far more than a record holds (a command line is a few KiB, paths at most 4 KiB each). */
#define LOAD_RECORD_MAX_SIZE (128 * 1024)
#define LOAD_RECORD_MAX_INITRDS 32
#define LOAD_RECORD_DEFAULT_LOADED_BY "kexec (by hand)"

struct load_record_initrd {
	char *path;
	uint64_t size;
};

struct load_record {
	bool crash;
	char *boot_id;
	char *loaded_at; /* ISO 8601, UTC: "2026-01-02T03:04:05Z" */
	char *loaded_by;
	char *syscall;   /* "kexec_file_load" or "kexec_load" */
	uint64_t flags;
	char *kernel;    /* as given on the command line */
	char *kernel_realpath; /* NULL: unknown */
	uint64_t kernel_size;
	bool has_mtime;
	int64_t kernel_mtime_sec;
	uint32_t kernel_mtime_nsec;
	char kernel_sha256[SHA256_DIGEST_SIZE * 2 + 1];
	char *kernel_format;  /* NULL: unknown */
	char *kernel_version; /* NULL: the format has none */
	struct load_record_initrd initrds[LOAD_RECORD_MAX_INITRDS];
	size_t nr_initrds;
	char *cmdline;
};

void load_record_done(struct load_record *r);

/* "run/kexec/loaded-normal" or "run/kexec/loaded-crash", relative to the root fd. */
const char *load_record_path(bool crash);

/* @t as ISO 8601 in UTC ("2026-01-02T03:04:05Z") in @buf; -EOVERFLOW if it has no such form. */
int load_record_time(int64_t t, char *buf, size_t size);

/* The lowercase hex SHA-256 of @len bytes at @data, into @out. */
void load_record_hash(const void *data, size_t len, char out[SHA256_DIGEST_SIZE * 2 + 1]);

/* The record as its file holds it. 0, -ENOMEM, or -EINVAL if a required field is missing. */
int load_record_format(const struct load_record *r, char **ret);

/*
 * Parse @len bytes of a record file for the image @crash names. 0; -EBADMSG (malformed, @why
 * says how); -EPROTONOSUPPORT (a format version this kexec does not read); -ENOMEM.
 */
int load_record_parse(const char *text, size_t len, bool crash, struct load_record *ret,
		      struct diag *why);

/*
 * Write @r to its file under @rootfd: run/kexec/ made if missing (0755), the record written to
 * a temporary file (0644) and renamed over the old one, so that a reader sees the old record or
 * the new one, never half of one. 0 or -errno.
 */
int load_record_write_at(int rootfd, const struct load_record *r);

/*
 * Read the record of the normal or crash image, and trust it only if it was written during
 * this boot. 0; -ENOENT: no record; -ESTALE: written during another boot, or this boot's id
 * cannot be read to tell; -EBADMSG, -EPROTONOSUPPORT as load_record_parse; -EFBIG: larger
 * than any record; other -errno from reading. @why says why on every error but -ENOENT.
 */
int load_record_read_at(int rootfd, bool crash, struct load_record *ret, struct diag *why);

/* Remove the record of the normal or crash image. 0 (also when there was none) or -errno. */
int load_record_remove_at(int rootfd, bool crash);

/* This boot's id (/proc/sys/kernel/random/boot_id), checked to look like one. */
int load_record_boot_id(int rootfd, char **ret);
