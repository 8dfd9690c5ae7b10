// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Loading: check everything we can in userspace first (permission, files, image header, command
 * line length), so that the user gets a precise message and a kernel that is already loaded is
 * not disturbed by a request that was bound to fail; then one syscall.
 */
#include <assert.h>
#include <linux/kexec.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "check.h"
#include "cmdline.h"
#include "crash-mem.h"
#include "decompress.h"
#include "explain.h"
#include "fileio.h"
#include "image.h"
#include "kexec-uapi.h"
#include "kexec-state.h"
#include "load-record.h"
#include "load.h"
#include "log.h"
#include "syscalls.h"
#include "uki-load.h"
#include "units.h"

/* kexec_file_load reads at most INT_MAX bytes per file. */
#define INPUT_FILE_MAX 0x7fffffffULL
/*
 * kexec_file_load keeps room for the " elfcorehdr=0x...K" it would add to a crash kernel's command
 * line, on every load (measured on 6.1: cmdline_size 2047 takes at most 2016 bytes).
 */
#define FILE_LOAD_CMDLINE_RESERVE 30
/*
 * What a crash load through kexec_load appends: " elfcorehdr=<KiB>K", whose address takes at
 * most 17 digits (2^64 / 1024 < 10^17): 12 + 17 + 1.
 */
#define KEXEC_CRASH_CMDLINE_RESERVE 30

/* The longest command line (without its NUL) the kernel takes through the given syscall. */
static size_t cmdline_limit(const struct image_info *info, bool file_syscall, bool crash)
{
	/* boot.rst: cmdline_size excludes the NUL; kexec_file_load counts the NUL against it. */
	if (!file_syscall && !crash)
		return info->cmdline_max;
	if (!file_syscall)
		return info->cmdline_max < KEXEC_CRASH_CMDLINE_RESERVE ? 0 :
		       info->cmdline_max - KEXEC_CRASH_CMDLINE_RESERVE;
	if (info->cmdline_max < 1 + FILE_LOAD_CMDLINE_RESERVE)
		return 0;
	return info->cmdline_max - 1 - FILE_LOAD_CMDLINE_RESERVE;
}

struct load_request {
	const struct arch_ops *arch;
	const struct kexec_args *args;
	struct input_file kernel;
	struct input_file initrd;
	/*
	 * A compressed kernel file (vmlinux.gz...) decompressed into memory: the image to probe
	 * and load instead of kernel.map. NULL for the usual uncompressed file.
	 */
	void *decompressed;
	size_t decompressed_size;
	/* decompressed holds the kernel image unwrapped from a container (EFI zboot, an arm64
	 * ELF vmlinux): kexec_file_load gets it as a memfd, since the kernel opens no container. */
	bool unwrapped;
	/* KERNEL is a Unified Kernel Image: decompressed holds a copy of its .linux. */
	bool is_uki;
	struct uki_load uki;
	const struct image_ops *ops;
	struct image_info info;
	char *cmdline; /* NULL: none */
	/* The command line is too long for kexec_file_load but fits kexec_load. */
	bool too_long_for_file_load;
	/* For the load record (kexec --show): each initrd's size, the kernel file's SHA-256, and
	 * the syscall and flags of the last attempt (the record is written only if it worked). */
	uint64_t initrd_sizes[LOAD_RECORD_MAX_INITRDS];
	/* Each initrd part in load order: a file's path, or "UKI:.ucode" style for a section. */
	const char *initrd_names[LOAD_RECORD_MAX_INITRDS];
	size_t nr_initrd_parts;
	char *uki_part_names[2];
	char kernel_sha256[SHA256_DIGEST_SIZE * 2 + 1];
	const char *loaded_with;
	unsigned long loaded_flags;
	/* kexec --check: the policy read before the load's steps, which then stop short of each
	 * syscall and report on stdout; NULL for a real load. */
	struct check *check;
};

/* One line of the --check report; nothing on a real load. */
#define check_note(req, ...)                    \
	do {                                    \
		if ((req)->check)               \
			check_say((req)->check, __VA_ARGS__); \
	} while (0)

/* A UKI's .ucode and .initrd, --initrd and each --extra-initrd. */
#define MAX_INITRD_PARTS (2 + 1 + KEXEC_MAX_EXTRA_INITRDS)
static_assert(MAX_INITRD_PARTS <= LOAD_RECORD_MAX_INITRDS, "the load record holds every initrd");

static void load_request_done(struct load_request *req)
{
	input_file_done(&req->kernel);
	input_file_done(&req->initrd);
	free(req->decompressed);
	free(req->cmdline);
	uki_load_done(&req->uki);
	free(req->uki_part_names[0]);
	free(req->uki_part_names[1]);
}

/* The kernel image's bytes: decompressed if the file was compressed, else the file itself. */
static const void *kernel_image(const struct load_request *req, size_t *ret_len)
{
	if (req->decompressed) {
		*ret_len = req->decompressed_size;
		return req->decompressed;
	}
	*ret_len = req->kernel.size;
	return req->kernel.map;
}

static enum kexec_exit decompress_kernel(struct load_request *req)
{
	const struct kexec_args *a = req->args;
	const char *how;
	int r;

	how = image_compression(req->kernel.map, req->kernel.size);
	if (!how)
		return KEXEC_EXIT_OK;

	/* kexec_file_load reads the file itself, and the kernel decompresses nothing: refuse
	 * before spending seconds on decompressing. */
	if (a->syscall == SYSCALL_FILE) {
		log_error("kernel '%s' is %s-compressed: a compressed kernel file can only be loaded "
			  "with kexec_load; use -c or -a", a->kernel, how);
		return KEXEC_EXIT_USAGE;
	}

