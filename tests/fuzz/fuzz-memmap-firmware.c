// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /sys/firmware/memmap (memmap_read_firmware): the input is a directory tree in fuzz.h's record
 * format (e.g. sys/firmware/memmap/0/start, .../end, .../type), built under a private root that
 * the reader gets as its root fd. Inputs above 64 KiB are ignored.
 */
#include "fuzz.h"
#include "memmap.h"

#define FUZZ_SIZE_MAX (64 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memmap m = MEMMAP_INIT;
	int root;

	if (size > FUZZ_SIZE_MAX)
		return 0;
	fuzz_setup();
	root = fuzz_tree_build(data, size);
	if (memmap_read_firmware(root, &m) >= 0) {
		for (size_t i = 0; i < m.n; i++)
			if (m.e[i].start >= m.e[i].end || (i && m.e[i - 1].start > m.e[i].start))
				abort(); /* promised: non-empty entries sorted by start */
		memmap_done(&m);
	}
	close(root);
	return 0;
}
