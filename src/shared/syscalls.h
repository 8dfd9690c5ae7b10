/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The only file that talks to the kernel's kexec and reboot interfaces. Each wrapper returns 0 or
 * -errno, so callers can triage errors without looking at errno. The kexec calls take @busy_ms:
 * how long to keep retrying while another kexec operation holds the kernel's kexec lock (EBUSY;
 * see busy-wait.h); 0 fails at once, as kexec-tools does.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int sys_kexec_file_load(int kernel_fd, int initrd_fd, const char *cmdline, unsigned long flags,
			unsigned int busy_ms);
struct kexec_segment;
int sys_kexec_load(uint64_t entry, size_t nr, const struct kexec_segment *segs, unsigned long flags,
		   unsigned int busy_ms);
/* kexec_load with no segments: unloads the normal or (KEXEC_ON_CRASH) crash image. */
int sys_kexec_load_unload(unsigned long flags, unsigned int busy_ms);
/* Jump into the loaded kernel. Returns only on failure. */
int sys_reboot_kexec(unsigned int busy_ms);
/* 1 if this process has CAP_SYS_BOOT in its effective set, 0 if not. */
int sys_has_cap_sys_boot(void);
/*
 * The kernel's own verdict on the policy gates a load passes before it reads anything, asked
 * with a request those gates come before and that is then refused as invalid, so nothing is
 * loaded, unloaded or waited for (kexec --check). kexec_load (6.1 kexec_load_check): 0 if
 * CAP_SYS_BOOT, kexec_load_disabled, the LSMs and IMA (EACCES under Secure Boot) and lockdown
 * (EPERM) would let it through; else their -errno. kexec_file_load: 0 if the syscall exists and
 * is permitted; -ENOSYS, -EPERM otherwise (its signature and lockdown checks come later, on
 * the file).
 */
int sys_kexec_load_policy(unsigned long flags);
int sys_kexec_file_load_policy(unsigned long flags);
