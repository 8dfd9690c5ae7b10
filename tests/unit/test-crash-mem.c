// SPDX-License-Identifier: GPL-2.0-or-later
/* The memory of a crash load (what the capture kernel gets, what it dumps), and the sysfs reader,
 * on the map of the QEMU VM the VM tests use (crashkernel=192M, 1 GiB) and on made-up ones. */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>

#include "crash-mem.h"
#include "crash-sysfs.h"
#include "fixture.h"
#include "memmap.h"
#include "unit.h"

static const struct elfcore_layout x86_64_layout = {
	.machine = EM_X86_64,
	.image_base = 0xffffffff80000000ULL,
};

/* /proc/iomem of the test VM (Debian 6.1, SeaBIOS, -m 1G, crashkernel=192M), plus an ACPI and an
 * NVS range and RAM above 4 GiB so that every branch is taken. */
static const char vm_iomem[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000a0000-000bffff : PCI Bus 0000:00\n"
	"000c0000-000c05ff : Video ROM\n"
	"000f0000-000fffff : Reserved\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-3ffdffff : System RAM\n"
	"  07000000-07e01d31 : Kernel code\n"
	"  08000000-088eafff : Kernel rodata\n"
	"  32000000-3dffffff : Crash kernel\n"
	"3ffe0000-3ffeffff : ACPI Tables\n"
	"3fff0000-3fffffff : ACPI Non-volatile Storage\n"
	"40000000-febfffff : PCI Bus 0000:00\n"
	"fec00000-fec003ff : IOAPIC 0\n"
	"fffc0000-ffffffff : Reserved\n"
	"100000000-17fffffff : System RAM\n"
	"fd00000000-ffffffffff : Reserved\n";

static void parse_vm(struct memmap *top, struct range_list *ram, struct range_list *crash)
{
	*top = (struct memmap)MEMMAP_INIT;
	*ram = *crash = (struct range_list)RANGE_LIST_INIT;
	CHECK_EQ_INT(memmap_parse_iomem(vm_iomem, sizeof(vm_iomem) - 1, top, crash), 0);
	CHECK_EQ_INT(memmap_ram_ranges(top, ram), 0);
}

static void check_range(const struct range_list *l, size_t i, uint64_t start, uint64_t end)
{
	CHECK(i < l->n);
	if (i >= l->n)
		return;
	CHECK_EQ_INT(l->r[i].start, start);
	CHECK_EQ_INT(l->r[i].end, end);
}

static void check_entry(const struct memmap *m, size_t i, uint64_t start, uint64_t end,
			uint32_t type)
{
	CHECK(i < m->n);
	if (i >= m->n)
		return;
	CHECK_EQ_INT(m->e[i].start, start);
	CHECK_EQ_INT(m->e[i].end, end);
	CHECK_EQ_INT(m->e[i].type, type);
}

static void test_load_range(void)
{
	struct range_list crash = RANGE_LIST_INIT;
	struct range r;

	CHECK_EQ_INT(crash_mem_load_range(&crash, &r), -ENOENT);
	/* crashkernel=X,high: the high range is crashk_res, the low one only RAM for the kernel. */
	CHECK_EQ_INT(range_list_add(&crash, 0x7000000000ULL, 0x7010000000ULL), 0);
	CHECK_EQ_INT(range_list_add(&crash, 0x20000000, 0x30000000), 0);
	CHECK_EQ_INT(crash_mem_load_range(&crash, &r), 0);
	CHECK_EQ_INT(r.start, 0x7000000000ULL);
	CHECK_EQ_INT(r.end, 0x7010000000ULL);
	range_list_done(&crash);
}

static void test_dump_ranges(void)
{
	struct range_list ram, crash, dump = RANGE_LIST_INIT;
	struct memmap top;

	parse_vm(&top, &ram, &crash);
	CHECK_EQ_INT(crash.n, 1);
	check_range(&crash, 0, 0x32000000, 0x3e000000);

	/* Low MiB out, the reservation out, RAM above 4 GiB in. */
	CHECK_EQ_INT(crash_mem_dump_ranges(&ram, &crash, 0x3dfff000, 0x3e000000, &dump), 0);
	CHECK_EQ_INT(dump.n, 3);
	check_range(&dump, 0, 0x100000, 0x32000000);
	check_range(&dump, 1, 0x3e000000, 0x3ffe0000);
	check_range(&dump, 2, 0x100000000ULL, 0x180000000ULL);
	range_list_done(&dump);

	/* Not placed yet: fine. Placed outside the reservation: refused. */
	CHECK_EQ_INT(crash_mem_dump_ranges(&ram, &crash, 0, 0, &dump), 0);
	CHECK_EQ_INT(dump.n, 3);
	range_list_done(&dump);
	dump.n = 42;
	CHECK_EQ_INT(crash_mem_dump_ranges(&ram, &crash, 0x31fff000, 0x32001000, &dump), -EINVAL);
	CHECK_EQ_INT(dump.n, 42); /* untouched on failure */

	/* Two reservations (crashkernel=X,high): both are the capture kernel's, neither dumped. */
	CHECK_EQ_INT(range_list_add(&crash, 0x140000000ULL, 0x150000000ULL), 0);
	dump = (struct range_list)RANGE_LIST_INIT;
	CHECK_EQ_INT(crash_mem_dump_ranges(&ram, &crash, 0x140000000ULL, 0x140001000ULL, &dump), 0);
	CHECK_EQ_INT(dump.n, 4);
	check_range(&dump, 2, 0x100000000ULL, 0x140000000ULL);
	check_range(&dump, 3, 0x150000000ULL, 0x180000000ULL);
	range_list_done(&dump);

	range_list_done(&ram);
	range_list_done(&crash);
	memmap_done(&top);
}

static void test_capture_map(void)
{
	struct range_list ram, crash;
	struct memmap top, m = MEMMAP_INIT;

	parse_vm(&top, &ram, &crash);
	/* Headers at the top of the reservation, as kexec_load places them. */
	CHECK_EQ_INT(crash_mem_capture_map(&top, &crash, 0x3dfff000, 0x3e000000, &m), 0);
	CHECK_EQ_INT(m.n, 9);
	check_entry(&m, 0, 0, 0x1000, MEMMAP_RESERVED);
	check_entry(&m, 1, 0x1000, 0x9fc00, MEMMAP_RAM);
	check_entry(&m, 2, 0x9fc00, 0xa0000, MEMMAP_RESERVED);
	check_entry(&m, 3, 0xf0000, 0x100000, MEMMAP_RESERVED);
	check_entry(&m, 4, 0x32000000, 0x3dfff000, MEMMAP_RAM);
	check_entry(&m, 5, 0x3ffe0000, 0x3fff0000, MEMMAP_ACPI);
	check_entry(&m, 6, 0x3fff0000, 0x40000000, MEMMAP_NVS);
	check_entry(&m, 7, 0xfffc0000, 0x100000000ULL, MEMMAP_RESERVED);
	check_entry(&m, 8, 0xfd00000000ULL, 0x10000000000ULL, MEMMAP_RESERVED);
	/* No RAM of the crashed kernel above 1 MiB outside the reservation. */
	for (size_t i = 0; i < m.n; i++)
		if (m.e[i].type == MEMMAP_RAM && m.e[i].start >= 0x100000)
			CHECK(range_list_contains(&crash, m.e[i].start, m.e[i].end));
	memmap_done(&m);

	/* Headers in the middle split the reservation; a piece under a page is dropped. */
	CHECK_EQ_INT(crash_mem_capture_map(&top, &crash, 0x32000800, 0x33000000, &m), 0);
	CHECK_EQ_INT(m.n, 9);
	check_entry(&m, 4, 0x33000000, 0x3e000000, MEMMAP_RAM);
	memmap_done(&m);
	CHECK_EQ_INT(crash_mem_capture_map(&top, &crash, 0x34000000, 0x34001000, &m), 0);
	CHECK_EQ_INT(m.n, 10);
	check_entry(&m, 4, 0x32000000, 0x34000000, MEMMAP_RAM);
	check_entry(&m, 5, 0x34001000, 0x3e000000, MEMMAP_RAM);
	memmap_done(&m);

	m.n = 7;
	CHECK_EQ_INT(crash_mem_capture_map(&top, &crash, 0x1000, 0x2000, &m), -EINVAL);
	CHECK_EQ_INT(m.n, 7);

	range_list_done(&ram);
	range_list_done(&crash);
	memmap_done(&top);
}

/*
 * /proc/iomem of the q35 VM of kdump-q35-high (Debian 6.1, SeaBIOS, -m 6G,
 * crashkernel=256M,high): the kernel added the low range, and the MMCONFIG window's Reserved
 * range is nested, two levels above a pnp device.
 */
static const char q35_high_iomem[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000a0000-000bffff : PCI Bus 0000:00\n"
	"000c0000-000c05ff : Video ROM\n"
	"000f0000-000fffff : Reserved\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-7ffdffff : System RAM\n"
	"  6e000000-7dffffff : Crash kernel\n"
	"7ffe0000-7fffffff : Reserved\n"
	"80000000-afffffff : PCI Bus 0000:00\n"
	"b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]\n"
	"  b0000000-bfffffff : Reserved\n"
	"    b0000000-bfffffff : pnp 00:05\n"
	"c0000000-febfffff : PCI Bus 0000:00\n"
	"  febff000-febfffff : 0000:00:1f.2\n"
	"fec00000-fec003ff : IOAPIC 0\n"
	"fed00000-fed003ff : HPET 0\n"
	"  fed00000-fed003ff : PNP0103:00\n"
	"fed1c000-fed1ffff : Reserved\n"
	"fee00000-fee00fff : Local APIC\n"
	"fffc0000-ffffffff : Reserved\n"
	"100000000-1ffffffff : System RAM\n"
	"  1b8800000-1b9601d31 : Kernel code\n"
	"  1b9800000-1ba0eafff : Kernel rodata\n"
	"  1ba200000-1ba44897f : Kernel data\n"
	"  1bab10000-1bbbfffff : Kernel bss\n"
	"  1ef000000-1feffffff : Crash kernel\n"
	"200000000-9ffffffff : PCI Bus 0000:00\n"
	"fd00000000-ffffffffff : Reserved\n";

static void test_capture_map_q35_high(void)
{
	struct range_list crash = RANGE_LIST_INIT, ram = RANGE_LIST_INIT, dump = RANGE_LIST_INIT;
	struct memmap all = MEMMAP_INIT, top = MEMMAP_INIT, m = MEMMAP_INIT;
	/* The e820 that the capture kernel printed when the kernel's kexec_file_load (-s -p) had
	 * loaded it on that machine, with its core headers in the high range's first page. */
	static const struct memmap_entry want[] = {
		{ 0, 0x1000, MEMMAP_RESERVED },
		{ 0x1000, 0x9fc00, MEMMAP_RAM },
		{ 0x9fc00, 0xa0000, MEMMAP_RESERVED },
		{ 0xf0000, 0x100000, MEMMAP_RESERVED },
		{ 0x6e000000, 0x7e000000, MEMMAP_RAM },
		{ 0x7ffe0000, 0x80000000, MEMMAP_RESERVED },
		{ 0xb0000000, 0xc0000000, MEMMAP_RESERVED },
		{ 0xfed1c000, 0xfed20000, MEMMAP_RESERVED },
		{ 0xfffc0000, 0x100000000ULL, MEMMAP_RESERVED },
		{ 0x1ef001000ULL, 0x1ff000000ULL, MEMMAP_RAM },
		{ 0xfd00000000ULL, 0x10000000000ULL, MEMMAP_RESERVED },
	};

	CHECK_EQ_INT(memmap_parse_iomem_all(q35_high_iomem, sizeof(q35_high_iomem) - 1, &all,
					    &crash), 0);
	CHECK_EQ_INT(crash.n, 2);
	/* Headers where kexec_file put them: the same map, entry for entry. */
	CHECK_EQ_INT(crash_mem_capture_map(&all, &crash, 0x1ef000000ULL, 0x1ef001000ULL, &m), 0);
	CHECK_EQ_INT(m.n, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		check_entry(&m, i, want[i].start, want[i].end, want[i].type);
	memmap_done(&m);

	/* The top-level view alone loses the MMCONFIG window: what the capture kernel used to get. */
	CHECK_EQ_INT(memmap_parse_iomem(q35_high_iomem, sizeof(q35_high_iomem) - 1, &top, NULL), 0);
	CHECK_EQ_INT(crash_mem_capture_map(&top, &crash, 0x1ef000000ULL, 0x1ef001000ULL, &m), 0);
	CHECK_EQ_INT(m.n, ARRAY_SIZE(want) - 1);
	for (size_t i = 0; i < m.n; i++)
		CHECK(m.e[i].start != 0xb0000000);
	memmap_done(&m);

	/* The dump leaves out the low MiB and both reservations, nothing else. */
	CHECK_EQ_INT(memmap_ram_ranges(&all, &ram), 0);
	CHECK_EQ_INT(crash_mem_dump_ranges(&ram, &crash, 0x1fefff000ULL, 0x1ff000000ULL, &dump), 0);
	CHECK_EQ_INT(dump.n, 4);
	check_range(&dump, 0, 0x100000, 0x6e000000);
	check_range(&dump, 1, 0x7e000000, 0x7ffe0000);
	check_range(&dump, 2, 0x100000000ULL, 0x1ef000000ULL);
	check_range(&dump, 3, 0x1ff000000ULL, 0x200000000ULL);

	range_list_done(&dump);
	range_list_done(&ram);
	range_list_done(&crash);
	memmap_done(&top);
	memmap_done(&all);
}

/* Entries of the nested view overlap: each address once per type, whatever the nesting. */
static void test_capture_map_overlaps(void)
{
	struct range_list crash = RANGE_LIST_INIT;
	struct memmap in = MEMMAP_INIT, m = MEMMAP_INIT;

	CHECK_EQ_INT(range_list_add(&crash, 0x40000000, 0x50000000), 0);
	/* A Reserved range inside another, one straddling its end, an adjacent one. */
	CHECK_EQ_INT(memmap_add(&in, 0xb0000000, 0xc0000000, MEMMAP_RESERVED), 0);
	CHECK_EQ_INT(memmap_add(&in, 0xb0000000, 0xb1000000, MEMMAP_RESERVED), 0);
	CHECK_EQ_INT(memmap_add(&in, 0xbf000000, 0xc1000000, MEMMAP_RESERVED), 0);
	CHECK_EQ_INT(memmap_add(&in, 0xc1000000, 0xc2000000, MEMMAP_RESERVED), 0);
	/* ACPI Tables nested in Reserved: both kept, the capture kernel's sanitizer decides. */
	CHECK_EQ_INT(memmap_add(&in, 0xd0000000, 0xd1000000, MEMMAP_RESERVED), 0);
	CHECK_EQ_INT(memmap_add(&in, 0xd0100000, 0xd0200000, MEMMAP_ACPI), 0);
	/* Low RAM under a page is still RAM the capture kernel may use. */
	CHECK_EQ_INT(memmap_add(&in, 0x1000, 0x1800, MEMMAP_RAM), 0);
	CHECK_EQ_INT(crash_mem_capture_map(&in, &crash, 0x4ffff000, 0x50000000, &m), 0);
	CHECK_EQ_INT(m.n, 5);
	check_entry(&m, 0, 0x1000, 0x1800, MEMMAP_RAM);
	check_entry(&m, 1, 0x40000000, 0x4ffff000, MEMMAP_RAM);
	check_entry(&m, 2, 0xb0000000, 0xc2000000, MEMMAP_RESERVED);
	check_entry(&m, 3, 0xd0000000, 0xd1000000, MEMMAP_RESERVED);
	check_entry(&m, 4, 0xd0100000, 0xd0200000, MEMMAP_ACPI);
	memmap_done(&m);
	memmap_done(&in);
	range_list_done(&crash);
}

static void test_cpu_list(void)
{
	uint8_t bits[16];

	CHECK_EQ_INT(crash_sysfs_parse_cpu_list("0", bits, 128), 1);
	CHECK_EQ_INT(bits[0], 1);
	CHECK_EQ_INT(crash_sysfs_parse_cpu_list("0-3,8,10-11", bits, 128), 7);
	CHECK_EQ_INT(bits[0], 0x0f);
	CHECK_EQ_INT(bits[1], 0x0d);
	CHECK_EQ_INT(crash_sysfs_parse_cpu_list("0-127", bits, 128), 128);
	CHECK_EQ_INT(crash_sysfs_parse_cpu_list("0-128", bits, 128), -E2BIG);
	CHECK_EQ_INT(crash_sysfs_parse_cpu_list("3-1", bits, 128), -EBADMSG);
	CHECK_EQ_INT(crash_sysfs_parse_cpu_list("", bits, 128), 0);
	CHECK_EQ_INT(crash_sysfs_parse_cpu_list("x", bits, 128), -EBADMSG);
	CHECK_EQ_INT(crash_sysfs_parse_cpu_list("1,,2", bits, 128), -EBADMSG);
	CHECK_EQ_INT(crash_sysfs_parse_cpu_list("1-", bits, 128), -EBADMSG);
}

/* A /proc/kcore head like 6.1's: a PT_NOTE, then text, vmalloc, RAM and vmemmap segments. */
static void put_kcore(struct fixture *f, uint64_t page_offset)
{
	Elf64_Phdr ph[5];

	ph[0] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = 0x1000, .p_filesz = 0x900 };
	ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_vaddr = 0xffffffff8ec00000ULL,
			      .p_paddr = 0x7000000, .p_memsz = 0x3430000 };
	ph[2] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_vaddr = 0xffffb1a040000000ULL,
			      .p_paddr = (uint64_t)-1, .p_memsz = 0x1000000000ULL };
	ph[3] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_vaddr = page_offset + 0x100000,
			      .p_paddr = 0x100000, .p_memsz = 0x3fee0000 };
	ph[4] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_vaddr = 0xffffe2ea40000000ULL,
			      .p_paddr = (uint64_t)-1, .p_memsz = 0x1000000 };
	fixture_put_kcore(f, EM_X86_64, ph, 5);
}

