// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec_load on x86_64: the image's loader places its segments, we add the purgatory that checks
 * them, and hand the whole list to the kernel, which copies it into place at exec time.
 */
#define LOG_PREFIX "kexec-load: "
#include <inttypes.h>
#include <linux/kexec.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot-env.h"
#include "bzimage.h"
#include "crash-mem.h"
#include "crash-sysfs.h"
#include "elfcore.h"
#include "hash-regions.h"
#include "kexec-load.h"
#include "log.h"
#include "plan.h"
#include "purgatory-blob.h"
#include "sha256.h"
#include "syscalls.h"

#define LOW_MEMORY_END 0x100000ULL
#define FOUR_GIB 0x100000000ULL
#define COM1 0x3f8

/* Where segments may go: RAM, minus the crash reservation (a loaded crash kernel lives there). */
static int set_available(struct kexec_plan *plan, const struct x86_boot_env *env,
			 const struct image_load_args *a)
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
	range_list_clip(&plan->avail, MAX(a->mem_min, LOW_MEMORY_END), a->mem_max);
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

#define MIB(x) ((unsigned long long)(((x) + (1ULL << 20) - 1) >> 20))

/* What the kernel needs in memory: a bzImage decompresses into init_size bytes. */
static uint64_t kernel_mem_size(const struct x86_load_request *req)
{
	struct image_info info = {};
	struct setup_header h;

	if (req->ops == &bzimage64_ops &&
	    bzimage_parse_header(req->args.kernel, req->args.kernel_size, &h, &info) == 0)
		return MAX((uint64_t)h.init_size, (uint64_t)h.syssize * 16);
	return req->args.kernel_size;
}

/* Why the image's segments found no room: what they need against the RAM they may use. */
static void explain_no_room_normal(const struct x86_load_request *req,
				   const struct kexec_plan *plan, char *why, size_t whylen)
{
	uint64_t largest = 0;

	for (size_t i = 0; i < plan->avail.n; i++)
		largest = MAX(largest, range_size(&plan->avail.r[i]));
	snprintf(why, whylen,
		 "no room in memory for the %s image's segments%s: the kernel needs %llu MiB and the "
		 "initrd %llu MiB, in RAM of which kexec_load may use %llu MiB (%llu MiB in one "
		 "piece at most)", req->ops->name,
		 req->args.mem_max != UINT64_MAX || req->args.mem_min ? " within --mem-min/--mem-max" :
		 "", MIB(kernel_mem_size(req)), MIB((uint64_t)req->args.initrd_size),
		 (unsigned long long)(range_list_total(&plan->avail) >> 20),
		 (unsigned long long)(largest >> 20));
}

/* Why a crash kernel found no room; returns the error to report: -EADDRNOTAVAIL (too small),
 * -EOPNOTSUPP (an image that cannot move into the reservation at all). */
