// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the vmcore reader and the printk walkers: the input is a whole core
 * file (ELF headers, notes, VMCOREINFO, memory). Inputs above 1 MiB are ignored: the parsers'
 * work is bounded by the input size, and small inputs keep iterations fast.
 *
 * Build and run (from the repository root):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc/shared -Isrc/vmcore-dmesg tests/fuzz/fuzz-vmcore.c src/vmcore-dmesg/vmcore.c src/vmcore-dmesg/printk.c src/shared/log.c -o build/fuzz-vmcore && build/fuzz-vmcore -max_len=1048576 -timeout=10
 */
#include <stdint.h>
#include <stdio.h>

#include "printk.h"
#include "vmcore.h"

#define FUZZ_SIZE_MAX (1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int emit(void *userdata, const struct printk_record *rec)
{
	/* Format too: the escaping loop is part of what takes untrusted bytes. */
	return printk_format_record(userdata, rec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmcore_buffer b = { .data = data, .len = size };
	static FILE *sink;
	struct diag diag;
	struct vmcore vc;

	if (size > FUZZ_SIZE_MAX)
		return 0;
	if (!sink)
		sink = fopen("/dev/null", "w");
	if (vmcore_open(vmcore_buffer_read, &b, size, &vc) < 0)
		return 0;
	printk_walk(&vc.info, vmcore_read_vaddr, &vc, emit, sink, &diag);
	vmcore_done(&vc);
	return 0;
}
