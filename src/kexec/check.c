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
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>

#include "arch.h"
#include "check.h"
#include "fileio.h"
#include "json.h"
#include "kexec-state.h"
#include "pe-sig.h"
#include "syscalls.h"

#include <linux/kexec.h>

void check_say(struct check *c, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (!c->json) {
		fputs("check: ", stdout);
		vprintf(fmt, ap);
		fputc('\n', stdout);
		fflush(stdout);
	} else if (c->nr_notes < CHECK_MAX_NOTES && vasprintf(&s, fmt, ap) >= 0) {
		c->notes[c->nr_notes++] = s;
	}
	va_end(ap);
}

void check_done(struct check *c)
{
	for (size_t i = 0; i < c->nr_notes; i++)
		free(c->notes[i]);
	c->nr_notes = 0;
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

static void check_policy_read(const struct arch_ops *arch, int rootfd, bool crash,
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

void check_init(struct check *c, const struct arch_ops *arch, int rootfd, bool crash, bool json)
{
	*c = (struct check){ .json = json };
	check_policy_read(arch, rootfd, crash, &c->policy);
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

void check_policy_report(struct check *c)
{
	const struct check_policy *p = &c->policy;

	check_say(c, "lockdown: %s", p->lockdown[0] ? p->lockdown : "unknown (securityfs not mounted)");
	check_say(c, "Secure Boot: %s", p->secure_boot == 1 ? "on" : p->secure_boot == 0 ? "off" :
		  "unknown (no EFI variables: mount efivarfs)");
	check_say(c, "kexec_load_disabled: %s", p->load_disabled == 1 ? "1 (no load until reboot)" :
		  p->load_disabled == 0 ? "0" : "unknown");
	check_say(c, "IMA appraisal of kexec kernels: %s",
		  p->ima_kexec == 1 ? (p->ima_modsig ? "required (security.ima or appended "
				       "signature)" : "required (security.ima signature)") :
		  p->ima_kexec == 0 ? "not in the policy" : "unknown (policy not readable)");
	if (p->crash) {
		if (p->crash_size >= 0)
			check_say(c, "crash reservation: %llu MiB", (unsigned long long)p->crash_size >> 20);
		else
			check_say(c, "crash reservation: unknown");
	}
	check_say(c, "kernel gates for kexec_load: %s", gate_words(p->kexec_load_gates));
	check_say(c, "kernel gates for kexec_file_load: %s", gate_words(p->file_load_gates));
}

/* IMA looks for a signature in the file's security.ima (type 3: EVM_IMA_XATTR_DIGSIG). */
static bool has_ima_signature(int fd)
{
	unsigned char v[4];

	return fgetxattr(fd, "security.ima", v, sizeof(v)) >= 1 && (v[0] == 3 || v[0] == 6);
}

int check_predict_file_load(struct check *c, const void *image, size_t len, int fd,
			    bool fd_has_xattrs)
{
	const struct check_policy *p = &c->policy;
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
		check_say(c, "kernel file: no IMA signature (security.ima), which the IMA policy requires");
		return -EACCES;
	}

	r = pe_signature_find(image, len, &sig, &why);
	if (r == 0) {
		check_say(c, "kernel signature: present (PE certificate table, %u bytes%s)%s", sig.size,
			  sig.cert_type == 2 ? ", PKCS#7" : "",
			  enforced || locked ? "; the kernel checks it against its keyrings (built-in, "
			  "db, MOK): only it can tell whether the key is trusted (ENOKEY if not) and "
			  "the image unchanged (EKEYREJECTED if not)" : "; not required here");
		return 0;
	}
	if (r == -EBADMSG)
		check_say(c, "kernel signature: malformed: %s", why.msg);
	else
		check_say(c, "kernel signature: none (%s)", r == -ENOEXEC ? "not a PE file" :
			  "no PE certificate table");
	if (enforced) {
		check_say(c, "kexec_file_load: Secure Boot makes the kernel accept only signed kernels");
		return r == -EBADMSG ? -EBADMSG : -ENODATA;
	}
	if (locked) {
		check_say(c, "kexec_file_load: lockdown (%s) accepts only a kernel with a trusted "
			  "signature", p->lockdown);
		return -EPERM;
	}
	if (!p->lockdown[0])
		check_say(c, "kexec_file_load: lockdown unknown (mount securityfs to know): if it is on, "
			  "this unsigned kernel is refused");
	return 0;
}

/* A kernel's gate answer for JSON: "pass", or the errno's name. */
static const char *gate_name(int r)
{
	return r == 0 ? "pass" : check_errno_name(r);
}

/* 1, 0 or unknown (<0) as true, false or null. */
static void json_tristate(struct json_writer *w, const char *key, int v)
{
	if (v < 0)
		json_null(w, key);
	else
		json_bool(w, key, v > 0);
}

void check_verdict(struct check *c, enum kexec_exit e, const char *syscall, unsigned long flags,
		   FILE *f)
{
	const struct check_policy *p = &c->policy;
	struct json_writer w = json_writer_init(f);

	if (!c->json) {
		if (e == KEXEC_EXIT_OK)
			check_say(c, "verdict: %s would load it (flags 0x%lx); exit 0", syscall, flags);
		else
			check_say(c, "verdict: the load would fail; exit %d", e);
		return;
	}
	json_begin_object(&w, NULL);
	json_bool(&w, "would_load", e == KEXEC_EXIT_OK);
	json_int(&w, "exit", e);
	json_string(&w, "syscall", e == KEXEC_EXIT_OK ? syscall : NULL);
	if (e == KEXEC_EXIT_OK)
		json_uint(&w, "flags", flags);
	else
		json_null(&w, "flags");
	json_begin_object(&w, "policy");
	json_string(&w, "lockdown", p->lockdown[0] ? p->lockdown : NULL);
	json_tristate(&w, "secure_boot", p->secure_boot);
	json_tristate(&w, "kexec_load_disabled", p->load_disabled);
	json_tristate(&w, "ima_appraises_kexec", p->ima_kexec);
	json_string(&w, "kexec_load_gate", gate_name(p->kexec_load_gates));
	json_string(&w, "kexec_file_load_gate", gate_name(p->file_load_gates));
	if (p->crash && p->crash_size >= 0)
		json_uint(&w, "crash_reserved_bytes", (uint64_t)p->crash_size);
	else if (p->crash)
		json_null(&w, "crash_reserved_bytes");
	json_end_object(&w);
	json_begin_array(&w, "notes");
	for (size_t i = 0; i < c->nr_notes; i++)
		json_string(&w, NULL, c->notes[i]);
	json_end_array(&w);
	json_end_object(&w);
	fflush(f);
}
