// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The UEFI handover readers (x86_running_boot_params, x86_efi_read_with) on a sysfs-like tree
 * in fuzz.h's record format (sys/kernel/boot_params/data, sys/firmware/efi/{fw_vendor,
 * config_table,runtime,systab}, sys/firmware/efi/runtime-map/N/...), then x86_efi_fill into a
 * buffer of exactly the size it asks for. Inputs above 64 KiB are ignored.
 */
#include <stdlib.h>

#include "x86/efi.h"
#include "fuzz.h"

#define FUZZ_SIZE_MAX (64 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct boot_params running, bp = {};
	struct x86_efi efi;
	int root;

	if (size > FUZZ_SIZE_MAX)
		return 0;
	fuzz_setup();
	root = fuzz_tree_build(data, size);
	if (x86_running_boot_params(root, &running) >= 0 &&
	    x86_efi_read_with(root, &running, &efi) >= 0) {
		size_t need = x86_efi_data_size(&efi);
		uint8_t *buf = malloc(need ? need : 1);

		if (!buf)
			abort();
		(void)x86_efi_fill(&efi, &bp, buf, need, 0x7f000000);
		free(buf);
		x86_efi_done(&efi);
	}
	close(root);
	return 0;
}
