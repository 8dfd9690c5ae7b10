/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * How the machine was about to go down, for `kexec --last-reboot` at the next boot. The
 * shutdown check of the Debian integration (kexec-load, through `kexec --record-reboot`) writes
 * one record per shutdown to /var/lib/kexec/last-reboot, a versioned key=value text like the
 * load record (load-record.h):
 *
 *   format=1                   first: the rest is read only if this kexec knows the version
 *   boot_id=<uuid>             the boot that was shutting down
 *   time=<seconds>.<9 digits>  CLOCK_REALTIME when it was written (survives the reboot,
 *                              unlike the monotonic clocks)
 *   via=kexec|firmware|none    how the machine will come back; none: not a reboot (power off)
 *   reason=<text>              why (never empty)
 *   kernel=<path>              optional: the kernel that was loaded (via=kexec)
 *   kernel_version=<string>    optional
 *   loaded_by=<text>           optional: who loaded it
 *   end=                       last: a record cut short anywhere lacks it
 *
 * Values are escaped with cescape(); '#' lines are comments; unknown keys are skipped. The file
 * is root's, in a persistent directory, but parsed as hostile: anything malformed makes the
 * whole record invalid.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#define REBOOT_RECORD_FORMAT 1
#define REBOOT_RECORD_DIR "var/lib/kexec"
#define REBOOT_RECORD_PATH REBOOT_RECORD_DIR "/last-reboot"
/* A reason is one line and a path at most 4 KiB: far below this. */
#define REBOOT_RECORD_MAX_SIZE (32 * 1024)
#define REBOOT_RECORD_MAX_REASON 1024

enum reboot_via {
	REBOOT_VIA_KEXEC,
	REBOOT_VIA_FIRMWARE,
	REBOOT_VIA_NONE,
	_REBOOT_VIA_MAX,
};

struct reboot_record {
	char *boot_id;
	int64_t time_sec;   /* CLOCK_REALTIME */
	uint32_t time_nsec;
	enum reboot_via via;
	char *reason;
	char *kernel;         /* NULL: none recorded */
	char *kernel_version; /* NULL: none recorded */
	char *loaded_by;      /* NULL: none recorded */
};

void reboot_record_done(struct reboot_record *r);

/* "kexec", "firmware", "none"; NULL for a value out of range. */
const char *reboot_via_name(enum reboot_via via);
/* The inverse; -EINVAL for any other word. */
int reboot_via_from_name(const char *s, enum reboot_via *ret);

/* The record as its file holds it. 0, -ENOMEM, or -EINVAL if a required field is missing. */
int reboot_record_format(const struct reboot_record *r, char **ret);

/*
 * Parse @len bytes of a record file. 0; -EBADMSG (malformed, @why says how);
 * -EPROTONOSUPPORT (a format version this kexec does not read); -ENOMEM.
 */
int reboot_record_parse(const char *text, size_t len, struct reboot_record *ret,
			struct diag *why);

/*
 * Write @r to var/lib/kexec/last-reboot under @rootfd: the directory made if missing (0755),
 * the record written to a temporary file, fsync'ed, renamed over the old one, and the directory
 * fsync'ed, so that after a power cut the file holds the old record or the new one. 0 or -errno
 * (-EROFS when the file system is already read-only).
 */
int reboot_record_write_at(int rootfd, const struct reboot_record *r);

/*
 * Read the record. 0; -ENOENT: none; -EBADMSG, -EPROTONOSUPPORT as reboot_record_parse; -EFBIG:
 * larger than any record; other -errno from reading. @why says why on every error but -ENOENT.
 */
int reboot_record_read_at(int rootfd, struct reboot_record *ret, struct diag *why);
