// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec --check: the policy half. The load itself is load.c's, run with the syscalls replaced
 * (a check_policy in the request instead of a NULL), so the check and the load cannot drift.
 * What the kernel can be asked without loading anything is asked (syscalls.h's *_policy:
 * permission, kexec_load_disabled, IMA, lockdown for kexec_load); kexec_file_load's signature
 * verdict comes after it has read the file, so it is predicted here from the same facts the
 * kernel uses (read in kernel/kexec_file.c kimage_validate_signature and security/integrity/ima
 * on 6.1): under Secure Boot the IMA arch policy makes signatures mandatory and an unsigned PE
 * file fails with ENODATA; under lockdown alone a failed check is EPERM; otherwise a signature
 * is not needed. Whether a signature's key is trusted only the kernel's keyrings can say.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/xattr.h>

#include "arch.h"
#include "check.h"
#include "fileio.h"
#include "kexec-state.h"
#include "pe-sig.h"
#include "syscalls.h"

#include <linux/kexec.h>

void check_say(const char *fmt, ...)
{
	va_list ap;

	fputs("check: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

const char *check_errno_name(int r)
{
	switch (r) {
	case 0: return "";
	case -EPERM: return "EPERM";
	case -EACCES: return "EACCES";
	case -ENOSYS: return "ENOSYS";
	case -ENODATA: return "ENODATA";
	case -ENOKEY: return "ENOKEY";
	case -EKEYREJECTED: return "EKEYREJECTED";
	case -EBADMSG: return "EBADMSG";
	case -EINVAL: return "EINVAL";
	case -ENOEXEC: return "ENOEXEC";
	case -EADDRNOTAVAIL: return "EADDRNOTAVAIL";
	case -ENOMEM: return "ENOMEM";
	case -EBUSY: return "EBUSY";
	default: return "an error";
	}
}

void check_policy_read(const struct arch_ops *arch, int rootfd, bool crash,
		       struct check_policy *ret)
{
	_cleanup_free_ char *ima = NULL;
	struct check_policy p = { .crash = crash, .crash_size = -1 };
	long size;

	p.load_disabled = kexec_state_load_disabled(rootfd);
	if (kexec_state_lockdown(rootfd, p.lockdown, sizeof(p.lockdown)) < 0)
		p.lockdown[0] = '\0';
	p.secure_boot = kexec_state_secure_boot(rootfd);
	if (p.secure_boot < 0 && arch->secure_boot)
		p.secure_boot = arch->secure_boot(rootfd);
	p.ima_kexec = kexec_state_ima_policy(rootfd, &ima);
	if (p.ima_kexec >= 0)
		p.ima_kexec = ima_policy_appraises_kexec(ima, &p.ima_modsig);
	if (read_int_file_at(rootfd, "sys/kernel/kexec_crash_size", &size) >= 0)
		p.crash_size = size;
	p.kexec_load_gates = sys_kexec_load_policy(crash ? KEXEC_ON_CRASH : 0);
	p.file_load_gates = sys_kexec_file_load_policy(crash ? KEXEC_FILE_ON_CRASH : 0);
	*ret = p;
}

static const char *gate_words(int r)
{
	switch (r) {
	case 0: return "would pass";
	case -EPERM: return "refused (EPERM: no CAP_SYS_BOOT, kexec_load_disabled or lockdown)";
	case -EACCES: return "refused (EACCES: IMA, which cannot appraise kexec_load's segments)";
	case -ENOSYS: return "not in this kernel (ENOSYS)";
	default: return "refused";
	}
}

void check_policy_report(const struct check_policy *p)
{
	check_say("lockdown: %s", p->lockdown[0] ? p->lockdown : "unknown (securityfs not mounted)");
	check_say("Secure Boot: %s", p->secure_boot == 1 ? "on" : p->secure_boot == 0 ? "off" :
		  "unknown (no EFI variables: mount efivarfs)");
	check_say("kexec_load_disabled: %s", p->load_disabled == 1 ? "1 (no load until reboot)" :
		  p->load_disabled == 0 ? "0" : "unknown");
	check_say("IMA appraisal of kexec kernels: %s",
		  p->ima_kexec == 1 ? (p->ima_modsig ? "required (security.ima or appended "
				       "signature)" : "required (security.ima signature)") :
		  p->ima_kexec == 0 ? "not in the policy" : "unknown (policy not readable)");
	if (p->crash) {
		if (p->crash_size >= 0)
			check_say("crash reservation: %llu MiB", (unsigned long long)p->crash_size >> 20);
		else
			check_say("crash reservation: unknown");
	}
	check_say("kernel gates for kexec_load: %s", gate_words(p->kexec_load_gates));
	check_say("kernel gates for kexec_file_load: %s", gate_words(p->file_load_gates));
}

/* IMA looks for a signature in the file's security.ima (type 3: EVM_IMA_XATTR_DIGSIG). */
static bool has_ima_signature(int fd)
{
	unsigned char v[4];

	return fgetxattr(fd, "security.ima", v, sizeof(v)) >= 1 && (v[0] == 3 || v[0] == 6);
}

int check_predict_file_load(const struct check_policy *p, const void *image, size_t len,
			    int fd, bool fd_has_xattrs)
{
	struct pe_signature sig;
	struct diag why = {};
	bool locked = p->lockdown[0] && strcmp(p->lockdown, "none") != 0;
	/* IMA's arch policy turns on kexec signature enforcement under Secure Boot; the same
	 * condition makes it refuse kexec_load with EACCES, so that answer tells too. */
	bool enforced = p->secure_boot == 1 || p->kexec_load_gates == -EACCES;
	int r;

	if (p->file_load_gates < 0)
		return p->file_load_gates;

	if (p->ima_kexec == 1 && !(fd_has_xattrs && has_ima_signature(fd)) && !p->ima_modsig) {
		check_say("kernel file: no IMA signature (security.ima), which the IMA policy requires");
		return -EACCES;
	}

	r = pe_signature_find(image, len, &sig, &why);
	if (r == 0) {
		check_say("kernel signature: present (PE certificate table, %u bytes%s)%s", sig.size,
			  sig.cert_type == 2 ? ", PKCS#7" : "",
			  enforced || locked ? "; the kernel checks it against its keyrings (built-in, "
			  "db, MOK): only it can tell whether the key is trusted (ENOKEY if not) and "
			  "the image unchanged (EKEYREJECTED if not)" : "; not required here");
		return 0;
	}
	if (r == -EBADMSG)
		check_say("kernel signature: malformed: %s", why.msg);
	else
		check_say("kernel signature: none (%s)", r == -ENOEXEC ? "not a PE file" :
			  "no PE certificate table");
	if (enforced) {
		check_say("kexec_file_load: Secure Boot makes the kernel accept only signed kernels");
		return r == -EBADMSG ? -EBADMSG : -ENODATA;
	}
	if (locked) {
		check_say("kexec_file_load: lockdown (%s) accepts only a kernel with a trusted "
			  "signature", p->lockdown);
		return -EPERM;
	}
	if (!p->lockdown[0])
		check_say("kexec_file_load: lockdown unknown (mount securityfs to know): if it is on, "
			  "this unsigned kernel is refused");
	return 0;
}
