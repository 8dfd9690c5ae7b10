// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/iomem text (memmap_parse_iomem): the top-level memory map and every "Crash kernel"
 * entry, then the RAM ranges derived from the map; then the every-depth view
 * (memmap_parse_iomem_all) of the same text. Inputs above 1 MiB are ignored, as
 * memmap_read_iomem reads no more.
 */
#include "fuzz.h"
#include "memmap.h"

#define FUZZ_SIZE_MAX (1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memmap top = MEMMAP_INIT;
	struct range_list crash = RANGE_LIST_INIT, ram = RANGE_LIST_INIT;

	if (size > FUZZ_SIZE_MAX)
		return 0;
	fuzz_setup();
	for (int every_depth = 0; every_depth < 2; every_depth++) {
		int r = every_depth ? memmap_parse_iomem_all((const char *)data, size, &top, &crash) :
				      memmap_parse_iomem((const char *)data, size, &top, &crash);

		if (r < 0)
			return 0;
		for (size_t i = 0; i < top.n; i++)
			if (top.e[i].start >= top.e[i].end)
				abort(); /* the parser promises half-open, non-empty entries */
		(void)memmap_type_to_string(top.n ? top.e[0].type : 0);
		(void)memmap_ram_ranges(&top, &ram);
		range_list_done(&ram);
		range_list_done(&crash);
		memmap_done(&top);
	}
	return 0;
}
