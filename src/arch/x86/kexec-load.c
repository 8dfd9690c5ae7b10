// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec_load on x86_64: the image's loader places its segments, we add the purgatory that checks
 * them, and hand the whole list to the kernel, which copies it into place at exec time.
 */
#define LOG_PREFIX "kexec-load: "
#include <elf.h>
#include <linux/kexec.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot-env.h"
#include "boot-params.h"
#include "bzimage.h"
#include "crash-headers.h"
#include "crash-mem.h"
#include "crash-sysfs.h"
#include "elfcore.h"
#include "formats.h"
#include "kexec-load.h"
#include "kexec-uapi.h"
#include "log.h"
#include "options.h"
#include "plan.h"
#include "purgatory-blob.h"

/* Where segments may go: RAM, minus the crash reservation (a loaded crash kernel lives there). */
static int set_available(struct kexec_plan *plan, const struct x86_boot_env *env,
			 const struct arch_load_request *a)
{
	for (size_t i = 0; i < env->ram.n; i++) {
		int r = range_list_add(&plan->avail, env->ram.r[i].start, env->ram.r[i].end);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < env->crash.n; i++) {
		int r = range_list_subtract(&plan->avail, env->crash.r[i].start, env->crash.r[i].end);
		if (r < 0)
			return r;
	}
	/* The first MiB holds the BIOS data area, EBDA and real-mode trampolines. */
	range_list_clip(&plan->avail, MAX(a->mem_min, X86_LOW_MEMORY_END), a->mem_max);
	return 0;
}

/* What a crash load owns beyond the plan: the running kernel's state and the new command line. */
struct crash_load {
	struct crash_sysfs sys;
	struct range load;   /* the reservation the segments go in */
	char *cmdline;       /* the user's, plus elfcorehdr= */
};

static void crash_load_done(struct crash_load *c)
{
	crash_sysfs_done(&c->sys);
	free(c->cmdline);
}

/* What the kernel needs in memory: a bzImage decompresses into init_size bytes. */
static uint64_t kernel_mem_size(const struct arch_load_request *req)
{
	struct image_info info = {};
	struct setup_header h;

	if (req->ops == &bzimage64_ops &&
	    bzimage_parse_header(req->kernel, req->kernel_size, &h, &info) == 0)
		return MAX((uint64_t)h.init_size, (uint64_t)h.syssize * 16);
	return req->kernel_size;
}

/* Why the image's segments found no room: what they need against the RAM they may use. */
static int explain_no_room_normal(const struct arch_load_request *req,
				  const struct kexec_plan *plan, struct diag *d)
{
	uint64_t largest = 0;

	for (size_t i = 0; i < plan->avail.n; i++)
		largest = MAX(largest, range_size(&plan->avail.r[i]));
	return diag_fail(d, -EADDRNOTAVAIL,
		 "no room in memory for the %s image's segments%s: the kernel needs %llu MiB and the "
		 "initrd %llu MiB, in RAM of which kexec_load may use %llu MiB (%llu MiB in one "
		 "piece at most)", req->ops->name,
		 req->mem_max != UINT64_MAX || req->mem_min ? " within --mem-min/--mem-max" :
		 "", mib_up(kernel_mem_size(req)), mib_up(req->initrd_size),
		 (unsigned long long)(range_list_total(&plan->avail) >> 20),
		 (unsigned long long)(largest >> 20));
}

/* Why a crash kernel found no room; returns the error to report: -EADDRNOTAVAIL (too small),
 * -EOPNOTSUPP (an image that cannot move into the reservation at all). */
static int explain_no_room(const struct arch_load_request *req, const struct crash_load *c,
			   const struct kexec_plan *plan, struct diag *d)
{
	bool kernel_placed = false, hdr_placed = false;

	for (size_t i = 0; i < plan->nr; i++) {
		kernel_placed |= strcmp(plan->seg[i].name, "kernel") == 0;
		hdr_placed |= strcmp(plan->seg[i].name, "elfcorehdr") == 0;
	}
	if (hdr_placed && !kernel_placed && req->ops != &bzimage64_ops)
		/* An ELF vmlinux goes where it was linked, not where there is room. */
		return diag_fail(d, -EOPNOTSUPP, "%s images load at the physical address they were "
				 "linked for, outside the crash kernel reservation 0x%llx-0x%llx; use a "
				 "bzImage as crash kernel", req->ops->name,
				 (unsigned long long)c->load.start, (unsigned long long)c->load.end);
	return crash_does_not_fit(d, kernel_mem_size(req), req->initrd ? req->initrd_size : 0,
				  range_size(&c->load));
}

