// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compare-boot-params REF TEST [--crash]: decode the zero page that two boots of the same VM
 * were handed (lines "VIEW bp xx xx ..." of tests/vm/guest/boot-view.sh, 4096 bytes each) with
 * the layout of <asm/bootparam.h>, and print every field that differs. REF is the boot through
 * kexec_file_load (the kernel's own loader: the oracle), TEST the one through our kexec_load.
 *
 * A difference is either intended, listed in `intended` below with the reason (and in the
 * README), printed as "intended" and not counted; or it is a finding, printed as "DIFF", and
 * the exit status is 1. Exit 2: a file could not be read or decoded. --crash: the two boots
 * were capture kernels, whose RAM range may differ by where the ELF core headers went.
 *
 * Host-side test tool, built by the scenario with the host's compiler (tests/vm/oracle.sh):
 * python3 is not in a Debian base system, and the struct layout is best taken from the same
 * header the loader uses.
 */
#include <asm/bootparam.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(struct boot_params) == 4096, "boot_params is one page");

struct field {
	const char *name;
	size_t off, size;
};

#define F(member) { #member, offsetof(struct boot_params, member), \
		    sizeof(((struct boot_params *)0)->member) }

/* Every member of the zero page, in order; holes and obsolete areas as blobs, so that a byte
 * anywhere is covered by exactly one row (checked in main). */
static const struct field fields[] = {
	F(screen_info.orig_x), F(screen_info.orig_y), F(screen_info.ext_mem_k),
	F(screen_info.orig_video_page), F(screen_info.orig_video_mode),
	F(screen_info.orig_video_cols), F(screen_info.flags), F(screen_info.unused2),
	F(screen_info.orig_video_ega_bx), F(screen_info.unused3), F(screen_info.orig_video_lines),
	F(screen_info.orig_video_isVGA), F(screen_info.orig_video_points),
	F(screen_info.lfb_width), F(screen_info.lfb_height), F(screen_info.lfb_depth),
	F(screen_info.lfb_base), F(screen_info.lfb_size), F(screen_info.cl_magic),
	F(screen_info.cl_offset), F(screen_info.lfb_linelength), F(screen_info.red_size),
	F(screen_info.red_pos), F(screen_info.green_size), F(screen_info.green_pos),
	F(screen_info.blue_size), F(screen_info.blue_pos), F(screen_info.rsvd_size),
	F(screen_info.rsvd_pos), F(screen_info.vesapm_seg), F(screen_info.vesapm_off),
	F(screen_info.pages), F(screen_info.vesa_attributes), F(screen_info.capabilities),
	F(screen_info.ext_lfb_base), F(screen_info._reserved),
	F(apm_bios_info), F(_pad2), F(tboot_addr), F(ist_info), F(acpi_rsdp_addr), F(_pad3),
	F(hd0_info), F(hd1_info), F(sys_desc_table), F(olpc_ofw_header),
	F(ext_ramdisk_image), F(ext_ramdisk_size), F(ext_cmd_line_ptr), F(_pad4),
	F(cc_blob_address), F(edid_info),
	F(efi_info.efi_loader_signature), F(efi_info.efi_systab), F(efi_info.efi_memdesc_size),
	F(efi_info.efi_memdesc_version), F(efi_info.efi_memmap), F(efi_info.efi_memmap_size),
	F(efi_info.efi_systab_hi), F(efi_info.efi_memmap_hi),
	F(alt_mem_k), F(scratch), F(e820_entries), F(eddbuf_entries), F(edd_mbr_sig_buf_entries),
	F(kbd_status), F(secure_boot), F(_pad5), F(sentinel), F(_pad6),
	F(hdr.setup_sects), F(hdr.root_flags), F(hdr.syssize), F(hdr.ram_size), F(hdr.vid_mode),
	F(hdr.root_dev), F(hdr.boot_flag), F(hdr.jump), F(hdr.header), F(hdr.version),
	F(hdr.realmode_swtch), F(hdr.start_sys_seg), F(hdr.kernel_version),
	F(hdr.type_of_loader), F(hdr.loadflags), F(hdr.setup_move_size), F(hdr.code32_start),
	F(hdr.ramdisk_image), F(hdr.ramdisk_size), F(hdr.bootsect_kludge), F(hdr.heap_end_ptr),
	F(hdr.ext_loader_ver), F(hdr.ext_loader_type), F(hdr.cmd_line_ptr),
	F(hdr.initrd_addr_max), F(hdr.kernel_alignment), F(hdr.relocatable_kernel),
	F(hdr.min_alignment), F(hdr.xloadflags), F(hdr.cmdline_size), F(hdr.hardware_subarch),
	F(hdr.hardware_subarch_data), F(hdr.payload_offset), F(hdr.payload_length),
	F(hdr.setup_data), F(hdr.pref_address), F(hdr.init_size), F(hdr.handover_offset),
	F(hdr.kernel_info_offset), F(_pad7), F(edd_mbr_sig_buffer), F(e820_table), F(_pad8),
	F(eddbuf), F(_pad9),
};

