/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "range.h"

/* booting.rst: the device tree blob must not exceed 2 MiB. */
#define ARM64_DT_MAX (2U << 20)
/* Entropy for the next kernel's CRNG (/chosen/rng-seed): more than its 256-bit pool needs. */
#define ARM64_RNG_SEED_SIZE 64

/* What the next kernel's /chosen says that the running kernel's did not. */
struct arm64_dt_edit {
	const char *cmdline;               /* bootargs; "" removes it */
	uint64_t initrd_start, initrd_end; /* equal: no initrd, the old one's properties go */
	bool crash;
	uint64_t elfcorehdr, elfcorehdr_size;
	/* A crash kernel's memory: the reservation it runs in first, then crashkernel=,low's. */
	const struct range *usable;
	size_t nr_usable;
	/* A tree whose /chosen linux,uefi-* properties are copied where the edited tree has none
	 * (the running one, when --dtb gives a file that cannot know this boot's); NULL. */
	const void *uefi_from;
	size_t uefi_from_size;
};

/* Whether @fdt is a complete, well-formed flattened device tree of at most @len bytes. 0, or
 * -EBADMSG with @d saying what is wrong. */
int arm64_dt_check(const void *fdt, size_t len, struct diag *d);

/*
 * The next kernel's device tree: @fdt with /chosen edited per @e (bootargs,
 * linux,initrd-start/end, fresh kaslr-seed and rng-seed from getrandom, linux,elfcorehdr and
 * linux,usable-memory-range for a crash kernel; stale copies of these and their memory
 * reservations removed; linux,uefi-* kept), packed, in a new malloc'd buffer. 0, or:
 *   -EBADMSG  @fdt is not a well-formed tree
 *   -ERANGE   an address or size does not fit the root's #address-cells/#size-cells
 *   -E2BIG    the result exceeds ARM64_DT_MAX
 *   -ENOMEM
 * with @d saying which (the reservation map, a property, the size).
 */
int arm64_dt_build(const void *fdt, size_t len, const struct arm64_dt_edit *e, void **ret,
		   size_t *ret_len, struct diag *d);

/*
 * The MMIO base of the UART /chosen/stdout-path (or linux,stdout-path) names, an alias or a
 * path, with ":options" ignored, if it is an "arm,pl011" (the purgatory's console), translated
 * through its parents' ranges to a CPU physical address; 0 otherwise. @fdt must pass
 * arm64_dt_check().
 */
uint64_t arm64_dt_console(const void *fdt);
