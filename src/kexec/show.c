// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec --show. The kernel's sysfs flags are the truth about *whether* an image is loaded; our
 * load record (load-record.h) says *what* we loaded. A record is believed only if it parses,
 * was written during this boot, and the kernel says its image is loaded.
 *
 * What cannot be known: another program (kexec-tools' binary, a direct syscall) that replaces
 * an image we loaded, by loading over it or by unloading it and later loading its own, leaves
 * the flag at 1 and our record in place, and the record then describes a kernel that is no
 * longer there. (The unload alone is seen: the flag drops to 0.) Nothing the kernel exposes
 * changes on a load: kexec_loaded and kexec_crash_loaded are one bit each, kexec_crash_size is
 * the reservation (fixed while a crash image is loaded), /proc/iomem does not show loaded
 * segments, and the kernel keeps no load counter or timestamp. (An IMA policy that measures
 * KEXEC_KERNEL_CHECK logs each kernel kexec_file_load reads, but only where such a policy is
 * active, never for kexec_load, and in a log only root reads: not used here.) What we do
 * instead: every load, unload and failed load through this kexec rewrites or removes the
 * record, and the Debian integration and kdump-tools load through this kexec, so only a
 * foreign loader opens that gap; the man page says so.
 */
#include <linux/kexec.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "escape.h"
#include "fileio.h"
#include "json.h"
#include "kexec-state.h"
#include "kexec-uapi.h"
#include "load-record.h"
#include "log.h"
#include "show.h"


/* What the record of one image is worth; the JSON "record" member spells these. */
enum record_state {
	RECORD_NONE,       /* no record */
	RECORD_VALID,      /* believed: its details are shown */
	RECORD_INVALID,    /* malformed, unknown version, unreadable */
	RECORD_OTHER_BOOT, /* written during another boot (or this boot's id is unreadable) */
	RECORD_STALE,      /* the kernel says nothing is loaded: it describes an unloaded image */
};

static const char *const record_state_names[] = {
	[RECORD_NONE] = "none",
	[RECORD_VALID] = "valid",
	[RECORD_INVALID] = "invalid",
	[RECORD_OTHER_BOOT] = "other-boot",
	[RECORD_STALE] = "stale",
};

enum file_change {
	FILE_UNKNOWN = -1, /* no mtime recorded, a relative path, no permission */
	FILE_SAME,
	FILE_CHANGED,      /* other size or mtime */
	FILE_GONE,         /* no file at that path any more */
};

struct image_state {
	bool crash;
	bool available; /* the kernel has the sysfs flag for this image */
	bool loaded;
	enum record_state record;
	struct diag problem;     /* why the record is not believed */
	struct load_record rec;  /* RECORD_VALID only */
	enum file_change changed; /* the kernel file at its path now, against the record */
	long reserved;           /* crash: kexec_crash_size in bytes; -1 unknown */
};

static void image_state_done(struct image_state *s)
{
	load_record_done(&s->rec);
}

/*
 * Whether the kernel file at the recorded path is still the one that was loaded, by size and
 * mtime (the hash would mean reading it again): after a kernel upgrade, what is loaded is no
 * longer what /boot holds. The path is the loader's, not one under the root fd.
 */
static enum file_change kernel_changed(const struct load_record *r)
{
	const char *path = r->kernel_realpath ? r->kernel_realpath : r->kernel;
	struct stat st;

	if (!r->has_mtime || path[0] != '/')
		return FILE_UNKNOWN;
	if (stat(path, &st) < 0)
		return errno == ENOENT || errno == ENOTDIR ? FILE_GONE : FILE_UNKNOWN;
	if ((uint64_t)st.st_size != r->kernel_size || st.st_mtim.tv_sec != r->kernel_mtime_sec ||
	    (uint32_t)st.st_mtim.tv_nsec != r->kernel_mtime_nsec)
		return FILE_CHANGED;
	return FILE_SAME;
}

/* 0, or -errno from the kernel's flag; -ENOENT for the normal image means no kexec at all. */
static int gather(int rootfd, bool crash, struct image_state *s)
{
	int r;

	*s = (struct image_state){ .crash = crash, .changed = FILE_UNKNOWN, .reserved = -1 };
	r = kexec_state_loaded(rootfd, crash);
	if (r == -ENOENT && crash)
		return 0; /* a kernel without crash dump support: kexec, but no crash image */
	if (r < 0)
		return r;
	s->available = true;
	s->loaded = r > 0;
	if (crash && read_int_file_at(rootfd, "sys/kernel/kexec_crash_size", &s->reserved) < 0)
		s->reserved = -1;

	r = load_record_read_at(rootfd, crash, &s->rec, &s->problem);
	if (r == -ENOENT) {
		s->record = RECORD_NONE;
	} else if (!s->loaded) {
		/*
		 * Left by a load whose image another program unloaded, or by a previous boot: never
		 * shown. Not removed either: --show only reads (it needs no root), and a load of
		 * ours finishing meanwhile would lose its fresh record. Our next load, unload or
		 * failed load replaces or removes it.
		 */
		s->record = RECORD_STALE;
		load_record_done(&s->rec);
		diag_set(&s->problem, "the kernel has no %s image loaded", crash ? "crash" : "normal");
	} else if (r == 0) {
		s->record = RECORD_VALID;
		s->changed = kernel_changed(&s->rec);
	} else {
		s->record = r == -ESTALE ? RECORD_OTHER_BOOT : RECORD_INVALID;
	}
	if (s->record != RECORD_NONE && s->record != RECORD_VALID)
		log_debug("%s image: record /%s not used: %s", crash ? "crash" : "normal",
			  load_record_path(crash), s->problem.msg);
	return 0;
}

/* The names of the bits in @flags of @syscall, each in @names; @extra gets unknown bits. */
static size_t flag_names(const char *syscall, uint64_t flags, const char *names[8],
			 char extra[24])
{
	static const struct {
		uint64_t bit;
		const char *name;
	} file_flags[] = {
		{ KEXEC_FILE_UNLOAD, "KEXEC_FILE_UNLOAD" },
		{ KEXEC_FILE_ON_CRASH, "KEXEC_FILE_ON_CRASH" },
		{ KEXEC_FILE_NO_INITRAMFS, "KEXEC_FILE_NO_INITRAMFS" },
		{ KEXEC_FILE_DEBUG, "KEXEC_FILE_DEBUG" },
		{ KEXEC_FILE_NO_CMA, "KEXEC_FILE_NO_CMA" },
	}, load_flags[] = {
		{ KEXEC_ON_CRASH, "KEXEC_ON_CRASH" },
		{ KEXEC_PRESERVE_CONTEXT, "KEXEC_PRESERVE_CONTEXT" },
		{ KEXEC_UPDATE_ELFCOREHDR, "KEXEC_UPDATE_ELFCOREHDR" },
		{ KEXEC_DEBUG, "KEXEC_DEBUG" },
		{ KEXEC_ARCH_X86_64, "KEXEC_ARCH_X86_64" },
		{ KEXEC_ARCH_AARCH64, "KEXEC_ARCH_AARCH64" },
	};
	bool file = strcmp(syscall, "kexec_file_load") == 0;
	size_t n = 0;

	extra[0] = '\0';
	if (file) {
		for (size_t i = 0; i < ARRAY_SIZE(file_flags); i++)
			if (flags & file_flags[i].bit) {
				names[n++] = file_flags[i].name;
				flags &= ~file_flags[i].bit;
			}
	} else {
		for (size_t i = 0; i < ARRAY_SIZE(load_flags); i++) {
			uint64_t bit = load_flags[i].bit;
			/* The architecture is a number in the high half, not a bit. */
			bool match = bit & KEXEC_ARCH_MASK ? (flags & KEXEC_ARCH_MASK) == bit :
							    (flags & bit) != 0;

			if (match) {
				names[n++] = load_flags[i].name;
				flags &= ~bit;
			}
		}
	}
	if (flags)
		snprintf(extra, 24, "0x%llx", (unsigned long long)flags);
	return n;
}

/* --- JSON ------------------------------------------------------------------------------- */

static void json_details(struct json_writer *w, const struct load_record *r,
			 enum file_change changed)
{
	const char *names[8];
	char extra[24], mtime[32];
	size_t n = flag_names(r->syscall, r->flags, names, extra);

	json_begin_object(w, "details");
	json_string(w, "loaded_by", r->loaded_by);
	json_string(w, "loaded_at", r->loaded_at);
	json_string(w, "boot_id", r->boot_id);
	json_string(w, "syscall", r->syscall);
	json_uint(w, "flags", r->flags);
	json_begin_array(w, "flag_names");
	for (size_t i = 0; i < n; i++)
		json_string(w, NULL, names[i]);
	if (extra[0])
		json_string(w, NULL, extra);
	json_end_array(w);

	json_begin_object(w, "kernel");
	json_string(w, "path", r->kernel);
	json_string(w, "realpath", r->kernel_realpath);
	json_uint(w, "size", r->kernel_size);
	json_string(w, "mtime", r->has_mtime && load_record_time(r->kernel_mtime_sec, mtime,
								  sizeof(mtime)) == 0 ? mtime : NULL);
	json_string(w, "sha256", r->kernel_sha256);
	json_string(w, "format", r->kernel_format);
	json_string(w, "version", r->kernel_version);
	if (changed == FILE_UNKNOWN)
		json_null(w, "changed_on_disk");
	else
		json_bool(w, "changed_on_disk", changed != FILE_SAME);
	json_end_object(w);

	json_begin_array(w, "initrds");
	for (size_t i = 0; i < r->nr_initrds; i++) {
		json_begin_object(w, NULL);
		json_string(w, "path", r->initrds[i].path);
		json_uint(w, "size", r->initrds[i].size);
		json_end_object(w);
	}
	json_end_array(w);
	json_string(w, "cmdline", r->cmdline);
	json_end_object(w);
}

static void json_image(struct json_writer *w, const struct image_state *s)
{
	json_begin_object(w, s->crash ? "crash" : "normal");
	json_bool(w, "available", s->available);
	json_bool(w, "loaded", s->loaded);
	json_string(w, "record", record_state_names[s->record]);
	json_string(w, "record_problem", diag_empty(&s->problem) ? NULL : s->problem.msg);
	if (s->crash) {
		if (s->reserved >= 0)
			json_uint(w, "reserved_bytes", (uint64_t)s->reserved);
		else
			json_null(w, "reserved_bytes");
	}
	if (s->record == RECORD_VALID)
		json_details(w, &s->rec, s->changed);
	else
		json_null(w, "details");
	json_end_object(w);
}

/* --- words -------------------------------------------------------------------------------- */

#define LABEL_WIDTH 16

/* One line: the label, padded, then @value with control characters and bytes that are not
 * UTF-8 escaped (a path may hold anything, and a terminal obeys escape sequences). */
static void print_row(FILE *f, const char *label, const char *value)
{
	_cleanup_free_ char *safe = NULL;

	if (cescape(value, ESCAPE_DISPLAY, &safe) < 0)
		fprintf(f, "%-*s(out of memory)\n", LABEL_WIDTH, label);
	else
		fprintf(f, "%-*s%s\n", LABEL_WIDTH, label, safe);
}

_printf_(3, 4) static void row(FILE *f, const char *label, const char *fmt, ...)
{
	char *text;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (r < 0) {
		fprintf(f, "%-*s(out of memory)\n", LABEL_WIDTH, label);
		return;
	}
	print_row(f, label, text);
	free(text);
}

/* "7.7 MiB (8123456 bytes)" */
static const char *size_text(uint64_t bytes, char buf[48])
{
	if (bytes < 1024 * 1024)
		snprintf(buf, 48, "%llu bytes", (unsigned long long)bytes);
	else
		snprintf(buf, 48, "%.1f MiB (%llu bytes)", (double)bytes / (1024 * 1024),
			 (unsigned long long)bytes);
	return buf;
}

static void text_details(FILE *f, const struct load_record *r, enum file_change changed)
{
	const char *names[8];
	char extra[24], mtime[32], size[48], flags[256] = "";
	size_t n = flag_names(r->syscall, r->flags, names, extra);

	if (r->kernel_realpath && strcmp(r->kernel_realpath, r->kernel) != 0)
		row(f, "  kernel:", "%s (given as %s)", r->kernel_realpath, r->kernel);
	else
		row(f, "  kernel:", "%s", r->kernel);
	if (r->kernel_version)
		row(f, "  version:", "%s", r->kernel_version);
	if (r->has_mtime && load_record_time(r->kernel_mtime_sec, mtime, sizeof(mtime)) == 0)
		row(f, "  file:", "%s%s%s, modified %s", r->kernel_format ? r->kernel_format : "",
		    r->kernel_format ? ", " : "", size_text(r->kernel_size, size), mtime);
	else
		row(f, "  file:", "%s%s%s", r->kernel_format ? r->kernel_format : "",
		    r->kernel_format ? ", " : "", size_text(r->kernel_size, size));
	row(f, "  sha256:", "%s", r->kernel_sha256);
	if (changed == FILE_CHANGED)
		row(f, "  note:", "the kernel file has changed on disk since it was loaded");
	else if (changed == FILE_GONE)
		row(f, "  note:", "the kernel file is no longer on disk");
	if (r->nr_initrds == 0)
		row(f, "  initrd:", "none");
	for (size_t i = 0; i < r->nr_initrds; i++)
		row(f, "  initrd:", "%s, %s", r->initrds[i].path, size_text(r->initrds[i].size, size));
	row(f, "  command line:", "%s", r->cmdline);
	for (size_t i = 0; i < n; i++)
		snprintf(flags + strlen(flags), sizeof(flags) - strlen(flags), "%s%s", i ? "|" : ": ",
			 names[i]);
	if (extra[0])
		snprintf(flags + strlen(flags), sizeof(flags) - strlen(flags), "%s%s", n ? "|" : ": ",
			 extra);
	row(f, "  loaded:", "%s by %s", r->loaded_at, r->loaded_by);
	row(f, "  with:", "%s, flags 0x%llx%s", r->syscall, (unsigned long long)r->flags, flags);
}

static void text_image(FILE *f, const struct image_state *s)
{
	const char *label = s->crash ? "crash kernel:" : "normal kernel:";
	char size[48];

	if (!s->available)
		row(f, label, "not available (this kernel has no crash dump support)");
	else if (!s->loaded)
		row(f, label, "not loaded");
	else if (s->record == RECORD_VALID)
		row(f, label, "loaded");
	else
		row(f, label, "loaded by another tool, details unknown");
	if (s->loaded && (s->record == RECORD_INVALID || s->record == RECORD_OTHER_BOOT))
		row(f, "  record:", "ignored: %s", s->problem.msg);
	if (s->crash && s->reserved == 0)
		row(f, "  reserved:", "none (no crashkernel= on the kernel command line)");
	else if (s->crash && s->reserved > 0)
		row(f, "  reserved:", "%s", size_text((uint64_t)s->reserved, size));
	if (s->record == RECORD_VALID)
		text_details(f, &s->rec, s->changed);
}

enum kexec_exit kexec_show(int rootfd, bool json, FILE *out)
{
	_cleanup_(image_state_done) struct image_state normal = {}, crash = {};
	int r;

	r = gather(rootfd, false, &normal);
	if (r == 0)
		r = gather(rootfd, true, &crash);
	if (r < 0) {
		log_error_errno(r, "cannot tell what is loaded: %m; is sysfs mounted, and does this "
				"kernel have kexec?");
		return r == -ENOENT ? KEXEC_EXIT_NO_KEXEC : KEXEC_EXIT_FAILED;
	}
	if (json) {
		struct json_writer w = json_writer_init(out);

		json_begin_object(&w, NULL);
		json_image(&w, &normal);
		json_image(&w, &crash);
		json_end_object(&w);
	} else {
		text_image(out, &normal);
		text_image(out, &crash);
	}
	if (fflush(out) != 0 || ferror(out)) {
		log_error_errno(negative_errno(), "cannot write the report: %m");
		return KEXEC_EXIT_FAILED;
	}
	return KEXEC_EXIT_OK;
}
