// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/iomem and /sys/firmware/memmap parsing. The iomem fixtures are what QEMU machines with
 * SeaBIOS and OVMF show (device windows, nested kernel and crash entries, the first page turned
 * Reserved); each is parsed from an exact-length heap copy so that reading past the end shows
 * up under ASan. The firmware map is built as a sysfs tree in a temporary directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "memmap.h"
#include "unit.h"

#define TOP UINT64_MAX

/* QEMU pc (i440fx), SeaBIOS, -m 1G, crashkernel=256M. */
static const char iomem_pc_1g[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000a0000-000bffff : PCI Bus 0000:00\n"
	"000c0000-000c99ff : Video ROM\n"
	"000ca000-000cadff : Adapter ROM\n"
	"000cb000-000cb5ff : Adapter ROM\n"
	"000f0000-000fffff : Reserved\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-3ffdffff : System RAM\n"
	"  27000000-36ffffff : Crash kernel\n"
	"  3a000000-3ae02a57 : Kernel code\n"
	"  3b000000-3b5c1fff : Kernel rodata\n"
	"  3b600000-3b8d3f7f : Kernel data\n"
	"  3be3e000-3c1fffff : Kernel bss\n"
	"3ffe0000-3fffffff : Reserved\n"
	"40000000-febfffff : PCI Bus 0000:00\n"
	"  fd000000-fdffffff : 0000:00:02.0\n"
	"    fd000000-fdffffff : bochs-drm\n"
	"  feb80000-febbffff : 0000:00:03.0\n"
	"  febf0000-febf0fff : 0000:00:02.0\n"
	"    febf0000-febf0fff : bochs-drm\n"
	"fec00000-fec003ff : IOAPIC 0\n"
	"fed00000-fed003ff : HPET 0\n"
	"  fed00000-fed003ff : PNP0103:00\n"
	"fee00000-fee00fff : Local APIC\n"
	"fffc0000-ffffffff : Reserved\n"
	"100000000-17fffffff : PCI Bus 0000:00\n";

/* The same machine seen without CAP_SYS_ADMIN: the kernel prints every address as 0. */
static const char iomem_pc_1g_user[] =
	"00000000-00000000 : Reserved\n"
	"00000000-00000000 : System RAM\n"
	"00000000-00000000 : Reserved\n"
	"00000000-00000000 : PCI Bus 0000:00\n"
	"00000000-00000000 : Reserved\n"
	"  00000000-00000000 : System ROM\n"
	"00000000-00000000 : System RAM\n"
	"  00000000-00000000 : Crash kernel\n"
	"  00000000-00000000 : Kernel code\n"
	"00000000-00000000 : Reserved\n"
	"00000000-00000000 : PCI Bus 0000:00\n";

/*
 * QEMU q35, SeaBIOS, -m 8G, crashkernel=512M,high: RAM is 2 GiB below 4 GiB (the rest of the
 * low space is the PCI hole and MMCONFIG) and 6 GiB above; the crash reservation is in two
 * pieces, one high and the 256 MiB low one the kernel adds for DMA and swiotlb.
 */
static const char iomem_q35_8g[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000a0000-000bffff : PCI Bus 0000:00\n"
	"000c0000-000c99ff : Video ROM\n"
	"000ca000-000cadff : Adapter ROM\n"
	"000cb000-000cb5ff : Adapter ROM\n"
	"000f0000-000fffff : Reserved\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-7ffdbfff : System RAM\n"
	"  6f000000-7effffff : Crash kernel\n"
	"7ffdc000-7fffffff : Reserved\n"
	"80000000-afffffff : PCI Bus 0000:00\n"
	"b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]\n"
	"  b0000000-bfffffff : Reserved\n"
	"c0000000-febfffff : PCI Bus 0000:00\n"
	"  fd000000-fdffffff : 0000:00:01.0\n"
	"    fd000000-fdffffff : bochs-drm\n"
	"  fe000000-fe003fff : 0000:00:02.0\n"
	"    fe000000-fe003fff : virtio-pci-modern\n"
	"  febd1000-febd1fff : 0000:00:1f.2\n"
	"    febd1000-febd1fff : ahci\n"
	"fec00000-fec003ff : IOAPIC 0\n"
	"fed00000-fed003ff : HPET 0\n"
	"  fed00000-fed003ff : PNP0103:00\n"
	"fed1c000-fed1ffff : Reserved\n"
	"  fed1f410-fed1f414 : iTCO_wdt.0.auto\n"
	"    fed1f410-fed1f414 : iTCO_wdt\n"
	"fee00000-fee00fff : Local APIC\n"
	"feffc000-feffffff : Reserved\n"
	"fffc0000-ffffffff : Reserved\n"
	"100000000-27fffffff : System RAM\n"
	"  1f6a00000-1f7c02a57 : Kernel code\n"
	"  1f7e00000-1f83c1fff : Kernel rodata\n"
	"  25fe00000-27fdfffff : Crash kernel\n"
	"280000000-a7fffffff : PCI Bus 0000:00\n";

/* QEMU q35, OVMF, -m 2G: UEFI scatters ACPI tables and NVS through low RAM. */
static const char iomem_q35_ovmf_2g[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009ffff : System RAM\n"
	"000a0000-000fffff : Reserved\n"
	"  000a0000-000bffff : PCI Bus 0000:00\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-007fffff : System RAM\n"
	"00800000-00807fff : ACPI Non-volatile Storage\n"
	"00808000-0080afff : System RAM\n"
	"0080b000-0080bfff : ACPI Non-volatile Storage\n"
	"0080c000-00810fff : System RAM\n"
	"00811000-008fffff : ACPI Non-volatile Storage\n"
	"00900000-7e8eefff : System RAM\n"
	"  2c000000-2ce02a57 : Kernel code\n"
	"7e8ef000-7eb6efff : Reserved\n"
	"7eb6f000-7eb7efff : ACPI Tables\n"
	"7eb7f000-7ebfefff : ACPI Non-volatile Storage\n"
	"7ebff000-7ef5ffff : System RAM\n"
	"7ef60000-7ef63fff : Reserved\n"
	"7ef64000-7ef65fff : ACPI Non-volatile Storage\n"
	"7ef66000-7fedffff : System RAM\n"
	"7fee0000-7fffffff : Reserved\n"
	"80000000-afffffff : PCI Bus 0000:00\n"
	"b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]\n"
	"  b0000000-bfffffff : Reserved\n"
	"ffc00000-ffffffff : Reserved\n";

#define E(s, e, t) { s, e, MEMMAP_##t }
#define MAXE 24

struct iomem_case {
	const char *name;
	const char *text;
	size_t len; /* 0: strlen(text) */
	int ret;
	struct memmap_entry top[MAXE]; /* ends at the first empty entry */
	struct range crash[3];
	struct range ram[8];
	struct memmap_entry all[MAXE]; /* memmap_parse_iomem_all's; none given: the same as top */
};

static const struct iomem_case iomem_cases[] = {
	{ "pc 1G", iomem_pc_1g, 0, 0,
	  { E(0, 0x1000, RESERVED), E(0x1000, 0x9fc00, RAM), E(0x9fc00, 0xa0000, RESERVED),
	    E(0xf0000, 0x100000, RESERVED), E(0x100000, 0x3ffe0000, RAM),
	    E(0x3ffe0000, 0x40000000, RESERVED), E(0xfffc0000, 0x100000000, RESERVED) },
	  { { 0x27000000, 0x37000000 } },
	  { { 0x1000, 0x9fc00 }, { 0x100000, 0x3ffe0000 } } },
	{ "pc 1G as user", iomem_pc_1g_user, 0, -EPERM, {}, {}, {} },
	{ "q35 8G", iomem_q35_8g, 0, 0,
	  { E(0, 0x1000, RESERVED), E(0x1000, 0x9fc00, RAM), E(0x9fc00, 0xa0000, RESERVED),
	    E(0xf0000, 0x100000, RESERVED), E(0x100000, 0x7ffdc000, RAM),
	    E(0x7ffdc000, 0x80000000, RESERVED), E(0xfed1c000, 0xfed20000, RESERVED),
	    E(0xfeffc000, 0xff000000, RESERVED), E(0xfffc0000, 0x100000000, RESERVED),
	    E(0x100000000, 0x280000000, RAM) },
	  { { 0x6f000000, 0x7f000000 }, { 0x25fe00000, 0x27fe00000 } },
	  { { 0x1000, 0x9fc00 }, { 0x100000, 0x7ffdc000 }, { 0x100000000, 0x280000000 } },
	  /* the MMCONFIG window's Reserved range, which only the nested view has */
	  { E(0, 0x1000, RESERVED), E(0x1000, 0x9fc00, RAM), E(0x9fc00, 0xa0000, RESERVED),
	    E(0xf0000, 0x100000, RESERVED), E(0x100000, 0x7ffdc000, RAM),
	    E(0x7ffdc000, 0x80000000, RESERVED), E(0xb0000000, 0xc0000000, RESERVED),
	    E(0xfed1c000, 0xfed20000, RESERVED), E(0xfeffc000, 0xff000000, RESERVED),
	    E(0xfffc0000, 0x100000000, RESERVED), E(0x100000000, 0x280000000, RAM) } },
	{ "q35 OVMF 2G", iomem_q35_ovmf_2g, 0, 0,
	  { E(0, 0x1000, RESERVED), E(0x1000, 0xa0000, RAM), E(0xa0000, 0x100000, RESERVED),
	    E(0x100000, 0x800000, RAM), E(0x800000, 0x808000, NVS), E(0x808000, 0x80b000, RAM),
	    E(0x80b000, 0x80c000, NVS), E(0x80c000, 0x811000, RAM), E(0x811000, 0x900000, NVS),
	    E(0x900000, 0x7e8ef000, RAM), E(0x7e8ef000, 0x7eb6f000, RESERVED),
	    E(0x7eb6f000, 0x7eb7f000, ACPI), E(0x7eb7f000, 0x7ebff000, NVS),
	    E(0x7ebff000, 0x7ef60000, RAM), E(0x7ef60000, 0x7ef64000, RESERVED),
	    E(0x7ef64000, 0x7ef66000, NVS), E(0x7ef66000, 0x7fee0000, RAM),
	    E(0x7fee0000, 0x80000000, RESERVED), E(0xffc00000, 0x100000000, RESERVED) },
	  {},
	  { { 0x1000, 0xa0000 }, { 0x100000, 0x800000 }, { 0x808000, 0x80b000 },
	    { 0x80c000, 0x811000 }, { 0x900000, 0x7e8ef000 }, { 0x7ebff000, 0x7ef60000 },
	    { 0x7ef66000, 0x7fee0000 } },
	  { E(0, 0x1000, RESERVED), E(0x1000, 0xa0000, RAM), E(0xa0000, 0x100000, RESERVED),
	    E(0x100000, 0x800000, RAM), E(0x800000, 0x808000, NVS), E(0x808000, 0x80b000, RAM),
	    E(0x80b000, 0x80c000, NVS), E(0x80c000, 0x811000, RAM), E(0x811000, 0x900000, NVS),
	    E(0x900000, 0x7e8ef000, RAM), E(0x7e8ef000, 0x7eb6f000, RESERVED),
	    E(0x7eb6f000, 0x7eb7f000, ACPI), E(0x7eb7f000, 0x7ebff000, NVS),
	    E(0x7ebff000, 0x7ef60000, RAM), E(0x7ef60000, 0x7ef64000, RESERVED),
	    E(0x7ef64000, 0x7ef66000, NVS), E(0x7ef66000, 0x7fee0000, RAM),
	    E(0x7fee0000, 0x80000000, RESERVED), E(0xb0000000, 0xc0000000, RESERVED),
	    E(0xffc00000, 0x100000000, RESERVED) } },
	{ "every type name",
	  "00000000-00000fff : reserved\n"
	  "00001000-00001fff : ACPI Tables\n"
	  "00002000-00002fff : ACPI Non-volatile Storage\n"
	  "00003000-00003fff : Unusable memory\n"
	  "00004000-00004fff : Persistent Memory (legacy)\n"
	  "00005000-00005fff : Persistent Memory\n"
	  "  00005000-00005fff : namespace0.0\n"
	  "00006000-00006fff : Soft Reserved\n"
	  "  00006000-00006fff : System RAM (kmem)\n"
	  "00007000-00007fff : System RAM\n"
	  "00008000-00008fff : System RAM\n",
	  0, 0,
	  { E(0, 0x1000, RESERVED), E(0x1000, 0x2000, ACPI), E(0x2000, 0x3000, NVS),
	    E(0x3000, 0x4000, UNUSABLE), E(0x4000, 0x5000, PRAM), E(0x5000, 0x6000, PMEM),
	    E(0x6000, 0x7000, SOFT_RESERVED), E(0x7000, 0x8000, RAM), E(0x8000, 0x9000, RAM) },
	  {},
	  /* adjacent RAM entries merge; RAM nested in Soft Reserved is not top-level RAM */
	  { { 0x7000, 0x9000 } } },
	{ "crash kernel at depth 2, no trailing newline, CRLF, upper case hex",
	  "00100000-3FFDFFFF : System RAM\r\n"
	  "  10000000-1fffffff : Kernel\n"
	  "    18000000-1bffffff : Crash kernel\n"
	  "  20000000-23ffffff : Crash kernel",
	  0, 0,
	  { E(0x100000, 0x3ffe0000, RAM) },
	  { { 0x18000000, 0x1c000000 }, { 0x20000000, 0x24000000 } },
	  { { 0x100000, 0x3ffe0000 } } },
	{ "firmware ranges at every depth, in file order",
	  "00000000-00000fff : Reserved\n"
	  "b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]\n"
	  "  b0000000-bfffffff : Reserved\n"
	  "    b0000000-b0ffffff : Reserved\n"
	  "      b0000000-b0ffffff : pnp 00:05\n"
	  "c0000000-febfffff : PCI Bus 0000:00\n"
	  "  fe000000-fe0fffff : ACPI Tables\n"
	  "  fe100000-fe1fffff : ACPI Non-volatile Storage\n"
	  "fee00000-fee00fff : Local APIC\n"
	  "  fee00000-fee00fff : Reserved\n"
	  "100000000-1ffffffff : System RAM\n"
	  "  1f0000000-1ffffffff : Crash kernel\n",
	  0, 0,
	  { E(0, 0x1000, RESERVED), E(0x100000000, 0x200000000, RAM) },
	  { { 0x1f0000000, 0x200000000 } },
	  { { 0x100000000, 0x200000000 } },
	  { E(0, 0x1000, RESERVED), E(0xb0000000, 0xc0000000, RESERVED),
	    E(0xb0000000, 0xb1000000, RESERVED), E(0xfe000000, 0xfe100000, ACPI),
	    E(0xfe100000, 0xfe200000, NVS), E(0xfee00000, 0xfee01000, RESERVED),
	    E(0x100000000, 0x200000000, RAM) } },
	{ "blank lines", "\n   \n00001000-00001fff : System RAM\n\n", 0, 0,
	  { E(0x1000, 0x2000, RAM) }, {}, { { 0x1000, 0x2000 } } },
	{ "empty", "", 0, 0, {}, {}, {} },
	{ "16 digits, end of the address space",
	  "0000000000000000-ffffffffffffffff : Reserved\n", 0, 0,
	  { E(0, TOP, RESERVED) }, {}, {} },
	/* Cut inside the second line: the parser must stop at len, not at a NUL. */
	{ "cut mid name", "00001000-00001fff : System RAM\n00100000-3ffdffff : System RAM\n", 59, 0,
	  { E(0x1000, 0x2000, RAM) }, {}, { { 0x1000, 0x2000 } } },
	{ "cut mid number", "00001000-00001fff : System RAM\n00100000-3ffdffff : System RAM\n", 40,
	  -EBADMSG, {}, {}, {} },
	{ "one zero line is not the user view, only all of them",
	  "00000000-00000000 : Reserved\n00001000-00001fff : System RAM\n", 0, 0,
	  { E(0, 1, RESERVED), E(0x1000, 0x2000, RAM) }, {}, { { 0x1000, 0x2000 } } },
	{ "garbage", "hello world\n", 0, -EBADMSG, {}, {}, {} },
	{ "no end", "00001000- : System RAM\n", 0, -EBADMSG, {}, {}, {} },
	{ "no dash", "00001000 : System RAM\n", 0, -EBADMSG, {}, {}, {} },
	{ "no colon", "00001000-00001fff System RAM\n", 0, -EBADMSG, {}, {}, {} },
	{ "ends before start", "00002000-00001fff : System RAM\n", 0, -EBADMSG, {}, {}, {} },
	{ "17 digits", "00000000000001000-00001fff : System RAM\n", 0, -EBADMSG, {}, {}, {} },
	{ "bad line after good", "00001000-00001fff : System RAM\nxyz\n", 0, -EBADMSG, {}, {},
	  {} },
};

static void check_top(const char *name, const struct memmap *m, const struct memmap_entry *want)
{
	size_t n = 0;
	bool ok;

	while (n < MAXE && want[n].start < want[n].end)
		n++;
	ok = m->n == n;
	for (size_t i = 0; ok && i < n; i++)
		ok = m->e[i].start == want[i].start && m->e[i].end == want[i].end &&
		     m->e[i].type == want[i].type;
	unit_checks++;
	if (!ok) {
		unit_failures++;
		fprintf(stderr, "%s: got %zu entries:\n", name, m->n);
		for (size_t i = 0; i < m->n; i++)
			fprintf(stderr, "  [%#" PRIx64 ", %#" PRIx64 ") %u\n", m->e[i].start,
				m->e[i].end, m->e[i].type);
	}
}

static void check_ranges(const char *name, const struct range_list *l, const struct range *want,
			 size_t max)
{
	size_t n = 0;
	bool ok;

	while (n < max && want[n].start < want[n].end)
		n++;
	ok = l->n == n;
	for (size_t i = 0; ok && i < n; i++)
		ok = l->r[i].start == want[i].start && l->r[i].end == want[i].end;
	unit_checks++;
	if (!ok) {
		unit_failures++;
		fprintf(stderr, "%s: got", name);
		for (size_t i = 0; i < l->n; i++)
			fprintf(stderr, " [%#" PRIx64 ", %#" PRIx64 ")", l->r[i].start, l->r[i].end);
		fprintf(stderr, "\n");
	}
}

static void test_iomem(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(iomem_cases); i++) {
		const struct iomem_case *c = &iomem_cases[i];
		size_t len = c->len ? c->len : strlen(c->text);
		struct memmap top = { .n = 12345 };
		struct range_list crash = { .n = 12345 }, ram;
		char *copy = malloc(len ? len : 1);
		int r;

		memcpy(copy, c->text, len);
		r = memmap_parse_iomem(copy, len, &top, &crash);
		free(copy);
		unit_checks++;
		if (r != c->ret) {
			unit_failures++;
			fprintf(stderr, "iomem '%s': returned %d, want %d\n", c->name, r, c->ret);
		}
		if (r < 0) {
			/* Out-parameters are untouched on failure. */
			CHECK(top.n == 12345 && crash.n == 12345);
			continue;
		}
		check_top(c->name, &top, c->top);
		check_ranges(c->name, &crash, c->crash, ARRAY_SIZE(c->crash));
		CHECK_EQ_INT(memmap_ram_ranges(&top, &ram), 0);
		check_ranges(c->name, &ram, c->ram, ARRAY_SIZE(c->ram));
		range_list_done(&ram);
		range_list_done(&crash);
		memmap_done(&top);
	}

	/* Every depth: the same errors, the same crash ranges, nested firmware ranges too. */
	for (size_t i = 0; i < ARRAY_SIZE(iomem_cases); i++) {
		const struct iomem_case *c = &iomem_cases[i];
		size_t len = c->len ? c->len : strlen(c->text);
		struct memmap all = { .n = 12345 };
		struct range_list crash = { .n = 12345 };
		char *copy = malloc(len ? len : 1);
		int r;

		memcpy(copy, c->text, len);
		r = memmap_parse_iomem_all(copy, len, &all, &crash);
		free(copy);
		unit_checks++;
		if (r != c->ret) {
			unit_failures++;
			fprintf(stderr, "iomem all '%s': returned %d, want %d\n", c->name, r, c->ret);
		}
		if (r < 0) {
			CHECK(all.n == 12345 && crash.n == 12345);
			continue;
		}
		check_top(c->name, &all, c->all[0].start < c->all[0].end ? c->all : c->top);
		check_ranges(c->name, &crash, c->crash, ARRAY_SIZE(c->crash));
		range_list_done(&crash);
		memmap_done(&all);
	}

	/* The crash list is optional. */
	{
		struct memmap top;

		CHECK_EQ_INT(memmap_parse_iomem(iomem_q35_8g, strlen(iomem_q35_8g), &top, NULL), 0);
		CHECK_EQ_INT(top.n, 10);
		memmap_done(&top);
	}
}

/* Every prefix and thousands of one-byte corruptions of the fixtures: each either parses into
 * well-formed entries or is refused with -EBADMSG/-EPERM, never read past its length. */
static int parse_checked(const char *text, size_t len)
{
	char *copy = malloc(len ? len : 1);
	struct range_list crash;
	struct memmap top;
	int r;

	memcpy(copy, text, len);
	for (int every_depth = 0; every_depth < 2; every_depth++) {
		r = every_depth ? memmap_parse_iomem_all(copy, len, &top, &crash) :
				  memmap_parse_iomem(copy, len, &top, &crash);
		if (r < 0) {
			if (r != -EBADMSG && r != -EPERM)
				break;
			r = 0;
			continue;
		}
		for (size_t i = 0; i < top.n; i++)
			if (top.e[i].start >= top.e[i].end)
				r = -EINVAL;
		for (size_t i = 0; i < crash.n; i++)
			if (crash.r[i].start >= crash.r[i].end ||
			    (i && crash.r[i - 1].end >= crash.r[i].start))
				r = -EINVAL;
		memmap_done(&top);
		range_list_done(&crash);
		if (r < 0)
			break;
	}
	free(copy);
	return r;
}

static void test_iomem_corrupt(void)
{
	static const char *const fixtures[] = { iomem_pc_1g, iomem_pc_1g_user, iomem_q35_8g,
						iomem_q35_ovmf_2g };
	static const char alphabet[] = "0123456789abcdefABCDEFxg- :\n\r\t";
	uint32_t seed = 1;
	int bad = 0;

	for (size_t f = 0; f < ARRAY_SIZE(fixtures); f++) {
		size_t len = strlen(fixtures[f]);
		char *buf = malloc(len);

		for (size_t cut = 0; cut <= len; cut++)
			bad += parse_checked(fixtures[f], cut) != 0;
		for (int round = 0; round < 3000; round++) {
			memcpy(buf, fixtures[f], len);
			for (int k = 0; k < 1 + round % 3; k++) {
				seed = seed * 1103515245u + 12345u;
				buf[(seed >> 8) % len] = alphabet[(seed >> 20) % (sizeof(alphabet) - 1)];
			}
			bad += parse_checked(buf, len) != 0;
		}
		free(buf);
	}
	CHECK_EQ_INT(bad, 0);
}

static void test_types(void)
{
	struct memmap m = MEMMAP_INIT;

	CHECK_EQ_STR(memmap_type_to_string(MEMMAP_RAM), "System RAM");
	CHECK_EQ_STR(memmap_type_to_string(MEMMAP_RESERVED_KERN), "System RAM");
	CHECK_EQ_STR(memmap_type_to_string(MEMMAP_NVS), "ACPI Non-volatile Storage");
	CHECK_EQ_STR(memmap_type_to_string(MEMMAP_PRAM), "Persistent Memory (legacy)");
	CHECK_EQ_STR(memmap_type_to_string(MEMMAP_SOFT_RESERVED), "Soft Reserved");
	CHECK_EQ_STR(memmap_type_to_string(99), "Unknown E820 type");
	/* The numbers go into boot_params.e820_table unchanged. */
	CHECK_EQ_INT(MEMMAP_RAM, 1);
	CHECK_EQ_INT(MEMMAP_UNUSABLE, 5);
	CHECK_EQ_INT(MEMMAP_PMEM, 7);
	CHECK_EQ_INT(MEMMAP_PRAM, 12);
	CHECK(MEMMAP_SOFT_RESERVED == 0xefffffffu);

	CHECK_EQ_INT(memmap_add(&m, 5, 5, MEMMAP_RAM), -EINVAL);
	CHECK_EQ_INT(memmap_add(&m, 6, 5, MEMMAP_RAM), -EINVAL);
	for (int i = 0; i < MEMMAP_MAX_ENTRIES; i++)
		if (memmap_add(&m, 2 * (uint64_t)i, 2 * (uint64_t)i + 1, MEMMAP_RAM) < 0)
			break;
	CHECK_EQ_INT(m.n, MEMMAP_MAX_ENTRIES);
	CHECK_EQ_INT(memmap_add(&m, TOP - 1, TOP, MEMMAP_RAM), -E2BIG);
	memmap_done(&m);
	CHECK(m.e == NULL && m.n == 0);

	/* RAM the kernel reserved for itself still counts as RAM; the rest does not. */
	CHECK_EQ_INT(memmap_add(&m, 0x1000, 0x2000, MEMMAP_RAM), 0);
	CHECK_EQ_INT(memmap_add(&m, 0x2000, 0x3000, MEMMAP_RESERVED_KERN), 0);
	CHECK_EQ_INT(memmap_add(&m, 0x3000, 0x4000, MEMMAP_ACPI), 0);
	CHECK_EQ_INT(memmap_add(&m, 0x5000, 0x6000, MEMMAP_RAM), 0);
	{
		struct range_list ram;
		static const struct range want[] = { { 0x1000, 0x3000 }, { 0x5000, 0x6000 } };

		CHECK_EQ_INT(memmap_ram_ranges(&m, &ram), 0);
		check_ranges("ram ranges", &ram, want, ARRAY_SIZE(want));
		range_list_done(&ram);
	}
	memmap_done(&m);
}

static void put(int dirfd, const char *path, const char *content)
{
	int fd = openat(dirfd, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK_EQ_INT(write(fd, content, strlen(content)), (long long)strlen(content));
	close(fd);
}

/* One sysfs firmware map entry, as the kernel prints it: "0x%llx\n" and the type name. */
static void put_entry(int root, int nr, uint64_t start, uint64_t last, const char *type)
{
	char path[128], val[64];

	snprintf(path, sizeof(path), "sys/firmware/memmap/%d", nr);
	CHECK_EQ_INT(mkdirat(root, path, 0755), 0);
	snprintf(path, sizeof(path), "sys/firmware/memmap/%d/start", nr);
	snprintf(val, sizeof(val), "0x%" PRIx64 "\n", start);
	put(root, path, val);
	snprintf(path, sizeof(path), "sys/firmware/memmap/%d/end", nr);
	snprintf(val, sizeof(val), "0x%" PRIx64 "\n", last);
	put(root, path, val);
	snprintf(path, sizeof(path), "sys/firmware/memmap/%d/type", nr);
	snprintf(val, sizeof(val), "%s\n", type);
	put(root, path, val);
}

static void test_firmware(void)
{
	char dir[] = "/tmp/kexec-unit-XXXXXX";
	struct memmap m = { .n = 777 };
	struct range_list crash;
	int root;

	CHECK(mkdtemp(dir) != NULL);
	root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CHECK(root >= 0);

	/* No CONFIG_FIRMWARE_MEMMAP: the caller falls back to /proc/iomem. */
	CHECK_EQ_INT(memmap_read_firmware(root, &m), -ENOENT);
	CHECK_EQ_INT(memmap_read_iomem(root, &m, NULL), -ENOENT);
	mkdirat(root, "sys", 0755);
	mkdirat(root, "sys/firmware", 0755);
	CHECK_EQ_INT(mkdirat(root, "sys/firmware/memmap", 0755), 0);
	CHECK_EQ_INT(memmap_read_firmware(root, &m), -ENOENT);
	CHECK_EQ_INT(m.n, 777);

	/*
	 * q35 with 8 GiB as the firmware reported it (the first page is still RAM here: the
	 * kernel reserves it later, which only /proc/iomem shows). Numbered out of address
	 * order and past 9, so that neither readdir nor name order is address order.
	 */
	put_entry(root, 0, 0x100000000, 0x27fffffff, "System RAM");
	put_entry(root, 1, 0x0, 0x9fbff, "System RAM");
	put_entry(root, 2, 0x9fc00, 0x9ffff, "Reserved");
	put_entry(root, 3, 0xf0000, 0xfffff, "Reserved");
	put_entry(root, 4, 0x100000, 0x7ffdbfff, "System RAM");
	put_entry(root, 5, 0x7ffdc000, 0x7fffffff, "Reserved");
	put_entry(root, 6, 0xb0000000, 0xbfffffff, "Reserved");
	put_entry(root, 7, 0xfed1c000, 0xfed1ffff, "Reserved");
	put_entry(root, 8, 0xfeffc000, 0xfeffffff, "Reserved");
	put_entry(root, 9, 0xfffc0000, 0xffffffff, "Reserved");
	put_entry(root, 10, 0x280000000, 0x280ffffff, "Persistent Memory (legacy)");
	put_entry(root, 11, 0x281000000, 0x281ffffff, "Unknown E820 type");
	put_entry(root, 12, 0x282000000, 0x282ffffff, "Something new");
	put_entry(root, 13, 0x283000000, 0x283ffffff, "Soft Reserved");
	/* An entry of size 0 reads end == start - 1. */
	put_entry(root, 14, 0x290000000, 0x28fffffff, "System RAM");
	/* Not entries. */
	put(root, "sys/firmware/memmap/uevent", "");
	mkdirat(root, "sys/firmware/memmap/power", 0755);

	CHECK_EQ_INT(memmap_read_firmware(root, &m), 0);
	{
		static const struct memmap_entry want[MAXE] = {
			E(0, 0x9fc00, RAM),
			E(0x9fc00, 0xa0000, RESERVED),
			E(0xf0000, 0x100000, RESERVED),
			E(0x100000, 0x7ffdc000, RAM),
			E(0x7ffdc000, 0x80000000, RESERVED),
			E(0xb0000000, 0xc0000000, RESERVED),
			E(0xfed1c000, 0xfed20000, RESERVED),
			E(0xfeffc000, 0xff000000, RESERVED),
			E(0xfffc0000, 0x100000000, RESERVED),
			E(0x100000000, 0x280000000, RAM),
			E(0x280000000, 0x281000000, PRAM),
			E(0x281000000, 0x282000000, RESERVED),
			E(0x282000000, 0x283000000, RESERVED),
			E(0x283000000, 0x284000000, SOFT_RESERVED),
		};
		static const struct range ram_want[] = { { 0, 0x9fc00 },
							 { 0x100000, 0x7ffdc000 },
							 { 0x100000000, 0x280000000 } };
		struct range_list ram;

		check_top("firmware q35 8G", &m, want);
		CHECK_EQ_INT(memmap_ram_ranges(&m, &ram), 0);
		check_ranges("firmware ram", &ram, ram_want, ARRAY_SIZE(ram_want));
		range_list_done(&ram);
		memmap_done(&m);
	}

	/* Broken entries are errors, not silently dropped memory. */
	put(root, "sys/firmware/memmap/3/end", "0xfffffz\n");
	CHECK_EQ_INT(memmap_read_firmware(root, &m), -EBADMSG);
	put(root, "sys/firmware/memmap/3/end", "fffff\n"); /* without 0x is fine */
	CHECK_EQ_INT(memmap_read_firmware(root, &m), 0);
	memmap_done(&m);
	put(root, "sys/firmware/memmap/3/end", "0x\n");
	CHECK_EQ_INT(memmap_read_firmware(root, &m), -EBADMSG);
	put(root, "sys/firmware/memmap/3/end", "0xe0000\n");
	CHECK_EQ_INT(memmap_read_firmware(root, &m), -EBADMSG);
	put(root, "sys/firmware/memmap/3/end", "0x10000000000000000\n");
	CHECK_EQ_INT(memmap_read_firmware(root, &m), -EBADMSG);
	put(root, "sys/firmware/memmap/3/end", "0xfffff\n");
	CHECK_EQ_INT(unlinkat(root, "sys/firmware/memmap/3/type", 0), 0);
	CHECK_EQ_INT(memmap_read_firmware(root, &m), -ENOENT);
	put(root, "sys/firmware/memmap/3/type", "Reserved\n");
	CHECK_EQ_INT(memmap_read_firmware(root, &m), 0);
	memmap_done(&m);

	/* memmap_read_iomem reads proc/iomem under the root. */
	mkdirat(root, "proc", 0755);
	put(root, "proc/iomem", iomem_q35_8g);
	CHECK_EQ_INT(memmap_read_iomem(root, &m, &crash), 0);
	CHECK_EQ_INT(m.n, 10);
	CHECK_EQ_INT(crash.n, 2);
	memmap_done(&m);
	range_list_done(&crash);
	put(root, "proc/iomem", iomem_pc_1g_user);
	CHECK_EQ_INT(memmap_read_iomem(root, &m, &crash), -EPERM);

	close(root);
	{
		char cmd[64];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		CHECK_EQ_INT(system(cmd), 0);
	}
}

/* Whatever machine runs the tests: its real files must parse (or say why they cannot). */
static void test_this_machine(void)
{
	struct memmap m;
	struct range_list crash, ram;
	int root = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r;

	CHECK(root >= 0);
	r = memmap_read_iomem(root, &m, &crash);
	CHECK(r == 0 || r == -EPERM || r == -ENOENT || r == -EACCES);
	if (r == 0) {
		CHECK_EQ_INT(memmap_ram_ranges(&m, &ram), 0);
		CHECK(ram.n > 0);
		range_list_done(&ram);
		range_list_done(&crash);
		memmap_done(&m);
	}
	r = memmap_read_firmware(root, &m);
	CHECK(r == 0 || r == -ENOENT || r == -EACCES);
	if (r == 0) {
		for (size_t i = 1; i < m.n; i++)
			CHECK(m.e[i - 1].start <= m.e[i].start);
		memmap_done(&m);
	}
	close(root);
}

int main(void)
{
	test_iomem();
	test_iomem_corrupt();
	test_types();
	test_firmware();
	test_this_machine();
	return unit_summary("test-memmap");
}
