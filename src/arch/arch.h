/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What an architecture gives the rest of kexec: one `struct arch_ops`, in the manner of the
 * kernel's arch_kexec_* hooks and kexec_file_ops lists. Generic code (the CLI, the load policy,
 * kdump, vmcore-dmesg) includes this header and never a header inside src/arch/<name>/.
 *
 * Every architecture's folder is compiled on every host (its parsers are unit-tested and fuzzed
 * there); arch_native() is the one kexec was built for, decided by the compiler's target, and
 * only its table is linked into the kexec binary.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "image.h"

/*
 * Options one architecture understands (kexec-tools' --console-serial, --dtb, ...), parsed by
 * its ops into this opaque block; each architecture lays its own struct over it and
 * static_asserts that it fits. The CLI never looks inside.
 */
struct arch_options {
	_Alignas(8) unsigned char priv[64];
};

struct arch_option {
	const char *name; /* long option, without "--" */
	bool has_arg;
	int id;           /* the arch's own number, handed back to parse_option */
};

/* One kexec_load request, in architecture-neutral terms. */
struct arch_load_request {
	const struct image_ops *ops; /* the format that recognised the kernel */
	const void *kernel;          /* decompressed if the file was */
	size_t kernel_size;
	const void *initrd;          /* NULL: none */
	size_t initrd_size;
	const char *cmdline;         /* never NULL; may be "" */
	bool crash;                  /* -p */
	uint64_t mem_min, mem_max;   /* every segment inside [mem_min, mem_max) */
	bool verify;                 /* the purgatory checks SHA-256 (not -i) */
	bool verbose;                /* the purgatory says what it checked, the kernel logs what it
				      * does with the segments (KEXEC_DEBUG) where it can (-d) */
	/* -p on a kernel that rewrites the crash dump's ELF core headers on CPU and memory
	 * hotplug (/sys/kernel/crash_elfcorehdr_size): the size it needs for them; 0: it does not. */
	size_t elfcorehdr_size;
	unsigned int busy_ms;        /* how long kexec_load waits out EBUSY (busy-wait.h) */
	const struct arch_options *opts;
	/* kexec --check: plan, hash and validate every segment, then stop short of kexec_load. */
	bool dry_run;
	/* Test hook: flip a byte of the segment with this name after hashing (fault injection). */
	const char *corrupt_segment;
};

/* What the image's format sees of @req, with the architecture's own context @arch. */
static inline struct image_load_args arch_image_load_args(const struct arch_load_request *req,
							  const void *arch)
{
	return (struct image_load_args){
		.kernel = req->kernel,
		.kernel_size = req->kernel_size,
		.initrd = req->initrd,
		.initrd_size = req->initrd_size,
		.cmdline = req->cmdline,
		.crash = req->crash,
		.mem_min = req->mem_min,
		.mem_max = req->mem_max,
		.arch = arch,
	};
}

/*
 * How a crashed kernel's virtual addresses map to physical ones, for readers that have only
 * VMCOREINFO and the dump's program headers (vmcore-dmesg). Data, not code: the reader does
 * the arithmetic the same way for every architecture.
 */
struct arch_dump {
	const char *name;          /* "x86_64", "arm64" */
	uint16_t elf_machine;      /* EM_X86_64, EM_AARCH64 */
	/*
	 * Kernel image addresses (vaddr >= image_base) that no PT_LOAD names:
	 *   paddr = vaddr - image_base + NUMBER(image_number)     (x86_64: phys_base)
	 * or, with image_number_is_voffset,
	 *   paddr = vaddr - NUMBER(image_number)                  (arm64: kimage_voffset)
	 */
	uint64_t image_base;
	const char *image_number;
	bool image_number_is_voffset;
	/* The lowest direct-map address: PT_LOADs at or above it give the direct map's base. */
	uint64_t direct_map_floor;
};

struct arch_ops {
	const char *name;            /* as `uname -m` spells it: "x86_64", "aarch64" */
	uint16_t elf_machine;        /* EM_X86_64, EM_AARCH64: kernels, purgatory, core headers */
	unsigned long kexec_arch;    /* KEXEC_ARCH_*, in kexec_load's flags */
	const struct image_ops *const *formats; /* probe order, NULL-terminated */
	const struct arch_dump *dump;

	/* Its options, terminated by { NULL }; the --help lines for them. */
	const struct arch_option *options;
	const char *usage;
	void (*options_init)(struct arch_options *o);
	/*
	 * One option from argv. 0; -EINVAL for a bad value (@d says why: a usage error);
	 * -EOPNOTSUPP for an option parsed but refused (@d has the reason, or is empty for "not
	 * supported yet").
	 */
	int (*parse_option)(struct arch_options *o, int id, const char *value, struct diag *d);
	/* The first option given that only kexec_load honours (the default -a then takes that
	 * path), or NULL. */
	const char *(*kexec_load_only_option)(const struct arch_options *o);

	/*
	 * Place every segment (the image's, boot data and the purgatory), hash them and call
	 * kexec_load; called only for formats that have a load op. 0 or -errno; @d holds one
	 * line for the user when the cause is ours (no room, an invalid plan) and is empty when
	 * the kernel refused (the caller explains the errno). -EADDRNOTAVAIL means no room (for
	 * a crash kernel: the reservation is too small).
	 */
	int (*kexec_load)(int rootfd, const struct arch_load_request *req, struct diag *d);
	/*
	 * UEFI Secure Boot as the kernel recorded it at boot, where the architecture keeps that
	 * (x86: boot_params.secure_boot, which the kernel's IMA arch policy reads): 1 on, 0 off,
	 * -ENOENT unknown. NULL: only the EFI variables tell (kexec-state.h).
	 */
	int (*secure_boot)(int rootfd);

	/* Its purgatory ELF, embedded at build time; NULL when this build did not make it. */
	const uint8_t *purgatory;
	const uint8_t *purgatory_end;
};

extern const struct arch_ops arch_x86_64;
extern const struct arch_dump arch_dump_x86_64;
extern const struct arch_ops arch_arm64;
extern const struct arch_dump arch_dump_arm64;

/* The architecture this kexec runs on. */
const struct arch_ops *arch_native(void);

/* The dump layout for ELF machine @m, whatever the host; NULL if none is known. */
const struct arch_dump *arch_dump_for_machine(uint16_t m);
