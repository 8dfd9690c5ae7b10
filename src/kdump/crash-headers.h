/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "crash-sysfs.h"
#include "diag.h"
#include "elfcore.h"
#include "plan.h"

/*
 * What every architecture's crash (kdump) kexec_load does the same way, in its own order:
 * read the running kernel's crash state, and place ELF core headers for it.
 */

/* crash_sysfs_read() with the user's message in @d on failure; @kcore_hint is added when
 * /proc/kcore is what is missing (e.g. "; use -s, or a kernel with CONFIG_PROC_KCORE"). */
int crash_state_read(int rootfd, const struct elfcore_layout *layout, struct crash_sysfs *ret,
		     const char *kcore_hint, struct diag *d);

/*
 * Build the core headers of @sys's CPUs, VMCOREINFO and kernel map over the RAM ranges @dump
 * (what the arch's rules leave of the crashed kernel's memory) and add them to @plan as
 * "elfcorehdr" at @where (memsz is filled in). *ret_addr, *ret_size: where and how large.
 * @hotplug_size > 0: the kernel will rewrite the headers in place on CPU or memory hotplug
 * (KEXEC_UPDATE_ELFCOREHDR) and needs that many bytes for them; the segment is made at least
 * that large and is left out of the purgatory's digest.
 * -EADDRNOTAVAIL with @d empty when there is no room (the caller knows why); others with @d.
 */
int crash_headers_add(struct kexec_plan *plan, const struct elfcore_layout *layout,
		      const struct crash_sysfs *sys, const struct range_list *dump,
		      const struct placement *where, size_t hotplug_size, uint64_t *ret_addr,
		      size_t *ret_size, struct diag *d);
