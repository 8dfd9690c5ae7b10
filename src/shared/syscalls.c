// SPDX-License-Identifier: GPL-2.0-or-later
#include <linux/capability.h>
#include <linux/kexec.h>
#include <linux/reboot.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "macro.h"
#include "syscalls.h"

int sys_kexec_file_load(int kernel_fd, int initrd_fd, const char *cmdline, unsigned long flags)
{
	/* The kernel wants the length including the NUL, or 0 with no command line at all. */
	unsigned long len = cmdline ? strlen(cmdline) + 1 : 0;

	if (syscall(SYS_kexec_file_load, kernel_fd, initrd_fd, len, cmdline, flags) < 0)
		return negative_errno();
	return 0;
}

int sys_kexec_load(uint64_t entry, size_t nr, const struct kexec_segment *segs, unsigned long flags)
{
	if (syscall(SYS_kexec_load, (unsigned long)entry, (unsigned long)nr, segs,
		    flags | KEXEC_ARCH_DEFAULT) < 0)
		return negative_errno();
	return 0;
}

int sys_kexec_load_unload(unsigned long flags)
{
	if (syscall(SYS_kexec_load, 0UL, 0UL, NULL, flags | KEXEC_ARCH_DEFAULT) < 0)
		return negative_errno();
	return 0;
}

int sys_reboot_kexec(void)
{
	reboot(LINUX_REBOOT_CMD_KEXEC);
	return negative_errno();
}

int sys_has_cap_sys_boot(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};

	if (syscall(SYS_capget, &hdr, data) < 0)
		return negative_errno();
	return !!(data[CAP_TO_INDEX(CAP_SYS_BOOT)].effective & CAP_TO_MASK(CAP_SYS_BOOT));
}
