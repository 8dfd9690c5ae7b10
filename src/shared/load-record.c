// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "load-record: "
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "escape.h"
#include "kv-record.h"
#include "fileio.h"
#include "load-record.h"
#include "log.h"
#include "parse.h"

/* A boot id is a UUID (36 characters); anything else in that file is not one. */
#define BOOT_ID_MAX 64

void load_record_done(struct load_record *r)
{
	free(r->boot_id);
	free(r->loaded_at);
	free(r->loaded_by);
	free(r->syscall);
	free(r->kernel);
	free(r->kernel_realpath);
	free(r->kernel_format);
	free(r->kernel_version);
	for (size_t i = 0; i < r->nr_initrds; i++)
		free(r->initrds[i].path);
	free(r->cmdline);
	*r = (struct load_record){};
}

const char *load_record_path(bool crash)
{
	return crash ? LOAD_RECORD_DIR "/loaded-crash" : LOAD_RECORD_DIR "/loaded-normal";
}

int load_record_time(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if ((int64_t)tt != t || !gmtime_r(&tt, &tm) ||
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return -EOVERFLOW;
	return 0;
}

void load_record_hash(const void *data, size_t len, char out[SHA256_DIGEST_SIZE * 2 + 1])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256(data, len, d);
	for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[SHA256_DIGEST_SIZE * 2] = '\0';
}

/*
 * "key=value\n" with the value escaped; a NULL value writes nothing (an optional key). The first
 * error (-ENOMEM) is kept in *err, and later calls do nothing.
 */
static void put(FILE *f, const char *key, const char *value, int *err)
{
	_cleanup_free_ char *e = NULL;

	if (!value || *err < 0)
		return;
	*err = cescape(value, 0, &e);
	if (*err == 0)
		fprintf(f, "%s=%s\n", key, e);
}

int load_record_format(const struct load_record *r, char **ret)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int err = 0;

	if (!r->boot_id || !r->loaded_at || !r->loaded_by || !r->syscall || !r->kernel ||
	    !r->cmdline || strlen(r->kernel_sha256) != SHA256_DIGEST_SIZE * 2 ||
	    r->nr_initrds > LOAD_RECORD_MAX_INITRDS)
		return -EINVAL;
	f = open_memstream(&buf, &len);
	if (!f)
		return -ENOMEM;
	fprintf(f, "# what kexec loaded; read by kexec --show\nformat=%d\nimage=%s\n",
		LOAD_RECORD_FORMAT, r->crash ? "crash" : "normal");
	put(f, "boot_id", r->boot_id, &err);
	put(f, "loaded_at", r->loaded_at, &err);
	put(f, "loaded_by", r->loaded_by, &err);
	put(f, "syscall", r->syscall, &err);
	fprintf(f, "flags=0x%" PRIx64 "\n", r->flags);
	put(f, "kernel", r->kernel, &err);
	put(f, "kernel_realpath", r->kernel_realpath, &err);
	fprintf(f, "kernel_size=%" PRIu64 "\n", r->kernel_size);
	if (r->has_mtime)
		fprintf(f, "kernel_mtime=%" PRId64 ".%09" PRIu32 "\n", r->kernel_mtime_sec,
			r->kernel_mtime_nsec);
	fprintf(f, "kernel_sha256=%s\n", r->kernel_sha256);
	put(f, "kernel_format", r->kernel_format, &err);
	put(f, "kernel_version", r->kernel_version, &err);
	for (size_t i = 0; i < r->nr_initrds && err == 0; i++) {
		_cleanup_free_ char *e = NULL;

		err = cescape(r->initrds[i].path, 0, &e);
		if (err == 0)
			fprintf(f, "initrd=%" PRIu64 " %s\n", r->initrds[i].size, e);
	}
	put(f, "cmdline", r->cmdline, &err);
	fputs("end=\n", f);
	if (fclose(f) != 0 && err == 0)
		err = -ENOMEM;
	if (err < 0)
		return err;
	*ret = TAKE_PTR(buf);
	return 0;
}

static bool is_boot_id(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= BOOT_ID_MAX && strspn(s, "0123456789abcdef-") == n;
}

