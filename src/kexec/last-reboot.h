/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "exit-code.h"
#include "reboot-record.h"

/*
 * The clocks --last-reboot needs, read once by the caller (main.c reads the real ones; tests
 * give fixed values). Times are microseconds of CLOCK_REALTIME since the epoch.
 */
struct boot_clock {
	int64_t kernel_start_us; /* this kernel's start: CLOCK_REALTIME - CLOCK_BOOTTIME */
	/* multi-user.target reached (systemd's ActiveEnterTimestampMonotonic, added to the
	 * kernel's start); -1: not yet; -2: unknown (no systemd, or it did not say). */
	int64_t multi_user_us;
};

#define BOOT_CLOCK_NOT_YET (-1)
#define BOOT_CLOCK_UNKNOWN (-2)

/* The real clocks, and systemd's word on multi-user.target when @rootfd has /run/systemd/system. */
void boot_clock_read(int rootfd, struct boot_clock *ret);

/*
 * --last-reboot [--json]: the record the last shutdown left (reboot-record.h) and the downtime
 * it implies, on @out. A missing, damaged or this-boot record is reported as such (exit 0, as
 * --show does); KEXEC_EXIT_OK.
 */
enum kexec_exit kexec_last_reboot(int rootfd, const struct boot_clock *clk, bool json, FILE *out);

/*
 * --record-reboot=VIA --reason=TEXT: write the record for this shutdown, with the kernel our
 * load record says is loaded (via=kexec). KEXEC_EXIT_OK, KEXEC_EXIT_PERMISSION, or
 * KEXEC_EXIT_FAILED (read-only file system, I/O error), each with one line on stderr.
 */
enum kexec_exit kexec_record_reboot(int rootfd, enum reboot_via via, const char *reason);
