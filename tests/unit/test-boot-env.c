// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * x86_boot_env_read's ACPI RSDP, on fixture trees: the running kernel's boot_params value wins,
 * then acpi_rsdp= on its command line, then the EFI system table (ACPI 2.0 before 1.0); the
 * running kernel's hardware_subarch is carried into the new boot_params.
 */
#include <stddef.h>

#include "x86/boot-env.h"
#include "x86/boot-params.h"
#include "fixture.h"

struct rsdp_case {
	const char *name;
	uint64_t boot_params_rsdp; /* ~0: no /sys/kernel/boot_params/data */
	const char *cmdline;
	const char *systab;        /* NULL: not an EFI machine */
	uint64_t want;
};

static const struct rsdp_case cases[] = {
	{ "boot_params first", 0xf0490, "ro acpi_rsdp=0x1000", "ACPI20=0x7fb7e014\nACPI=0x7fb7e000\n", 0xf0490 },
	{ "then acpi_rsdp=", 0, "ro acpi_rsdp=0x7ff0000 quiet", "ACPI20=0x7fb7e014\n", 0x7ff0000 },
	{ "then ACPI 2.0", 0, "ro", "SMBIOS=0x1000\nACPI20=0x7fb7e014\nACPI=0x7fb7e000\n", 0x7fb7e014 },
	{ "then ACPI 1.0", 0, "ro", "ACPI=0x7fb7e000\n", 0x7fb7e000 },
	{ "a bad acpi_rsdp= is skipped", 0, "acpi_rsdp=nonsense", "ACPI20=0x7fb7e014\n", 0x7fb7e014 },
	{ "BIOS: the new kernel scans", 0, "ro", NULL, 0 },
	{ "no sysfs boot_params", ~0ULL, "ro", "ACPI20=0x7fb7e014\n", 0x7fb7e014 },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct rsdp_case *c = &cases[i];
		struct x86_boot_env env;
		struct boot_params running = {}, bp;
		struct fixture f;

		printf("case: %s\n", c->name);
		fixture_init(&f);
		fixture_put(&f, "proc/iomem", "00001000-0009ffff : System RAM\n"
					      "00100000-3fffffff : System RAM\n");
		fixture_put(&f, "proc/cmdline", c->cmdline);
		if (c->boot_params_rsdp != ~0ULL) {
			running.acpi_rsdp_addr = c->boot_params_rsdp;
			running.hdr.hardware_subarch = X86_SUBARCH_INTEL_MID;
			running.hdr.hardware_subarch_data = 0x1234;
			fixture_put_bytes(&f, "sys/kernel/boot_params/data", &running, sizeof(running));
		}
		if (c->systab)
			fixture_put(&f, "sys/firmware/efi/systab", c->systab);

		CHECK_EQ_INT(x86_boot_env_read(f.root, &env), 0);
		CHECK_EQ_INT(env.acpi_rsdp, c->want);
		CHECK_EQ_INT(x86_boot_params_init(&bp, NULL, 0, &env, false), 0);
		CHECK_EQ_INT(bp.acpi_rsdp_addr, c->want);
		if (c->boot_params_rsdp != ~0ULL) {
			CHECK_EQ_INT(bp.hdr.hardware_subarch, X86_SUBARCH_INTEL_MID);
			CHECK_EQ_INT(bp.hdr.hardware_subarch_data, 0x1234);
		} else {
			CHECK_EQ_INT(bp.hdr.hardware_subarch, X86_SUBARCH_PC);
		}
		x86_boot_env_done(&env);
		fixture_done(&f);
	}
	return unit_summary("test-boot-env");
}