	r = image_decompress(req->kernel.map, req->kernel.size, IMAGE_DECOMPRESS_MAX,
			     &req->decompressed, &req->decompressed_size);
	switch (r) {
	case 0:
		log_debug("kernel %s: %s-compressed, %llu bytes decompressed to %zu", a->kernel, how,
			  (unsigned long long)req->kernel.size, req->decompressed_size);
		return KEXEC_EXIT_OK;
	case -EBADMSG:
		log_error("kernel '%s' is a %s file, but its compressed data is truncated or corrupt",
			  a->kernel, how);
		return KEXEC_EXIT_BAD_IMAGE;
	case -EFBIG:
		log_error("kernel '%s' is a %s file that decompresses to more than %llu MiB, "
			  "which is no kernel", a->kernel, how, IMAGE_DECOMPRESS_MAX >> 20);
		return KEXEC_EXIT_BAD_IMAGE;
	case -ENOMEM:
		log_error("out of memory decompressing kernel '%s'", a->kernel);
		return KEXEC_EXIT_RESOURCES;
	default:
		log_error_errno(r, "cannot decompress kernel '%s' (%s): %m", a->kernel, how);
		return KEXEC_EXIT_BAD_IMAGE;
	}
}

/*
 * A container format (EFI zboot, an arm64 ELF vmlinux): take the kernel image out of it and go
 * on with that, probed again (-t named the container, not what is inside).
 */
static enum kexec_exit unwrap_kernel(struct load_request *req)
{
	const struct kexec_args *a = req->args;
	const char *container = req->ops->name;
	struct diag why = {};
	const void *image;
	void *inner;
	size_t len, inner_len;
	int r;

	image = kernel_image(req, &len);
	r = req->ops->unwrap(image, len, IMAGE_DECOMPRESS_MAX, &inner, &inner_len, &why);
	if (r == -ENOMEM) {
		log_error("out of memory unpacking kernel '%s' (%s)", a->kernel, container);
		return KEXEC_EXIT_RESOURCES;
	}
	if (r < 0) {
		log_error("kernel '%s' is a %s file, but %s", a->kernel, container,
			  diag_empty(&why) ? strerror(-r) : why.msg);
		return KEXEC_EXIT_BAD_IMAGE;
	}
	free(req->decompressed);
	req->decompressed = inner;
	req->decompressed_size = inner_len;
	req->unwrapped = true;
	r = image_probe(req->arch->formats, inner, inner_len, NULL, &req->ops, &req->info);
	if (r < 0) {
		log_error("kernel '%s': the image inside its %s container cannot be loaded: %s",
			  a->kernel, container, req->info.why.msg);
		return KEXEC_EXIT_BAD_IMAGE;
	}
	log_debug("kernel %s: %s container of %zu bytes, unpacked: %s", a->kernel,
		  container, len, req->ops->name);
	return KEXEC_EXIT_OK;
}

/*
 * A Unified Kernel Image is loaded by its parts: from here on the kernel is a copy of its .linux
 * (a memfd for kexec_file_load, which takes no UKI), and open_initrd() and build_cmdline() take
 * its .ucode, .initrd and .cmdline.
 */
static enum kexec_exit open_uki(struct load_request *req)
{
	const struct kexec_args *a = req->args;
	const struct uki *u = &req->uki.parts;
	struct diag why = {};
	int r;

	r = uki_load_open(a->kernel, req->kernel.map, req->kernel.size, a->uki_profile, &req->uki,
			  &why);
	if (r == 0) {
		if (!a->uki_profile_given)
			return KEXEC_EXIT_OK;
		log_error("--uki-profile: kernel '%s' is not a Unified Kernel Image (no .linux "
			  "section); leave --uki-profile out", a->kernel);
		return KEXEC_EXIT_USAGE;
	}
	if (r == -ENOMEM)
		return log_error("out of memory reading UKI '%s'", a->kernel), KEXEC_EXIT_RESOURCES;
	if (r == -ERANGE) {
		log_error("UKI '%s': %s; see kexec --inspect %s", a->kernel, why.msg, a->kernel);
		return KEXEC_EXIT_USAGE;
	}
	if (r < 0) {
		log_error("UKI '%s' cannot be loaded: %s", a->kernel, why.msg);
		return KEXEC_EXIT_BAD_IMAGE;
	}
	req->decompressed = malloc(u->linux_.len);
	if (!req->decompressed)
		return log_error("out of memory reading UKI '%s'", a->kernel), KEXEC_EXIT_RESOURCES;
	memcpy(req->decompressed, u->linux_.data, u->linux_.len);
	req->decompressed_size = u->linux_.len;
	req->unwrapped = true;
	req->is_uki = true;

	log_debug("UKI %s: profile %u of %u; .linux %zu bytes%s%s%s", a->kernel, u->chosen,
		  u->nr_profiles ? u->nr_profiles : 1, u->linux_.len,
		  u->ucode.data ? ", .ucode" : "", u->initrd.data ? ", .initrd" : "",
		  u->cmdline.data ? ", .cmdline" : "");
	if (u->dtb.data)
		log_warning("UKI '%s': its .dtb section is not used; give the device tree with "
			    "--dtb where the architecture takes one", a->kernel);
	check_note(req, "kernel: UKI %s, profile %u: .linux%s%s%s, %u add-on%s", a->kernel,
		   u->chosen, u->ucode.data ? ", .ucode" : "", u->initrd.data ? ", .initrd" : "",
		   u->cmdline.data ? ", .cmdline" : "", req->uki.nr_addons,
		   req->uki.nr_addons == 1 ? "" : "s");
	/* What firmware + systemd's stub would have measured or checked, we do not. */
	log_debug("UKI %s: kexec_file_load verifies the signature of .linux only; the UKI's own "
		  "signature, its initrds, its command line and its add-ons are not checked",
		  a->kernel);
	check_note(req, "UKI: kexec_file_load checks the signature of .linux only, not the UKI's "
		   "initrds, command line or add-ons");
	return KEXEC_EXIT_OK;
}

static enum kexec_exit open_kernel(struct load_request *req)
{
	const struct kexec_args *a = req->args;
	enum kexec_exit e;
	const void *image;
	size_t len;
	int r;

	if (a->type && !image_find_type(req->arch->formats, a->type)) {
		const struct image_ops *const *formats = req->arch->formats;
		char known[128] = "";

		for (size_t i = 0; formats[i]; i++)
			snprintf(known + strlen(known), sizeof(known) - strlen(known), "%s%s",
				 i ? ", " : "", formats[i]->name);
		log_error("unknown image type '%s'; this kexec knows: %s", a->type, known);
		return KEXEC_EXIT_USAGE;
	}
	r = input_file_open(a->kernel, INPUT_FILE_MAX, &req->kernel);
	if (r < 0)
		return explain_file_error(r, "kernel", a->kernel);
	if (req->kernel.size == 0) {
		log_error("kernel '%s' is an empty file; give a kernel image (e.g. /boot/vmlinuz-...)",
			  a->kernel);
		return KEXEC_EXIT_BAD_IMAGE;
	}

