// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "memmap: "
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "fileio.h"
#include "log.h"
#include "memmap.h"
#include "parse.h"

#define IOMEM_MAX (1024 * 1024)
#define SYSFS_VALUE_MAX 64

/* The names arch/x86/kernel/e820.c gives each type, in both /proc/iomem and sysfs. */
static const struct {
	uint32_t type;
	const char *name;
} type_names[] = {
	{ MEMMAP_RAM, "System RAM" },
	{ MEMMAP_RESERVED, "Reserved" },
	{ MEMMAP_ACPI, "ACPI Tables" },
	{ MEMMAP_NVS, "ACPI Non-volatile Storage" },
	{ MEMMAP_UNUSABLE, "Unusable memory" },
	{ MEMMAP_PRAM, "Persistent Memory (legacy)" },
	{ MEMMAP_PMEM, "Persistent Memory" },
	{ MEMMAP_SOFT_RESERVED, "Soft Reserved" },
	/* RAM the kernel keeps for itself (setup_data) is still called System RAM. */
	{ MEMMAP_RESERVED_KERN, "System RAM" },
	/* Regions reserved by the kernel rather than the firmware are spelt in lower case. */
	{ MEMMAP_RESERVED, "reserved" },
};

const char *memmap_type_to_string(uint32_t type)
{
	for (size_t i = 0; i < ARRAY_SIZE(type_names); i++)
		if (type_names[i].type == type)
			return type_names[i].name;
	return "Unknown E820 type";
}

static bool name_eq(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && memcmp(name, want, len) == 0;
}

/* 0 and the type for a known name, -ENOENT otherwise. */
static int type_from_name(const char *name, size_t len, uint32_t *ret)
{
	for (size_t i = 0; i < ARRAY_SIZE(type_names); i++) {
		if (name_eq(name, len, type_names[i].name)) {
			*ret = type_names[i].type;
			return 0;
		}
	}
	return -ENOENT;
}

int memmap_add(struct memmap *m, uint64_t start, uint64_t end, uint32_t type)
{
	if (start >= end)
		return -EINVAL;
	if (m->n >= MEMMAP_MAX_ENTRIES)
		return -E2BIG;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		struct memmap_entry *e = reallocarray(m->e, cap, sizeof(*e));

		if (!e)
			return -ENOMEM;
		m->e = e;
		m->cap = cap;
	}
	m->e[m->n++] = (struct memmap_entry){ .start = start, .end = end, .type = type };
	return 0;
}

void memmap_done(struct memmap *m)
{
	free(m->e);
	*m = (struct memmap)MEMMAP_INIT;
}

static void memmap_move(struct memmap *from, struct memmap *to)
{
	*to = *from;
	*from = (struct memmap)MEMMAP_INIT;
}

/*
 * Hex digits at *p (before @end), at most 16 of them: both sources print fixed-width or 0x-less
 * numbers, so anything longer is not an address. Advances *p.
 */
static int parse_hex(const char **p, const char *end, uint64_t *ret)
{
	const char *start = *p, *after;
	int r;

	r = parse_u64_n(start, (size_t)(end - start), 16, ret, &after);
	if (r < 0 || after - start > 16)
		return -EBADMSG;
	*p = after;
	return 0;
}

/* Inclusive to half-open. The last byte of the address space cannot be represented; see
 * range.h. */
static uint64_t end_exclusive(uint64_t last)
{
	return last == UINT64_MAX ? UINT64_MAX : last + 1;
}

static int sysfs_hex(int rootfd, unsigned long dir, const char *file, uint64_t *ret)
{
	_cleanup_free_ char *s = NULL;
	char path[64];
	int r;

	snprintf(path, sizeof(path), "sys/firmware/memmap/%lu/%s", dir, file);
	r = read_virtual_file_at(rootfd, path, SYSFS_VALUE_MAX, &s, NULL);
	if (r < 0)
		return log_debug_errno(r, "reading /%s: %m", path);
	r = parse_u64(s, 16, ret, NULL);
	if (r < 0)
		return log_debug_errno(-EBADMSG, "/%s: not a hex number: \"%s\"", path, s);
	return 0;
}

