/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The kernel runs one kexec operation at a time: kexec_load, kexec_file_load and
 * reboot(LINUX_REBOOT_CMD_KEXEC) take a lock with a trylock and answer EBUSY at once when
 * another holds it (kernel/kexec.c, kexec_file.c, kexec_core.c; a mutex_trylock before 6.0).
 * Debian's kdump-tools and our own hooks load at overlapping moments (boot, kernel upgrades,
 * shutdown), so a caller that gives up on the first EBUSY loses a load it could have had a
 * second later. EBUSY is answered before the kernel changes anything, so retrying is safe.
 */

/* Default budget: long enough for a crash-kernel reload with a large initrd on a slow
 * machine, short enough not to hold up a shutdown. */
#define BUSY_WAIT_DEFAULT_MS 30000U
#define BUSY_WAIT_MAX_S 3600U

/*
 * Call @op(@ctx) until it returns something other than -EBUSY or @budget_ms of wall time have
 * passed since the first call, sleeping between calls (10 ms, doubling to 50 ms). Returns
 * @op's last result. @what names the operation in the -d messages.
 * The kernel keeps no queue: a waiter gets the lock only by calling in a gap between the holder's
 * operations, which can be a few milliseconds (kdump-config's unload, then load). An EBUSY
 * answer costs the kernel one trylock, before it reads any file, so frequent calls are cheap.
 */
int busy_wait_retry(unsigned int budget_ms, const char *what, int (*op)(void *ctx), void *ctx);