	e = open_uki(req);
	if (e != KEXEC_EXIT_OK)
		return e;
	if (!req->is_uki) {
		e = decompress_kernel(req);
		if (e != KEXEC_EXIT_OK)
			return e;
	}
	image = kernel_image(req, &len);

	r = image_probe(req->arch->formats, image, len, a->type, &req->ops, &req->info);
	if (r < 0) {
		log_error("kernel '%s' cannot be loaded: %s", a->kernel, req->info.why.msg);
		return KEXEC_EXIT_BAD_IMAGE;
	}
	if (req->ops->unwrap) {
		e = unwrap_kernel(req);
		if (e != KEXEC_EXIT_OK)
			return e;
		/* From here on the kernel is the unpacked image: its size, not the container's. */
		kernel_image(req, &len);
	}
	check_note(req, "kernel: %s: %s%s%s, %zu bytes%s", a->kernel, req->ops->name,
		   req->info.version[0] ? ", " : "", req->info.version, len,
		   req->decompressed ? (req->unwrapped ? " (unpacked)" : " (decompressed)") : "");
	if (req->info.protocol)
		log_debug("kernel %s: %s, boot protocol %u.%02u, %zu bytes, command line up to %u bytes",
			  a->kernel, req->ops->name, req->info.protocol >> 8,
			  req->info.protocol & 0xff, len, req->info.cmdline_max);
	else
		log_debug("kernel %s: %s, %zu bytes, command line up to %u bytes", a->kernel,
			  req->ops->name, len, req->info.cmdline_max);
	return KEXEC_EXIT_OK;
}

/*
 * A UKI's .ucode and .initrd (microcode first, as systemd's stub passes them), --initrd, then
 * each --extra-initrd, as one file (a memfd) both syscalls take as they are.
 */
static enum kexec_exit open_initrds(struct load_request *req)
{
	const struct kexec_args *a = req->args;
	const struct uki *u = &req->uki.parts;
	struct concat_part parts[MAX_INITRD_PARTS];
	const struct uki_part *sections[2] = { &u->ucode, &u->initrd };
	size_t n = 0, bad;
	int r;

	for (size_t i = 0; req->is_uki && i < 2; i++) {
		/* An empty section is no initrd: skipped, not refused like an empty file. */
		if (!sections[i]->data || sections[i]->len == 0)
			continue;
		if (asprintf(&req->uki_part_names[i], "%s:%s", a->kernel,
			     i == 0 ? ".ucode" : ".initrd") < 0) {
			req->uki_part_names[i] = NULL;
			return log_error("out of memory"), KEXEC_EXIT_RESOURCES;
		}
		parts[n++] = (struct concat_part){ .path = req->uki_part_names[i],
						   .buf = sections[i]->data,
						   .len = sections[i]->len };
	}
	if (a->initrd)
		parts[n++] = (struct concat_part){ .path = a->initrd };
	for (size_t i = 0; i < a->nr_extra_initrds; i++)
		parts[n++] = (struct concat_part){ .path = a->extra_initrds[i] };
	if (n == 0)
		return KEXEC_EXIT_OK;
	r = input_file_concat_parts(parts, n, INPUT_FILE_MAX, &req->initrd, &bad,
				    req->initrd_sizes);
	if (r == -ENODATA) {
		log_error("initrd '%s' is an empty file; give an initramfs image or leave it out",
			  parts[bad].path);
		return KEXEC_EXIT_FILE;
	}
	if (r < 0 && bad < n)
		return explain_file_error(r, "initrd", parts[bad].path);
	if (r < 0) {
		log_error_errno(r, "cannot put %zu initrds together in memory: %m", n);
		return KEXEC_EXIT_RESOURCES;
	}
	for (size_t i = 0; i < n; i++)
		req->initrd_names[i] = parts[i].path;
	req->nr_initrd_parts = n;
	check_note(req, "initrd: %zu parts, %llu MiB in all", n, mib_up(req->initrd.size));
	log_debug("%zu initrds, %llu bytes in all (each padded to 4 bytes)", n,
		  (unsigned long long)req->initrd.size);
	return KEXEC_EXIT_OK;
}

/*
 * A newc cpio archive holding only its trailer: an initramfs with nothing in it. 110 bytes of
 * header (magic, then 13 fields of 8 hex digits: nlink 1, namesize 11, the rest 0), the name
 * with its NUL, and zeros up to a multiple of 4.
 */
static const char empty_initramfs[124] = "070701"
	"00000000" "00000000" "00000000" "00000000" "00000001" "00000000" "00000000"
	"00000000" "00000000" "00000000" "00000000" "0000000b" "00000000"
	"TRAILER!!!";

/*
 * Without an initrd of ours, a new kernel on EFI firmware takes the one the LINUX_EFI_INITRD_MEDIA
 * configuration table names. That table was installed by the running kernel's EFI stub at boot
 * and still points at the running kernel's initrd, in memory it has long since reused. Seen in
 * VM no-initrd-stale-efi with Debian's 6.1 as both kernels: once stage 1 has dirtied its memory,
 * stage 2 panics "Cannot find place for new RAMDISK of size -1892887744", through
 * kexec_file_load exactly as through kexec_load. An empty initramfs of our own is what stops the
 * new kernel from looking at the table, and boots it as no initrd at all would.
 */
static enum kexec_exit use_empty_initramfs(struct load_request *req, int rootfd)
{
	_cleanup_free_ char *ima = NULL;
	int r;

