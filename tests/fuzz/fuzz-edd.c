// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * BIOS EDD data from /sys/firmware/edd (x86_edd_read) on a tree in fuzz.h's record format
 * (sys/firmware/edd/int13_devXX/{raw_data,version,extensions,mbr_signature,...}), then
 * x86_edd_fill into a zero page. Inputs above 64 KiB are ignored.
 */
#include "x86/edd.h"
#include "fuzz.h"

#define FUZZ_SIZE_MAX (64 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct boot_params bp = {};
	struct x86_edd edd;
	int root;

	if (size > FUZZ_SIZE_MAX)
		return 0;
	fuzz_setup();
	root = fuzz_tree_build(data, size);
	if (x86_edd_read(root, &edd) >= 0) {
		if (edd.nr_info > EDDMAXNR || edd.nr_mbr_sig > EDD_MBR_SIG_MAX)
			abort();
		x86_edd_fill(&bp, &edd);
	}
	close(root);
	return 0;
}