static int sysfs_entry(int rootfd, unsigned long dir, struct memmap *m)
{
	_cleanup_free_ char *name = NULL;
	uint64_t start, last;
	uint32_t type;
	char path[64];
	size_t len;
	int r;

	r = sysfs_hex(rootfd, dir, "start", &start);
	if (r < 0)
		return r;
	r = sysfs_hex(rootfd, dir, "end", &last);
	if (r < 0)
		return r;
	snprintf(path, sizeof(path), "sys/firmware/memmap/%lu/type", dir);
	r = read_virtual_file_at(rootfd, path, SYSFS_VALUE_MAX, &name, &len);
	if (r < 0)
		return log_debug_errno(r, "reading /%s: %m", path);

	/* The kernel stores end = start + size - 1, so an empty entry reads end == start - 1. */
	if (last < start) {
		if (last + 1 == start) {
			log_debug("firmware memmap entry %lu is empty, skipped", dir);
			return 0;
		}
		return log_debug_errno(-EBADMSG, "firmware memmap entry %lu ends before it starts",
				       dir);
	}

	if (type_from_name(name, len, &type) < 0) {
		/* Telling the next kernel "reserved" about memory we do not understand is the safe
		 * error: it will not use it. */
		log_debug("firmware memmap entry %lu: unknown type \"%s\", treated as Reserved", dir,
			  name);
		type = MEMMAP_RESERVED;
	}
	return memmap_add(m, start, end_exclusive(last), type);
}

static int entry_cmp(const void *a, const void *b)
{
	const struct memmap_entry *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return 0;
}

/* The number a directory entry is named, if it is one (the kernel counts from 0). */
static bool entry_number(const char *s, unsigned long *ret)
{
	unsigned long v = 0;
	size_t i;

	if (s[0] == '0' && s[1] != '\0')
		return false;
	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 9)
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (i == 0)
		return false;
	*ret = v;
	return true;
}

int memmap_read_firmware(int rootfd, struct memmap *ret)
{
	_cleanup_(memmap_done) struct memmap m = MEMMAP_INIT;
	struct dirent *de;
	unsigned long nr;
	DIR *d;
	int fd, r = 0;

	fd = openat(rootfd, "sys/firmware/memmap", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return log_debug_errno(negative_errno(), "opening /sys/firmware/memmap: %m");
	d = fdopendir(fd);
	if (!d) {
		r = negative_errno();
		close(fd);
		return r;
	}

	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno != 0)
				r = negative_errno();
			break;
		}
		/* The entries are numbered in the firmware's order, which need not be address
		 * order; "10" also sorts before "2". Sorted below. */
		if (!entry_number(de->d_name, &nr))
			continue;
		r = sysfs_entry(rootfd, nr, &m);
		if (r < 0)
			break;
	}
	closedir(d);
	if (r < 0)
		return r;
	if (m.n == 0)
		return log_debug_errno(-ENOENT, "/sys/firmware/memmap has no entries");

	qsort(m.e, m.n, sizeof(m.e[0]), entry_cmp);
	memmap_move(&m, ret);
	return 0;
}

/* One /proc/iomem line, without its newline. */
struct iomem_line {
	size_t indent;
	uint64_t start, last;
	const char *name;
	size_t name_len;
};

static int parse_iomem_line(const char *s, const char *end, struct iomem_line *ret)
{
	struct iomem_line l = {};
	int r;

	while (s < end && *s == ' ') {
		s++;
		l.indent++;
	}
	r = parse_hex(&s, end, &l.start);
	if (r < 0)
		return r;
	if (s >= end || *s != '-')
		return -EBADMSG;
	s++;
	r = parse_hex(&s, end, &l.last);
	if (r < 0)
		return r;
	while (s < end && *s == ' ')
		s++;
	if (s >= end || *s != ':')
		return -EBADMSG;
	s++;
	if (s < end && *s == ' ')
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\r' || end[-1] == '\t'))
		end--;
	l.name = s;
	l.name_len = end - s;
	*ret = l;
	return 0;
}