static int explain_no_room(const struct x86_load_request *req, const struct crash_load *c,
			   const struct kexec_plan *plan, char *why, size_t whylen)
{
	uint64_t have = range_size(&c->load);
	bool kernel_placed = false, hdr_placed = false;

	for (size_t i = 0; i < plan->nr; i++) {
		kernel_placed |= strcmp(plan->seg[i].name, "kernel") == 0;
		hdr_placed |= strcmp(plan->seg[i].name, "elfcorehdr") == 0;
	}
	if (hdr_placed && !kernel_placed && req->ops != &bzimage64_ops) {
		/* An ELF vmlinux goes where it was linked, not where there is room. */
		snprintf(why, whylen, "%s images load at the physical address they were linked for, "
			 "outside the crash kernel reservation 0x%llx-0x%llx; use a bzImage as crash "
			 "kernel", req->ops->name, (unsigned long long)c->load.start,
			 (unsigned long long)c->load.end);
		return -EOPNOTSUPP;
	}
	if (c->load.start >= FOUR_GIB) {
		/* crashkernel=X,high: the purgatory and boot_params are placed below 4 GiB. */
		snprintf(why, whylen, "the crash kernel reservation 0x%llx-0x%llx is above 4 GiB "
			 "(crashkernel=,high), where kexec_load cannot place a crash kernel yet; use "
			 "-s, or reserve below 4 GiB",
			 (unsigned long long)c->load.start, (unsigned long long)c->load.end);
		return -EOPNOTSUPP;
	}
	if (req->args.initrd)
		snprintf(why, whylen, "the crash kernel (%llu MiB) and initrd (%llu MiB) do not fit the "
			 "%llu MiB reserved by crashkernel=; raise crashkernel= or use a smaller initrd",
			 MIB(kernel_mem_size(req)), MIB(req->args.initrd_size),
			 (unsigned long long)(have >> 20));
	else
		snprintf(why, whylen, "the crash kernel (%llu MiB) does not fit the %llu MiB reserved "
			 "by crashkernel=; raise crashkernel=", MIB(kernel_mem_size(req)),
			 (unsigned long long)(have >> 20));
	return -EADDRNOTAVAIL;
}

/*
 * kdump: every segment goes into the reservation (kexec_load refuses a crash segment anywhere
 * else), plus the ELF core headers the capture kernel's /proc/vmcore starts from; the capture
 * kernel gets the memory map the kernel's kexec_file gives it (crash-mem.h) and elfcorehdr= on
 * its command line. Nothing is copied at crash time: no backup region (crash-mem.h says why).
 */
static int crash_prepare(int rootfd, struct kexec_plan *plan, struct x86_boot_env *env,
			 struct x86_load_request *req, struct crash_load *c, char *why, size_t whylen)
{
	const struct image_load_args *a = &req->args;
	_cleanup_(range_list_done) struct range_list dump = RANGE_LIST_INIT;
	struct memmap map = MEMMAP_INIT;
	struct elfcore_input in;
	const char *failed = "?";
	uint64_t hdr;
	size_t size;
	void *buf;
	int r;

	r = crash_sysfs_read(rootfd, &c->sys, &failed);
	if (r < 0) {
		snprintf(why, whylen, "cannot read %s (%s), which the crash dump's ELF headers need%s",
			 failed, strerror(-r), strcmp(failed, "/proc/kcore") == 0 ?
			 "; use -s, or a kernel with CONFIG_PROC_KCORE" : "");
		return r;
	}
	r = crash_mem_load_range(&c->sys.crash, &c->load);
	if (r < 0) {
		snprintf(why, whylen, "no memory is reserved for a crash kernel (no \"Crash kernel\" in "
			 "/proc/iomem); boot with crashkernel=256M");
		return -EADDRNOTAVAIL;
	}
	r = range_list_add(&plan->avail, c->load.start, c->load.end);
	if (r < 0)
		return r;
	range_list_clip(&plan->avail, MAX(a->mem_min, LOW_MEMORY_END), a->mem_max);

	/* The headers' size does not depend on where they go: they lie inside the reservation,
	 * which the dump leaves out whole. */
	r = crash_mem_dump_ranges(&c->sys.ram, &c->sys.crash, 0, 0, &dump);
	if (r < 0)
		return r;
	in = (struct elfcore_input){
		.cpu_notes = c->sys.cpu_notes,
		.nr_cpu_notes = c->sys.nr_cpu_notes,
		.vmcoreinfo = c->sys.vmcoreinfo,
		.map = c->sys.map,
		.ram = &dump,
	};
	size = elfcore_size(&in);
	buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	r = elfcore_build(&in, buf, size);
	if (r < 0) {
		free(buf);
		snprintf(why, whylen, "building the crash dump's ELF headers failed: %s", strerror(-r));
		return r;
	}
	{
		/* At the top, out of the way of the kernel, which goes as low as it may. */
		struct placement p = {
			.memsz = size,
			.align = ELFCORE_ALIGN,
			.min = MAX(a->mem_min, LOW_MEMORY_END),
			.max = a->mem_max,
			.top_down = true,
		};

		r = plan_add(plan, "elfcorehdr", buf, size, true, &p, &hdr);
		if (r < 0) {
			free(buf);
			if (r == -EADDRNOTAVAIL)
				r = explain_no_room(req, c, plan, why, whylen);
			return r;
		}
	}

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

static int add_purgatory(struct kexec_plan *plan, const struct image_load_args *a,
			 struct purgatory_image *pimg, uint64_t *ret_addr)
{
	struct placement req = {
		.memsz = pimg->size,
		.align = 4096,
		.min = MAX(a->mem_min, LOW_MEMORY_END),
		.max = MIN(a->mem_max, FOUR_GIB),
		.top_down = true,
	};
	int r;