	if (faccessat(rootfd, "sys/firmware/efi", F_OK, 0) < 0)
		return KEXEC_EXIT_OK;
	/* Where IMA appraises kexec initrds, our unsigned memfd would make kexec_file_load refuse
	 * a load that works without one: then the stale table stays the kernel's problem. */
	if (kexec_state_ima_policy(rootfd, &ima) >= 0 &&
	    ima_policy_appraises(ima, "KEXEC_INITRAMFS_CHECK", NULL) > 0) {
		log_debug("no initrd given: no empty initramfs either, IMA appraises kexec initrds");
		return KEXEC_EXIT_OK;
	}
	r = input_file_from_buffer("kexec-empty-initramfs", empty_initramfs,
				   sizeof(empty_initramfs), &req->initrd);
	if (r < 0)
		return log_error_errno(r, "cannot make an empty initramfs in memory: %m"),
		       KEXEC_EXIT_RESOURCES;
	check_note(req, "initrd: none given; an empty initramfs (%zu bytes) goes in its place, so that "
		   "the new kernel does not take the stale one the EFI INITRD table names",
		   sizeof(empty_initramfs));
	log_debug("no initrd given on an EFI machine: passing an empty initramfs (%zu bytes) so "
		  "that the new kernel ignores the EFI INITRD table left by this kernel's boot",
		  sizeof(empty_initramfs));
	return KEXEC_EXIT_OK;
}

static enum kexec_exit open_initrd(struct load_request *req, int rootfd)
{
	const char *path = req->args->initrd;
	enum kexec_exit e;
	int r;

	if (req->args->nr_extra_initrds || (req->is_uki && (req->uki.parts.ucode.len ||
							    req->uki.parts.initrd.len))) {
		e = open_initrds(req);
		if (e != KEXEC_EXIT_OK || req->initrd.fd >= 0)
			return e;
	}
	if (!path)
		return use_empty_initramfs(req, rootfd);
	r = input_file_open(path, INPUT_FILE_MAX, &req->initrd);
	if (r < 0)
		return explain_file_error(r, "initrd", path);
	if (req->initrd.size == 0) {
		log_error("initrd '%s' is an empty file; give an initramfs image or leave --initrd out",
			  path);
		return KEXEC_EXIT_FILE;
	}
	req->initrd_sizes[0] = req->initrd.size;
	req->initrd_names[0] = path;
	req->nr_initrd_parts = 1;
	check_note(req, "initrd: %s, %llu MiB", path, mib_up(req->initrd.size));
	log_debug("initrd %s: %llu bytes", path, (unsigned long long)req->initrd.size);
	return KEXEC_EXIT_OK;
}

static enum kexec_exit build_cmdline(struct load_request *req, int rootfd)
{
	const struct kexec_args *a = req->args;
	_cleanup_free_ char *current = NULL, *uki_cmdline = NULL;
	size_t len;
	int r;

	if (a->reuse_cmdline) {
		r = cmdline_for_reuse(rootfd, a->crash, &current);
		if (r < 0) {
			log_error_errno(r, "--reuse-cmdline: cannot read /proc/cmdline: %m; is /proc mounted?");
			return KEXEC_EXIT_FILE;
		}
	}
	/* A UKI's .cmdline is its default, as at a firmware boot; --append or --reuse-cmdline
	 * replace it. Its add-ons' command lines come after either. */
	if (req->is_uki && (!a->append || a->uki_append_adds) && !a->reuse_cmdline &&
	    req->uki.parts.cmdline.data) {
		const struct uki_part *c = &req->uki.parts.cmdline;

		uki_cmdline = strndup(c->data, uki_cmdline_len(c));
		if (!uki_cmdline)
			return log_error("out of memory"), KEXEC_EXIT_RESOURCES;
		log_debug("command line from the UKI's .cmdline");
	}
	if (uki_cmdline && a->append) {
		/* --boot-entry's UKI: its .cmdline, then --append (current is NULL here). */
		r = cmdline_join(uki_cmdline, a->append, &req->cmdline);
	} else {
		r = cmdline_join(current, a->append ? a->append : uki_cmdline, &req->cmdline);
	}
	if (r >= 0 && req->is_uki && req->uki.addon_cmdline) {
		_cleanup_free_ char *base = TAKE_PTR(req->cmdline);

		r = cmdline_join(base, req->uki.addon_cmdline, &req->cmdline);
		log_debug("%u UKI add-on%s add \"%s\"", req->uki.nr_addons,
			  req->uki.nr_addons == 1 ? "" : "s", req->uki.addon_cmdline);
	}
	if (r < 0)
		return log_error_errno(r, "out of memory"), KEXEC_EXIT_RESOURCES;

	len = strlen(req->cmdline);
	if (req->info.cmdline_max > 0) {
		/* -a can always fall back to kexec_load, whose limit is the larger one. */
		size_t file_max = cmdline_limit(&req->info, true, a->crash);
		size_t max = a->syscall == SYSCALL_FILE ? file_max :
			     cmdline_limit(&req->info, false, a->crash);

		if (len > max) {
			log_error("the command line is %zu bytes, but this kernel accepts at most %zu%s; "
				  "shorten --append", len, max,
				  a->syscall == SYSCALL_FILE ? " through kexec_file_load" : "");
			return KEXEC_EXIT_CMDLINE;
		}
		check_note(req, "command line: %zu bytes; this kernel takes %zu through kexec_file_load, "
			   "%zu through kexec_load", len, file_max,
			   cmdline_limit(&req->info, false, a->crash));
		if (len > file_max && a->syscall == SYSCALL_AUTO) {
			log_debug("the command line is too long for kexec_file_load (at most %zu bytes); "
				  "using kexec_load", file_max);
			req->too_long_for_file_load = true;
		}
	}
	log_debug("command line (%zu bytes): \"%s\"", len, req->cmdline);
	return KEXEC_EXIT_OK;
}