/*
 * kdump: every segment goes into the reservation (kexec_load refuses a crash segment anywhere
 * else), plus the ELF core headers the capture kernel's /proc/vmcore starts from; the capture
 * kernel gets the memory map the kernel's kexec_file gives it (crash-mem.h) and elfcorehdr= on
 * its command line. Nothing is copied at crash time: no backup region (crash-mem.h says why).
 */
static int crash_prepare(int rootfd, struct kexec_plan *plan, struct x86_boot_env *env,
			 const struct arch_load_request *a, struct crash_load *c, struct diag *d)
{
	_cleanup_(range_list_done) struct range_list dump = RANGE_LIST_INIT;
	struct memmap map = MEMMAP_INIT;
	const struct elfcore_layout layout = {
		.machine = arch_dump_x86_64.elf_machine,
		.image_base = arch_dump_x86_64.image_base,
	};
	/* At the top, out of the way of the kernel, which goes as low as it may. */
	const struct placement where = {
		.align = ELFCORE_ALIGN,
		.min = MAX(a->mem_min, X86_LOW_MEMORY_END),
		.max = a->mem_max,
		.top_down = true,
	};
	uint64_t hdr;
	size_t size;
	int r;

	r = crash_state_read(rootfd, &layout, &c->sys, "; use -s, or a kernel with CONFIG_PROC_KCORE",
			     d);
	if (r < 0)
		return r;
	r = crash_mem_load_range(&c->sys.crash, &c->load);
	if (r < 0)
		return diag_fail(d, -EADDRNOTAVAIL, "no memory is reserved for a crash kernel (no "
				 "\"Crash kernel\" in /proc/iomem); boot with crashkernel=256M");
	r = range_list_add(&plan->avail, c->load.start, c->load.end);
	if (r < 0)
		return r;
	range_list_clip(&plan->avail, MAX(a->mem_min, X86_LOW_MEMORY_END), a->mem_max);

	/* The headers' size does not depend on where they go: they lie inside the reservation,
	 * which the dump leaves out whole. x86 leaves out the first MiB too, as the kernel's
	 * kexec_file does. */
	r = crash_mem_dump_ranges(&c->sys.ram, &c->sys.crash, 0, 0, &dump);
	if (r < 0)
		return r;
	r = crash_headers_add(plan, &layout, &c->sys, &dump, &where, a->elfcorehdr_size, &hdr,
			      &size, d);
	if (r == -EADDRNOTAVAIL && diag_empty(d))
		return explain_no_room(a, c, plan, d);
	if (r < 0)
		return r;

	r = crash_mem_capture_map(&c->sys.iomem, &c->sys.crash, hdr, hdr + size, &map);
	if (r < 0)
		return r;
	/* The capture kernel's e820, in place of the firmware's: boot_params takes it from here. */
	memmap_done(&env->firmware_map);
	env->firmware_map = map;

	/* elfcorehdr=<KiB>K as kexec-tools writes it (kernel/crash_dump.c setup_elfcorehdr takes
	 * [size@]offset with memparse suffixes); the header is page aligned. The caller kept room
	 * for the longest one (KEXEC_CRASH_CMDLINE_RESERVE). */
	if (asprintf(&c->cmdline, "%s%selfcorehdr=%lluK", a->cmdline, a->cmdline[0] ? " " : "",
		     (unsigned long long)(hdr >> 10)) < 0) {
		c->cmdline = NULL;
		return -ENOMEM;
	}
	log_debug("crash: reservation 0x%llx-0x%llx, ELF headers at 0x%llx (%zu bytes, %zu RAM "
		  "ranges), PAGE_OFFSET 0x%llx, capture kernel map of %zu entries",
		  (unsigned long long)c->load.start, (unsigned long long)c->load.end,
		  (unsigned long long)hdr, size, dump.n, (unsigned long long)c->sys.map.page_offset,
		  env->firmware_map.n);
	return 0;
}

