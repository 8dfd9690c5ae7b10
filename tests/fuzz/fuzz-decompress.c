// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Whole-file kernel decompression (image_compression, image_decompress): format detection,
 * concatenated members and frames, size hints taken from the stream, the output cap. The cap is
 * 1 MiB here instead of IMAGE_DECOMPRESS_MAX, so that a bomb hits it in milliseconds (at 16 MiB
 * an input took up to 0.4 s and the fuzzer ran at 44 inputs/s); the code path is the same.
 * Inputs above 256 KiB are ignored.
 */
#include <stdlib.h>

#include "decompress.h"
#include "fuzz.h"

#define FUZZ_SIZE_MAX (256 * 1024)
#define FUZZ_OUT_MAX (1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *out;
	size_t len;

	if (size > FUZZ_SIZE_MAX)
		return 0;
	fuzz_setup();
	(void)image_compression(data, size);
	if (image_decompress(data, size, FUZZ_OUT_MAX, &out, &len) >= 0) {
		if (len > FUZZ_OUT_MAX)
			abort();
		free(out);
	}
	return 0;
}
