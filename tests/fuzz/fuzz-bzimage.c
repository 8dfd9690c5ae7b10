// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bzImage setup header (bzimage_parse_header) and, for headers it accepts, the kexec_load
 * placement and boot_params built from it (bzimage64_ops.load) on a 4 GiB machine: absurd
 * init_size, kernel_alignment, pref_address or setup_sects must end in an error, never in a wild
 * access. Inputs above 1 MiB are ignored: only the first sectors are header, and the code after
 * it is copied as a block.
 */
#include <string.h>

#include "x86/boot-env.h"
#include "x86/bzimage.h"
#include "fuzz.h"
#include "plan.h"

#define FUZZ_SIZE_MAX (1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t initrd[4096];
	struct x86_boot_env env = { .firmware_map = MEMMAP_INIT };
	struct x86_load_ctx ctx = { .env = &env };
	struct image_info info = {};
	struct setup_header h;
	struct image_entry entry;
	struct kexec_plan plan;
	struct diag why = {};

	if (size > FUZZ_SIZE_MAX)
		return 0;
	fuzz_setup();
	if (bzimage_parse_header(data, size, &h, &info) < 0)
		return 0;

	plan_init(&plan);
	if (range_list_add(&plan.avail, 0x100000, 0xc0000000) < 0 ||
	    range_list_add(&plan.avail, 0x100000000ULL, 0x140000000ULL) < 0)
		abort();
	(void)memmap_add(&env.firmware_map, 0, 0x9fc00, MEMMAP_RAM);
	(void)memmap_add(&env.firmware_map, 0x100000, 0xc0000000, MEMMAP_RAM);
	{
		struct image_load_args a = {
			.kernel = data,
			.kernel_size = size,
			/* The last byte of the input picks an initrd or none. */
			.initrd = data[size - 1] & 1 ? initrd : NULL,
			.initrd_size = data[size - 1] & 1 ? sizeof(initrd) : 0,
			.cmdline = "console=ttyS0",
			.mem_max = UINT64_MAX,
			.arch = &ctx,
		};

		if (bzimage64_ops.load(&plan, &a, &entry) >= 0)
			(void)plan_validate(&plan, &why);
	}
	plan_done(&plan);
	memmap_done(&env.firmware_map);
	return 0;
}
