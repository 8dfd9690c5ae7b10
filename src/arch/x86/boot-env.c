// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "boot-env: "
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boot-env.h"
#include "cmdline.h"
#include "efi-systab.h"
#include "fileio.h"
#include "log.h"
#include "parse.h"

/*
 * Where the new kernel finds ACPI, first found wins: the running kernel's boot_params (a boot
 * loader, coreboot/LinuxBoot or a previous kexec put it there; the kernel's kexec_file copies
 * it too), acpi_rsdp= on its command line, the EFI system table's ACPI 2.0 entry, else 1.0.
 * 0 lets the new kernel scan the BIOS area, which is all a BIOS machine needs.
 */
static uint64_t find_rsdp(int rootfd, const struct boot_params *running)
{
	char value[32];
	uint64_t v;

	if (running && running->acpi_rsdp_addr) {
		log_debug("ACPI RSDP 0x%llx from the running kernel's boot_params",
			  (unsigned long long)running->acpi_rsdp_addr);
		return running->acpi_rsdp_addr;
	}
	if (cmdline_read_param(rootfd, "acpi_rsdp", value, sizeof(value)) == 0 &&
	    parse_u64(value, 0, &v, NULL) == 0 && v) {
		log_debug("ACPI RSDP 0x%llx from acpi_rsdp= on the running command line",
			  (unsigned long long)v);
		return v;
	}
	if (efi_systab_lookup(rootfd, "ACPI20", &v) == 0 ||
	    efi_systab_lookup(rootfd, "ACPI", &v) == 0)
		return v;
	return 0;
}

int x86_boot_env_read(int rootfd, struct x86_boot_env *ret)
{
	struct x86_boot_env env = {};
	struct memmap iomem = {};
	int r;

	/* /proc/iomem for placement: it shows what the running kernel considers RAM today. */
	r = memmap_read_iomem(rootfd, &iomem, &env.crash);
	if (r < 0) {
		log_debug_errno(r, "reading /proc/iomem: %m");
		goto fail;
	}
	r = memmap_ram_ranges(&iomem, &env.ram);
	if (r < 0)
		goto fail;

	/* The firmware's own map for the new kernel, as kexec-tools and the kernel's
	 * kexec_file do: /proc/iomem already carries the running kernel's changes. */
	r = memmap_read_firmware(rootfd, &env.firmware_map);
	if (r == -ENOENT) {
		log_debug("no /sys/firmware/memmap; passing /proc/iomem's map");
		env.firmware_map = iomem;
		iomem = (struct memmap){};
	} else if (r < 0) {
		log_debug_errno(r, "reading /sys/firmware/memmap: %m");
		goto fail;
	}

	env.efi = faccessat(rootfd, "sys/firmware/efi", F_OK, 0) == 0;
	/* Read once, for the display, ACPI and EFI; absent without sysfs' boot_params. */
	env.have_running = x86_running_boot_params(rootfd, &env.running) >= 0;
	env.acpi_rsdp = find_rsdp(rootfd, env.have_running ? &env.running : NULL);
	env.have_fb = x86_fb_read(rootfd, &env.fb) >= 0;
	r = x86_edd_read(rootfd, &env.edd);
	if (r < 0 && r != -ENOENT)
		log_debug_errno(r, "reading /sys/firmware/edd: %m; passing no EDD");
	if (env.efi && env.have_running) {
		/* Without it the next kernel still boots, as on BIOS (the RSDP above finds
		 * ACPI), only without runtime services: not a reason to refuse the load. */
		r = x86_efi_read_with(rootfd, &env.running, &env.efi_state);
		if (r < 0)
			log_debug_errno(r, "cannot read what UEFI runtime services need, passing "
					"no EFI: %m");
	}
	log_debug("%zu firmware map entries, %zu RAM ranges, %zu crash ranges, %s, RSDP 0x%llx",
		  env.firmware_map.n, env.ram.n, env.crash.n, env.efi ? "EFI" : "BIOS",
		  (unsigned long long)env.acpi_rsdp);
	memmap_done(&iomem);
	*ret = env;
	return 0;
fail:
	memmap_done(&iomem);
	x86_boot_env_done(&env);
	return r;
}

void x86_boot_env_done(struct x86_boot_env *env)
{
	memmap_done(&env->firmware_map);
	range_list_done(&env->ram);
	range_list_done(&env->crash);
	x86_efi_done(&env->efi_state);
}