/* kexec_file_load; on success *ret_flags holds the flags the kernel took. */
static int file_load(const struct load_request *req, unsigned long *ret_flags)
{
	const struct kexec_args *a = req->args;
	_cleanup_close_ int memfd = -1;
	unsigned long flags = 0, optional[2], extra;
	int initrd_fd = -1, kernel_fd = req->kernel.fd;
	int r;

	if (req->unwrapped) {
		memfd = memfd_from_buffer("kexec-kernel", req->decompressed, req->decompressed_size);
		if (memfd < 0)
			return memfd;
		kernel_fd = memfd;
		log_debug("kernel %s: the unpacked %s (%zu bytes) goes to kexec_file_load as memfd %d",
			  a->kernel, req->ops->name, req->decompressed_size, memfd);
	}
	if (a->crash)
		flags |= KEXEC_FILE_ON_CRASH;
	if (req->initrd.fd >= 0)
		initrd_fd = req->initrd.fd;
	else
		flags |= KEXEC_FILE_NO_INITRAMFS;

	if (req->check) {
		/* What the kernel would read: the file, or the memfd holding the unpacked image. */
		size_t len;
		const void *image = req->unwrapped ? kernel_image(req, &len) : req->kernel.map;

		if (!req->unwrapped)
			len = req->kernel.size;
		*ret_flags = flags;
		return check_predict_file_load(req->check, image, len, kernel_fd, !req->unwrapped);
	}
	/*
	 * Flags that only ask (-d: the kernel's log; --no-cma: no CMA placement, which kernels
	 * before 6.17 never do anyway). A kernel older than a flag refuses it with EINVAL; the
	 * load must not fail for that, so each is dropped in turn, the newest first.
	 */
	optional[0] = a->no_cma ? KEXEC_FILE_NO_CMA : 0;
	optional[1] = a->debug ? KEXEC_FILE_DEBUG : 0;
	extra = optional[0] | optional[1];

	for (size_t i = 0;; i++) {
		log_debug("kexec_file_load(kernel fd %d, initrd fd %d, flags 0x%lx)", kernel_fd,
			  initrd_fd, flags | extra);
		*ret_flags = flags | extra;
		r = sys_kexec_file_load(kernel_fd, initrd_fd, req->cmdline, flags | extra,
					a->busy_ms);
		while (i < ARRAY_SIZE(optional) && !optional[i])
			i++;
		if (r != -EINVAL || i == ARRAY_SIZE(optional))
			return r;
		log_debug("the kernel refused flag 0x%lx (%s; too old for it); retrying without",
			  optional[i], optional[i] == KEXEC_FILE_NO_CMA ? "KEXEC_FILE_NO_CMA" :
			  "KEXEC_FILE_DEBUG");
		extra &= ~optional[i];
	}
}

/* kexec_file_load errors after which kexec_load may still succeed with the same image. */
static bool file_load_should_fall_back(int r)
{
	switch (r) {
	case -ENOSYS:     /* kernel without CONFIG_KEXEC_FILE */
	case -ENOEXEC:    /* it knows no loader for this image */
	case -EOPNOTSUPP: /* likewise, on some architectures */
	case -EINVAL:     /* a flag or image detail it does not handle */
		return true;
	default:
		/* Signature and lockdown refusals are final: kexec_load would only dodge them
		 * where the policy allows it, and must not be tried behind the user's back. */
		return false;
	}
}

/*
 * Fault injection, for tests only: the segment whose byte to flip after hashing, to prove that
 * the purgatory's check bites. The shipped kexec never flips anything and reads no environment
 * for it; build/kexec-fault links tests/fault/corrupt-segment.c, whose strong definition
 * replaces this one.
 */
__attribute__((weak)) const char *test_corrupt_segment(void)
{
	return NULL;
}

/*
 * How many bytes the running kernel needs for crash ELF core headers it rewrites itself on CPU
 * and memory hotplug; 0 when it does not (before 6.6, or without CONFIG_CRASH_HOTPLUG). The
 * file exists exactly when the kernel can (kernel/ksysfs.c); newer kernels moved it to
 * /sys/kernel/kexec/, leaving a link at the old place. /sys/devices/system/{cpu,memory}/
 * crash_hotplug are no use for this: since 6.10 they tell whether the *loaded* crash image
 * is updated, 0 before any load.
 */
static size_t crash_hotplug_size(int rootfd)
{
	static const char *const paths[] = { "sys/kernel/kexec/crash_elfcorehdr_size",
					     "sys/kernel/crash_elfcorehdr_size" };
	long v;

	for (size_t i = 0; i < ARRAY_SIZE(paths); i++)
		if (read_int_file_at(rootfd, paths[i], &v) == 0 && v > 0 && v <= (1L << 30))
			return (size_t)v;
	return 0;
}

/* The request for the architecture's kexec_load driver; a dry run under --check. */
static struct arch_load_request arch_request(const struct load_request *req, int rootfd)
{
	const struct kexec_args *a = req->args;
	size_t kernel_size;
	const void *kernel = kernel_image(req, &kernel_size);

	return (struct arch_load_request){
		.ops = req->ops,
		.kernel = kernel,
		.kernel_size = kernel_size,
		.initrd = req->initrd.map,
		.initrd_size = req->initrd.size,
		.cmdline = req->cmdline,
		.crash = a->crash,
		.mem_min = a->mem_min,
		/* --mem-max names the last usable byte, as in kexec-tools (its ranges end inclusive);
		 * the planner's ranges end exclusive. */
		.mem_max = a->mem_max == UINT64_MAX ? UINT64_MAX : a->mem_max + 1,
		.verify = !a->no_checks,
		.verbose = a->debug,
		.elfcorehdr_size = a->crash ? crash_hotplug_size(rootfd) : 0,
		.busy_ms = a->busy_ms,
		.opts = &a->arch,
		.dry_run = req->check != NULL,
		.corrupt_segment = test_corrupt_segment(),
	};
}

/* kexec_load with our purgatory: userspace places and hashes every segment. */
static enum kexec_exit segments_load(const struct load_request *req, int rootfd)
{
	const struct kexec_args *a = req->args;
	struct arch_load_request x = arch_request(req, rootfd);
	char what[4096 + 64]; /* a path as long as PATH_MAX, and the words around it */
	struct diag why = {};
	int r;

