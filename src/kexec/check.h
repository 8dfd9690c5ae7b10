/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "macro.h"

/*
 * kexec --check: what the running kernel's policy says about loading, read once before the
 * load's own steps run (load.c runs them all, with this in place of the syscalls), and the
 * prediction of what kexec_file_load would answer, which no harmless syscall can ask.
 */
struct check_policy {
	bool crash;              /* -p: the verdicts are for the crash image */
	int load_disabled;       /* kernel.kexec_load_disabled: 1, 0, -errno unknown */
	char lockdown[32];       /* "none", "integrity", "confidentiality"; "" unknown */
	int secure_boot;         /* 1, 0, -ENOENT unknown */
	int ima_kexec;           /* an IMA appraise rule for kexec kernels: 1, 0, -errno unknown */
	bool ima_modsig;         /* ... that takes an appended signature too */
	long crash_size;         /* the crashkernel= reservation in bytes; -1 unknown */
	/* The kernel's own answers (syscalls.h): 0 or -errno. */
	int kexec_load_gates;
	int file_load_gates;
};

struct arch_ops;
void check_policy_read(const struct arch_ops *arch, int rootfd, bool crash,
		       struct check_policy *ret);

/* One line of the report, on stdout: "check: ...". */
_printf_(1, 2) void check_say(const char *fmt, ...);

/* The policy, as the first lines of the report. */
void check_policy_report(const struct check_policy *p);

/*
 * What kexec_file_load would answer for kernel image @image (what the kernel reads: the file,
 * or the image unpacked from a container, @fd_has_xattrs false then), with the gates and
 * signature policy of @p: 0 or the -errno it would fail with. Says why on the report.
 */
int check_predict_file_load(const struct check_policy *p, const void *image, size_t len,
			    int fd, bool fd_has_xattrs);

/* A name for a kexec syscall -errno ("EACCES"); "" for 0. */
const char *check_errno_name(int r);