/* Exactly "YYYY-MM-DDTHH:MM:SSZ", as load_record_time writes it. */
static bool is_iso8601_utc(const char *s)
{
	static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";

	if (strlen(s) != sizeof(pattern) - 1)
		return false;
	for (size_t i = 0; pattern[i]; i++)
		if (pattern[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != pattern[i])
			return false;
	return true;
}

static bool is_sha256_hex(const char *s)
{
	return strlen(s) == SHA256_DIGEST_SIZE * 2 &&
	       strspn(s, "0123456789abcdef") == SHA256_DIGEST_SIZE * 2;
}

/* "<seconds>.<9 digits>" */
static int parse_mtime(const char *s, struct load_record *rec)
{
	const char *dot = strchr(s, '.');
	uint64_t sec, nsec;

	if (!dot || strlen(dot + 1) != 9 || parse_u64_n(s, (size_t)(dot - s), 10, &sec, NULL) < 0 ||
	    parse_u64(dot + 1, 10, &nsec, NULL) < 0 || sec > INT64_MAX || nsec >= 1000000000)
		return -EBADMSG;
	rec->has_mtime = true;
	rec->kernel_mtime_sec = (int64_t)sec;
	rec->kernel_mtime_nsec = (uint32_t)nsec;
	return 0;
}

/* "<bytes> <path>" */
static int parse_initrd(const char *s, struct load_record *rec)
{
	const char *space = strchr(s, ' ');
	struct load_record_initrd *i;
	uint64_t size;

	if (rec->nr_initrds == LOAD_RECORD_MAX_INITRDS || !space || space[1] == '\0' ||
	    parse_u64_n(s, (size_t)(space - s), 10, &size, NULL) < 0)
		return -EBADMSG;
	i = &rec->initrds[rec->nr_initrds];
	i->path = strdup(space + 1);
	if (!i->path)
		return -ENOMEM;
	i->size = size;
	rec->nr_initrds++;
	return 0;
}

/* The string fields, by key (NULL: not one); each may appear once. */
static char **string_field(struct load_record *rec, const char *key)
{
	if (strcmp(key, "boot_id") == 0)
		return &rec->boot_id;
	if (strcmp(key, "loaded_at") == 0)
		return &rec->loaded_at;
	if (strcmp(key, "loaded_by") == 0)
		return &rec->loaded_by;
	if (strcmp(key, "syscall") == 0)
		return &rec->syscall;
	if (strcmp(key, "kernel") == 0)
		return &rec->kernel;
	if (strcmp(key, "kernel_realpath") == 0)
		return &rec->kernel_realpath;
	if (strcmp(key, "kernel_format") == 0)
		return &rec->kernel_format;
	if (strcmp(key, "kernel_version") == 0)
		return &rec->kernel_version;
	if (strcmp(key, "cmdline") == 0)
		return &rec->cmdline;
	return NULL;
}

/* The fields that are not strings, as bits: which of them a record had. */
enum {
	SEEN_IMAGE = 1 << 0,
	SEEN_FLAGS = 1 << 1,
	SEEN_SIZE = 1 << 2,
	SEEN_SHA = 1 << 3,
	SEEN_MTIME = 1 << 4,
	SEEN_REQUIRED = SEEN_IMAGE | SEEN_FLAGS | SEEN_SIZE | SEEN_SHA,
};

/*
 * One "key=value" line into @rec; *value is unescaped and malloc'd, and a string field takes it
 * over (then *value is NULL). @seen: the SEEN_* bits so far.
 */
static int parse_field(struct load_record *rec, const char *key, char **value, unsigned *seen,
		       struct diag *why)
{
	char **field = string_field(rec, key);
	unsigned bit = 0;
	int r = 0;

	if (field) {
		if (*field)
			return diag_fail(why, -EBADMSG, "%s= appears twice", key);
		*field = TAKE_PTR(*value);
		return 0;
	}
	if (strcmp(key, "initrd") == 0) {
		r = parse_initrd(*value, rec);
	} else if (strcmp(key, "image") == 0) {
		bit = SEEN_IMAGE;
		if (strcmp(*value, rec->crash ? "crash" : "normal") != 0)
			return diag_fail(why, -EBADMSG, "image= is not \"%s\", the image this "
					 "record is for", rec->crash ? "crash" : "normal");
	} else if (strcmp(key, "flags") == 0) {
		bit = SEEN_FLAGS;
		r = parse_u64(*value, 16, &rec->flags, NULL);
	} else if (strcmp(key, "kernel_size") == 0) {
		bit = SEEN_SIZE;
		r = parse_u64(*value, 10, &rec->kernel_size, NULL);
	} else if (strcmp(key, "kernel_mtime") == 0) {
		bit = SEEN_MTIME;
		r = parse_mtime(*value, rec);
	} else if (strcmp(key, "kernel_sha256") == 0) {
		bit = SEEN_SHA;
		if (!is_sha256_hex(*value))
			r = -EBADMSG;
		else
			memcpy(rec->kernel_sha256, *value, sizeof(rec->kernel_sha256));
	} else if (strcmp(key, "format") == 0) {
		return diag_fail(why, -EBADMSG, "format= appears twice");
	} else {
		/* A key a later version of format 1 added: not ours to judge. */
		log_debug("skipping unknown key %s=", key);
		return 0;
	}
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return diag_fail(why, -EBADMSG, "bad value for %s=", key);
	if (bit & *seen)
		return diag_fail(why, -EBADMSG, "%s= appears twice", key);
	*seen |= bit;
	return 0;
}

/* Every field a record must have, each checked for its form. */
static int check_complete(const struct load_record *rec, unsigned seen, struct diag *why)
{
	const struct {
		const char *key, *value;
	} required[] = {
		{ "boot_id", rec->boot_id },
		{ "loaded_at", rec->loaded_at },
		{ "loaded_by", rec->loaded_by },
		{ "syscall", rec->syscall },
		{ "kernel", rec->kernel },
		{ "cmdline", rec->cmdline },
	};

	for (size_t i = 0; i < ARRAY_SIZE(required); i++)
		if (!required[i].value)
			return diag_fail(why, -EBADMSG, "no %s=", required[i].key);
	if ((seen & SEEN_REQUIRED) != SEEN_REQUIRED)
		return diag_fail(why, -EBADMSG, "no %s=", !(seen & SEEN_IMAGE) ? "image" :
				 !(seen & SEEN_FLAGS) ? "flags" : !(seen & SEEN_SIZE) ? "kernel_size" :
				 "kernel_sha256");
	if (!is_boot_id(rec->boot_id))
		return diag_fail(why, -EBADMSG, "boot_id= is not a boot id");
	if (!is_iso8601_utc(rec->loaded_at))
		return diag_fail(why, -EBADMSG, "loaded_at= is not an ISO 8601 UTC time");
	if (strcmp(rec->syscall, "kexec_file_load") != 0 && strcmp(rec->syscall, "kexec_load") != 0)
		return diag_fail(why, -EBADMSG, "syscall= names no kexec syscall");
	if (rec->kernel[0] == '\0')
		return diag_fail(why, -EBADMSG, "kernel= is empty");
	return 0;
}

/* kv_record_read's callback: the record being filled and the fields seen so far. */
struct load_record_parse {
	struct load_record *rec;
	unsigned seen;
};

static int field_cb(void *ctx, const char *key, char **value, struct diag *why)
{
	struct load_record_parse *p = ctx;

	return parse_field(p->rec, key, value, &p->seen, why);
}

int load_record_parse(const char *text, size_t len, bool crash, struct load_record *ret,
		      struct diag *why)
{
	_cleanup_(load_record_done) struct load_record rec = { .crash = crash };
	struct load_record_parse ctx = { .rec = &rec };
	int r;

	r = kv_record_read(text, len, LOAD_RECORD_MAX_SIZE, LOAD_RECORD_FORMAT, field_cb, &ctx, why);
	if (r < 0)
		return r;
	r = check_complete(&rec, ctx.seen, why);
	if (r < 0)
		return r;
	*ret = rec;
	rec = (struct load_record){};
	return 0;
}

int load_record_write_at(int rootfd, const struct load_record *r)
{
	_cleanup_free_ char *text = NULL;
	_cleanup_close_ int dirfd = -1, fd = -1;
	const char *name = strrchr(load_record_path(r->crash), '/') + 1;
	char tmp[64];
	int k;

	k = load_record_format(r, &text);
	if (k < 0)
		return k;
	if (strlen(text) > LOAD_RECORD_MAX_SIZE)
		return -EFBIG; /* the reader would refuse it */

	/* A minimal initramfs may have no /run yet; one we create gets the usual mode whatever
	 * the umask, since other programs will use it. */
	if (mkdirat(rootfd, "run", 0755) == 0)
		(void)fchmodat(rootfd, "run", 0755, 0);
	else if (errno != EEXIST)
		return log_debug_errno(negative_errno(), "mkdir /run: %m");
	if (mkdirat(rootfd, LOAD_RECORD_DIR, 0755) < 0 && errno != EEXIST)
		return log_debug_errno(negative_errno(), "mkdir /%s: %m", LOAD_RECORD_DIR);
	dirfd = openat(rootfd, LOAD_RECORD_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dirfd < 0)
		return log_debug_errno(negative_errno(), "open /%s: %m", LOAD_RECORD_DIR);

	/* Our pid makes the name ours among concurrent writers; a leftover from a killed
	 * process with the same pid is ours to remove. */
	snprintf(tmp, sizeof(tmp), ".%s.%ld", name, (long)getpid());
	(void)unlinkat(dirfd, tmp, 0);
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return log_debug_errno(negative_errno(), "create /%s/%s: %m", LOAD_RECORD_DIR, tmp);
	/* Readable by anyone whatever the umask: --show works without root. */
	k = fchmod(fd, 0644) < 0 ? negative_errno() : write_all(fd, text, strlen(text));
	/* No fsync: /run is a tmpfs, and a record is worthless after a reboot anyway. */
	if (close(TAKE_FD(fd)) < 0 && k == 0)
		k = negative_errno();
	if (k == 0 && renameat(dirfd, tmp, dirfd, name) < 0)
		k = negative_errno();
	if (k < 0) {
		(void)unlinkat(dirfd, tmp, 0);
		return log_debug_errno(k, "writing /%s/%s: %m", LOAD_RECORD_DIR, name);
	}
	return 0;
}

int load_record_boot_id(int rootfd, char **ret)
{
	_cleanup_free_ char *id = NULL;
	int r;

	r = read_virtual_file_at(rootfd, "proc/sys/kernel/random/boot_id", BOOT_ID_MAX, &id, NULL);
	if (r < 0)
		return r;
	if (!is_boot_id(id))
		return -EBADMSG;
	*ret = TAKE_PTR(id);
	return 0;
}

/* 0 if @boot_id is this boot's; -ESTALE if not, or if that cannot be told. */
static int check_boot(int rootfd, const char *boot_id, struct diag *why)
{
	_cleanup_free_ char *now = NULL;
	int r;

	r = load_record_boot_id(rootfd, &now);
	if (r < 0)
		return diag_fail(why, -ESTALE, "cannot read this boot's id to check the record "
				 "against: %s", strerror(-r));
	if (strcmp(boot_id, now) != 0)
		return diag_fail(why, -ESTALE, "written during another boot (boot id %s)", boot_id);
	return 0;
}

int load_record_read_at(int rootfd, bool crash, struct load_record *ret, struct diag *why)
{
	_cleanup_(load_record_done) struct load_record rec = {};
	_cleanup_free_ char *text = NULL;
	size_t len;
	int r;

	diag_clear(why);
	r = read_virtual_file_at(rootfd, load_record_path(crash), LOAD_RECORD_MAX_SIZE, &text, &len);
	if (r == -ENOENT)
		return r;
	if (r == -EFBIG)
		return diag_fail(why, r, "larger than any record (over %d KiB)",
				 LOAD_RECORD_MAX_SIZE / 1024);
	if (r < 0)
		return diag_fail(why, r, "cannot read /%s: %s", load_record_path(crash), strerror(-r));
	r = load_record_parse(text, len, crash, &rec, why);
	if (r < 0)
		return r;
	r = check_boot(rootfd, rec.boot_id, why);
	if (r < 0)
		return r;
	*ret = rec;
	rec = (struct load_record){};
	return 0;
}

int load_record_remove_at(int rootfd, bool crash)
{
	if (unlinkat(rootfd, load_record_path(crash), 0) < 0 && errno != ENOENT)
		return negative_errno();
	return 0;
}
