// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The next arm64 kernel's device tree, read back with libfdt: /chosen's bootargs, initrd,
 * fresh seeds, the UEFI properties kept (and carried into a --dtb tree), crash properties, the
 * reservation map; refusals of broken trees; the PL011 behind stdout-path; the running tree
 * read from sysfs or flattened from /proc/device-tree.
 */
#include <errno.h>
#include <stdlib.h>

#include "arm64/dt-read.h"
#include "arm64/fdt.h"
#include "fixture.h"
#include "gen-arm64.h"
#include "macro.h"
#include "unit.h"

#define DT_BUF 65536

static uint8_t base_dt[DT_BUF];

static void make_dt(unsigned flags)
{
	CHECK_EQ_INT(gen_dt(base_dt, sizeof(base_dt), flags), 0);
}

static int chosen_of(const void *fdt)
{
	int n = fdt_path_offset(fdt, "/chosen");

	CHECK(n >= 0);
	return n;
}

static bool get_u64(const void *fdt, const char *name, uint64_t *ret)
{
	int len;
	const fdt64_t *p = fdt_getprop(fdt, chosen_of(fdt), name, &len);

	if (!p || len != 8)
		return false;
	*ret = fdt64_ld(p);
	return true;
}

static bool has_prop(const void *fdt, const char *name)
{
	return fdt_getprop(fdt, chosen_of(fdt), name, NULL) != NULL;
}

static bool has_rsv(const void *fdt, uint64_t addr, uint64_t size)
{
	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++) {
		uint64_t a, s;

		if (fdt_get_mem_rsv(fdt, i, &a, &s) == 0 && a == addr && s == size)
			return true;
	}
	return false;
}

static void check_uefi_kept(const void *fdt)
{
	uint64_t v;
	int len;

	CHECK(get_u64(fdt, "linux,uefi-system-table", &v) && v == GEN_DT_UEFI_SYSTAB);
	CHECK(get_u64(fdt, "linux,uefi-mmap-start", &v) && v == 0xbe5e0018ULL);
	CHECK(fdt_getprop(fdt, chosen_of(fdt), "linux,uefi-mmap-size", &len) && len == 4);
	CHECK(fdt_getprop(fdt, chosen_of(fdt), "linux,uefi-mmap-desc-size", &len) && len == 4);
	CHECK(fdt_getprop(fdt, chosen_of(fdt), "linux,uefi-mmap-desc-ver", &len) && len == 4);
}

static void *build(const struct arm64_dt_edit *e, int want, size_t *ret_len, struct diag *why)
{
	void *out = NULL;
	size_t len = 0;
	int r;

	r = arm64_dt_build(base_dt, fdt_totalsize(base_dt), e, &out, &len, why);
	if (r != want)
		fprintf(stderr, "arm64_dt_build: %d (%s), expected %d\n", r, why->msg, want);
	CHECK_EQ_INT(r, want);
	if (r == 0) {
		CHECK_EQ_INT(fdt_check_full(out, len), 0);
		CHECK_EQ_INT(fdt_totalsize(out), len);
	}
	if (ret_len)
		*ret_len = len;
	return r == 0 ? out : NULL;
}

