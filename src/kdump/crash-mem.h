/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The memory arithmetic of a crash (kdump) load, pure: which memory the capture kernel may use,
 * and which memory of the crashed kernel its /proc/vmcore must show. Inputs come from /proc/iomem
 * (see crash-sysfs.h); every range is half-open.
 *
 * The reference is what Linux 6.1 does for kexec_file_load (arch/x86/kernel/crash.c):
 *
 *   - No backup region. kexec-tools still copies the first 640 KiB into the reservation from its
 *     purgatory, but the kernel dropped that in 5.8 ("x86/kdump: clean up all the code related
 *     to the backup region") and, since 5.13, reserves all of [0, 1 MiB) at boot on every
 *     machine ("x86/crash: remove crash_reserve_low_1M()"): the crashed kernel kept nothing
 *     there but firmware data and its real-mode trampoline. So the capture kernel simply gets
 *     the low MiB's System RAM as RAM (it needs some below 1 MiB for its own trampoline), and the
 *     core headers leave [0, 1 MiB) out (prepare_elf_headers excludes it the same way).
 *   - The capture kernel's e820: the System RAM below 1 MiB, every ACPI Tables, ACPI NVS and
 *     Reserved range at any depth of /proc/iomem (so it finds ACPI and leaves firmware memory
 *     alone, PCI MMCONFIG included), and the crash reservations, crashkernel=,low too, as RAM
 *     minus the core headers' own pages (crash_setup_memmap_entries). Nothing else of the old
 *     RAM: that is what it dumps.
 *   - The core headers describe every System RAM range minus [0, 1 MiB) minus every crash
 *     reservation (the capture kernel's own memory is not the crashed kernel's).
 */

#include <stdint.h>

#include "memmap.h"
#include "diag.h"
#include "range.h"

/* The first MiB: always reserved by the crashed kernel, RAM for the capture kernel. */
#define CRASH_LOW_MEMORY_END 0x100000ULL

/*
 * The reservation kexec_load takes crash segments in: the kernel's crashk_res, which is the
 * highest "Crash kernel" range (crashkernel=X,high adds a second, low one, crashk_low_res, that
 * the capture kernel only gets as RAM; kexec_load refuses segments there). -ENOENT if @crash is
 * empty.
 */
int crash_mem_load_range(const struct range_list *crash, struct range *ret);

/*
 * The physical ranges the core headers describe: @ram minus [0, 1 MiB) minus every range in
 * @crash. The core headers are themselves a segment inside the load range, so removing the
 * reservations removes them too; [@hdr_start, @hdr_end) is checked to lie inside @crash rather
 * than trusted (-EINVAL otherwise; pass 0, 0 before it is placed). *ret is set only on success
 * (old contents not freed). -ENOMEM.
 */
int crash_mem_dump_ranges(const struct range_list *ram, const struct range_list *crash,
			  uint64_t hdr_start, uint64_t hdr_end, struct range_list *ret);

/*
 * The capture kernel's memory map, sorted by address, from the running kernel's /proc/iomem
 * memory entries at every depth @iomem (memmap_parse_iomem_all; they may overlap): RAM below
 * 1 MiB, ACPI/NVS/Reserved as they are (each address once per type), and each range of @crash as
 * RAM minus [@hdr_start, @hdr_end) (the core headers must survive the capture kernel's boot); of
 * those, pieces smaller than a page are dropped, as the kernel does. *ret is set only on success.
 * -EINVAL if the header range is not inside @crash, -E2BIG, -ENOMEM.
 */
int crash_mem_capture_map(const struct memmap *iomem, const struct range_list *crash,
			  uint64_t hdr_start, uint64_t hdr_end, struct memmap *ret);

/*
 * The one message for a crash kernel (of @kernel bytes in memory) and initrd (@initrd bytes, 0:
 * none) that do not fit the @have bytes crashkernel= reserved. Returns -EADDRNOTAVAIL.
 */
int crash_does_not_fit(struct diag *d, uint64_t kernel, uint64_t initrd, uint64_t have);
