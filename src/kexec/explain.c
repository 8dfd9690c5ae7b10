// SPDX-License-Identifier: GPL-2.0-or-later
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "explain.h"
#include "kexec-state.h"
#include "fileio.h"
#include "log.h"
#include "syscalls.h"

enum kexec_exit explain_preflight(int rootfd, bool crash)
{
	long crash_size;
	int r;

	r = sys_has_cap_sys_boot();
	if (r == 0) {
		log_error("permission denied: kexec needs root (CAP_SYS_BOOT); run it with sudo or as root");
		return KEXEC_EXIT_PERMISSION;
	}

	/* No /sys/kernel/kexec_loaded in a mounted sysfs: the kernel was built without kexec. */
	if (kexec_state_loaded(rootfd, false) == -ENOENT && faccessat(rootfd, "sys/kernel", F_OK, 0) == 0) {
		log_error("this kernel was built without kexec support (CONFIG_KEXEC_CORE); boot one that has it");
		return KEXEC_EXIT_NO_KEXEC;
	}

	if (kexec_state_load_disabled(rootfd) == 1) {
		log_error("kexec is disabled on this system (kernel.kexec_load_disabled=1), and stays "
			  "disabled until the next reboot; reboot through firmware instead");
		return KEXEC_EXIT_DISABLED;
	}

	if (crash) {
		r = read_int_file_at(rootfd, "sys/kernel/kexec_crash_size", &crash_size);
		if (r >= 0 && crash_size == 0) {
			log_error("no memory is reserved for a crash kernel; boot with crashkernel=256M "
				  "(or more) on the kernel command line, then load it with -p");
			return KEXEC_EXIT_NO_CRASH_MEM;
		}
	}
	return KEXEC_EXIT_OK;
}

enum kexec_exit explain_file_error(int r, const char *role, const char *path)
{
	switch (r) {
	case -ENOENT:
		log_error("%s '%s' does not exist; check the path", role, path);
		return KEXEC_EXIT_FILE;
	case -EACCES:
	case -EPERM:
		log_error_errno(r, "cannot read %s '%s': %m; run kexec as root or fix the file's permissions",
			  role, path);
		return KEXEC_EXIT_FILE;
	case -EISDIR:
		log_error("%s '%s' is a directory; give the %s file itself", role, path, role);
		return KEXEC_EXIT_FILE;
	case -EINVAL:
		log_error("%s '%s' is not a regular file; give a file (kexec cannot read devices or pipes)",
			  role, path);
		return KEXEC_EXIT_FILE;
	case -EFBIG:
		log_error("%s '%s' is too large for kexec (over 2 GiB)", role, path);
		return KEXEC_EXIT_FILE;
	default:
		log_error_errno(r, "cannot read %s '%s': %m", role, path);
		return KEXEC_EXIT_FILE;
	}
}

static enum kexec_exit explain_eperm(int rootfd, const char *what, bool file_syscall)
{
	char mode[32];

	if (sys_has_cap_sys_boot() == 0) {
		log_error("%s: permission denied: kexec needs root (CAP_SYS_BOOT)", what);
		return KEXEC_EXIT_PERMISSION;
	}
	if (kexec_state_load_disabled(rootfd) == 1) {
		log_error("%s: kexec is disabled (kernel.kexec_load_disabled=1) until the next reboot",
			  what);
		return KEXEC_EXIT_DISABLED;
	}
	if (kexec_state_lockdown(rootfd, mode, sizeof(mode)) >= 0 && strcmp(mode, "none") != 0) {
		if (file_syscall)
			log_error("%s: refused by kernel lockdown (%s): the kernel must be signed by a key "
				  "this machine trusts", what, mode);
		else
			log_error("%s: kexec_load is forbidden under kernel lockdown (%s); use -s with a "
				  "signed kernel", what, mode);
		return KEXEC_EXIT_SIGNATURE;
	}
	/*
	 * udevd's unit on Debian 12 (SystemCallFilter=@system-service ..., SystemCallErrorNumber=
	 * EPERM) answered kexec_file_load this way in the crash-reload-debian12 system test.
	 */
	if (kexec_state_seccomp_filtered(rootfd) == 1) {
		log_error("%s: operation not permitted, and kexec runs under a seccomp system call "
			  "filter (a systemd unit's SystemCallFilter=, or a container) that may refuse "
			  "it; run kexec from a unit that allows @reboot, or outside the container", what);
		return KEXEC_EXIT_PERMISSION;
	}
	/* Lockdown state unknown (securityfs not mounted) is the likeliest remaining cause. */
	if (file_syscall)
		log_error("%s: operation not permitted; if Secure Boot or lockdown is on, the kernel "
			  "must be signed by a key this machine trusts", what);
	else
		log_error("%s: operation not permitted; if Secure Boot or lockdown is on, use -s with "
			  "a signed kernel", what);
	return KEXEC_EXIT_SIGNATURE;
}

