// SPDX-License-Identifier: GPL-2.0-or-later
#include <linux/kexec.h>
#include <stdio.h>
#include <unistd.h>

#include "actions.h"
#include "crash-mem.h"
#include "crash-sysfs.h"
#include "explain.h"
#include "fileio.h"
#include "ifdown.h"
#include "kexec-state.h"
#include "load-record.h"
#include "log.h"
#include "syscalls.h"

static enum kexec_exit require_loaded(int rootfd, const char *action)
{
	if (kexec_state_loaded(rootfd, false) == 0) {
		log_error("%s: no kernel is loaded; load one first with kexec -l KERNEL", action);
		return KEXEC_EXIT_NOT_LOADED;
	}
	return KEXEC_EXIT_OK;
}

enum kexec_exit kexec_exec(const struct kexec_args *a, int rootfd)
{
	enum kexec_exit e;
	int r;

	if (sys_has_cap_sys_boot() == 0) {
		log_error("permission denied: kexec -e needs root (CAP_SYS_BOOT)");
		return KEXEC_EXIT_PERMISSION;
	}
	e = require_loaded(rootfd, "cannot exec");
	if (e != KEXEC_EXIT_OK)
		return e;

	if (!a->no_sync) {
		log_debug("syncing filesystems");
		sync();
	}
	if (!a->no_ifdown) {
		r = ifdown_all();
		if (r < 0)
			log_warning_errno(r, "could not bring every network interface down (%m); going on");
	}
	log_debug("reboot(LINUX_REBOOT_CMD_KEXEC)");
	r = sys_reboot_kexec(a->busy_ms);
	return explain_kernel_error(r, rootfd, "booting the loaded kernel", false);
}

enum kexec_exit kexec_reboot_via_init(int rootfd)
{
	static const char *const shutdowns[] = { "/sbin/shutdown", "/etc/shutdown", "/bin/shutdown" };
	enum kexec_exit e;

	e = require_loaded(rootfd, "cannot reboot into it");
	if (e != KEXEC_EXIT_OK)
		return e;
	/* The init system stops services and unmounts filesystems, and ends with the jump if it
	 * knows about kexec; that is what "kexec KERNEL" has always meant. */
	for (size_t i = 0; i < ARRAY_SIZE(shutdowns); i++) {
		log_debug("running %s -r now", shutdowns[i]);
		execv(shutdowns[i], (char *const[]){ "shutdown", "-r", "now", NULL });
	}
	log_error("the kernel is loaded, but no shutdown command was found to reboot into it; run "
		  "kexec -e to boot it now");
	return KEXEC_EXIT_FAILED;
}

enum kexec_exit kexec_unload(const struct kexec_args *a, int rootfd)
{
	const char *what = a->crash ? "unloading the crash kernel" : "unloading the kernel";
	bool file_syscall = a->syscall != SYSCALL_LOAD;
	int r;

	if (sys_has_cap_sys_boot() == 0) {
		log_error("permission denied: kexec -u needs root (CAP_SYS_BOOT)");
		return KEXEC_EXIT_PERMISSION;
	}
	if (file_syscall) {
		log_debug("kexec_file_load(-1, -1, KEXEC_FILE_UNLOAD%s)",
			  a->crash ? " | KEXEC_FILE_ON_CRASH" : "");
		r = sys_kexec_file_load(-1, -1, NULL,
					KEXEC_FILE_UNLOAD | (a->crash ? KEXEC_FILE_ON_CRASH : 0),
					a->busy_ms);
		if (r == -ENOSYS && a->syscall == SYSCALL_AUTO) {
			log_debug("no kexec_file_load in this kernel; unloading with kexec_load");
			file_syscall = false;
		}
	}
	if (!file_syscall) {
		log_debug("kexec_load(0 segments%s)", a->crash ? ", KEXEC_ON_CRASH" : "");
		r = sys_kexec_load_unload(a->crash ? KEXEC_ON_CRASH : 0, a->busy_ms);
	}
	if (r < 0)
		return explain_kernel_error(r, rootfd, what, file_syscall);
	/* Nothing is loaded now: no record may describe it (kexec --show). */
	r = load_record_remove_at(rootfd, a->crash);
	if (r < 0)
		log_debug_errno(r, "could not remove the load record /%s: %m", load_record_path(a->crash));
	return KEXEC_EXIT_OK;
}

enum kexec_exit kexec_status(const struct kexec_args *a, int rootfd)
{
	const char *which = a->crash ? "crash kernel" : "kernel";
	int r;

	r = kexec_state_loaded(rootfd, a->crash);
	if (r < 0) {
		log_error_errno(r, "cannot tell whether a %s is loaded: %m; is sysfs mounted, and does "
				"this kernel have kexec?", which);
		return r == -ENOENT ? KEXEC_EXIT_NO_KEXEC : KEXEC_EXIT_FAILED;
	}
	/* The answer is the exit status, as in kexec-tools; say it in words to a person. */
	if (isatty(STDOUT_FILENO))
		printf("%s %sloaded\n", a->crash ? "crash kernel" : "kernel", r ? "" : "not ");
	return r ? KEXEC_EXIT_LOADED : KEXEC_EXIT_OK;
}

enum kexec_exit kexec_print_ckr_size(int rootfd)
{
	_cleanup_(range_list_done) struct range_list crash = RANGE_LIST_INIT;
	struct range load;
	long size;
	int r;

	/* The kernel's own number (crashk_res, the range crash kernels load into), readable by
	 * anyone; /proc/iomem, which kexec-tools reads, shows addresses to root only. */
	r = read_int_file_at(rootfd, "sys/kernel/kexec_crash_size", &size);
	if (r >= 0 && size >= 0) {
		printf("%ld\n", size);
		return KEXEC_EXIT_OK;
	}
	log_debug_errno(r, "reading /sys/kernel/kexec_crash_size: %m; trying /proc/iomem");
	r = crash_sysfs_read_reservation(rootfd, &crash);
	if (r < 0) {
		log_error_errno(r, "cannot read the crash kernel reservation from "
				"/sys/kernel/kexec_crash_size or /proc/iomem: %m");
		return r == -EPERM ? KEXEC_EXIT_PERMISSION : KEXEC_EXIT_FAILED;
	}
	/* As kexec-tools: the highest range, 0 without a reservation. */
	printf("%llu\n", crash_mem_load_range(&crash, &load) < 0 ? 0ULL :
			  (unsigned long long)range_size(&load));
	return KEXEC_EXIT_OK;
}
