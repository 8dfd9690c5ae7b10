// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ELF vmlinux loader (elf_x86_64_ops): its probe, which tells kernels from programs and
 * checks every program header, and, for files it accepts, the kexec_load segments and
 * boot_params built from them on a 4 GiB machine. Inputs above 1 MiB are ignored: segment
 * contents are only copied, and headers fit in the first KiB.
 */
#include <string.h>

#include "x86/boot-env.h"
#include "fuzz.h"
#include "x86/formats.h"
#include "image.h"
#include "plan.h"

#define FUZZ_SIZE_MAX (1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t initrd[4096];
	struct x86_boot_env env = { .firmware_map = MEMMAP_INIT };
	struct x86_load_ctx ctx = { .env = &env };
	struct image_info info = {};
	struct image_entry entry;
	struct kexec_plan plan;
	struct diag why = {};

	if (size > FUZZ_SIZE_MAX)
		return 0;
	fuzz_setup();
	if (elf_x86_64_ops.probe(data, size, &info) < 0)
		return 0;

	plan_init(&plan);
	if (range_list_add(&plan.avail, 0x100000, 0xc0000000) < 0 ||
	    range_list_add(&plan.avail, 0x100000000ULL, 0x140000000ULL) < 0)
		abort();
	(void)memmap_add(&env.firmware_map, 0x100000, 0xc0000000, MEMMAP_RAM);
	{
		struct image_load_args a = {
			.kernel = data,
			.kernel_size = size,
			.initrd = data[size - 1] & 1 ? initrd : NULL,
			.initrd_size = data[size - 1] & 1 ? sizeof(initrd) : 0,
			.cmdline = "console=ttyS0",
			.mem_max = UINT64_MAX,
			.arch = &ctx,
		};

		if (elf_x86_64_ops.load(&plan, &a, &entry) >= 0)
			(void)plan_validate(&plan, &why);
	}
	plan_done(&plan);
	memmap_done(&env.firmware_map);
	return 0;
}
