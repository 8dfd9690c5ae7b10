/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The machine's physical memory map, typed with the E820 numbers the kernel uses
 * (arch/x86/include/asm/e820/types.h), so that entries go straight into boot_params.e820_table.
 *
 * Two sources, both in text, both with inclusive ends that are converted here:
 *   /sys/firmware/memmap  the map the firmware handed to the running kernel, before the
 *                         kernel changed it; what kexec-tools passes to the next kernel.
 *   /proc/iomem           the kernel's resource tree: the map as the kernel uses it (for
 *                         example the first page turned "Reserved") plus nested detail such as
 *                         "Crash kernel". Shows every address as 0 to readers without
 *                         CAP_SYS_ADMIN.
 */

#include <stddef.h>
#include <stdint.h>

#include "range.h"

enum memmap_type {
	MEMMAP_RAM = 1,
	MEMMAP_RESERVED = 2,
	MEMMAP_ACPI = 3,
	MEMMAP_NVS = 4,
	MEMMAP_UNUSABLE = 5,
	MEMMAP_PMEM = 7,
	MEMMAP_PRAM = 12,
	MEMMAP_RESERVED_KERN = 128,
	MEMMAP_SOFT_RESERVED = 0xefffffff,
};

struct memmap_entry {
	uint64_t start, end; /* half-open */
	uint32_t type;       /* enum memmap_type */
};

struct memmap {
	struct memmap_entry *e;
	size_t n, cap;
};

#define MEMMAP_INIT {}

/* No machine has more; a bigger file is not a memory map. */
#define MEMMAP_MAX_ENTRIES 16384

/* The kernel's name for @type ("System RAM", "Reserved", ...), or "Unknown E820 type". */
const char *memmap_type_to_string(uint32_t type);

/* Append an entry (no sorting, no merging). -EINVAL if start >= end, -E2BIG above
 * MEMMAP_MAX_ENTRIES, -ENOMEM. */
int memmap_add(struct memmap *m, uint64_t start, uint64_t end, uint32_t type);

/*
 * Read sys/firmware/memmap/<N>/{start,end,type} under @rootfd. Entries are sorted by start.
 * Unknown type names become MEMMAP_RESERVED (the safe reading for the next kernel).
 * Returns 0 and fills *ret (whose old contents are not freed), or:
 *   -ENOENT   the directory is missing (no CONFIG_FIRMWARE_MEMMAP) or empty
 *   -EBADMSG  a file does not parse, or an entry ends before it starts
 *   -E2BIG    more than MEMMAP_MAX_ENTRIES entries
 *   other     -errno from reading sysfs
 */
int memmap_read_firmware(int rootfd, struct memmap *ret);

/*
 * Parse /proc/iomem text ("start-end : name" lines, inclusive hex ends, two spaces of
 * indentation per nesting level). Top-level memory entries go into *ret_top in file order
 * (which is address order); top-level entries that are not memory (PCI windows, IOAPIC, ROMs
 * the firmware did not list) are skipped. Every "Crash kernel" entry, at any depth, is added to
 * *ret_crash (there are two with crashkernel=X,high: one above and one below 4 GiB).
 * @ret_crash may be NULL. Both outputs are set only on success (old contents not freed).
 *   -EPERM    every range reads 00000000-00000000: the reader lacks CAP_SYS_ADMIN
 *   -EBADMSG  a line does not parse or ends before it starts
 *   -E2BIG    more than MEMMAP_MAX_ENTRIES top-level memory entries
 */
int memmap_parse_iomem(const char *text, size_t len, struct memmap *ret_top,
		       struct range_list *ret_crash);

/*
 * The same, but memory entries at every depth of the tree, in file order; an entry nested in
 * another is listed after it, so entries may overlap. This is the view of the kernel's crash code
 * (walk_iomem_res_desc() visits every depth). On x86 the firmware's "Reserved" ranges above
 * 1 MiB are registered late (e820__reserve_resources_late), after PCI and the APIC code claimed
 * their windows, so they nest under those: on q35 under "PCI MMCONFIG" and "Local APIC". Same
 * errors.
 */
int memmap_parse_iomem_all(const char *text, size_t len, struct memmap *ret_all,
			   struct range_list *ret_crash);

/*
 * What /proc/iomem nests directly inside its top-level "System RAM" entries other than the
 * running kernel's image ("Kernel code", "Kernel data", ...) and "Crash kernel": memory the
 * running kernel or the firmware keeps for longer than the kernel itself (on arm64, "reserved":
 * the device tree, the UEFI memory map, GICv3 LPI tables, reserved-memory nodes), which a
 * kexec_load segment must not overwrite. Deeper entries lie inside one of these. *ret is set
 * only on success (old contents not freed). -EBADMSG (a line does not parse), -ENOMEM.
 */
int memmap_parse_iomem_busy(const char *text, size_t len, struct range_list *ret);

/* memmap_parse_iomem() and memmap_parse_iomem_all() on proc/iomem under @rootfd (at most
 * 1 MiB). */
int memmap_read_iomem(int rootfd, struct memmap *ret_top, struct range_list *ret_crash);
int memmap_read_iomem_all(int rootfd, struct memmap *ret_all, struct range_list *ret_crash);

/* The MEMMAP_RAM and MEMMAP_RESERVED_KERN entries as a merged range list. -ENOMEM. */
int memmap_ram_ranges(const struct memmap *m, struct range_list *ret);

/* Frees the entries and leaves an empty map; usable as _cleanup_(memmap_done). */
void memmap_done(struct memmap *m);