static void test_normal(void)
{
	struct arm64_dt_edit e = {
		.cmdline = "console=ttyAMA0 root=/dev/vda2 quiet",
		.initrd_start = 0x7e000000,
		.initrd_end = 0x7e000000 + 12345,
	};
	uint8_t seed1[8 + ARM64_RNG_SEED_SIZE], zero[ARM64_RNG_SEED_SIZE] = {};
	struct diag why = {};
	void *dt, *dt2;
	const void *p;
	uint64_t v;
	int len;

	make_dt(GEN_DT_STALE_CRASH);
	dt = build(&e, 0, NULL, &why);
	if (!dt)
		return;
	CHECK_EQ_STR(fdt_getprop(dt, chosen_of(dt), "bootargs", NULL), e.cmdline);
	CHECK(get_u64(dt, "linux,initrd-start", &v) && v == e.initrd_start);
	CHECK(get_u64(dt, "linux,initrd-end", &v) && v == e.initrd_end);
	/* The old initrd's reservation went with it; the new one is reserved from the
	 * properties by the kernel itself; others stay. */
	CHECK(!has_rsv(dt, GEN_DT_OLD_INITRD, GEN_DT_OLD_INITRD_END - GEN_DT_OLD_INITRD));
	CHECK(!has_rsv(dt, e.initrd_start, 12345));
	CHECK(has_rsv(dt, GEN_DT_OTHER_RSV, 0x1000));
	CHECK_EQ_INT(fdt_num_mem_rsv(dt), 1);
	/* A previous crash load's properties and reservation are not this boot's. */
	CHECK(!has_prop(dt, "linux,elfcorehdr"));
	CHECK(!has_prop(dt, "linux,usable-memory-range"));
	CHECK(!has_rsv(dt, 0x7fff0000, 0x10000));
	/* Fresh seeds: the running tree's kaslr-seed was wiped to 0. */
	CHECK(get_u64(dt, "kaslr-seed", &v) && v != 0);
	p = fdt_getprop(dt, chosen_of(dt), "rng-seed", &len);
	CHECK(p && len == ARM64_RNG_SEED_SIZE && memcmp(p, zero, sizeof(zero)) != 0);
	if (p && len == ARM64_RNG_SEED_SIZE) {
		memcpy(seed1, &v, 8);
		memcpy(seed1 + 8, p, ARM64_RNG_SEED_SIZE);
	}
	check_uefi_kept(dt);
	CHECK_EQ_STR(fdt_getprop(dt, chosen_of(dt), "stdout-path", NULL), "/pl011@9000000:115200n8");
	/* The rest of the tree is untouched. */
	CHECK(fdt_path_offset(dt, "/memory@40000000") >= 0);
	CHECK(fdt_path_offset(dt, "/soc/serial@1000") >= 0);

	/* Every load gets seeds of its own. */
	dt2 = build(&e, 0, NULL, &why);
	if (dt2) {
		CHECK(get_u64(dt2, "kaslr-seed", &v) && memcmp(&v, seed1, 8) != 0);
		p = fdt_getprop(dt2, chosen_of(dt2), "rng-seed", &len);
		CHECK(p && memcmp(p, seed1 + 8, ARM64_RNG_SEED_SIZE) != 0);
		free(dt2);
	}
	free(dt);
}

static void test_no_initrd_no_cmdline(void)
{
	struct arm64_dt_edit e = { .cmdline = "" };
	struct diag why = {};
	void *dt;

	make_dt(0);
	dt = build(&e, 0, NULL, &why);
	if (!dt)
		return;
	CHECK(!has_prop(dt, "bootargs"));
	CHECK(!has_prop(dt, "linux,initrd-start"));
	CHECK(!has_prop(dt, "linux,initrd-end"));
	CHECK(!has_rsv(dt, GEN_DT_OLD_INITRD, GEN_DT_OLD_INITRD_END - GEN_DT_OLD_INITRD));
	CHECK_EQ_INT(fdt_num_mem_rsv(dt), 1);
	check_uefi_kept(dt);
	free(dt);

	/* No /chosen at all: made. */
	make_dt(GEN_DT_NO_CHOSEN);
	e.cmdline = "x";
	dt = build(&e, 0, NULL, &why);
	if (dt) {
		CHECK_EQ_STR(fdt_getprop(dt, chosen_of(dt), "bootargs", NULL), "x");
		free(dt);
	}
}

/* <address size> pairs in two cells each: the root's #address-cells/#size-cells. */
static void check_ranges(const void *dt, const char *name, const uint64_t *want, int n)
{
	int len;
	const fdt32_t *p = fdt_getprop(dt, chosen_of(dt), name, &len);

	CHECK(p && len == n * 16);
	for (int i = 0; p && len == n * 16 && i < n * 2; i++)
		CHECK_EQ_INT(((uint64_t)fdt32_ld(p + 2 * i) << 32) | fdt32_ld(p + 2 * i + 1),
			     want[i]);
}

