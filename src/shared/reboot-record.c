// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "reboot-record: "
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "escape.h"
#include "kv-record.h"
#include "fileio.h"
#include "log.h"
#include "parse.h"
#include "reboot-record.h"

/* A boot id is a UUID (36 characters); anything longer is not one. */
#define BOOT_ID_MAX 64

static const char *const via_names[_REBOOT_VIA_MAX] = {
	[REBOOT_VIA_KEXEC] = "kexec",
	[REBOOT_VIA_FIRMWARE] = "firmware",
	[REBOOT_VIA_NONE] = "none",
};

const char *reboot_via_name(enum reboot_via via)
{
	return (unsigned)via < _REBOOT_VIA_MAX ? via_names[via] : NULL;
}

int reboot_via_from_name(const char *s, enum reboot_via *ret)
{
	for (unsigned i = 0; i < _REBOOT_VIA_MAX; i++)
		if (strcmp(s, via_names[i]) == 0) {
			*ret = (enum reboot_via)i;
			return 0;
		}
	return -EINVAL;
}

void reboot_record_done(struct reboot_record *r)
{
	free(r->boot_id);
	free(r->reason);
	free(r->kernel);
	free(r->kernel_version);
	free(r->loaded_by);
	*r = (struct reboot_record){};
}

static bool is_boot_id(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= BOOT_ID_MAX && strspn(s, "0123456789abcdef-") == n;
}

/* "key=value\n" with the value escaped; NULL writes nothing. The first error stays in *err. */
static void put(FILE *f, const char *key, const char *value, int *err)
{
	_cleanup_free_ char *e = NULL;

	if (!value || *err < 0)
		return;
	*err = cescape(value, 0, &e);
	if (*err == 0)
		fprintf(f, "%s=%s\n", key, e);
}

int reboot_record_format(const struct reboot_record *r, char **ret)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int err = 0;

	if (!r->boot_id || !r->reason || r->reason[0] == '\0' || !reboot_via_name(r->via) ||
	    r->time_sec < 0 || r->time_nsec >= 1000000000)
		return -EINVAL;
	f = open_memstream(&buf, &len);
	if (!f)
		return -ENOMEM;
	fprintf(f, "# how this machine went down; read by kexec --last-reboot\nformat=%d\n",
		REBOOT_RECORD_FORMAT);
	put(f, "boot_id", r->boot_id, &err);
	fprintf(f, "time=%" PRId64 ".%09" PRIu32 "\nvia=%s\n", r->time_sec, r->time_nsec,
		reboot_via_name(r->via));
	put(f, "reason", r->reason, &err);
	put(f, "kernel", r->kernel, &err);
	put(f, "kernel_version", r->kernel_version, &err);
	put(f, "loaded_by", r->loaded_by, &err);
	fputs("end=\n", f);
	if (fclose(f) != 0 && err == 0)
		err = -ENOMEM;
	if (err < 0)
		return err;
	*ret = TAKE_PTR(buf);
	return 0;
}

/* "<seconds>.<9 digits>", seconds within int64_t. */
static int parse_time(const char *s, struct reboot_record *rec)
{
	const char *dot = strchr(s, '.');
	uint64_t sec, nsec;

	if (!dot || dot == s || strlen(dot + 1) != 9 ||
	    parse_u64_n(s, (size_t)(dot - s), 10, &sec, NULL) < 0 ||
	    parse_u64(dot + 1, 10, &nsec, NULL) < 0 || sec > INT64_MAX || nsec >= 1000000000)
		return -EBADMSG;
	rec->time_sec = (int64_t)sec;
	rec->time_nsec = (uint32_t)nsec;
	return 0;
}

static char **string_field(struct reboot_record *rec, const char *key)
{
	if (strcmp(key, "boot_id") == 0)
		return &rec->boot_id;
	if (strcmp(key, "reason") == 0)
		return &rec->reason;
	if (strcmp(key, "kernel") == 0)
		return &rec->kernel;
	if (strcmp(key, "kernel_version") == 0)
		return &rec->kernel_version;
	if (strcmp(key, "loaded_by") == 0)
		return &rec->loaded_by;
	return NULL;
}

enum {
	SEEN_TIME = 1 << 0,
	SEEN_VIA = 1 << 1,
};

static int parse_field(struct reboot_record *rec, const char *key, char **value, unsigned *seen,
		       struct diag *why)
{
	char **field = string_field(rec, key);
	unsigned bit;
	int r;

	if (field) {
		if (*field)
			return diag_fail(why, -EBADMSG, "%s= appears twice", key);
		*field = TAKE_PTR(*value);
		return 0;
	}
	if (strcmp(key, "time") == 0) {
		bit = SEEN_TIME;
		r = parse_time(*value, rec);
	} else if (strcmp(key, "via") == 0) {
		bit = SEEN_VIA;
		r = reboot_via_from_name(*value, &rec->via) < 0 ? -EBADMSG : 0;
	} else if (strcmp(key, "format") == 0) {
		return diag_fail(why, -EBADMSG, "format= appears twice");
	} else {
		/* A key a later version of format 1 added. */
		log_debug("skipping unknown key %s=", key);
		return 0;
	}
	if (r < 0)
		return diag_fail(why, -EBADMSG, "bad value for %s=", key);
	if (bit & *seen)
		return diag_fail(why, -EBADMSG, "%s= appears twice", key);
	*seen |= bit;
	return 0;
}

