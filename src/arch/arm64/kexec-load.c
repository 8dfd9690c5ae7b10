// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec_load on arm64: the image's loader places the kernel, initrd and device tree, we add the
 * purgatory that checks them and enters the kernel with x0 = the device tree, and hand the list
 * to the kernel, which copies it into place at exec time. Debian's arm64 kernels have no
 * CONFIG_KEXEC_FILE, so this is the path -a takes there.
 */
#define LOG_PREFIX "kexec-load: "
#include <elf.h>
#include <linux/kexec.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot-env.h"
#include "crash-headers.h"
#include "crash-mem.h"
#include "crash-sysfs.h"
#include "elfcore.h"
#include "image-header.h"
#include "kexec-load.h"
#include "kexec-uapi.h"
#include "log.h"
#include "options.h"
#include "plan.h"
#include "purgatory-blob.h"

/* The kernel's kexec_file aligns the core headers to the largest page size arm64 has. */
#define ELFCORE_ALIGN_ARM64 0x10000ULL

/* Where segments may go: RAM, minus what the running kernel keeps, minus the crash
 * reservation (a loaded crash kernel lives there). */
static int set_available(struct kexec_plan *plan, const struct arm64_boot_env *env,
			 const struct arch_load_request *a)
{
	int r;

	for (size_t i = 0; i < env->ram.n; i++) {
		r = range_list_add(&plan->avail, env->ram.r[i].start, env->ram.r[i].end);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < env->busy.n; i++) {
		r = range_list_subtract(&plan->avail, env->busy.r[i].start, env->busy.r[i].end);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < env->crash.n; i++) {
		r = range_list_subtract(&plan->avail, env->crash.r[i].start, env->crash.r[i].end);
		if (r < 0)
			return r;
	}
	range_list_clip(&plan->avail, a->mem_min, a->mem_max);
	return 0;
}

/* What the kernel needs in memory, as far as the request shows it. */
static uint64_t kernel_mem_size(const struct arch_load_request *req)
{
	struct image_info info = {};
	struct arm64_image h;

	if (arm64_image_parse(req->kernel, req->kernel_size, &h, &info) == 0)
		return h.text_offset + h.image_size;
	return req->kernel_size; /* a container: at least its size */
}

static int explain_no_room(const struct arch_load_request *req, const struct kexec_plan *plan,
			   struct diag *d)
{
	uint64_t largest = 0;

	for (size_t i = 0; i < plan->avail.n; i++)
		largest = MAX(largest, range_size(&plan->avail.r[i]));
	return diag_fail(d, -EADDRNOTAVAIL,
		 "no room in memory for the %s image's segments%s: the kernel needs %llu MiB on a "
		 "2 MiB boundary and the initrd %llu MiB above it, in RAM of which kexec_load may "
		 "use %llu MiB (%llu MiB in one piece at most)", req->ops->name,
		 req->mem_max != UINT64_MAX || req->mem_min ? " within --mem-min/--mem-max" : "",
		 mib_up(kernel_mem_size(req)), mib_up(req->initrd_size),
		 (unsigned long long)(range_list_total(&plan->avail) >> 20),
		 (unsigned long long)(largest >> 20));
}

struct crash_load {
	struct crash_sysfs sys;
	struct range load; /* the reservation the segments go in */
};

static void crash_load_done(struct crash_load *c)
{
	crash_sysfs_done(&c->sys);
}

/*
 * kdump: every segment goes into the reservation (kexec_load refuses a crash segment anywhere
 * else), plus the ELF core headers the capture kernel's /proc/vmcore starts from, placed at the
 * top (the kernel goes lowest). The capture kernel learns both from /chosen
 * (linux,elfcorehdr, linux,usable-memory-range), not from its command line.
 *
 * The headers describe all System RAM but the reservations, as the kernel's arm64 kexec_file
 * does; unlike x86, arm64 keeps nothing special below 1 MiB.
 */
static int crash_prepare(int rootfd, struct kexec_plan *plan, const struct arm64_boot_env *env,
			 const struct arch_load_request *a, struct crash_load *c,
			 struct arm64_load_ctx *ctx, struct diag *d)
{
	_cleanup_(range_list_done) struct range_list dump = RANGE_LIST_INIT;
	const struct elfcore_layout layout = {
		.machine = arch_dump_arm64.elf_machine,
		.image_base = arch_dump_arm64.image_base,
	};
	const struct placement where = {
		.align = MAX(ELFCORE_ALIGN_ARM64, env->page_size),
		.min = a->mem_min,
		.max = a->mem_max,
		.top_down = true,
	};
	uint64_t hdr;
	size_t size;
	int r;

	if (crash_mem_load_range(&env->crash, &c->load) < 0)
		return diag_fail(d, -EADDRNOTAVAIL, "no memory is reserved for a crash kernel (no "
				 "\"Crash kernel\" in /proc/iomem); boot with crashkernel=512M");
	r = crash_state_read(rootfd, &layout, &c->sys, "; use a kernel with CONFIG_PROC_KCORE", d);
	if (r < 0)
		return r;