int x86_kexec_load(int rootfd, const struct arch_load_request *req, struct diag *d)
{
	_cleanup_(plan_done) struct kexec_plan plan;
	_cleanup_(crash_load_done) struct crash_load crash = {};
	const struct x86_options *o = x86_options(req->opts);
	struct x86_boot_env env = {};
	struct x86_load_ctx ctx = {
		.env = &env,
		.noefi = o->noefi,
		.reuse_video_type = o->reuse_video_type,
		.crash = req->crash,
	};
	struct image_load_args args = arch_image_load_args(req, &ctx);
	struct image_entry entry = {};
	struct purgatory_load pl;
	int r;

	diag_clear(d);
	plan_init(&plan);

	r = x86_boot_env_read(rootfd, &env);
	if (r < 0)
		return diag_fail(d, r, "cannot read the machine's memory map (/proc/iomem): %s",
				 strerror(-r));

	if (req->crash) {
		r = crash_prepare(rootfd, &plan, &env, req, &crash, d);
		if (r < 0)
			goto out;
		args.cmdline = crash.cmdline;
	} else {
		r = set_available(&plan, &env, req);
		if (r < 0)
			goto out;
	}

	r = req->ops->load(&plan, &args, &entry);
	if (r < 0) {
		if (r == -EADDRNOTAVAIL && req->crash)
			r = explain_no_room(req, &crash, &plan, d);
		else if (r == -EADDRNOTAVAIL)
			r = explain_no_room_normal(req, &plan, d);
		else
			diag_set(d, "building the %s image's segments failed: %s", req->ops->name,
				 strerror(-r));
		goto out;
	}

	/*
	 * The purgatory runs wherever it lies: relocate_kernel enters it in long mode with all RAM
	 * identity mapped (machine_kexec_64.c: init_pgtable maps every pfn_mapped range, the
	 * reservation included, and every segment), and it is position-independent (arch.mk
	 * refuses absolute relocations). So a crash load puts it anywhere in the reservation,
	 * above 4 GiB for crashkernel=,high, as the kernel's kexec_file does; other loads keep it
	 * below 4 GiB.
	 */
	pl = (struct purgatory_load){
		.elf = arch_x86_64.purgatory,
		.elf_end = arch_x86_64.purgatory_end,
		.machine = arch_x86_64.elf_machine,
		.where = {
			.align = PAGE_SIZE,
			.min = MAX(req->mem_min, X86_LOW_MEMORY_END),
			.max = req->crash ? req->mem_max : MIN(req->mem_max, SZ_4G),
			.top_down = true,
		},
		.entry = entry.entry,
		.arg = entry.arg,
		.console = o->serial_port,
		.console_baud = o->serial_baud,
		.flags = (req->verify ? PURGATORY_VERIFY : 0) |
			 (req->verbose || o->console_serial || o->console_vga ? PURGATORY_VERBOSE : 0) |
			 (o->console_vga ? PURGATORY_CONSOLE_VGA : 0),
		.kexec_flags = (req->crash ? KEXEC_ON_CRASH : 0) | arch_x86_64.kexec_arch |
			       (req->elfcorehdr_size ? KEXEC_UPDATE_ELFCOREHDR : 0) |
			       (req->verbose ? KEXEC_DEBUG : 0),
		.busy_ms = req->busy_ms,
		.corrupt_segment = req->corrupt_segment,
		.dry_run = req->dry_run,
	};
	r = purgatory_load(&plan, &pl, d);
	if (r == -EADDRNOTAVAIL && diag_empty(d)) {
		if (req->crash)
			r = explain_no_room(req, &crash, &plan, d);
		else
			diag_set(d, "no room below 4 GiB for the purgatory");
	}
out:
	x86_boot_env_done(&env);
	return r;
}
