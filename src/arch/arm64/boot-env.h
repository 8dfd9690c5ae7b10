/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "image.h"
#include "range.h"

/* What the running arm64 machine tells us that the next kernel needs, read once per load. */
struct arm64_boot_env {
	struct range_list ram;   /* System RAM */
	struct range_list busy;  /* kept by the running kernel or firmware: never a segment there */
	struct range_list crash; /* crashkernel= reservations, sorted: the last one is the one
				  * a crash kernel runs in */
	uint64_t page_size;      /* the running kernel's: kexec_load wants segments aligned to it */
	/* The device tree the next kernel's is made from: the running one, or --dtb's. */
	void *fdt;
	size_t fdt_size;
	const char *fdt_source;  /* for messages: "/sys/firmware/fdt", "/proc/device-tree", a path */
	/* With --dtb: the running tree, whose UEFI properties belong to this boot; else NULL. */
	void *running_fdt;
	size_t running_fdt_size;
	uint64_t console;        /* MMIO base of the PL011 stdout-path names; 0: none */
};

/*
 * What arm64 formats find behind image_load_args.arch. @why is where the boot-data builder
 * explains a device tree it could not edit (the load returns -errno only).
 */
struct arm64_load_ctx {
	const struct arm64_boot_env *env;
	uint64_t elfcorehdr, elfcorehdr_size; /* a crash load: where the core headers went */
	struct diag *why;
};

static inline const struct arm64_load_ctx *arm64_load_ctx(const struct image_load_args *a)
{
	return a->arch;
}

/*
 * Read proc/iomem and the device tree (sys/firmware/fdt, else proc/device-tree) under @rootfd,
 * or the user's @dtb_path instead of the tree (NULL: none). 0, or -errno with @d saying what
 * could not be read.
 */
int arm64_boot_env_read(int rootfd, const char *dtb_path, struct arm64_boot_env *ret,
			struct diag *d);
void arm64_boot_env_done(struct arm64_boot_env *env);

/*
 * --serial=TTY: the MMIO base of that tty's UART (sys/class/tty/TTY/iomem_base), which must be
 * a PL011 (its driver uart-pl011 or sbsa-uart), the only UART our purgatory drives. 0, -ENOENT
 * (no such tty), -EOPNOTSUPP (another UART); @d says which.
 */
int arm64_console_from_tty(int rootfd, const char *tty, uint64_t *ret, struct diag *d);
