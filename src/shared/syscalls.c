// SPDX-License-Identifier: GPL-2.0-or-later
#include <linux/capability.h>
#include <linux/kexec.h>
#include <linux/reboot.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "busy-wait.h"
#include "macro.h"
#include "syscalls.h"

struct file_load_call {
	int kernel_fd, initrd_fd;
	const char *cmdline;
	unsigned long flags;
};

static int file_load_once(void *ctx)
{
	const struct file_load_call *c = ctx;
	/* The kernel wants the length including the NUL, or 0 with no command line at all. */
	unsigned long len = c->cmdline ? strlen(c->cmdline) + 1 : 0;

	if (syscall(SYS_kexec_file_load, c->kernel_fd, c->initrd_fd, len, c->cmdline, c->flags) < 0)
		return negative_errno();
	return 0;
}

int sys_kexec_file_load(int kernel_fd, int initrd_fd, const char *cmdline, unsigned long flags,
			unsigned int busy_ms)
{
	struct file_load_call c = { kernel_fd, initrd_fd, cmdline, flags };

	return busy_wait_retry(busy_ms, "kexec_file_load", file_load_once, &c);
}

struct load_call {
	uint64_t entry;
	size_t nr;
	const struct kexec_segment *segs;
	unsigned long flags;
};

static int load_once(void *ctx)
{
	const struct load_call *c = ctx;

	if (syscall(SYS_kexec_load, (unsigned long)c->entry, (unsigned long)c->nr, c->segs,
		    c->flags | KEXEC_ARCH_DEFAULT) < 0)
		return negative_errno();
	return 0;
}

int sys_kexec_load(uint64_t entry, size_t nr, const struct kexec_segment *segs, unsigned long flags,
		   unsigned int busy_ms)
{
	struct load_call c = { entry, nr, segs, flags };

	return busy_wait_retry(busy_ms, "kexec_load", load_once, &c);
}

int sys_kexec_load_unload(unsigned long flags, unsigned int busy_ms)
{
	return sys_kexec_load(0, 0, NULL, flags, busy_ms);
}

static int reboot_once(void *ctx)
{
	(void)ctx;
	reboot(LINUX_REBOOT_CMD_KEXEC);
	return negative_errno();
}

int sys_reboot_kexec(unsigned int busy_ms)
{
	return busy_wait_retry(busy_ms, "reboot(LINUX_REBOOT_CMD_KEXEC)", reboot_once, NULL);
}

int sys_has_cap_sys_boot(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};

	if (syscall(SYS_capget, &hdr, data) < 0)
		return negative_errno();
	return !!(data[CAP_TO_INDEX(CAP_SYS_BOOT)].effective & CAP_TO_MASK(CAP_SYS_BOOT));
}

int sys_kexec_load_policy(unsigned long flags)
{
	/* One segment more than the kernel takes: refused with EINVAL after the gates. */
	if (syscall(SYS_kexec_load, 0UL, (unsigned long)KEXEC_SEGMENT_MAX + 1, NULL,
		    flags | KEXEC_ARCH_DEFAULT) == 0)
		return -EIO; /* cannot happen: no segments were given */
	return errno == EINVAL ? 0 : negative_errno();
}

/* A flag bit no kernel defines (6.1 knows 0x7, 7.x up to 0x3f): EINVAL after the gates. */
#define KEXEC_FILE_UNKNOWN_FLAG 0x80000000UL

int sys_kexec_file_load_policy(unsigned long flags)
{
	if (syscall(SYS_kexec_file_load, -1, -1, 0UL, NULL, flags | KEXEC_FILE_UNKNOWN_FLAG) == 0)
		return -EIO;
	return errno == EINVAL ? 0 : negative_errno();
}