	if (!req->ops->load) {
		log_error("cannot load '%s' with kexec_load: %s images load only through "
			  "kexec_file_load; use -s", a->kernel, req->ops->name);
		return KEXEC_EXIT_BAD_IMAGE;
	}
	if (a->no_cma)
		log_warning("--no-cma: no effect with kexec_load, which never places segments in CMA "
			    "areas");
	if (a->crash && x.elfcorehdr_size)
		log_debug("crash hotplug: the kernel updates the ELF core headers itself "
			  "(KEXEC_UPDATE_ELFCOREHDR, %zu bytes kept for them)", x.elfcorehdr_size);
	else if (a->crash && a->hotplug)
		log_warning("--hotplug: this kernel cannot update a crash kernel's ELF core headers "
			    "on CPU or memory hotplug (it needs 6.6 or later with CONFIG_CRASH_HOTPLUG); "
			    "reload the crash kernel after hotplug instead");
	r = req->arch->kexec_load(rootfd, &x, &why);
	if (r >= 0 && req->check) {
		check_note(req, "kexec_load: every segment placed%s and checked", x.verify ?
			   ", hashed for the purgatory" : "");
		/* What the kernel checks before it looks at the segments. */
		r = req->check->policy.kexec_load_gates;
	}
	if (r >= 0) {
		log_debug("loaded %s as the %s kernel", a->kernel, a->crash ? "crash" : "next");
		return KEXEC_EXIT_OK;
	}
	if (!diag_empty(&why)) {
		log_error("cannot load '%s' with kexec_load: %s", a->kernel, why.msg);
		/* For a crash kernel "no room" means the reservation is too small. */
		if (a->crash && r == -EADDRNOTAVAIL)
			return KEXEC_EXIT_NO_CRASH_MEM;
		return r == -EADDRNOTAVAIL || r == -ENOMEM ? KEXEC_EXIT_RESOURCES :
		       r == -EOPNOTSUPP || r == -EBADMSG ? KEXEC_EXIT_BAD_IMAGE : KEXEC_EXIT_FAILED;
	}
	snprintf(what, sizeof(what), "loading '%s' with kexec_load", a->kernel);
	return explain_kernel_error(r, rootfd, what, false);
}

/*
 * segments_load(), noting for the load record which syscall and flags (those every
 * architecture's driver gives kexec_load) it uses; the record is written only if it succeeds.
 */
static enum kexec_exit load_with_segments(struct load_request *req, int rootfd)
{
	const struct input_file *f = &req->kernel;
	int r;

	/*
	 * The purgatory checks at boot the SHA-256 computed here, and the kernel copies the bytes
	 * later, from our buffers: a file rewritten in place between the two (a package upgrade
	 * writing /boot) would be booted as a mix, and the purgatory would halt the machine. Our
	 * own copy makes the bytes hashed the bytes copied. A decompressed kernel already is one.
	 */
	r = req->decompressed ? 0 : input_file_own(&req->kernel);
	if (r >= 0) {
		f = &req->initrd;
		r = input_file_own(&req->initrd);
	}
	if (r == -ESTALE) {
		log_error("the kernel or initrd file shrank while it was being read ('%s': is something "
			  "rewriting it?); nothing was loaded and a loaded kernel stays loaded; try again",
			  f->path);
		return KEXEC_EXIT_FILE;
	}
	if (r < 0) {
		log_error_errno(r, "cannot read '%s': %m; nothing was loaded and a loaded kernel stays "
				"loaded", f->path);
		return KEXEC_EXIT_FILE;
	}
	req->loaded_with = "kexec_load";
	req->loaded_flags = (req->args->crash ? KEXEC_ON_CRASH : 0) | req->arch->kexec_arch;
	if (req->args->crash && crash_hotplug_size(rootfd))
		req->loaded_flags |= KEXEC_UPDATE_ELFCOREHDR;
	return segments_load(req, rootfd);
}

/*
 * --check with -p through kexec_file_load: the kernel would place the segments in the
 * reservation itself and fail with EADDRNOTAVAIL if they do not fit. Our kexec_load planner
 * places the same kernel (its init_size), initrd, boot data, purgatory and ELF core headers, so
 * its "no room" stands for the kernel's; any other trouble of the planner is not the kernel's.
 */
static int file_load_crash_room(const struct load_request *req, int rootfd)
{
	struct arch_load_request x = arch_request(req, rootfd);
	struct diag why = {};
	int r;

	/* kexec_file_load takes none of kexec_load's placement options (load() warned). */
	x.mem_min = 0;
	x.mem_max = UINT64_MAX;
	x.verify = false;
	if (!req->ops->load)
		return 0;
	r = req->arch->kexec_load(rootfd, &x, &why);
	if (r == -EADDRNOTAVAIL) {
		check_note(req, "crash reservation: too small for what kexec_file_load places: %s",
			   why.msg);
		return r;
	}
	return 0;
}

/*
 * A crash kernel and initrd larger than the reservation cannot load through either syscall; say
 * so with both sizes before any syscall. Both syscalls unload the current crash kernel before
 * they even look at the new one (kernel/kexec.c do_kexec_load, kernel/kexec_file.c), so a
 * request bound to fail is better refused here: the loaded one stays. The files' sizes are a
 * lower bound (a bzImage needs its init_size); kexec_load's placement checks the rest.
 */
static enum kexec_exit check_crash_fits(const struct load_request *req, int rootfd)
{
	size_t kernel_size;
	long have;

	struct diag why;

	kernel_image(req, &kernel_size);
	if (read_int_file_at(rootfd, "sys/kernel/kexec_crash_size", &have) < 0 || have <= 0)
		return KEXEC_EXIT_OK; /* unknown; the preflight already refused "none" */
	if ((uint64_t)kernel_size + req->initrd.size <= (uint64_t)have)
		return KEXEC_EXIT_OK;
	crash_does_not_fit(&why, kernel_size, req->initrd.map ? req->initrd.size : 0,
			   (uint64_t)have);
	log_error("%s", why.msg);
	return KEXEC_EXIT_NO_CRASH_MEM;
}

/* A "Name:   N kB" field of /proc/meminfo's @text, in bytes; -ENOENT if absent or absurd. */
static int meminfo_field(const char *text, const char *name, uint64_t *ret)
{
	char key[32];
	unsigned long long kib;
	const char *p;

	/* Never the first line (MemTotal is), so the newline is always there. */
	snprintf(key, sizeof(key), "\n%s:", name);
	p = strstr(text, key);
	if (!p || sscanf(p + strlen(key), "%llu kB", &kib) != 1 || kib > (1ULL << 50))
		return -ENOENT;
	*ret = (uint64_t)kib << 10;
	return 0;
}

/*
 * Both syscalls copy every byte of the kernel and initrd into pages the kernel allocates
 * (kexec_file_load first reads both files into kernel buffers too), so a load larger than the
 * memory the kernel can still find is bound to fail, with a bare ENOMEM after seconds of
 * copying. Those allocations may reclaim: beyond MemAvailable the kernel can still push
 * anonymous memory to swap, so free swap counts too (a warning, not a refusal, since the
 * machine slows down while it swaps). Refuse only what neither can cover, naming the sizes.
 * The file sizes are a lower bound of what is needed; a crash load goes into its reservation
 * instead (check_crash_fits).
 */
