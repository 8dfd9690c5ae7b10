// SPDX-License-Identifier: GPL-2.0-or-later
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "macro.h"
#include "kexec-state.h"

int kexec_state_loaded(int rootfd, bool crash)
{
	long v;
	int r;

	r = read_int_file_at(rootfd, crash ? "sys/kernel/kexec_crash_loaded" : "sys/kernel/kexec_loaded",
			     &v);
	if (r < 0)
		return r;
	return v != 0;
}

int kexec_state_load_disabled(int rootfd)
{
	long v;
	int r;

	r = read_int_file_at(rootfd, "proc/sys/kernel/kexec_load_disabled", &v);
	if (r < 0)
		return r;
	return v != 0;
}

int kexec_state_lockdown(int rootfd, char *buf, size_t size)
{
	_cleanup_free_ char *s = NULL;
	const char *open_br, *close_br;
	int r;

	/* The file lists every mode and brackets the active one: "none [integrity] confidentiality". */
	r = read_virtual_file_at(rootfd, "sys/kernel/security/lockdown", 256, &s, NULL);
	if (r < 0)
		return r;
	open_br = strchr(s, '[');
	close_br = open_br ? strchr(open_br, ']') : NULL;
	if (!close_br || (size_t)(close_br - open_br - 1) >= size)
		return -EBADMSG;
	memcpy(buf, open_br + 1, close_br - open_br - 1);
	buf[close_br - open_br - 1] = '\0';
	return 0;
}

#define EFI_GLOBAL_GUID "8be4df61-93ca-11d2-aa0d-00e098032b8c"

/* An EFI global variable's one-byte value: efivarfs gives 4 bytes of attributes first. */
static int efi_bool_var(int rootfd, const char *name)
{
	_cleanup_free_ char *path = NULL, *data = NULL;
	size_t len;
	int r;

	if (asprintf(&path, "sys/firmware/efi/efivars/%s-" EFI_GLOBAL_GUID, name) < 0)
		return -ENOMEM;
	r = read_virtual_file_at(rootfd, path, 64, &data, &len);
	if (r < 0)
		return r;
	if (len != 5)
		return -EBADMSG;
	return data[4] != 0;
}

int kexec_state_secure_boot(int rootfd)
{
	int sb, setup;

	if (faccessat(rootfd, "sys/firmware/efi", F_OK, 0) < 0)
		return faccessat(rootfd, "sys/firmware", F_OK, 0) == 0 ? 0 : -ENOENT;
	sb = efi_bool_var(rootfd, "SecureBoot");
	if (sb == -ENOENT && faccessat(rootfd, "sys/firmware/efi/efivars/.", F_OK, 0) == 0 &&
	    faccessat(rootfd, "sys/firmware/efi/efivars/SetupMode-" EFI_GLOBAL_GUID, F_OK, 0) == 0)
		return 0; /* efivarfs is mounted and the firmware has no SecureBoot variable */
	if (sb < 0)
		return -ENOENT;
	setup = efi_bool_var(rootfd, "SetupMode");
	/* In setup mode nothing is enforced, whatever SecureBoot says. */
	return sb == 1 && setup != 1;
}

int kexec_state_ima_policy(int rootfd, char **ret)
{
	return read_virtual_file_at(rootfd, "sys/kernel/security/ima/policy", 1 << 20, ret, NULL);
}

int ima_policy_appraises_kexec(const char *policy, bool *ret_modsig)
{
	return ima_policy_appraises(policy, "KEXEC_KERNEL_CHECK", ret_modsig);
}

int ima_policy_appraises(const char *policy, const char *func_name, bool *ret_modsig)
{
	const char *line = policy;
	char func[64];

	snprintf(func, sizeof(func), " func=%s", func_name);

	/* One rule a line: "action cond=value ...". Conditions other than func= (uid, fsuuid...)
	 * are not looked at: a rule that may apply is reported as applying. */
	while (line && *line) {
		const char *end = strchrnul(line, '\n');
		size_t n = (size_t)(end - line);

		if (n > 9 && strncmp(line, "appraise ", 9) == 0 && memmem(line, n, func, strlen(func))) {
			if (ret_modsig)
				*ret_modsig = memmem(line, n, "modsig", 6) != NULL;
			return 1;
		}
		line = *end ? end + 1 : NULL;
	}
	return 0;
}

int proc_status_seccomp_mode(const char *status)
{
	const char *p;

	for (p = status; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, "Seccomp:", 8) == 0) {
			p += 8;
			p += strspn(p, " \t");
			return *p >= '0' && *p <= '9' ? *p - '0' : -EBADMSG;
		}
	return -ENOENT;
}

int kexec_state_seccomp_filtered(int rootfd)
{
	_cleanup_free_ char *s = NULL;
	int r;

	r = read_virtual_file_at(rootfd, "proc/self/status", 64 * 1024, &s, NULL);
	if (r < 0)
		return r;
	r = proc_status_seccomp_mode(s);
	return r < 0 ? r : r == 2;
}