static void test_sysfs(void)
{
	struct crash_sysfs c;
	struct range_list crash = RANGE_LIST_INIT;
	const char *what = NULL;
	struct fixture f;

	fixture_init(&f);
	fixture_put(&f, "proc/iomem", vm_iomem);
	fixture_put(&f, "sys/devices/system/cpu/possible", "0-2\n");
	fixture_put(&f, "sys/devices/system/cpu/cpu0/crash_notes", "3e03a400\n");
	fixture_put(&f, "sys/devices/system/cpu/cpu0/crash_notes_size", "368\n");
	/* CPU 1 is a hotplug slot that never came: no directory, skipped. */
	fixture_put(&f, "sys/devices/system/cpu/cpu2/crash_notes", "3e23a400\n");
	fixture_put(&f, "sys/devices/system/cpu/cpu2/crash_notes_size", "368\n");
	/* %pa and %x: both hex, the size too (0x1024 = 4132 bytes). */
	fixture_put(&f, "sys/kernel/vmcoreinfo", "0x00000000013fa000 1024\n");
	put_kcore(&f, 0xffff9d4a00000000ULL);

	CHECK_EQ_INT(crash_sysfs_read(f.root, &x86_64_layout, &c, &what), 0);
	CHECK_EQ_INT(c.nr_cpu_notes, 2);
	CHECK_EQ_INT(c.cpu_notes[0].paddr, 0x3e03a400);
	CHECK_EQ_INT(c.cpu_notes[0].size, 368);
	CHECK_EQ_INT(c.cpu_notes[1].paddr, 0x3e23a400);
	CHECK_EQ_INT(c.vmcoreinfo.paddr, 0x13fa000);
	CHECK_EQ_INT(c.vmcoreinfo.size, 0x1024);
	CHECK_EQ_INT(c.map.page_offset, 0xffff9d4a00000000ULL);
	CHECK_EQ_INT(c.map.text_vaddr, 0xffffffff8ec00000ULL);
	CHECK_EQ_INT(c.map.text_paddr, 0x7000000);
	CHECK_EQ_INT(c.map.text_size, 0x3430000);
	CHECK_EQ_INT(c.crash.n, 1);
	CHECK_EQ_INT(c.ram.n, 3);
	crash_sysfs_done(&c);

	CHECK_EQ_INT(crash_sysfs_read_reservation(f.root, &crash), 0);
	check_range(&crash, 0, 0x32000000, 0x3e000000);
	range_list_done(&crash);

	/* No VMCOREINFO file: no note, still a dump. */
	CHECK_EQ_INT(unlinkat(f.root, "sys/kernel/vmcoreinfo", 0), 0);
	CHECK_EQ_INT(crash_sysfs_read(f.root, &x86_64_layout, &c, &what), 0);
	CHECK_EQ_INT(c.vmcoreinfo.size, 0);
	crash_sysfs_done(&c);

	/* Garbage in a notes file, no kcore, no possible list: errors, nothing leaked. */
	fixture_put(&f, "sys/devices/system/cpu/cpu2/crash_notes", "zz\n");
	CHECK_EQ_INT(crash_sysfs_read(f.root, &x86_64_layout, &c, &what), -EBADMSG);
	CHECK_EQ_STR(what, "/sys/devices/system/cpu/*/crash_notes");
	fixture_put(&f, "sys/devices/system/cpu/cpu2/crash_notes", "3e23a400\n");
	CHECK_EQ_INT(unlinkat(f.root, "proc/kcore", 0), 0);
	CHECK_EQ_INT(crash_sysfs_read(f.root, &x86_64_layout, &c, &what), -ENOENT);
	CHECK_EQ_STR(what, "/proc/kcore");
	fixture_put(&f, "proc/kcore", "not an ELF file at all, but long enough for a header........\n");
	CHECK_EQ_INT(crash_sysfs_read(f.root, &x86_64_layout, &c, &what), -ENOEXEC);
	CHECK_EQ_INT(unlinkat(f.root, "sys/devices/system/cpu/possible", 0), 0);
	CHECK_EQ_INT(crash_sysfs_read(f.root, &x86_64_layout, &c, &what), -ENOENT);
	fixture_done(&f);
}

int main(void)
{
	test_load_range();
	test_dump_ranges();
	test_capture_map();
	test_capture_map_q35_high();
	test_capture_map_overlaps();
	test_cpu_list();
	test_sysfs();
	return unit_summary("test-crash-mem");
}
