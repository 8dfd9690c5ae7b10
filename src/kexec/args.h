/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arch.h"

/* What one run of kexec does; argv is parsed once into this, and nothing else reads argv. */
enum kexec_verb {
	VERB_LOAD_AND_REBOOT, /* "kexec KERNEL": load, then reboot through the init system */
	VERB_LOAD,            /* -l, -p */
	VERB_LOAD_AND_EXEC,   /* -f: load and jump at once, without the init system */
	VERB_UNLOAD,          /* -u */
	VERB_EXEC,            /* -e */
	VERB_STATUS,          /* -S */
	VERB_SHOW,            /* --show: what is loaded, in words or (--json) JSON */
	VERB_INSPECT,         /* --inspect FILE: describe a kernel image, load nothing */
	VERB_HELP,
	VERB_VERSION,
	VERB_PRINT_CKR_SIZE, /* --print-ckr-size */
	VERB_LAST_REBOOT,     /* --last-reboot: how the last shutdown went, and the downtime */
	VERB_RECORD_REBOOT,   /* --record-reboot=VIA --reason=TEXT: note this shutdown */
	VERB_LIST_BOOT_ENTRIES, /* --list-boot-entries: the boot loader's entries, default */
};

enum syscall_choice {
	SYSCALL_AUTO, /* -a (default): kexec_file_load, falling back to kexec_load */
	SYSCALL_FILE, /* -s */
	SYSCALL_LOAD, /* -c */
};

#define KEXEC_MAX_EXTRA_INITRDS 16

struct kexec_args {
	enum kexec_verb verb;
	enum syscall_choice syscall;
	bool crash;         /* -p: the crash (kdump) kernel rather than the normal one */
	bool debug;         /* -d */
	bool no_sync;       /* -y */
	bool no_ifdown;     /* -x */
	bool no_checks;     /* -i */
	bool reuse_cmdline; /* --reuse-cmdline */
	const char *record_via; /* --record-reboot: kexec, firmware or none */
	const char *reason;     /* --reason, with --record-reboot */
	/* --json, with --show, --last-reboot, --inspect, --list-boot-entries or --check */
	bool json;
	const char *inspect; /* --inspect FILE */
	bool list_boot_entries; /* --list-boot-entries */
	const char *root;   /* --root=DIR, with --list-boot-entries: another system's tree */
	/* --hotplug: asked for by name. A crash load through kexec_load lets the kernel update its
	 * ELF core headers on CPU/memory hotplug whenever the kernel can, asked or not; asked,
	 * a kernel that cannot is worth a warning. */
	bool hotplug;
	bool no_cma;        /* --no-cma: kexec_file_load keeps segments out of CMA areas */
	unsigned uki_profile;   /* --uki-profile: which profile of a UKI to load */
	bool uki_profile_given; /* a kernel that is no UKI is then an error */
	/* Set by --boot-entry for a UKI entry: --append adds to the UKI's .cmdline, as it adds to
	 * any entry's options, instead of replacing it as on `kexec -l UKI --append`. */
	bool uki_append_adds;
	bool check;         /* --check: the load's every step but the syscall, and no exec */
	/* The architecture's own options (arch_native()->options), opaque here. */
	struct arch_options arch;
	const char *type;   /* -t */
	const char *kernel;
	/* --boot-entry=SPEC: the kernel, initrds and command line of a boot loader entry. */
	const char *boot_entry;
	const char *initrd;
	/* --extra-initrd, in order: appended after the initrd (kexec-tools keeps only the last
	 * --initrd, and scripts rely on that, so more files need an option of their own). */
	const char *extra_initrds[KEXEC_MAX_EXTRA_INITRDS];
	size_t nr_extra_initrds;
	const char *append;
	uint64_t mem_min, mem_max; /* as given: --mem-max is the last usable byte (inclusive) */
	unsigned int busy_ms; /* --busy-timeout, in ms: how long to wait out EBUSY */
	/* Set when a verb that does not load was given a kernel anyway (-e KERNEL). */
	const char *ignored_kernel;
	/* First option that is parsed but not implemented yet, as the user spelled it, and why
	 * (empty: "not supported yet"). */
	const char *unsupported;
	struct diag unsupported_why;
};

/*
 * Parse argv, with the options of architecture @arch besides the generic ones. Returns 0, or
 * -EINVAL with a one-line message in @err (a usage error). Pointers in @ret point into argv.
 */
int args_parse(const struct arch_ops *arch, int argc, char *argv[], struct kexec_args *ret,
	       struct diag *err);

/* The --help text, with @arch's options. */
void args_print_usage(const struct arch_ops *arch, FILE *f);
