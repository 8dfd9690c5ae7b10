/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/*
 * One ops table per kernel image format, tried in order by image_probe(). A format is one file
 * with its `const struct image_ops`, in the folder of the architecture it boots
 * (src/arch/<arch>/), listed in that architecture's arch_ops.formats in probe order.
 */

/* What a probe learned about an image, or why it said no. */
struct image_info {
	const char *type;      /* the format's name, e.g. "bzImage64" */
	uint32_t cmdline_max;  /* longest command line the kernel takes, without its NUL; 0: unknown */
	uint16_t protocol;     /* boot protocol version, formats that have one */
	/* The kernel's version string, formats whose header points at one (bzImage); "" if not.
	 * Only printable ASCII; longer strings are cut. For the load record (kexec --show). */
	char version[160];
	/* How the kernel wants to be placed, for kexec --inspect; 0 where the format does not say. */
	uint64_t pref_address;  /* bzImage: pref_address */
	uint64_t alignment;     /* the load address's alignment */
	uint64_t load_offset;   /* arm64: text_offset above that aligned base */
	uint64_t mem_size;      /* bytes it occupies once running: init_size, image_size */
	uint64_t entry_offset;  /* its entry point, bytes past where its code is loaded */
	bool relocatable;
	const char *compression; /* the kernel's own payload: "gzip", "zstd"...; NULL: none/unknown */
	struct diag why;       /* on failure: what is wrong, for the user */
};

struct kexec_plan;

/* What a loader gets for kexec_load: the files' bytes, the command line, the machine. */
struct image_load_args {
	const void *kernel;
	size_t kernel_size;
	const void *initrd; /* NULL: none */
	size_t initrd_size;
	const char *cmdline; /* never NULL; may be "" */
	bool crash;
	uint64_t mem_min, mem_max; /* every segment inside [mem_min, mem_max) */
	/* What the architecture read of the machine and its options (x86: struct x86_load_ctx);
	 * only that architecture's formats look inside. */
	const void *arch;
};

/* Where the purgatory hands over: the new kernel's entry and its one argument register. */
struct image_entry {
	uint64_t entry;
	uint64_t arg; /* x86_64: boot_params in %rsi; arm64: the device tree in x0 */
};

struct image_ops {
	const char *name;
	/* Other names -t accepts for this format (kexec-tools spellings). NULL-terminated. */
	const char *const *aliases;
	/*
	 * Pure and cheap: looks at the bytes only. Returns 0 if the image is of this format and
	 * loadable, -ENOEXEC if it is not this format, -EBADMSG if it is but is truncated or
	 * corrupt, -EOPNOTSUPP if it is but cannot be kexec'd (too old, 32-bit...). Fills
	 * info->why on every failure except -ENOEXEC.
	 */
	int (*probe)(const void *buf, size_t len, struct image_info *info);
	/*
	 * For kexec_load: add the image's segments to @plan (kernel, initrd, boot data) and say
	 * where to enter it. NULL if the format only loads through kexec_file_load. Returns 0,
	 * -EADDRNOTAVAIL when a segment finds no room, -EBADMSG/-EOPNOTSUPP for the image.
	 */
	int (*load)(struct kexec_plan *plan, const struct image_load_args *args,
		    struct image_entry *ret);
	/*
	 * Containers only (an EFI zboot file, an arm64 ELF vmlinux), NULL otherwise: the kernel
	 * image inside @buf as the kernel's own loader takes it, in a new malloc'd buffer
	 * (*ret, *ret_len; set only on success) of at most @max_out bytes. The caller probes it
	 * again in place of @buf, for either syscall (kexec_file_load gets it as a memfd, since
	 * the kernel opens no container), so a container has no load op. 0, or -EBADMSG (corrupt: @why says what), -EOPNOTSUPP (a compression
	 * this kexec cannot undo: @why says which), -EFBIG, -ENOMEM.
	 */
	int (*unwrap)(const void *buf, size_t len, size_t max_out, void **ret, size_t *ret_len,
		      struct diag *why);
};

/* The format in @formats (NULL-terminated) that -t NAME asks for, or NULL. */
const struct image_ops *image_find_type(const struct image_ops *const *formats, const char *name);

/*
 * Find the format of @buf among @formats, tried in order. With @type set, only that format is
 * tried (and must still accept the image). Same return values as probe; -ENOEXEC with a reason
 * when none recognises it.
 */
int image_probe(const struct image_ops *const *formats, const void *buf, size_t len,
		const char *type, const struct image_ops **ret_ops, struct image_info *ret_info);