static void test_crash(void)
{
	static const struct range usable[] = {
		{ 0x1a0000000ULL, 0x1b0000000ULL }, /* crashkernel=,high: runs here */
		{ 0x70000000, 0x78000000 },         /* crashkernel=,low */
	};
	struct arm64_dt_edit e = {
		.cmdline = "console=ttyAMA0 irqpoll nr_cpus=1",
		.initrd_start = 0x1a4000000ULL,
		.initrd_end = 0x1a4100000ULL,
		.crash = true,
		.elfcorehdr = 0x1afff0000ULL,
		.elfcorehdr_size = 0x3000,
		.usable = usable,
		.nr_usable = 2,
	};
	struct diag why = {};
	void *dt;

	make_dt(GEN_DT_STALE_CRASH);
	dt = build(&e, 0, NULL, &why);
	if (!dt)
		return;
	check_ranges(dt, "linux,elfcorehdr", (const uint64_t[]){ 0x1afff0000ULL, 0x3000 }, 1);
	check_ranges(dt, "linux,usable-memory-range",
		     (const uint64_t[]){ 0x1a0000000ULL, 0x10000000, 0x70000000, 0x8000000 }, 2);
	CHECK(!has_rsv(dt, e.elfcorehdr, e.elfcorehdr_size)); /* reserved from the property */
	CHECK(!has_rsv(dt, e.initrd_start, e.initrd_end - e.initrd_start));
	CHECK(!has_rsv(dt, 0x7fff0000, 0x10000));
	check_uefi_kept(dt);
	free(dt);

	/* One-cell roots hold 32-bit addresses only: a reservation above 4 GiB cannot be said. */
	make_dt(GEN_DT_ONE_CELL);
	CHECK(build(&e, -ERANGE, NULL, &why) == NULL);
	CHECK(strstr(why.msg, "#address-cells") != NULL);
	e.elfcorehdr = 0x7fff0000;
	e.usable = &usable[1];
	e.nr_usable = 1;
	e.initrd_start = 0x74000000;
	e.initrd_end = 0x74100000;
	dt = build(&e, 0, NULL, &why);
	if (dt) {
		int len;
		const fdt32_t *p = fdt_getprop(dt, chosen_of(dt), "linux,elfcorehdr", &len);

		CHECK(p && len == 8 && fdt32_ld(p) == 0x7fff0000 && fdt32_ld(p + 1) == 0x3000);
		free(dt);
	}
}

/* --dtb: a file knows nothing of this boot's UEFI; the running tree's properties go in. */
static void test_uefi_carried(void)
{
	static uint8_t running[DT_BUF];
	struct arm64_dt_edit e = { .cmdline = "a" };
	struct diag why = {};
	uint64_t v;
	void *dt;

	CHECK_EQ_INT(gen_dt(running, sizeof(running), 0), 0);
	make_dt(GEN_DT_NO_UEFI);
	e.uefi_from = running;
	e.uefi_from_size = fdt_totalsize(running);
	dt = build(&e, 0, NULL, &why);
	if (dt) {
		check_uefi_kept(dt);
		free(dt);
	}
	/* Without: none. */
	e.uefi_from = NULL;
	dt = build(&e, 0, NULL, &why);
	if (dt) {
		CHECK(!has_prop(dt, "linux,uefi-system-table"));
		free(dt);
	}
	/* The file's own values win. */
	make_dt(0);
	CHECK_EQ_INT(fdt_open_into(running, running, sizeof(running)), 0);
	CHECK_EQ_INT(fdt_setprop_u64(running, fdt_path_offset(running, "/chosen"),
				     "linux,uefi-system-table", 0x1234000), 0);
	e.uefi_from = running;
	dt = build(&e, 0, NULL, &why);
	if (dt) {
		CHECK(get_u64(dt, "linux,uefi-system-table", &v) && v == GEN_DT_UEFI_SYSTAB);
		free(dt);
	}
	/* A broken running tree is ignored, not fatal. */
	e.uefi_from_size = 10;
	dt = build(&e, 0, NULL, &why);
	free(dt);
}