	r = range_list_add(&plan->avail, c->load.start, c->load.end);
	for (size_t i = 0; r >= 0 && i < env->busy.n; i++)
		r = range_list_subtract(&plan->avail, env->busy.r[i].start, env->busy.r[i].end);
	if (r < 0)
		return r;
	range_list_clip(&plan->avail, a->mem_min, a->mem_max);

	/* All RAM but the reservations: unlike x86, arm64 keeps nothing special below 1 MiB. */
	r = range_list_copy(&c->sys.ram, &dump);
	for (size_t i = 0; r >= 0 && i < c->sys.crash.n; i++)
		r = range_list_subtract(&dump, c->sys.crash.r[i].start, c->sys.crash.r[i].end);
	if (r < 0)
		return r;
	r = crash_headers_add(plan, &layout, &c->sys, &dump, &where, a->elfcorehdr_size, &hdr,
			      &size, d);
	if (r == -EADDRNOTAVAIL && diag_empty(d))
		return crash_does_not_fit(d, kernel_mem_size(a), a->initrd ? a->initrd_size : 0,
					  range_size(&c->load));
	if (r < 0)
		return r;
	ctx->elfcorehdr = hdr;
	ctx->elfcorehdr_size = size;
	log_debug("crash: reservation 0x%llx-0x%llx, ELF headers at 0x%llx (%zu bytes, %zu RAM "
		  "ranges), linear map offset 0x%llx", (unsigned long long)c->load.start,
		  (unsigned long long)c->load.end, (unsigned long long)hdr, size, dump.n,
		  (unsigned long long)c->sys.map.page_offset);
	return 0;
}

int arm64_kexec_load(int rootfd, const struct arch_load_request *req, struct diag *d)
{
	_cleanup_(plan_done) struct kexec_plan plan;
	_cleanup_(crash_load_done) struct crash_load crash = {};
	const struct arm64_options *o = arm64_options(req->opts);
	struct arm64_boot_env env = {};
	struct diag dt_why = {};
	struct arm64_load_ctx ctx = { .env = &env, .why = &dt_why };
	struct image_load_args args = arch_image_load_args(req, &ctx);
	struct image_entry entry = {};
	struct purgatory_load pl;
	uint64_t console;
	int r;

	diag_clear(d);
	plan_init(&plan);

	r = arm64_boot_env_read(rootfd, o->dtb, &env, d);
	if (r < 0)
		return r;
	console = env.console;
	if (o->serial) {
		r = arm64_console_from_tty(rootfd, o->serial, &console, d);
		if (r < 0)
			goto out;
	}

	if (req->crash)
		r = crash_prepare(rootfd, &plan, &env, req, &crash, &ctx, d);
	else
		r = set_available(&plan, &env, req);
	if (r < 0)
		goto out;

	r = req->ops->load(&plan, &args, &entry);
	if (r < 0) {
		if (!diag_empty(&dt_why))
			diag_set(d, "%s", dt_why.msg);
		else if (r == -EADDRNOTAVAIL && req->crash)
			r = crash_does_not_fit(d, kernel_mem_size(req), req->initrd ?
					       req->initrd_size : 0, range_size(&crash.load));
		else if (r == -EADDRNOTAVAIL)
			r = explain_no_room(req, &plan, d);
		else
			diag_set(d, "building the %s image's segments failed: %s", req->ops->name,
				 strerror(-r));
		goto out;
	}

	pl = (struct purgatory_load){
		.elf = arch_arm64.purgatory,
		.elf_end = arch_arm64.purgatory_end,
		.machine = arch_arm64.elf_machine,
		.where = {
			.align = env.page_size,
			.min = req->mem_min,
			.max = req->mem_max,
			.top_down = true,
		},
		.entry = entry.entry,
		.arg = entry.arg,
		.console = console,
		.flags = (req->verify ? PURGATORY_VERIFY : 0) |
			 (req->verbose || o->serial ? PURGATORY_VERBOSE : 0),
		.kexec_flags = (req->crash ? KEXEC_ON_CRASH : 0) | arch_arm64.kexec_arch |
			       (req->elfcorehdr_size ? KEXEC_UPDATE_ELFCOREHDR : 0) |
			       (req->verbose ? KEXEC_DEBUG : 0),
		.busy_ms = req->busy_ms,
		.corrupt_segment = req->corrupt_segment,
		.dry_run = req->dry_run,
	};
	r = purgatory_load(&plan, &pl, d);
	if (r == -EADDRNOTAVAIL && diag_empty(d)) {
		if (req->crash)
			r = crash_does_not_fit(d, kernel_mem_size(req), req->initrd ?
					       req->initrd_size : 0, range_size(&crash.load));
		else
			diag_set(d, "no room in memory for the purgatory");
	}
out:
	arm64_boot_env_done(&env);
	return r;
}