	r = plan_add(plan, "purgatory", pimg->buf, pimg->size, true, &req, ret_addr);
	if (r < 0)
		return r;
	/* Patched after hashing, so it cannot be covered by its own digest. */
	plan->seg[plan->nr - 1].unhashed = true;
	pimg->buf = NULL; /* the plan owns it now; params stay reachable through the segment */
	return 0;
}

static int fill_digests(const struct kexec_plan *plan, struct purgatory_params *pp)
{
	struct hash_span spans[KEXEC_SEGMENT_MAX];
	struct hash_region regions[PURGATORY_MAX_REGIONS];
	size_t n = 0, workers = hash_workers(), lanes = hash_lanes();
	int nr, r;

	for (size_t i = 0; i < plan->nr; i++) {
		const struct segment *s = &plan->seg[i];
		if (!s->unhashed)
			spans[n++] = (struct hash_span){ s->buf, s->bufsz, s->mem, s->memsz };
	}
	nr = hash_regions_split(spans, n, workers, lanes, regions, PURGATORY_MAX_REGIONS);
	if (nr < 0)
		return nr;
	r = hash_regions_compute(spans, regions, (size_t)nr, workers, lanes);
	if (r < 0)
		return r;
	for (int i = 0; i < nr; i++) {
		pp->regions[i].start = regions[i].mem;
		pp->regions[i].len = regions[i].len;
		memcpy(pp->regions[i].sha256, regions[i].sha256, SHA256_DIGEST_SIZE);
		log_debug("purgatory region %d: 0x%" PRIx64 "+0x%" PRIx64, i, regions[i].mem,
			  regions[i].len);
	}
	log_debug("hashed %d regions on up to %zu threads, %zu at a time each (%s)", nr, workers,
		  lanes, lanes > 1 ? "multi-buffer SIMD lanes" : "SHA-NI");
	pp->nr_regions = (uint32_t)nr;
	return 0;
}

/* The fault injection behind KEXEC_TEST_CORRUPT_SEGMENT: proves the purgatory's check bites. */
static int corrupt_segment(struct kexec_plan *plan, const char *name)
{
	for (size_t i = 0; i < plan->nr; i++) {
		struct segment *s = &plan->seg[i];
		uint8_t *copy;

		if (strcmp(s->name, name) != 0 || s->bufsz == 0)
			continue;
		copy = malloc(s->bufsz);
		if (!copy)
			return -ENOMEM;
		memcpy(copy, s->buf, s->bufsz);
		copy[s->bufsz / 2] ^= 0x01;
		if (s->owned)
			free((void *)s->buf);
		s->buf = copy;
		s->owned = true;
		log_notice("test hook: flipped a byte of segment '%s' after hashing", name);
		return 0;
	}
	return -ENOENT;
}

int x86_kexec_load(int rootfd, struct x86_load_request *req, char *why, size_t whylen)
{
	_cleanup_(plan_done) struct kexec_plan plan;
	_cleanup_(crash_load_done) struct crash_load crash = {};
	struct x86_boot_env env = {};
	const char *user_cmdline = req->args.cmdline;
	struct purgatory_image pimg = {};
	struct kexec_segment segs[KEXEC_SEGMENT_MAX];
	struct purgatory_params *pp;
	struct image_entry entry = {};
	uint64_t paddr;
	size_t nr;
	int r;

	why[0] = '\0';
	plan_init(&plan);
	if (!req->ops->load) {
		snprintf(why, whylen, "%s images load only through kexec_file_load", req->ops->name);
		return -EOPNOTSUPP;
	}

	r = x86_boot_env_read(rootfd, &env);
	if (r < 0) {
		snprintf(why, whylen, "cannot read the machine's memory map (/proc/iomem): %s",
			 strerror(-r));
		return r;
	}
	req->args.env = &env;

	if (req->args.crash) {
		r = crash_prepare(rootfd, &plan, &env, req, &crash, why, whylen);
		if (r < 0)
			goto out;
		req->args.cmdline = crash.cmdline;
	} else {
		r = set_available(&plan, &env, &req->args);
		if (r < 0)
			goto out;
	}

	r = req->ops->load(&plan, &req->args, &entry);
	if (r < 0) {
		if (r == -EADDRNOTAVAIL && req->args.crash)
			r = explain_no_room(req, &crash, &plan, why, whylen);
		else if (r == -EADDRNOTAVAIL)
			explain_no_room_normal(req, &plan, why, whylen);
		else
			snprintf(why, whylen, "building the %s image's segments failed: %s",
				 req->ops->name, strerror(-r));
		goto out;
	}

	r = purgatory_image_build_embedded(&pimg);
	if (r < 0) {
		snprintf(why, whylen, "the built-in purgatory is damaged (%s); rebuild kexec",
			 strerror(-r));
		goto out;
	}
	pp = purgatory_image_params(&pimg);
	r = add_purgatory(&plan, &req->args, &pimg, &paddr);
	if (r < 0) {
		free(pimg.buf);
		if (req->args.crash)
			r = explain_no_room(req, &crash, &plan, why, whylen);
		else
			snprintf(why, whylen, "no room below 4 GiB for the purgatory");
		goto out;
	}

	pp->entry = entry.rip;
	pp->rsi = entry.rsi;
	pp->serial_port = req->serial_port ? req->serial_port : COM1;
	pp->serial_baud = req->serial_baud;
	pp->flags = (req->verify ? PURGATORY_VERIFY : 0) | (req->verbose ? PURGATORY_VERBOSE : 0) |
		    (req->console_vga ? PURGATORY_CONSOLE_VGA : 0);
	if (req->verify) {
		r = fill_digests(&plan, pp);
		if (r < 0) {
			snprintf(why, whylen, "too many segments to check");
			goto out;
		}
	}
	if (req->corrupt_segment) {
		r = corrupt_segment(&plan, req->corrupt_segment);
		if (r < 0) {
			snprintf(why, whylen, "test hook: no segment '%s'", req->corrupt_segment);
			goto out;
		}
	}

	r = plan_validate(&plan, why, whylen);
	if (r < 0)
		goto out;
	plan_log(&plan);

	nr = plan_to_kexec_segments(&plan, segs);
	log_debug("kexec_load(entry 0x%llx (purgatory), %zu segments, flags 0x%x); kernel entry 0x%llx, "
		  "boot_params 0x%llx, SHA-256 checks %s", (unsigned long long)(paddr + pimg.entry_off),
		  nr, req->args.crash ? KEXEC_ON_CRASH : 0, (unsigned long long)entry.rip,
		  (unsigned long long)entry.rsi, req->verify ? "on" : "off (-i)");
	r = sys_kexec_load(paddr + pimg.entry_off, nr, segs, req->args.crash ? KEXEC_ON_CRASH : 0);
out:
	req->args.cmdline = user_cmdline; /* crash.cmdline goes with this frame */
	x86_boot_env_done(&env);
	return r;
}
