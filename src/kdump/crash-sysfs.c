// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "crash-sysfs: "
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crash-sysfs.h"
#include "parse.h"
#include "fileio.h"
#include "log.h"

/* Debian's NR_CPUS; the kernel's maximum is 8192 too (CONFIG_MAXSMP). */
#define CPU_BITS 8192
/* kcore headers: one program header per RAM range plus a handful; 1 MiB is thousands. */
#define KCORE_HEADERS_MAX (1024 * 1024)

int crash_sysfs_parse_cpu_list(const char *s, uint8_t *bitmap, size_t nbits)
{
	int n = 0;

	memset(bitmap, 0, (nbits + 7) / 8);
	while (*s) {
		uint64_t lo, hi;
		int r;

		r = parse_u64(s, 10, &lo, &s);
		if (r < 0)
			return r;
		hi = lo;
		if (*s == '-') {
			r = parse_u64(s + 1, 10, &hi, &s);
			if (r < 0)
				return r;
		}
		if (hi < lo)
			return -EBADMSG;
		if (hi >= nbits)
			return -E2BIG;
		for (uint64_t c = lo; c <= hi; c++) {
			if (!(bitmap[c / 8] & (1u << (c % 8))))
				n++;
			bitmap[c / 8] |= 1u << (c % 8);
		}
		if (*s == ',')
			s++;
		else if (*s != '\0' && *s != '\n')
			return -EBADMSG;
		else
			break;
	}
	return n;
}

int crash_sysfs_read_reservation(int rootfd, struct range_list *ret)
{
	struct memmap top = MEMMAP_INIT;
	int r;

	r = memmap_read_iomem(rootfd, &top, ret);
	memmap_done(&top);
	return r;
}

static int read_hex_pair(int rootfd, const char *path, uint64_t *a, uint64_t *b)
{
	_cleanup_free_ char *s = NULL;
	const char *p;
	int r;

	r = read_virtual_file_at(rootfd, path, 128, &s, NULL);
	if (r < 0)
		return r;
	r = parse_u64(s, 16, a, &p);
	if (r < 0 || *p != ' ')
		return -EBADMSG;
	r = parse_u64(p + 1, 16, b, &p);
	if (r < 0 || *p != '\0')
		return -EBADMSG;
	return 0;
}

static int read_u64(int rootfd, const char *path, int base, uint64_t *ret)
{
	_cleanup_free_ char *s = NULL;
	const char *p;
	int r;

	r = read_virtual_file_at(rootfd, path, 64, &s, NULL);
	if (r < 0)
		return r;
	r = parse_u64(s, base, ret, &p);
	if (r < 0 || *p != '\0')
		return -EBADMSG;
	return 0;
}

static int read_cpu_notes(int rootfd, struct crash_sysfs *c)
{
	_cleanup_free_ char *list = NULL;
	_cleanup_free_ uint8_t *bits = NULL;
	int r, n;

	r = read_virtual_file_at(rootfd, "sys/devices/system/cpu/possible", 4096, &list, NULL);
	if (r < 0)
		return log_debug_errno(r, "reading /sys/devices/system/cpu/possible: %m");
	bits = malloc(CPU_BITS / 8);
	if (!bits)
		return -ENOMEM;
	n = crash_sysfs_parse_cpu_list(list, bits, CPU_BITS);
	if (n < 0)
		return log_debug_errno(n, "/sys/devices/system/cpu/possible: \"%s\": %m", list);

	c->cpu_notes = calloc(n ? n : 1, sizeof(*c->cpu_notes));
	if (!c->cpu_notes)
		return -ENOMEM;
	for (size_t cpu = 0; cpu < CPU_BITS; cpu++) {
		struct elfcore_note note;
		char path[96];

		if (!(bits[cpu / 8] & (1u << (cpu % 8))))
			continue;
		snprintf(path, sizeof(path), "sys/devices/system/cpu/cpu%zu/crash_notes", cpu);
		r = read_u64(rootfd, path, 16, &note.paddr);
		if (r == -ENOENT) {
			/* Possible but never present (a hotplug slot): it has no sysfs directory, so
			 * its notes cannot be found, and it cannot have crashed either. */
			log_debug("CPU %zu: no crash_notes, skipped", cpu);
			continue;
		}
		if (r < 0)
			return log_debug_errno(r, "reading /%s: %m", path);
		snprintf(path, sizeof(path), "sys/devices/system/cpu/cpu%zu/crash_notes_size", cpu);
		r = read_u64(rootfd, path, 10, &note.size);
		if (r < 0)
			return log_debug_errno(r, "reading /%s: %m", path);
		c->cpu_notes[c->nr_cpu_notes++] = note;
	}
	if (c->nr_cpu_notes == 0)
		return log_debug_errno(-ENOENT, "no CPU has crash_notes");
	return 0;
}