static bool is_blank_line(const char *s, const char *end)
{
	for (; s < end; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r')
			return false;
	return true;
}

/*
 * The next line of /proc/iomem at *p (before @end), parsed; blank lines carry nothing and are
 * skipped (a trailing one, a hand-written fixture). 1 with @l set, 0 at the end, -EBADMSG for a
 * line that does not parse or ends before it starts. *lineno counts the lines read.
 */
static int iomem_next_line(const char **p, const char *end, size_t *lineno, struct iomem_line *l)
{
	while (*p < end) {
		const char *line = *p, *eol = memchr(line, '\n', end - line);
		int r;

		*p = eol ? eol + 1 : end;
		if (!eol)
			eol = end;
		++*lineno;
		if (is_blank_line(line, eol))
			continue;
		r = parse_iomem_line(line, eol, l);
		if (r < 0)
			return log_debug_errno(r, "/proc/iomem line %zu does not parse: \"%.*s\"",
					       *lineno, (int)MIN(eol - line, 80), line);
		if (l->last < l->start)
			return log_debug_errno(-EBADMSG, "/proc/iomem line %zu ends before it starts",
					       *lineno);
		return 1;
	}
	return 0;
}

/*
 * The one walk behind memmap_parse_iomem() and memmap_parse_iomem_all(): entries named with an
 * E820 type name, at the top level only or at every depth, and "Crash kernel" at every depth.
 */
static int parse_iomem(const char *text, size_t len, bool every_depth, struct memmap *ret_map,
		       struct range_list *ret_crash)
{
	_cleanup_(memmap_done) struct memmap map = MEMMAP_INIT;
	_cleanup_(range_list_done) struct range_list crash = RANGE_LIST_INIT;
	const char *p = text, *text_end = text + len;
	size_t lines = 0, lineno = 0;
	struct iomem_line l;
	bool all_zero = true;
	int r;

	while ((r = iomem_next_line(&p, text_end, &lineno, &l)) > 0) {
		uint32_t type;

		lines++;
		if (l.start != 0 || l.last != 0)
			all_zero = false;

		if (name_eq(l.name, l.name_len, "Crash kernel")) {
			r = range_list_add(&crash, l.start, end_exclusive(l.last));
			if (r < 0)
				return r;
			continue;
		}
		if (l.indent > 0 && !every_depth)
			continue;
		if (type_from_name(l.name, l.name_len, &type) < 0) {
			log_debug("/proc/iomem: skipping %.*s at 0x%llx: not memory",
				  (int)l.name_len, l.name, (unsigned long long)l.start);
			continue;
		}
		r = memmap_add(&map, l.start, end_exclusive(l.last), type);
		if (r < 0)
			return r;
	}

	if (r < 0)
		return r;
	if (lines > 0 && all_zero)
		return log_debug_errno(-EPERM, "/proc/iomem shows only zero addresses: "
					       "reading it needs CAP_SYS_ADMIN");

	memmap_move(&map, ret_map);
	if (ret_crash) {
		*ret_crash = crash;
		crash = (struct range_list)RANGE_LIST_INIT;
	}
	return 0;
}

int memmap_parse_iomem(const char *text, size_t len, struct memmap *ret_top,
		       struct range_list *ret_crash)
{
	return parse_iomem(text, len, false, ret_top, ret_crash);
}

int memmap_parse_iomem_all(const char *text, size_t len, struct memmap *ret_all,
			   struct range_list *ret_crash)
{
	return parse_iomem(text, len, true, ret_all, ret_crash);
}

/* The running kernel's own image: overwritten at exec time, as every kexec does. */
static bool is_kernel_image(const char *name, size_t len)
{
	return len > 7 && memcmp(name, "Kernel ", 7) == 0;
}

int memmap_parse_iomem_busy(const char *text, size_t len, struct range_list *ret)
{
	_cleanup_(range_list_done) struct range_list busy = RANGE_LIST_INIT;
	const char *p = text, *text_end = text + len;
	size_t lineno = 0;
	struct iomem_line l;
	bool in_ram = false;
	int r;

	while ((r = iomem_next_line(&p, text_end, &lineno, &l)) > 0) {
		if (l.indent == 0) {
			in_ram = name_eq(l.name, l.name_len, "System RAM");
			continue;
		}
		/* The kernel indents two spaces per level: these are the direct children. */
		if (!in_ram || l.indent != 2 || is_kernel_image(l.name, l.name_len) ||
		    name_eq(l.name, l.name_len, "Crash kernel"))
			continue;
		r = range_list_add(&busy, l.start, end_exclusive(l.last));
		if (r < 0)
			return r;
	}
	if (r < 0)
		return r;
	*ret = busy;
	busy = (struct range_list)RANGE_LIST_INIT;
	return 0;
}

static int read_iomem(int rootfd, bool every_depth, struct memmap *ret_map,
		      struct range_list *ret_crash)
{
	_cleanup_free_ char *text = NULL;
	size_t len;
	int r;

	r = read_virtual_file_at(rootfd, "proc/iomem", IOMEM_MAX, &text, &len);
	if (r < 0)
		return log_debug_errno(r, "reading /proc/iomem: %m");
	return parse_iomem(text, len, every_depth, ret_map, ret_crash);
}

int memmap_read_iomem(int rootfd, struct memmap *ret_top, struct range_list *ret_crash)
{
	return read_iomem(rootfd, false, ret_top, ret_crash);
}

int memmap_read_iomem_all(int rootfd, struct memmap *ret_all, struct range_list *ret_crash)
{
	return read_iomem(rootfd, true, ret_all, ret_crash);
}

int memmap_ram_ranges(const struct memmap *m, struct range_list *ret)
{
	_cleanup_(range_list_done) struct range_list l = RANGE_LIST_INIT;
	int r;

	for (size_t i = 0; i < m->n; i++) {
		if (m->e[i].type != MEMMAP_RAM && m->e[i].type != MEMMAP_RESERVED_KERN)
			continue;
		r = range_list_add(&l, m->e[i].start, m->e[i].end);
		if (r < 0)
			return r;
	}
	*ret = l;
	l = (struct range_list)RANGE_LIST_INIT;
	return 0;
}
