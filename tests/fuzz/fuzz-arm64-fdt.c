// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The arm64 device tree editor on a hostile tree (a --dtb file, or sysfs): the check, the
 * /chosen edits for a normal or crash kernel (with the tree also as the "running" one whose
 * UEFI properties are copied), and the PL011 lookup behind stdout-path with its alias and
 * ranges translation. Nothing may read outside the blob or loop. The last byte picks the edit.
 */
#include <stdlib.h>
#include <string.h>

#include "arm64/fdt.h"
#include "fuzz.h"

#define FUZZ_SIZE_MAX (ARM64_DT_MAX + 1)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct range usable[] = { { 0x1a0000000ULL, 0x1b0000000ULL },
					       { 0x70000000, 0x78000000 } };
	uint8_t pick = size ? data[size - 1] : 0;
	struct arm64_dt_edit e = {
		.cmdline = pick & 1 ? "" : "console=ttyAMA0 root=/dev/vda",
		.initrd_start = pick & 2 ? 0x7e000000 : 0,
		.initrd_end = pick & 2 ? 0x7e012345 : 0,
		.crash = pick & 4,
		.elfcorehdr = pick & 8 ? 0x1afff0000ULL : 0x7fff0000,
		.elfcorehdr_size = 0x3000,
		.usable = pick & 8 ? usable : usable + 1,
		.nr_usable = pick & 8 ? 2 : 1,
	};
	struct diag why = {};
	void *copy, *out = NULL;
	size_t out_len;

	if (size > FUZZ_SIZE_MAX)
		return 0;
	fuzz_setup();
	/* libfdt wants the blob 8-byte aligned: a malloc'd copy, as every caller has. */
	copy = malloc(size ? size : 1);
	if (!copy)
		abort();
	memcpy(copy, data, size);
	if (pick & 16) {
		e.uefi_from = copy;
		e.uefi_from_size = size;
	}
	if (arm64_dt_build(copy, size, &e, &out, &out_len, &why) == 0) {
		/* What comes out is a tree the kernel will parse: it must check. */
		if (arm64_dt_check(out, out_len, NULL) < 0)
			abort();
		(void)arm64_dt_console(out);
		free(out);
	}
	if (arm64_dt_check(copy, size, NULL) == 0)
		(void)arm64_dt_console(copy);
	free(copy);
	return 0;
}
