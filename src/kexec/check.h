/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "exit-code.h"
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

#define CHECK_MAX_NOTES 48

/* One --check run: the policy, and the report as it goes (lines on stdout, or kept for JSON). */
struct check {
	struct check_policy policy;
	bool json;                       /* --json: one object at the end, no lines */
	char *notes[CHECK_MAX_NOTES];
	size_t nr_notes;
};

struct arch_ops;
void check_init(struct check *c, const struct arch_ops *arch, int rootfd, bool crash, bool json);
void check_done(struct check *c);

/* One line of the report: "check: ..." on stdout, or a note of the JSON object. */
_printf_(2, 3) void check_say(struct check *c, const char *fmt, ...);

/* The policy, as the first lines of the report. */
void check_policy_report(struct check *c);

/*
 * The end of the report: the verdict line, or with --json the whole object (see
 * dist/schema/kexec-check.schema.json): @e is the exit status, @syscall and @flags what would
 * have loaded it (NULL if nothing would).
 */
void check_verdict(struct check *c, enum kexec_exit e, const char *syscall, unsigned long flags,
		   FILE *f);

/*
 * What kexec_file_load would answer for kernel image @image (what the kernel reads: the file,
 * or the image unpacked from a container, @fd_has_xattrs false then), with the gates and
 * signature policy of @p: 0 or the -errno it would fail with. Says why on the report.
 */
int check_predict_file_load(struct check *c, const void *image, size_t len, int fd,
			    bool fd_has_xattrs);

/* A name for a kexec syscall -errno ("EACCES"); "" for 0. */
const char *check_errno_name(int r);