static void test_refused(void)
{
	struct arm64_dt_edit e = { .cmdline = "a" };
	struct diag why = {};
	static uint8_t b[DT_BUF];
	void *out = NULL;
	size_t len;

	make_dt(0);
	memcpy(b, base_dt, fdt_totalsize(base_dt));
	CHECK_EQ_INT(arm64_dt_build(b, 20, &e, &out, &len, &why), -EBADMSG);
	CHECK(strstr(why.msg, "shorter than its header") != NULL);
	CHECK_EQ_INT(arm64_dt_build(b, fdt_totalsize(b) - 1, &e, &out, &len, &why), -EBADMSG);
	CHECK(strstr(why.msg, "truncated") != NULL);
	b[0] ^= 0xff;
	CHECK_EQ_INT(arm64_dt_build(b, sizeof(b), &e, &out, &len, &why), -EBADMSG);
	CHECK(strstr(why.msg, "not a device tree") != NULL);
	b[0] ^= 0xff;
	/* A property length running past the structure block. */
	{
		int chosen = fdt_path_offset(b, "/chosen");
		int off = fdt_first_property_offset(b, chosen);
		struct fdt_property *prop = (struct fdt_property *)((uint8_t *)b +
			fdt_off_dt_struct(b) + off);

		prop->len = cpu_to_fdt32(0x7fffff00);
		CHECK_EQ_INT(arm64_dt_build(b, sizeof(b), &e, &out, &len, &why), -EBADMSG);
		CHECK(strstr(why.msg, "corrupt") != NULL);
	}
	CHECK(out == NULL);

	/* Over 2 MiB once edited: refused with the size. */
	{
		size_t big = 3 << 20;
		uint8_t *t = malloc(big);
		char *cmd = malloc(ARM64_DT_MAX);

		CHECK_EQ_INT(gen_dt(t, (int)big, 0), 0);
		CHECK_EQ_INT(fdt_open_into(t, t, (int)big), 0);
		memset(cmd, 'x', ARM64_DT_MAX - 1);
		cmd[ARM64_DT_MAX - 1] = '\0';
		e.cmdline = cmd;
		CHECK_EQ_INT(arm64_dt_build(t, big, &e, &out, &len, &why), -E2BIG);
		CHECK(strstr(why.msg, "2 MiB") != NULL);
		free(cmd);
		free(t);
	}
}

static void test_console(void)
{
	static uint8_t b[DT_BUF];

	make_dt(0);
	CHECK_EQ_INT(arm64_dt_console(base_dt), GEN_DT_PL011);
	/* An alias to a PL011 on a bus whose 0 is the CPU's 0x20000000. */
	make_dt(GEN_DT_STDOUT_ALIAS);
	CHECK_EQ_INT(arm64_dt_console(base_dt), GEN_DT_SOC_BASE + 0x1000);
	make_dt(GEN_DT_STDOUT_ALIAS | GEN_DT_ONE_CELL);
	CHECK_EQ_INT(arm64_dt_console(base_dt), GEN_DT_SOC_BASE + 0x1000);
	/* Not a PL011: no console for the purgatory. */
	make_dt(GEN_DT_STDOUT_16550);
	CHECK_EQ_INT(arm64_dt_console(base_dt), 0);
	make_dt(GEN_DT_NO_CHOSEN);
	CHECK_EQ_INT(arm64_dt_console(base_dt), 0);

	/* linux,stdout-path, a missing alias, a bus without ranges. */
	make_dt(0);
	memcpy(b, base_dt, fdt_totalsize(base_dt));
	CHECK_EQ_INT(fdt_open_into(b, b, sizeof(b)), 0);
	CHECK_EQ_INT(fdt_delprop(b, fdt_path_offset(b, "/chosen"), "stdout-path"), 0);
	CHECK_EQ_INT(arm64_dt_console(b), 0);
	CHECK_EQ_INT(fdt_setprop_string(b, fdt_path_offset(b, "/chosen"), "linux,stdout-path",
					"/pl011@9000000"), 0);
	CHECK_EQ_INT(arm64_dt_console(b), GEN_DT_PL011);
	CHECK_EQ_INT(fdt_setprop_string(b, fdt_path_offset(b, "/chosen"), "linux,stdout-path",
					"serial7"), 0);
	CHECK_EQ_INT(arm64_dt_console(b), 0);
	CHECK_EQ_INT(fdt_setprop_string(b, fdt_path_offset(b, "/chosen"), "linux,stdout-path",
					"serial1:9600"), 0);
	CHECK_EQ_INT(arm64_dt_console(b), GEN_DT_SOC_BASE + 0x1000);
	CHECK_EQ_INT(fdt_delprop(b, fdt_path_offset(b, "/soc"), "ranges"), 0);
	CHECK_EQ_INT(arm64_dt_console(b), 0);
	/* An alias whose value is not terminated stays inside the property. */
	CHECK_EQ_INT(fdt_setprop(b, fdt_path_offset(b, "/aliases"), "serial1", "/pl011@9000000", 14),
		     0);
	CHECK_EQ_INT(arm64_dt_console(b), GEN_DT_PL011);
}

