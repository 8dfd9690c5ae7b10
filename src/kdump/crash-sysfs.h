/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What a crash load needs to know about the running kernel, read from /proc and /sys relative to
 * a root directory fd (so unit tests can use fixture trees):
 *
 *   proc/iomem                            memory entries at every depth, "Crash kernel"
 *   sys/devices/system/cpu/possible       the CPUs the kernel has crash notes for
 *   sys/devices/system/cpu/cpuN/crash_notes       "%llx\n": physical address of that CPU's notes
 *   sys/devices/system/cpu/cpuN/crash_notes_size  "%zu\n": their size (decimal)
 *   sys/kernel/vmcoreinfo                 "%pa %x\n": address (0x-prefixed) and size, both hex
 *   proc/kcore                            ELF and program headers only: PAGE_OFFSET and _text
 *
 * PAGE_OFFSET comes from /proc/kcore, as in kexec-tools: with KASLR (CONFIG_RANDOMIZE_MEMORY,
 * on in Debian) the direct map moves by whole GiBs on every boot, and nothing else a process can
 * read says where it went (VMCOREINFO holds it only inside kernel memory). kcore's RAM segments
 * carry vaddr = PAGE_OFFSET + paddr, so it is exact, and its text segment is _text.._end with
 * _text's physical address: the kernel's own text PT_LOAD. Without kcore (CONFIG_PROC_KCORE=n,
 * or lockdown, which forbids kexec_load anyway) a crash load through kexec_load is refused.
 */

#include <stddef.h>

#include "elfcore.h"
#include "memmap.h"
#include "range.h"

struct crash_sysfs {
	struct memmap iomem;        /* /proc/iomem memory entries at every depth; may overlap */
	struct range_list ram;      /* their System RAM, merged */
	struct range_list crash;    /* "Crash kernel" ranges; empty: no reservation */
	struct elfcore_note *cpu_notes;
	size_t nr_cpu_notes;
	struct elfcore_note vmcoreinfo; /* size 0: the kernel has no /sys/kernel/vmcoreinfo */
	struct elfcore_kernel_map map;
};

/* Only the reservation, from /proc/iomem (what --print-ckr-size and the checks need). */
int crash_sysfs_read_reservation(int rootfd, struct range_list *ret);

/*
 * Everything above. Returns 0 and fills *ret (old contents not freed), or -errno with
 * *ret_failed (may be NULL) naming the file that failed, as "/proc/kcore":
 *   -EPERM/-EACCES  /proc/iomem shows zeros or /proc/kcore is unreadable (not root)
 *   -ENOENT         no /proc/kcore (CONFIG_PROC_KCORE=n), no possible-CPU list, no CPU with
 *                   crash_notes
 *   -ENOEXEC        /proc/kcore is not an x86_64 ELF core file
 *   -EBADMSG        a file does not parse
 */
int crash_sysfs_read(int rootfd, const struct elfcore_layout *layout, struct crash_sysfs *ret,
		     const char **ret_failed);
void crash_sysfs_done(struct crash_sysfs *c);

/* Parse a CPU list such as "0-3,8,10-11" into a bitmap of @nbits bits (callers pass a size
 * that covers NR_CPUS). Returns the number of CPUs set, -EBADMSG, -E2BIG for a CPU >= @nbits. */
int crash_sysfs_parse_cpu_list(const char *s, uint8_t *bitmap, size_t nbits);
