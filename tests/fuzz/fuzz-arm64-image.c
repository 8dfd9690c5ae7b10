// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The arm64 kernel formats on hostile bytes: the Image header, the EFI zboot container (its
 * payload decompressed, up to 8 MiB, and probed again) and the ELF vmlinux (rebuilt into an
 * Image); for whatever they accept, the kexec_load placement of kernel, initrd and device tree
 * on a 2 GiB machine. Absurd text_offset, image_size, payload offsets or segment layouts must
 * end in an error, never in a wild access. Inputs above 1 MiB are ignored: the headers are at
 * the start, and the rest is copied or decompressed as a block.
 */
#include <libfdt.h>
#include <string.h>

#include "arm64/boot-env.h"
#include "arm64/formats.h"
#include "fuzz.h"
#include "plan.h"

#define FUZZ_SIZE_MAX (1 << 20)
#define UNWRAP_MAX (8 << 20)

/* A small tree with a /chosen, as the machine's would be. */
static void *base_tree(size_t *ret_len)
{
	static uint8_t fdt[4096];
	int chosen;

	if (fdt_create_empty_tree(fdt, sizeof(fdt)) < 0 ||
	    fdt_setprop_u32(fdt, 0, "#address-cells", 2) < 0 ||
	    fdt_setprop_u32(fdt, 0, "#size-cells", 2) < 0)
		abort();
	chosen = fdt_add_subnode(fdt, 0, "chosen");
	if (chosen < 0 || fdt_setprop_string(fdt, chosen, "bootargs", "old") < 0)
		abort();
	*ret_len = fdt_totalsize(fdt);
	return fdt;
}

/* Place an image the way the driver does, on 2 GiB of RAM at 1 GiB with a crash reservation. */
static void place(const struct image_ops *ops, const uint8_t *kernel, size_t len, uint8_t pick)
{
	static const uint8_t initrd[4096];
	struct arm64_boot_env env = { .page_size = pick & 2 ? 65536 : 4096 };
	struct arm64_load_ctx ctx = { .env = &env, .elfcorehdr = 0xafff0000,
				      .elfcorehdr_size = 0x1000 };
	struct image_load_args a = {
		.kernel = kernel,
		.kernel_size = len,
		.initrd = pick & 1 ? initrd : NULL,
		.initrd_size = pick & 1 ? sizeof(initrd) : 0,
		.cmdline = "console=ttyAMA0",
		.crash = pick & 4,
		.mem_max = UINT64_MAX,
		.arch = &ctx,
	};
	struct image_entry entry;
	struct kexec_plan plan;
	struct diag why = {};

	env.fdt = base_tree(&env.fdt_size);
	if (range_list_add(&env.crash, 0xa0000000, 0xb0000000) < 0)
		abort();
	plan_init(&plan);
	if (a.crash) {
		if (range_list_add(&plan.avail, 0xa0000000, 0xafff0000) < 0)
			abort();
	} else if (range_list_add(&plan.avail, 0x40000000, 0xa0000000) < 0 ||
		   range_list_add(&plan.avail, 0xb0000000, 0xc0000000) < 0) {
		abort();
	}
	if (ops->load(&plan, &a, &entry) >= 0)
		(void)plan_validate(&plan, &why);
	plan_done(&plan);
	range_list_done(&env.crash);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct image_ops *const formats[] = { &arm64_image_ops, &arm64_zboot_ops,
							    &arm64_elf_ops };

	if (size == 0 || size > FUZZ_SIZE_MAX)
		return 0;
	fuzz_setup();
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		const struct image_ops *ops = formats[i];
		struct image_info info = {};
		struct diag why = {};
		size_t out_len;
		void *out;

		if (ops->probe(data, size, &info) < 0)
			continue;
		if (ops->unwrap) {
			if (ops->unwrap(data, size, UNWRAP_MAX, &out, &out_len, &why) < 0)
				continue;
			/* What comes out must be an Image, and is loaded as one. */
			if (arm64_image_ops.probe(out, out_len, &info) < 0)
				abort();
			if (out_len <= FUZZ_SIZE_MAX)
				place(&arm64_image_ops, out, out_len, data[size - 1]);
			free(out);
		} else {
			place(ops, data, size, data[size - 1]);
		}
	}
	return 0;
}
