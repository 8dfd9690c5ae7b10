// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "crash-mem: "
#include <errno.h>
#include <stdlib.h>

#include "crash-mem.h"
#include "units.h"
#include "log.h"

int crash_mem_load_range(const struct range_list *crash, struct range *ret)
{
	if (crash->n == 0)
		return -ENOENT;
	/* The list is sorted: the last member is the highest. */
	*ret = crash->r[crash->n - 1];
	return 0;
}

/* An empty header range (not placed yet) passes; a placed one must lie in a reservation. */
static bool header_inside(const struct range_list *crash, uint64_t start, uint64_t end)
{
	return start == end || range_list_contains(crash, start, end);
}

int crash_mem_dump_ranges(const struct range_list *ram, const struct range_list *crash,
			  uint64_t hdr_start, uint64_t hdr_end, struct range_list *ret)
{
	_cleanup_(range_list_done) struct range_list l = RANGE_LIST_INIT;
	int r;

	if (!header_inside(crash, hdr_start, hdr_end))
		return log_debug_errno(-EINVAL, "core headers 0x%llx-0x%llx outside the reservation",
				       (unsigned long long)hdr_start, (unsigned long long)hdr_end);
	r = range_list_copy(ram, &l);
	if (r < 0)
		return r;
	range_list_clip(&l, CRASH_LOW_MEMORY_END, UINT64_MAX);
	for (size_t i = 0; i < crash->n; i++) {
		r = range_list_subtract(&l, crash->r[i].start, crash->r[i].end);
		if (r < 0)
			return r;
	}
	*ret = l;
	l = (struct range_list)RANGE_LIST_INIT;
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct memmap_entry *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Add @l's members of at least @min_size bytes as @type. */
static int add_ranges(struct memmap *m, const struct range_list *l, uint32_t type,
		      uint64_t min_size)
{
	for (size_t i = 0; i < l->n; i++) {
		int r;

		if (range_size(&l->r[i]) < min_size)
			continue;
		r = memmap_add(m, l->r[i].start, l->r[i].end, type);
		if (r < 0)
			return r;
	}
	return 0;
}

/* The firmware ranges the capture kernel gets as they are, each type gathered on its own. */
static const uint32_t kept_types[] = { MEMMAP_ACPI, MEMMAP_NVS, MEMMAP_RESERVED };

int crash_mem_capture_map(const struct memmap *iomem, const struct range_list *crash,
			  uint64_t hdr_start, uint64_t hdr_end, struct memmap *ret)
{
	_cleanup_(range_list_done) struct range_list low = RANGE_LIST_INIT, res = RANGE_LIST_INIT;
	struct range_list kept[ARRAY_SIZE(kept_types)] = {};
	_cleanup_(memmap_done) struct memmap m = MEMMAP_INIT;
	int r = 0;

	if (!header_inside(crash, hdr_start, hdr_end))
		return log_debug_errno(-EINVAL, "core headers 0x%llx-0x%llx outside the reservation",
				       (unsigned long long)hdr_start, (unsigned long long)hdr_end);

	/*
	 * @iomem holds every depth, so one range can be listed twice (a "Reserved" inside a
	 * "Reserved"): a range list per type keeps each address once, as the kernel's walks do
	 * (each resumes past the range it reported). Ranges of different types that overlap are
	 * passed as they are; the capture kernel's e820 sanitizer settles them, as it does for
	 * kexec_file.
	 */
	for (size_t i = 0; i < iomem->n && r >= 0; i++) {
		const struct memmap_entry *e = &iomem->e[i];

		switch (e->type) {
		case MEMMAP_RAM:
		case MEMMAP_RESERVED_KERN:
			/* Only the low MiB: the rest of the old RAM is what gets dumped. */
			r = e->start < CRASH_LOW_MEMORY_END ?
				    range_list_add(&low, e->start, MIN(e->end, CRASH_LOW_MEMORY_END)) : 0;
			break;
		default:
			/* Persistent memory, unusable, soft reserved: the kernel's kexec_file leaves
			 * them out of a capture kernel's map too. */
			for (size_t t = 0; t < ARRAY_SIZE(kept_types); t++)
				if (e->type == kept_types[t])
					r = range_list_add(&kept[t], e->start, e->end);
			break;
		}
	}
	for (size_t t = 0; t < ARRAY_SIZE(kept_types) && r >= 0; t++)
		r = add_ranges(&m, &kept[t], kept_types[t], 1);
	for (size_t t = 0; t < ARRAY_SIZE(kept_types); t++)
		range_list_done(&kept[t]);
	if (r < 0)
		return r;
	/* The kernel passes the low RAM whatever its size; only the reservation's pieces left
	 * around the headers are dropped below a page (crash_setup_memmap_entries). */
	r = add_ranges(&m, &low, MEMMAP_RAM, 1);
	if (r < 0)
		return r;

	/* The reservations, crashkernel=,low included: the capture kernel's own RAM, minus the
	 * headers it must read. */
	r = range_list_copy(crash, &res);
	if (r < 0)
		return r;
	r = range_list_subtract(&res, hdr_start, hdr_end);
	if (r < 0)
		return r;
	r = add_ranges(&m, &res, MEMMAP_RAM, PAGE_SIZE);
	if (r < 0)
		return r;

	qsort(m.e, m.n, sizeof(m.e[0]), cmp_entry);
	*ret = m;
	m = (struct memmap)MEMMAP_INIT;
	return 0;
}

int crash_does_not_fit(struct diag *d, uint64_t kernel, uint64_t initrd, uint64_t have)
{
	if (initrd)
		return diag_fail(d, -EADDRNOTAVAIL, "the crash kernel (%llu MiB) and initrd (%llu MiB) "
				 "do not fit the %llu MiB reserved by crashkernel=; raise crashkernel= "
				 "or use a smaller initrd", mib_up(kernel), mib_up(initrd),
				 (unsigned long long)(have >> 20));
	return diag_fail(d, -EADDRNOTAVAIL, "the crash kernel (%llu MiB) does not fit the %llu MiB "
			 "reserved by crashkernel=; raise crashkernel=", mib_up(kernel),
			 (unsigned long long)(have >> 20));
}