/*
 * Fields whose values differ by design. Placement: each loader puts its segments where it
 * finds room, so the addresses of the command line, the initrd, the EFI memory map copy and
 * the setup_data chain differ while what they point to is compared elsewhere (stage 2's
 * command line, initrd marker, memmap and setup_data types).
 */
static const struct {
	const char *name;
	const char *reason;
} intended[] = {
	{ "hdr.cmd_line_ptr", "placement: where each loader put the command line" },
	{ "ext_cmd_line_ptr", "placement: where each loader put the command line" },
	{ "hdr.ramdisk_image", "placement: where each loader put the initrd" },
	{ "ext_ramdisk_image", "placement: where each loader put the initrd" },
	{ "hdr.setup_data", "placement: where each loader put its setup_data chain" },
	{ "efi_info.efi_memmap", "placement: where each loader put the EFI memory map copy" },
	{ "efi_info.efi_memmap_hi", "placement: where each loader put the EFI memory map copy" },
	/* boot.rst asks a loader that puts a relocatable kernel elsewhere than 1 MiB to say where
	 * here; the kernel's loader leaves the header's value. Only the 32-bit entry reads it,
	 * and both loaders enter at 64 bits. */
	{ "hdr.code32_start", "ours says where the kernel is, as boot.rst asks; 64-bit entry" },
};

static const char *intended_reason(const char *name)
{
	for (size_t i = 0; i < sizeof(intended) / sizeof(intended[0]); i++)
		if (strcmp(intended[i].name, name) == 0)
			return intended[i].reason;
	return NULL;
}

/* The 4096 bytes of the "VIEW bp" lines of @path into @out; 0 or -1 with a message. */
static int read_view(const char *path, uint8_t *out)
{
	FILE *f = fopen(path, "r");
	char line[512];
	size_t n = 0;

	if (!f) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *end;

		if (strncmp(line, "VIEW bp ", 8) != 0)
			continue;
		p += 8;
		for (;;) {
			unsigned long v = strtoul(p, &end, 16);

			if (end == p)
				break;
			if (n == 4096 || v > 0xff) {
				fprintf(stderr, "%s: more than 4096 bytes or a bad byte\n", path);
				fclose(f);
				return -1;
			}
			out[n++] = (uint8_t)v;
			p = end;
		}
	}
	fclose(f);
	if (n != 4096) {
		fprintf(stderr, "%s: %zu bytes of boot_params, not 4096\n", path, n);
		return -1;
	}
	return 0;
}

static void print_value(const uint8_t *p, size_t size)
{
	if (size == 1 || size == 2 || size == 4 || size == 8) {
		uint64_t v = 0;

		memcpy(&v, p, size);
		printf("0x%llx", (unsigned long long)v);
		return;
	}
	for (size_t i = 0; i < size; i++)
		printf("%02x", p[i]);
}

/*
 * The e820 table with RAM and E820_TYPE_RESERVED_KERN (128) ranges merged where they touch.
 * The kernel's loader passes its e820_table_kexec, in which the running kernel marked its own
 * setup_data blocks (the EFI stub's, at boot) 128; the new kernel counts 128 as RAM and has no
 * use for the old blocks. Ours passes the firmware's map (/sys/firmware/memmap), as kexec-tools
 * does: the same memory, in fewer entries.
 */