static int read_kcore(int rootfd, const struct elfcore_layout *layout,
		      struct elfcore_kernel_map *ret)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ uint8_t *buf = NULL;
	uint8_t ehdr[64];
	size_t need;
	ssize_t n;
	int r;

	fd = openat(rootfd, "proc/kcore", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return log_debug_errno(negative_errno(), "opening /proc/kcore: %m");
	/* The headers only: the rest of the file is all of kernel memory. */
	n = pread(fd, ehdr, sizeof(ehdr), 0);
	if (n < 0)
		return log_debug_errno(negative_errno(), "reading /proc/kcore: %m");
	r = elfcore_kcore_headers_size(ehdr, n, layout->machine, &need);
	if (r < 0)
		return log_debug_errno(r, "/proc/kcore: bad ELF header: %m");
	if (need > KCORE_HEADERS_MAX)
		return log_debug_errno(-EBADMSG, "/proc/kcore: %zu bytes of headers", need);
	buf = malloc(need);
	if (!buf)
		return -ENOMEM;
	n = pread(fd, buf, need, 0);
	if (n < 0)
		return log_debug_errno(negative_errno(), "reading /proc/kcore: %m");
	return elfcore_parse_kcore(buf, n, layout, ret);
}

int crash_sysfs_read(int rootfd, const struct elfcore_layout *layout, struct crash_sysfs *ret,
		     const char **ret_failed)
{
	struct crash_sysfs c = {};
	const char *what;
	int r;

	what = "/proc/iomem";
	/* Every depth, as the kernel's own crash code walks it (memmap.h says why it matters). */
	r = memmap_read_iomem_all(rootfd, &c.iomem, &c.crash);
	if (r < 0)
		goto fail;
	r = memmap_ram_ranges(&c.iomem, &c.ram);
	if (r < 0)
		goto fail;
	what = "/sys/devices/system/cpu/*/crash_notes";
	r = read_cpu_notes(rootfd, &c);
	if (r < 0)
		goto fail;
	what = "/sys/kernel/vmcoreinfo";
	r = read_hex_pair(rootfd, "sys/kernel/vmcoreinfo", &c.vmcoreinfo.paddr, &c.vmcoreinfo.size);
	if (r == -ENOENT) {
		/* Kernels without CONFIG_CRASH_CORE's sysfs file: dumps work, minus the tools that
		 * need VMCOREINFO. kexec-tools leaves the note out too. */
		log_debug("no /sys/kernel/vmcoreinfo: no VMCOREINFO note");
		c.vmcoreinfo = (struct elfcore_note){};
	} else if (r < 0) {
		goto fail;
	}
	what = "/proc/kcore";
	r = read_kcore(rootfd, layout, &c.map);
	if (r < 0)
		goto fail;
	log_debug("%zu CPU notes, VMCOREINFO 0x%llx+0x%llx, %zu RAM and %zu crash ranges",
		  c.nr_cpu_notes, (unsigned long long)c.vmcoreinfo.paddr,
		  (unsigned long long)c.vmcoreinfo.size, c.ram.n, c.crash.n);
	*ret = c;
	return 0;
fail:
	log_debug_errno(r, "reading %s: %m", what);
	if (ret_failed)
		*ret_failed = what;
	crash_sysfs_done(&c);
	return r;
}

void crash_sysfs_done(struct crash_sysfs *c)
{
	memmap_done(&c->iomem);
	range_list_done(&c->ram);
	range_list_done(&c->crash);
	free(c->cpu_notes);
	*c = (struct crash_sysfs){};
}
