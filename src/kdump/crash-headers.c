// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crash-headers.h"
#include "macro.h"

int crash_state_read(int rootfd, const struct elfcore_layout *layout, struct crash_sysfs *ret,
		     const char *kcore_hint, struct diag *d)
{
	const char *failed = "?";
	int r;

	r = crash_sysfs_read(rootfd, layout, ret, &failed);
	if (r < 0)
		return diag_fail(d, r, "cannot read %s (%s), which the crash dump's ELF headers need%s",
				 failed, strerror(-r),
				 strcmp(failed, "/proc/kcore") == 0 ? kcore_hint : "");
	return 0;
}

int crash_headers_add(struct kexec_plan *plan, const struct elfcore_layout *layout,
		      const struct crash_sysfs *sys, const struct range_list *dump,
		      const struct placement *where, size_t hotplug_size, uint64_t *ret_addr,
		      size_t *ret_size, struct diag *d)
{
	struct elfcore_input in = {
		.layout = *layout,
		.cpu_notes = sys->cpu_notes,
		.nr_cpu_notes = sys->nr_cpu_notes,
		.vmcoreinfo = sys->vmcoreinfo,
		.map = sys->map,
		.ram = dump,
	};
	struct placement p = *where;
	size_t size = elfcore_size(&in);
	void *buf;
	int r;

	buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	r = elfcore_build(&in, buf, size);
	if (r < 0) {
		free(buf);
		return diag_fail(d, r, "building the crash dump's ELF headers failed: %s",
				 strerror(-r));
	}
	/*
	 * With hotplug the kernel writes its own headers over ours (kernel/crash_core.c, then the
	 * arch's handler), describing every possible CPU and up to CONFIG_CRASH_MAX_MEMORY_RANGES
	 * ranges; it refuses to when they would not fit the segment's memsz. It finds the segment
	 * as the last one whose first bytes are an ELF magic: ours is the only such segment (the
	 * kernel, initrd and purgatory are loaded as their contents, never as ELF files).
	 */
	p.memsz = ALIGN_UP((uint64_t)MAX(size, hotplug_size), MAX(p.align, (uint64_t)1));
	r = plan_add(plan, "elfcorehdr", buf, size, true, &p, ret_addr);
	if (r < 0) {
		free(buf);
		return r;
	}
	/* Rewritten after loading, so no digest taken now could match at crash time: the
	 * purgatory would refuse to boot the capture kernel after the first hotplug event. */
	if (hotplug_size)
		plan->seg[plan->nr - 1].unhashed = true;
	/* What the capture kernel must keep out of its RAM: all the kernel may write. */
	*ret_size = hotplug_size ? (size_t)p.memsz : size;
	return 0;
}