static int e820_cmp(const void *a, const void *b)
{
	const struct boot_e820_entry *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Sorted first: the kernel sorts the table it is given before using it (e820__update_table),
 * and the crash kernel's loader lists the crashkernel= range after the low ones. */
static unsigned e820_merged(const struct boot_params *bp, struct boot_e820_entry *out,
			    unsigned *ret_split)
{
	static struct boot_e820_entry sorted[E820_MAX_ENTRIES_ZEROPAGE];
	unsigned n = 0, split = 0, total = bp->e820_entries;

	if (total > E820_MAX_ENTRIES_ZEROPAGE)
		total = E820_MAX_ENTRIES_ZEROPAGE;
	memcpy(sorted, bp->e820_table, total * sizeof(sorted[0]));
	qsort(sorted, total, sizeof(sorted[0]), e820_cmp);
	for (unsigned i = 0; i < total; i++) {
		struct boot_e820_entry e = sorted[i];

		if (e.type == 128) {
			e.type = 1;
			split++;
		}
		if (n && e.type == 1 && out[n - 1].type == 1 &&
		    out[n - 1].addr + out[n - 1].size == e.addr) {
			out[n - 1].size += e.size;
			continue;
		}
		out[n++] = e;
	}
	*ret_split = split;
	return n;
}

/* The e820 tables entry by entry: a blob diff would not say which range changed. */
static int compare_e820(const struct boot_params *a, const struct boot_params *b, bool crash,
			int *intended_n)
{
	static struct boot_e820_entry x[E820_MAX_ENTRIES_ZEROPAGE], y[E820_MAX_ENTRIES_ZEROPAGE];
	unsigned nx, ny, sx, sy;
	int diffs = 0;

	nx = e820_merged(a, x, &sx);
	ny = e820_merged(b, y, &sy);
	if (sx || sy) {
		printf("intended e820_table: -s has %u, -c %u E820_TYPE_RESERVED_KERN entries "
		       "(the running kernel's setup_data, marked in its kexec table; RAM to the new "
		       "kernel), compared as RAM\n", sx, sy);
		(*intended_n)++;
	}
	for (unsigned i = 0; i < nx || i < ny; i++) {
		struct boot_e820_entry z = {}, *p = i < nx ? &x[i] : &z, *q = i < ny ? &y[i] : &z;

		if (p->addr == q->addr && p->size == q->size && p->type == q->type)
			continue;
		/* A capture kernel's RAM is the crashkernel= reservation less the page(s) of ELF
		 * core headers, which each loader puts at its own end of the reservation. */
		if (crash && p->type == 1 && q->type == 1 && p->size == q->size &&
		    p->addr < q->addr + q->size && q->addr < p->addr + p->size) {
			printf("intended e820_table[%u]: -s [%#llx-%#llx), -c [%#llx-%#llx) (the "
			       "crashkernel= range less the ELF core headers, placed differently)\n",
			       i, (unsigned long long)p->addr,
			       (unsigned long long)(p->addr + p->size), (unsigned long long)q->addr,
			       (unsigned long long)(q->addr + q->size));
			(*intended_n)++;
			continue;
		}
		printf("DIFF e820_table[%u]: -s [%#llx-%#llx) type %u, -c [%#llx-%#llx) type %u\n",
		       i, (unsigned long long)p->addr, (unsigned long long)(p->addr + p->size),
		       p->type, (unsigned long long)q->addr,
		       (unsigned long long)(q->addr + q->size), q->type);
		diffs++;
	}
	return diffs;
}

int main(int argc, char **argv)
{
	static uint8_t ref[4096], test[4096];
	size_t covered = 0;
	int diffs = 0, intended_n = 0;
	bool e820_done = false;

	bool crash = argc == 4 && strcmp(argv[3], "--crash") == 0;

	if (argc != 3 && !crash) {
		fprintf(stderr, "usage: %s REF-VIEW TEST-VIEW [--crash]\n", argv[0]);
		return 2;
	}
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (fields[i].off != covered) {
			fprintf(stderr, "field table has a hole or overlap at %#zx\n", covered);
			return 2;
		}
		covered += fields[i].size;
	}
	if (covered != sizeof(struct boot_params)) {
		fprintf(stderr, "field table covers %#zx bytes\n", covered);
		return 2;
	}
	if (read_view(argv[1], ref) < 0 || read_view(argv[2], test) < 0)
		return 2;

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const struct field *f = &fields[i];
		const char *reason;

		if (memcmp(ref + f->off, test + f->off, f->size) == 0)
			continue;
		if (strcmp(f->name, "e820_table") == 0 || strcmp(f->name, "e820_entries") == 0) {
			/* Both rows are judged once, on the merged tables. */
			if (!e820_done)
				diffs += compare_e820((const struct boot_params *)ref,
						      (const struct boot_params *)test, crash,
						      &intended_n);
			e820_done = true;
			continue;
		}
		reason = intended_reason(f->name);
		printf("%s %s (+%#zx): -s ", reason ? "intended" : "DIFF", f->name, f->off);
		print_value(ref + f->off, f->size);
		printf(", -c ");
		print_value(test + f->off, f->size);
		if (reason) {
			printf(" (%s)", reason);
			intended_n++;
		} else {
			diffs++;
		}
		printf("\n");
	}
	printf("boot_params: %d differences, %d intended\n", diffs, intended_n);
	return diffs ? 1 : 0;
}
