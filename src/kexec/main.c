// SPDX-License-Identifier: GPL-2.0-or-later
#include <fcntl.h>
#include <stdio.h>

#include "actions.h"
#include "args.h"
#include "boot-entry.h"
#include "exit-code.h"
#include "last-reboot.h"
#include "inspect.h"
#include "load.h"
#include "log.h"
#include "show.h"

#ifndef KEXEC_VERSION
#define KEXEC_VERSION "0.1.0"
#endif

static enum kexec_exit run(const struct arch_ops *arch, const struct kexec_args *a, int rootfd)
{
	enum kexec_exit e;

	switch (a->verb) {
	case VERB_HELP:
		args_print_usage(arch, stdout);
		return KEXEC_EXIT_OK;
	case VERB_VERSION:
		printf("kexec %s (kexec-tools compatible)\n", KEXEC_VERSION);
		return KEXEC_EXIT_OK;
	case VERB_STATUS:
		return kexec_status(a, rootfd);
	case VERB_SHOW:
		return kexec_show(rootfd, a->json, stdout);
	case VERB_LAST_REBOOT: {
		struct boot_clock clk;

		boot_clock_read(rootfd, &clk);
		return kexec_last_reboot(rootfd, &clk, a->json, stdout);
	}
	case VERB_RECORD_REBOOT: {
		enum reboot_via via;

		if (reboot_via_from_name(a->record_via, &via) < 0)
			return KEXEC_EXIT_USAGE; /* args_parse checked it */
		return kexec_record_reboot(rootfd, via, a->reason);
	}
	case VERB_INSPECT:
		return kexec_inspect(arch, a->inspect, a->json, rootfd, stdout);
	case VERB_PRINT_CKR_SIZE:
		return kexec_print_ckr_size(rootfd);
	case VERB_LIST_BOOT_ENTRIES:
		return kexec_list_boot_entries(rootfd, a->json, a->boot_entry, stdout);
	case VERB_UNLOAD:
		return kexec_unload(a, rootfd);
	case VERB_EXEC:
		return kexec_exec(a, rootfd);
	case VERB_LOAD:
	case VERB_LOAD_AND_EXEC:
	case VERB_LOAD_AND_REBOOT:
		e = a->boot_entry ? kexec_load_boot_entry(arch, a, rootfd) :
				    kexec_load_kernel(arch, a, rootfd);
		/* --check stops where the load would have called the kernel: nothing to boot. */
		if (e != KEXEC_EXIT_OK || a->verb == VERB_LOAD || a->check)
			return e;
		if (a->verb == VERB_LOAD_AND_EXEC)
			return kexec_exec(a, rootfd);
		return kexec_reboot_via_init(rootfd);
	}
	return KEXEC_EXIT_FAILED;
}

int main(int argc, char *argv[])
{
	const struct arch_ops *arch = arch_native();
	struct kexec_args args;
	struct diag err;
	int rootfd;

	if (args_parse(arch, argc, argv, &args, &err) < 0) {
		log_error("%s", err.msg);
		return KEXEC_EXIT_USAGE;
	}
	if (args.debug)
		log_set_max_level(LOG_DEBUG);
	if (args.unsupported) {
		if (!diag_empty(&args.unsupported_why))
			log_error("option '%s' is refused: %s", args.unsupported,
				  args.unsupported_why.msg);
		else
			log_error("option '%s' is not supported yet by this kexec", args.unsupported);
		return KEXEC_EXIT_UNSUPPORTED;
	}
	if (args.ignored_kernel)
		log_warning("'%s' ignored: only loading (-l, -p, -f) takes a kernel",
			    args.ignored_kernel);

	/* Every /proc and /sys read goes through this directory, which tests can replace. */
	rootfd = open(args.root ? args.root : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		log_error_errno(-errno, "cannot open %s: %m", args.root ? args.root : "/");
		return KEXEC_EXIT_FAILED;
	}
	return run(arch, &args, rootfd);
}