static int check_complete(const struct reboot_record *rec, unsigned seen, struct diag *why)
{
	if (!rec->boot_id)
		return diag_fail(why, -EBADMSG, "no boot_id=");
	if (!(seen & SEEN_TIME))
		return diag_fail(why, -EBADMSG, "no time=");
	if (!(seen & SEEN_VIA))
		return diag_fail(why, -EBADMSG, "no via=");
	if (!rec->reason)
		return diag_fail(why, -EBADMSG, "no reason=");
	if (!is_boot_id(rec->boot_id))
		return diag_fail(why, -EBADMSG, "boot_id= is not a boot id");
	if (rec->reason[0] == '\0')
		return diag_fail(why, -EBADMSG, "reason= is empty");
	if (strlen(rec->reason) > REBOOT_RECORD_MAX_REASON)
		return diag_fail(why, -EBADMSG, "reason= is longer than %d bytes",
				 REBOOT_RECORD_MAX_REASON);
	if (rec->kernel && rec->kernel[0] == '\0')
		return diag_fail(why, -EBADMSG, "kernel= is empty");
	return 0;
}

/* kv_record_read's callback: the record being filled and the fields seen so far. */
struct reboot_record_parse {
	struct reboot_record *rec;
	unsigned seen;
};

static int field_cb(void *ctx, const char *key, char **value, struct diag *why)
{
	struct reboot_record_parse *p = ctx;

	return parse_field(p->rec, key, value, &p->seen, why);
}

int reboot_record_parse(const char *text, size_t len, struct reboot_record *ret,
			struct diag *why)
{
	_cleanup_(reboot_record_done) struct reboot_record rec = {};
	struct reboot_record_parse ctx = { .rec = &rec };
	int r;

	r = kv_record_read(text, len, REBOOT_RECORD_MAX_SIZE, REBOOT_RECORD_FORMAT, field_cb, &ctx, why);
	if (r < 0)
		return r;
	r = check_complete(&rec, ctx.seen, why);
	if (r < 0)
		return r;
	*ret = rec;
	rec = (struct reboot_record){};
	return 0;
}

/* mkdir -p var/lib/kexec under @rootfd, each made 0755; returns an fd on the last. */
static int open_dir(int rootfd)
{
	static const char *const parts[] = { "var", "var/lib", REBOOT_RECORD_DIR };
	int fd;

	for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
		if (mkdirat(rootfd, parts[i], 0755) < 0 && errno != EEXIST)
			return log_debug_errno(negative_errno(), "mkdir /%s: %m", parts[i]);
	fd = openat(rootfd, REBOOT_RECORD_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	return fd < 0 ? negative_errno() : fd;
}

int reboot_record_write_at(int rootfd, const struct reboot_record *r)
{
	_cleanup_free_ char *text = NULL;
	_cleanup_close_ int dirfd = -1, fd = -1;
	const char *name = "last-reboot";
	char tmp[64];
	int k;

	k = reboot_record_format(r, &text);
	if (k < 0)
		return k;
	if (strlen(text) > REBOOT_RECORD_MAX_SIZE)
		return -EFBIG; /* the reader would refuse it */
	dirfd = open_dir(rootfd);
	if (dirfd < 0)
		return dirfd;

	snprintf(tmp, sizeof(tmp), ".%s.%ld", name, (long)getpid());
	(void)unlinkat(dirfd, tmp, 0);
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return log_debug_errno(negative_errno(), "create /%s/%s: %m", REBOOT_RECORD_DIR, tmp);
	/* Readable by anyone whatever the umask: --last-reboot needs no root. The data reaches
	 * the disk before the rename does, and the rename before we return: the machine is about
	 * to reboot, maybe through a path (kexec -e) that syncs nothing more. */
	k = fchmod(fd, 0644) < 0 ? negative_errno() : write_all(fd, text, strlen(text));
	if (k == 0 && fsync(fd) < 0)
		k = negative_errno();
	if (close(TAKE_FD(fd)) < 0 && k == 0)
		k = negative_errno();
	if (k == 0 && renameat(dirfd, tmp, dirfd, name) < 0)
		k = negative_errno();
	if (k == 0 && fsync(dirfd) < 0)
		k = negative_errno();
	if (k < 0) {
		(void)unlinkat(dirfd, tmp, 0);
		return log_debug_errno(k, "writing /%s: %m", REBOOT_RECORD_PATH);
	}
	return 0;
}

int reboot_record_read_at(int rootfd, struct reboot_record *ret, struct diag *why)
{
	_cleanup_(reboot_record_done) struct reboot_record rec = {};
	_cleanup_free_ char *text = NULL;
	struct stat st;
	size_t len;
	int r;

	diag_clear(why);
	/* Only a regular file: a FIFO would block the reader, a device would be read forever. */
	if (fstatat(rootfd, REBOOT_RECORD_PATH, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		r = negative_errno();
		if (r == -ENOENT)
			return r;
		return diag_fail(why, r, "cannot read /%s: %s", REBOOT_RECORD_PATH, strerror(-r));
	}
	if (!S_ISREG(st.st_mode))
		return diag_fail(why, -EBADMSG, "/%s is not a regular file", REBOOT_RECORD_PATH);
	r = read_virtual_file_at(rootfd, REBOOT_RECORD_PATH, REBOOT_RECORD_MAX_SIZE, &text, &len);
	if (r == -ENOENT)
		return r;
	if (r == -EFBIG)
		return diag_fail(why, r, "larger than any record (over %d KiB)",
				 REBOOT_RECORD_MAX_SIZE / 1024);
	if (r < 0)
		return diag_fail(why, r, "cannot read /%s: %s", REBOOT_RECORD_PATH, strerror(-r));
	r = reboot_record_parse(text, len, &rec, why);
	if (r < 0)
		return r;
	*ret = rec;
	rec = (struct reboot_record){};
	return 0;
}
