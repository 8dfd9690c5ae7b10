/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * One exit status per class of failure, so scripts can tell "fix the file" from "this machine
 * cannot kexec". 0 and 1 keep kexec-tools' meaning for -S; every failure is >= 2 so that a -S
 * that fails is never mistaken for "loaded". Documented in --help and the man page.
 */
enum kexec_exit {
	KEXEC_EXIT_OK = 0,
	KEXEC_EXIT_LOADED = 1,       /* -S: a kernel is loaded */
	KEXEC_EXIT_USAGE = 2,        /* bad option, value or combination */
	KEXEC_EXIT_UNSUPPORTED = 3,  /* a kexec-tools option we do not implement yet */
	KEXEC_EXIT_PERMISSION = 4,   /* not root / no CAP_SYS_BOOT / a seccomp filter refused */
	KEXEC_EXIT_NO_KEXEC = 5,     /* the running kernel has no kexec (ENOSYS) */
	KEXEC_EXIT_DISABLED = 6,     /* kernel.kexec_load_disabled=1 */
	KEXEC_EXIT_FILE = 7,         /* kernel or initrd missing, unreadable, a directory... */
	KEXEC_EXIT_BAD_IMAGE = 8,    /* truncated, foreign or unsupported image */
	KEXEC_EXIT_SIGNATURE = 9,    /* signature rejected, or lockdown refuses */
	KEXEC_EXIT_RESOURCES = 10,   /* ENOMEM, EBUSY */
	KEXEC_EXIT_CMDLINE = 11,     /* command line longer than the kernel accepts */
	KEXEC_EXIT_NOT_LOADED = 12,  /* -e (or a reboot) with nothing loaded */
	KEXEC_EXIT_FAILED = 13,      /* the kernel refused for another reason */
	KEXEC_EXIT_NO_CRASH_MEM = 14,/* -p without a crashkernel= reservation */
	KEXEC_EXIT_BOOT_ENTRY = 15,  /* --boot-entry: no configuration, no such entry, unreadable */
};