static enum kexec_exit check_memory_fits(const struct load_request *req, int rootfd)
{
	_cleanup_free_ char *text = NULL;
	size_t kernel_size;
	uint64_t avail, swap = 0, need;

	kernel_image(req, &kernel_size);
	need = (uint64_t)kernel_size + req->initrd.size;
	if (read_virtual_file_at(rootfd, "proc/meminfo", 64 * 1024, &text, NULL) < 0 ||
	    meminfo_field(text, "MemAvailable", &avail) < 0) {
		log_debug("no MemAvailable in /proc/meminfo; not checking the load against free memory");
		return KEXEC_EXIT_OK;
	}
	(void)meminfo_field(text, "SwapFree", &swap);
	log_debug("the load needs at least %llu MiB; %llu MiB of memory is available, %llu MiB of "
		  "swap is free", mib_up(need), (unsigned long long)avail >> 20,
		  (unsigned long long)swap >> 20);
	if (need <= avail)
		return KEXEC_EXIT_OK;
	if (need - avail <= swap) {
		log_notice("the load needs at least %llu MiB but only %llu MiB of memory is available "
			   "(MemAvailable); the kernel will move about %llu MiB to swap while it loads",
			   mib_up(need), (unsigned long long)avail >> 20, mib_up(need - avail));
		return KEXEC_EXIT_OK;
	}
	if (req->initrd.map)
		log_error("the kernel (%llu MiB) and initrd '%s' (%llu MiB) need at least %llu MiB of "
			  "memory to load, but only %llu MiB is available (MemAvailable, plus %llu MiB "
			  "of free swap); use a smaller initrd or free memory", mib_up(kernel_size),
			  req->initrd.path, mib_up(req->initrd.size), mib_up(need),
			  (unsigned long long)avail >> 20, (unsigned long long)swap >> 20);
	else
		log_error("the kernel (%llu MiB) needs at least %llu MiB of memory to load, but only "
			  "%llu MiB is available (MemAvailable, plus %llu MiB of free swap); free memory",
			  mib_up(kernel_size), mib_up(need), (unsigned long long)avail >> 20,
			  (unsigned long long)swap >> 20);
	return KEXEC_EXIT_RESOURCES;
}

/*
 * The kernel and initrd are mapped, not read: a file truncated while we read it (something
 * rewriting /boot in place) raises SIGBUS at the first page past its new end. That can happen
 * only in our own reads, before the syscall (the kernel's copy from our mapping would fail
 * with EFAULT instead), so nothing has been loaded or unloaded yet: say that, not "Bus error".
 * A file removed or replaced meanwhile is no problem: every byte comes from the one open file.
 */
static void on_sigbus(int sig)
{
	static const char msg[] =
		"kexec: the kernel or initrd file shrank while it was being read (is something "
		"rewriting it?); nothing was loaded and a loaded kernel stays loaded; try again\n";

	(void)sig;
	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(KEXEC_EXIT_FILE);
}

/*
 * kexec_file_load places the segments, checks them with the kernel's purgatory, and builds
 * the boot data (boot_params, the device tree) itself. Options that change any of that only mean something with kexec_load, so
 * the default -a takes that path for them. Returns the first such option given, or NULL.
 */
static const char *kexec_load_only_option(const struct arch_ops *arch, const struct kexec_args *a)
{
	if (a->mem_min != 0 || a->mem_max != UINT64_MAX)
		return "--mem-min/--mem-max";
	if (a->no_checks)
		return "-i";
	return arch->kexec_load_only_option(&a->arch);
}

/* Everything from the checks to the syscall; the caller keeps the record of it. */
static enum kexec_exit load(struct load_request *req, int rootfd)
{
	const struct arch_ops *arch = req->arch;
	const struct kexec_args *a = req->args;
	char what[4096 + 64]; /* a path as long as PATH_MAX, and the words around it */
	const char *kexec_load_opt;
	struct sigaction sa = { .sa_handler = on_sigbus };
	enum kexec_exit e;
	int r;

	(void)sigaction(SIGBUS, &sa, NULL);
	if (req->check)
		check_policy_report(req->check);
	e = explain_preflight(rootfd, a->crash);
	if (e != KEXEC_EXIT_OK)
		return e;
	e = open_kernel(req);
	if (e != KEXEC_EXIT_OK)
		return e;
	e = open_initrd(req, rootfd);
	if (e != KEXEC_EXIT_OK)
		return e;
	e = build_cmdline(req, rootfd);
	if (e != KEXEC_EXIT_OK)
		return e;
	if (a->crash)
		e = check_crash_fits(req, rootfd);
	else
		e = check_memory_fits(req, rootfd);
	if (e != KEXEC_EXIT_OK)
		return e;

	/*
	 * The kernel file's SHA-256 for the load record, from the mapping the load reads anyway.
	 * Before the syscall: a file that shrinks under us raises SIGBUS here, while on_sigbus's
	 * "nothing was loaded" is still true.
	 */
	if (!req->check)
		load_record_hash(req->kernel.map, req->kernel.size, req->kernel_sha256);

	kexec_load_opt = kexec_load_only_option(arch, a);
	if (kexec_load_opt) {
		if (a->syscall == SYSCALL_FILE)
			log_warning("%s: no effect with kexec_file_load, which places and checks segments "
				    "and builds the boot data itself", kexec_load_opt);
		else if (a->syscall == SYSCALL_AUTO) {
			log_debug("%s: using kexec_load", kexec_load_opt);
			check_note(req, "syscall: kexec_load, because %s means something only there",
				   kexec_load_opt);
			return load_with_segments(req, rootfd);
		}
	}

	if (a->syscall == SYSCALL_LOAD || req->too_long_for_file_load) {
		check_note(req, "syscall: kexec_load, because %s", a->syscall == SYSCALL_LOAD ?
			   "-c asks for it" : "the command line is too long for kexec_file_load");
		return load_with_segments(req, rootfd);
	}
	if (req->decompressed && !req->unwrapped) {
		log_debug("the kernel file is compressed: using kexec_load");
		check_note(req, "syscall: kexec_load, because the kernel file is compressed");
		return load_with_segments(req, rootfd);
	}

