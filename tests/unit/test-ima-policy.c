// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ima_policy_appraises_kexec (kexec --check): IMA policies as securityfs prints them, with and
 * without an appraise rule for kexec kernels, look-alike rules that are not one, and the
 * appended-signature variant. proc_status_seccomp_mode (why kexec got EPERM): /proc/self/status
 * lines as 6.1 prints them.
 */
#include <errno.h>
#include <stdbool.h>

#include "kexec-state.h"
#include "macro.h"
#include "unit.h"

struct ima_case {
	const char *name;
	const char *policy;
	int ret;
	bool modsig;
};

static const struct ima_case cases[] = {
	{ "empty", "", 0, false },
	{ "Secure Boot arch policy with CONFIG_KEXEC_SIG (6.1, Debian)",
	  "measure func=KEXEC_KERNEL_CHECK\nmeasure func=MODULE_CHECK\n", 0, false },
	{ "arch policy without CONFIG_KEXEC_SIG",
	  "appraise func=KEXEC_KERNEL_CHECK appraise_type=imasig\nmeasure func=KEXEC_KERNEL_CHECK\n",
	  1, false },
	{ "appended signatures allowed",
	  "measure func=MODULE_CHECK\nappraise func=KEXEC_KERNEL_CHECK appraise_type=imasig|modsig\n",
	  1, true },
	{ "last line without a newline", "dont_measure fsmagic=0x9fa0\nappraise func=KEXEC_KERNEL_CHECK",
	  1, false },
	{ "dont_appraise is no appraise rule", "dont_appraise func=KEXEC_KERNEL_CHECK\n", 0, false },
	{ "another func", "appraise func=KEXEC_INITRAMFS_CHECK appraise_type=imasig\n", 0, false },
	{ "func in the next line only",
	  "appraise fowner=0\nmeasure func=KEXEC_KERNEL_CHECK\n", 0, false },
	{ "modsig on another rule",
	  "appraise func=MODULE_CHECK appraise_type=imasig|modsig\n"
	  "appraise func=KEXEC_KERNEL_CHECK appraise_type=imasig\n", 1, false },
};

int main(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		bool modsig = false;
		int r = ima_policy_appraises_kexec(cases[i].policy, &modsig);

		if (r != cases[i].ret || modsig != cases[i].modsig)
			fprintf(stderr, "case '%s': %d modsig %d\n", cases[i].name, r, modsig);
		CHECK_EQ_INT(r, cases[i].ret);
		CHECK_EQ_INT(modsig, cases[i].modsig);
	}
	/* Other hooks: the initrd check kexec asks about before adding an empty initramfs. */
	CHECK_EQ_INT(ima_policy_appraises("appraise func=KEXEC_INITRAMFS_CHECK appraise_type=imasig\n",
					  "KEXEC_INITRAMFS_CHECK", NULL), 1);
	CHECK_EQ_INT(ima_policy_appraises("appraise func=KEXEC_KERNEL_CHECK\n",
					  "KEXEC_INITRAMFS_CHECK", NULL), 0);
	CHECK_EQ_INT(ima_policy_appraises("measure func=KEXEC_INITRAMFS_CHECK\n",
					  "KEXEC_INITRAMFS_CHECK", NULL), 0);
	CHECK_EQ_INT(proc_status_seccomp_mode("Name:\tkexec\nNoNewPrivs:\t0\nSeccomp:\t2\n"
						"Seccomp_filters:\t1\n"), 2);
	CHECK_EQ_INT(proc_status_seccomp_mode("Name:\tkexec\nSeccomp:\t0\nSeccomp_filters:\t0\n"), 0);
	CHECK_EQ_INT(proc_status_seccomp_mode("Name:\tkexec\nSeccomp_filters:\t1\n"), -ENOENT);
	CHECK_EQ_INT(proc_status_seccomp_mode("Seccomp:\t\n"), -EBADMSG);
	CHECK_EQ_INT(proc_status_seccomp_mode(""), -ENOENT);
	return unit_summary("test-ima-policy");
}