/*
 * EACCES comes from the kernel's security hooks rather than kexec: under Secure Boot, IMA's
 * built-in policy (appraise func=KEXEC_KERNEL_CHECK) refuses kexec_load outright ("impossible to
 * appraise a kernel image without a file descriptor"), before lockdown would answer EPERM; with
 * kexec_file_load it means an IMA policy found no valid signature on the file.
 */
static enum kexec_exit explain_eacces(int rootfd, const char *what, bool file_syscall)
{
	char mode[32];
	bool locked = kexec_state_lockdown(rootfd, mode, sizeof(mode)) >= 0 && strcmp(mode, "none") != 0;

	if (file_syscall)
		log_error("%s: refused by the kernel's IMA policy: the kernel file has no signature it "
			  "accepts; sign it with a key this machine trusts", what);
	else if (locked)
		log_error("%s: kexec_load is forbidden: the kernel is locked down (%s, Secure Boot) and "
			  "its IMA policy accepts only a kernel file it can verify; use -s with a signed "
			  "kernel", what, mode);
	else
		log_error("%s: kexec_load is refused by the kernel's IMA policy, which accepts only a "
			  "kernel file it can verify (Secure Boot?); use -s with a signed kernel", what);
	return KEXEC_EXIT_SIGNATURE;
}

enum kexec_exit explain_kernel_error(int r, int rootfd, const char *what, bool file_syscall)
{
	switch (r) {
	case -EPERM:
		return explain_eperm(rootfd, what, file_syscall);
	case -ENOSYS:
		log_error("%s: this kernel does not provide %s; boot a kernel built with %s", what,
			  file_syscall ? "kexec_file_load" : "kexec_load",
			  file_syscall ? "CONFIG_KEXEC_FILE" : "CONFIG_KEXEC");
		return KEXEC_EXIT_NO_KEXEC;
	case -EACCES:
		return explain_eacces(rootfd, what, file_syscall);
	/*
	 * kexec_file_load's signature verdicts, which reach us when the kernel enforces signatures
	 * (CONFIG_KEXEC_SIG_FORCE, or IMA's policy under Secure Boot; under lockdown alone every
	 * failure is EPERM). Measured on Debian 6.1 under Secure Boot (secureboot-* scenarios):
	 * a changed image is EKEYREJECTED ("PEFILE: Digest mismatch"), a kernel signed by a key no
	 * keyring trusts ENOKEY, an unsigned one ENODATA ("PEFILE: Unsigned PE binary").
	 */
	case -EKEYREJECTED:
		log_error("%s: the kernel's signature check failed: the image does not match its "
			  "signature (it was changed after signing), or its key is revoked", what);
		return KEXEC_EXIT_SIGNATURE;
	case -ENOKEY:
		log_error("%s: the kernel is signed, but not by a key this machine trusts (built into "
			  "the kernel, or in db or MOK); sign it with a trusted key, or enroll its key "
			  "(mokutil --import)", what);
		return KEXEC_EXIT_SIGNATURE;
	case -ENODATA:
		log_error("%s: the kernel is not signed, and this machine loads only signed kernels; "
			  "sign it with a key in db or MOK (sbsign)", what);
		return KEXEC_EXIT_SIGNATURE;
	case -EBADMSG:
		log_error("%s: the kernel's signature is malformed", what);
		return KEXEC_EXIT_SIGNATURE;
	case -ENOEXEC:
		log_error("%s: the running kernel does not recognise this image format", what);
		return KEXEC_EXIT_BAD_IMAGE;
	case -ENOMEM:
		log_error("%s: out of memory: the kernel found no room for the new kernel and initrd; "
			  "free memory or use a smaller initrd", what);
		return KEXEC_EXIT_RESOURCES;
	case -EBUSY:
		log_error("%s: another kexec operation is in progress; try again", what);
		return KEXEC_EXIT_RESOURCES;
	case -EINVAL:
		log_error("%s: the kernel refused the request as invalid (EINVAL); run with -d to see "
			  "what was passed", what);
		return KEXEC_EXIT_FAILED;
	default:
		log_error_errno(r, "%s: %m", what);
		return KEXEC_EXIT_FAILED;
	}
}