	check_note(req, "syscall: kexec_file_load, %s", a->syscall == SYSCALL_FILE ?
		   "because -s asks for it" : "tried first (-a, the default; kexec_load only if "
		   "the kernel does not provide it or cannot load this image)");
	r = file_load(req, &req->loaded_flags);
	if (r >= 0 && req->check && a->crash)
		r = file_load_crash_room(req, rootfd);
	if (r >= 0) {
		log_debug("loaded %s as the %s kernel", a->kernel, a->crash ? "crash" : "next");
		req->loaded_with = "kexec_file_load";
		return KEXEC_EXIT_OK;
	}
	if (a->syscall == SYSCALL_AUTO && file_load_should_fall_back(r)) {
		log_debug_errno(r, "kexec_file_load failed (%m); falling back to kexec_load");
		check_note(req, "kexec_file_load would fail (%s): -a falls back to kexec_load",
			   check_errno_name(r));
		return load_with_segments(req, rootfd);
	}
	if (a->syscall == SYSCALL_AUTO && req->check)
		check_note(req, "kexec_file_load would fail (%s), a verdict -a takes as final: no "
			   "fallback to kexec_load%s%s%s", check_errno_name(r),
			   req->check->policy.kexec_load_gates < 0 ? ", which the kernel would refuse "
			   "too (" : "", check_errno_name(req->check->policy.kexec_load_gates),
			   req->check->policy.kexec_load_gates < 0 ? ")" : "");

	if (a->crash && r == -EADDRNOTAVAIL) {
		/* kexec_locate_mem_hole found no hole in the reservation. */
		log_error("loading '%s' with kexec_file_load: the crash kernel and initrd do not fit the "
			  "memory reserved by crashkernel=; raise crashkernel= or use a smaller initrd",
			  a->kernel);
		return KEXEC_EXIT_NO_CRASH_MEM;
	}
	snprintf(what, sizeof(what), "loading '%s' with kexec_file_load", a->kernel);
	return explain_kernel_error(r, rootfd, what, true);
}

/*
 * Write the load record of what was just loaded, for kexec --show. Only a description: a record
 * that cannot be written costs the user nothing but details, never the load.
 */
static void record_load(const struct load_request *req, int rootfd)
{
	const struct kexec_args *a = req->args;
	_cleanup_free_ char *real = NULL, *boot_id = NULL;
	const char *by = getenv("KEXEC_LOADED_BY");
	char now[32];
	struct stat st;
	/* Borrows every string it points to: not for load_record_done(). */
	struct load_record rec = {
		.crash = a->crash,
		.loaded_at = now,
		.loaded_by = (char *)(by && *by ? by : LOAD_RECORD_DEFAULT_LOADED_BY),
		.syscall = (char *)req->loaded_with,
		.flags = req->loaded_flags,
		.kernel = (char *)a->kernel,
		.kernel_size = req->kernel.size,
		.kernel_format = (char *)req->ops->name,
		.kernel_version = req->info.version[0] ? (char *)req->info.version : NULL,
		.cmdline = req->cmdline ? req->cmdline : (char *)"",
	};
	int r;

	if (!req->loaded_with)
		return;
	r = load_record_boot_id(rootfd, &boot_id);
	if (r < 0) {
		log_debug_errno(r, "no load record: cannot read this boot's id: %m");
		return;
	}
	rec.boot_id = boot_id;
	if (load_record_time(time(NULL), now, sizeof(now)) < 0)
		return;
	real = realpath(a->kernel, NULL);
	rec.kernel_realpath = real;
	if (fstat(req->kernel.fd, &st) == 0 && st.st_mtim.tv_sec >= 0) {
		rec.has_mtime = true;
		rec.kernel_mtime_sec = st.st_mtim.tv_sec;
		rec.kernel_mtime_nsec = (uint32_t)st.st_mtim.tv_nsec;
	}
	memcpy(rec.kernel_sha256, req->kernel_sha256, sizeof(rec.kernel_sha256));
	/* In load order, as open_initrd() took them. */
	for (size_t i = 0; i < req->nr_initrd_parts; i++) {
		rec.initrds[rec.nr_initrds].path = (char *)req->initrd_names[i];
		rec.initrds[rec.nr_initrds].size = req->initrd_sizes[i];
		rec.nr_initrds++;
	}

	r = load_record_write_at(rootfd, &rec);
	if (r < 0)
		log_debug_errno(r, "could not write the load record /%s (%m); kexec --show will not "
				"know what is loaded", load_record_path(a->crash));
	else
		log_debug("load record written to /%s", load_record_path(a->crash));
}

/*
 * A load that failed may still have unloaded what was there: both syscalls free the current
 * crash image before they look at the new one (kernel/kexec.c, kernel/kexec_file.c). Whatever
 * the cause, a record of an image the kernel no longer has must go; if the kernel still has
 * one, the failed load did not touch it, nor its record.
 */
static void forget_record_if_unloaded(int rootfd, bool crash)
{
	int r;

	if (kexec_state_loaded(rootfd, crash) != 0)
		return;
	r = load_record_remove_at(rootfd, crash);
	if (r < 0)
		log_debug_errno(r, "could not remove the load record /%s: %m", load_record_path(crash));
}

enum kexec_exit kexec_load_kernel(const struct arch_ops *arch, const struct kexec_args *a,
				  int rootfd)
{
	_cleanup_(load_request_done) struct load_request req = {
		.arch = arch,
		.args = a,
		.kernel = INPUT_FILE_INIT,
		.initrd = INPUT_FILE_INIT,
	};
	_cleanup_(check_done) struct check check = {};
	enum kexec_exit e;

	if (a->check) {
		check_init(&check, arch, rootfd, a->crash, a->json);
		req.check = &check;
	}
	e = load(&req, rootfd);
	if (req.check) {
		/* Nothing was loaded or unloaded: no record to write or remove. */
		check_verdict(&check, e, req.loaded_with, req.loaded_flags, stdout);
		return e;
	}
	if (e == KEXEC_EXIT_OK)
		record_load(&req, rootfd);
	else
		forget_record_if_unloaded(rootfd, a->crash);
	return e;
}
