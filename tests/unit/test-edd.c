// SPDX-License-Identifier: GPL-2.0-or-later
/* EDD from a /sys/firmware/edd fixture into boot_params. */
#include <errno.h>

#include "x86/edd.h"
#include "fixture.h"

static void put_disk(struct fixture *f, const char *dev, uint16_t rawlen, const char *sig)
{
	struct edd_device_params raw = { .length = rawlen, .num_default_heads = 16,
					 .number_of_sectors = 0x200000, .bytes_per_sector = 512 };
	char path[96];

	snprintf(path, sizeof(path), "sys/firmware/edd/%s/raw_data", dev);
	fixture_put_bytes(f, path, &raw, 30);
	snprintf(path, sizeof(path), "sys/firmware/edd/%s/version", dev);
	fixture_put(f, path, "0x30\n");
	snprintf(path, sizeof(path), "sys/firmware/edd/%s/extensions", dev);
	fixture_put(f, path, "Fixed disk access\nEnhanced Disk Drive support\n");
	snprintf(path, sizeof(path), "sys/firmware/edd/%s/legacy_max_cylinder", dev);
	fixture_put(f, path, "1023\n");
	snprintf(path, sizeof(path), "sys/firmware/edd/%s/legacy_max_head", dev);
	fixture_put(f, path, "15\n");
	snprintf(path, sizeof(path), "sys/firmware/edd/%s/legacy_sectors_per_track", dev);
	fixture_put(f, path, "63\n");
	if (sig) {
		snprintf(path, sizeof(path), "sys/firmware/edd/%s/mbr_signature", dev);
		fixture_put(f, path, sig);
	}
}

static void test_edd(void)
{
	struct fixture f;
	struct x86_edd edd;
	struct boot_params bp = {};

	fixture_init(&f);
	CHECK_EQ_INT(x86_edd_read(f.root, &edd), -ENOENT);

	put_disk(&f, "int13_dev81", 30, "0xcafef00d\n");
	put_disk(&f, "int13_dev80", 30, "0x12345678\n");
	put_disk(&f, "int13_dev82", 74, NULL); /* claims more than it has: skipped */
	fixture_put(&f, "sys/firmware/edd/not_a_disk", "");
	CHECK_EQ_INT(x86_edd_read(f.root, &edd), 0);
	CHECK_EQ_INT(edd.nr_info, 2);
	CHECK_EQ_INT(edd.info[0].device, 0x80);
	CHECK_EQ_INT(edd.info[1].device, 0x81);
	CHECK_EQ_INT(edd.info[0].version, 0x30);
	CHECK_EQ_INT(edd.info[0].interface_support, 0x5);
	CHECK_EQ_INT(edd.info[0].legacy_max_cylinder, 1023);
	CHECK_EQ_INT(edd.info[0].legacy_max_head, 15);
	CHECK_EQ_INT(edd.info[0].legacy_sectors_per_track, 63);
	CHECK_EQ_INT(edd.info[0].params.number_of_sectors, 0x200000);
	CHECK_EQ_INT(edd.nr_mbr_sig, 2);
	CHECK_EQ_INT(edd.mbr_sig[0], 0x12345678);
	CHECK_EQ_INT(edd.mbr_sig[1], 0xcafef00d);

	x86_edd_fill(&bp, &edd);
	CHECK_EQ_INT(bp.eddbuf_entries, 2);
	CHECK_EQ_INT(bp.edd_mbr_sig_buf_entries, 2);
	CHECK_EQ_INT(bp.eddbuf[1].device, 0x81);
	CHECK_EQ_INT(bp.edd_mbr_sig_buffer[1], 0xcafef00d);
	fixture_done(&f);
}

int main(void)
{
	test_edd();
	return unit_summary("test-edd");
}