static void test_read_running(void)
{
	struct fixture f;
	const char *src = NULL;
	size_t len;
	void *dt;

	make_dt(0);
	fixture_init(&f);
	CHECK_EQ_INT(arm64_dt_read_running(f.root, &dt, &len, &src), -ENOENT);

	/* sysfs: the blob as it is. */
	fixture_put_bytes(&f, "sys/firmware/fdt", base_dt, fdt_totalsize(base_dt));
	CHECK_EQ_INT(arm64_dt_read_running(f.root, &dt, &len, &src), 0);
	CHECK_EQ_STR(src, "/sys/firmware/fdt");
	CHECK_EQ_INT(len, fdt_totalsize(base_dt));
	CHECK(memcmp(dt, base_dt, len) == 0);
	free(dt);
	fixture_put(&f, "sys/firmware/fdt", "garbage, not a device tree blob at all: no magic.....");
	CHECK_EQ_INT(arm64_dt_read_running(f.root, &dt, &len, &src), -EBADMSG);
	CHECK_EQ_INT(unlinkat(f.root, "sys/firmware/fdt", 0), 0);

	/* /proc/device-tree: folders and files, flattened. */
	fixture_put(&f, "proc/device-tree/name", "");
	fixture_put_bytes(&f, "proc/device-tree/#address-cells", "\0\0\0\2", 4);
	fixture_put_bytes(&f, "proc/device-tree/compatible", "linux,dummy-virt", 17);
	fixture_put_bytes(&f, "proc/device-tree/#size-cells", "\0\0\0\2", 4);
	fixture_put_bytes(&f, "proc/device-tree/chosen/bootargs", "console=ttyAMA0", 16);
	fixture_put_bytes(&f, "proc/device-tree/chosen/stdout-path", "/pl011@9000000", 15);
	fixture_put(&f, "proc/device-tree/chosen/name", "chosen");
	fixture_put_bytes(&f, "proc/device-tree/chosen/linux,uefi-system-table",
			  "\0\0\0\0\xbf\xf3\xf0\x18", 8);
	fixture_put_bytes(&f, "proc/device-tree/pl011@9000000/reg",
			  "\0\0\0\0\x09\0\0\0\0\0\0\0\0\0\x10\0", 16);
	fixture_put_bytes(&f, "proc/device-tree/pl011@9000000/compatible", "arm,pl011", 10);
	CHECK_EQ_INT(mkdirat(f.root, "proc/device-tree/empty@0", 0755), 0);
	CHECK_EQ_INT(arm64_dt_read_running(f.root, &dt, &len, &src), 0);
	CHECK_EQ_STR(src, "/proc/device-tree");
	CHECK_EQ_INT(arm64_dt_check(dt, len, NULL), 0);
	if (arm64_dt_check(dt, len, NULL) == 0) {
		int chosen = fdt_path_offset(dt, "/chosen"), plen;
		uint64_t v;

		CHECK_EQ_STR(fdt_getprop(dt, chosen, "bootargs", NULL), "console=ttyAMA0");
		CHECK(fdt_getprop(dt, chosen, "name", NULL) == NULL);
		CHECK(fdt_getprop(dt, 0, "name", NULL) == NULL);
		CHECK(get_u64(dt, "linux,uefi-system-table", &v) && v == GEN_DT_UEFI_SYSTAB);
		CHECK_EQ_INT(fdt_address_cells(dt, 0), 2);
		CHECK(fdt_path_offset(dt, "/empty@0") >= 0);
		CHECK(fdt_getprop(dt, fdt_path_offset(dt, "/pl011@9000000"), "reg", &plen) &&
		      plen == 16);
		CHECK_EQ_INT(fdt_num_mem_rsv(dt), 0);
		CHECK_EQ_INT(arm64_dt_console(dt), 0x9000000);
	}
	free(dt);
	fixture_done(&f);
}

int main(void)
{
	test_normal();
	test_no_initrd_no_cmdline();
	test_crash();
	test_uefi_carried();
	test_refused();
	test_console();
	test_read_running();
	return unit_summary("test-arm64-fdt");
}
