// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "arm64-env: "
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boot-env.h"
#include "dt-read.h"
#include "fdt.h"
#include "fileio.h"
#include "log.h"
#include "memmap.h"
#include "parse.h"
#include "units.h"

#define IOMEM_MAX (1024 * 1024)

/*
 * Where segments may go comes from /proc/iomem alone, as on x86: System RAM, minus what it nests
 * other than the running kernel's image (arm64 lists every memblock reservation there as
 * "reserved", which is what the kernel's own kexec_file keeps clear of too).
 */
static int read_memory(int rootfd, struct arm64_boot_env *env)
{
	_cleanup_(memmap_done) struct memmap top = MEMMAP_INIT;
	_cleanup_free_ char *text = NULL;
	size_t len;
	int r;

	r = read_virtual_file_at(rootfd, "proc/iomem", IOMEM_MAX, &text, &len);
	if (r < 0)
		return r;
	r = memmap_parse_iomem(text, len, &top, &env->crash);
	if (r < 0)
		return r;
	r = memmap_ram_ranges(&top, &env->ram);
	if (r < 0)
		return r;
	return memmap_parse_iomem_busy(text, len, &env->busy);
}

static int read_tree(int rootfd, const char *dtb_path, struct arm64_boot_env *env,
		     struct diag *d)
{
	struct diag why = {};
	int r;

	if (dtb_path) {
		r = arm64_dt_read_file(dtb_path, &env->fdt, &env->fdt_size);
		if (r < 0)
			return diag_fail(d, r, "cannot read --dtb '%s': %s", dtb_path,
					 r == -E2BIG ? "bigger than the 2 MiB a device tree may be" :
					 strerror(-r));
		r = arm64_dt_check(env->fdt, env->fdt_size, &why);
		if (r < 0)
			return diag_fail(d, r, "--dtb '%s': %s", dtb_path, why.msg);
		env->fdt_source = dtb_path;
		/* This boot's UEFI state is only in the running tree; none is no error. */
		if (arm64_dt_read_running(rootfd, &env->running_fdt, &env->running_fdt_size,
					  &(const char *){ NULL }) < 0)
			log_debug("no running device tree to take UEFI properties from");
		return 0;
	}
	r = arm64_dt_read_running(rootfd, &env->fdt, &env->fdt_size, &env->fdt_source);
	if (r == -ENOENT)
		return diag_fail(d, r, "the running kernel shows no device tree (neither "
				 "/sys/firmware/fdt nor /proc/device-tree); give one with --dtb");
	if (r == -E2BIG)
		return diag_fail(d, r, "the running device tree is bigger than the 2 MiB a kernel "
				 "accepts");
	if (r < 0)
		return diag_fail(d, r, "cannot read the running device tree (/sys/firmware/fdt, "
				 "/proc/device-tree): %s", strerror(-r));
	return 0;
}

int arm64_boot_env_read(int rootfd, const char *dtb_path, struct arm64_boot_env *ret,
			struct diag *d)
{
	struct arm64_boot_env env = {};
	long page = sysconf(_SC_PAGESIZE);
	int r;

	env.page_size = page >= (long)PAGE_SIZE && !(page & (page - 1)) ? (uint64_t)page : PAGE_SIZE;
	r = read_memory(rootfd, &env);
	if (r < 0) {
		diag_set(d, "cannot read the machine's memory map (/proc/iomem): %s",
			 r == -EPERM ? "it shows only zeros, which means no CAP_SYS_ADMIN" :
			 strerror(-r));
		goto fail;
	}
	r = read_tree(rootfd, dtb_path, &env, d);
	if (r < 0)
		goto fail;
	env.console = arm64_dt_console(env.fdt);
	log_debug("%zu RAM ranges (%llu MiB), %zu kept by the running kernel, %zu crash ranges, "
		  "%llu-byte pages, device tree from %s (%zu bytes), console 0x%llx", env.ram.n,
		  (unsigned long long)(range_list_total(&env.ram) >> 20), env.busy.n, env.crash.n,
		  (unsigned long long)env.page_size, env.fdt_source, env.fdt_size,
		  (unsigned long long)env.console);
	*ret = env;
	return 0;
fail:
	arm64_boot_env_done(&env);
	return r;
}

void arm64_boot_env_done(struct arm64_boot_env *env)
{
	range_list_done(&env->ram);
	range_list_done(&env->busy);
	range_list_done(&env->crash);
	free(env->fdt);
	free(env->running_fdt);
	*env = (struct arm64_boot_env){};
}

/* A tty name as /sys/class/tty lists it: no path, nothing to climb out with. */
static bool tty_name_ok(const char *s)
{
	if (!*s || strlen(s) > 32 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (; *s; s++)
		if (*s == '/')
			return false;
	return true;
}

int arm64_console_from_tty(int rootfd, const char *tty, uint64_t *ret, struct diag *d)
{
	_cleanup_free_ char *base = NULL;
	char path[96], link[256];
	const char *driver;
	uint64_t addr;
	ssize_t n;
	int r;

	if (!tty_name_ok(tty))
		return diag_fail(d, -EINVAL, "--serial=%s: give a tty name such as ttyAMA0", tty);
	snprintf(path, sizeof(path), "sys/class/tty/%s/device/driver", tty);
	n = readlinkat(rootfd, path, link, sizeof(link) - 1);
	if (n < 0)
		return diag_fail(d, -ENOENT, "--serial=%s: no such serial port (no "
				 "/sys/class/tty/%s/device/driver)", tty, tty);
	link[n] = '\0';
	driver = strrchr(link, '/') ? strrchr(link, '/') + 1 : link;
	/* The purgatory drives a PL011's data and flag registers, which the SBSA UART has too. */
	if (strcmp(driver, "uart-pl011") != 0 && strcmp(driver, "sbsa-uart") != 0)
		return diag_fail(d, -EOPNOTSUPP, "--serial=%s: its UART is driven by %s, but the "
				 "purgatory can only write to a PL011 (ttyAMA*)", tty, driver);
	snprintf(path, sizeof(path), "sys/class/tty/%s/iomem_base", tty);
	r = read_virtual_file_at(rootfd, path, 64, &base, NULL);
	if (r < 0 || parse_u64(base, 16, &addr, NULL) < 0 || addr == 0)
		return diag_fail(d, r < 0 ? r : -EBADMSG, "--serial=%s: cannot read its MMIO base "
				 "from /sys/class/tty/%s/iomem_base", tty, tty);
	*ret = addr;
	return 0;
}
