// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The next arm64 kernel's device tree: the machine's, with /chosen saying what this boot is.
 * The same edits the kernel's kexec_file makes (drivers/of/kexec.c), plus a few it gets for
 * free because it starts from its own pristine copy while we start from what sysfs shows.
 *
 * Edited with libfdt only: the input is a blob we did not write (a --dtb file, or sysfs), so
 * it is checked whole with fdt_check_full() before any edit, and every edit goes through
 * libfdt's bounds-checked calls.
 */
#define LOG_PREFIX "arm64-fdt: "
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "fdt.h"
#include "log.h"

/*
 * The page a boot loader rounds a reservation up to. (Not units.h's PAGE_SIZE: libfdt's
 * headers bring in <limits.h>, which defines its own on musl.)
 */
#define RSV_PAGE 4096ULL

/* Properties of /chosen that describe the boot that made the tree, not the machine. */
static const char *const stale_props[] = {
	"bootargs",
	"linux,initrd-start",
	"linux,initrd-end",
	"linux,elfcorehdr",
	"linux,usable-memory-range",
	"linux,ima-kexec-buffer", /* IMA's log from a kexec_file load: freed after that boot */
	"kaslr-seed",             /* wiped to 0 by the kernel that used it */
	"rng-seed",               /* likewise (turned into a NOP) */
};

int arm64_dt_check(const void *fdt, size_t len, struct diag *d)
{
	int r;

	if (len < sizeof(struct fdt_header))
		return diag_fail(d, -EBADMSG, "not a device tree blob: %zu bytes, shorter than its "
				 "header", len);
	r = fdt_check_header(fdt);
	if (r < 0)
		return diag_fail(d, -EBADMSG, "not a device tree blob (%s)", fdt_strerror(r));
	if (fdt_totalsize(fdt) > len)
		return diag_fail(d, -EBADMSG, "truncated device tree: %zu bytes, its header says %u",
				 len, fdt_totalsize(fdt));
	/*
	 * Every tool since 2008 writes version 17. Older layouts name nodes by full path, and
	 * libfdt before 1.7 (Debian 12's 1.6.1) dereferences NULL in fdt_check_full() when such a
	 * name has no '/' (fixed by "libfdt: Handle failed get_name() on BEGIN_NODE"; found by
	 * fuzz-arm64-fdt).
	 */
	if (fdt_version(fdt) < 16)
		return diag_fail(d, -EBADMSG, "device tree version %u is older than 16, which this "
				 "kexec does not edit", fdt_version(fdt));
	r = fdt_check_full(fdt, len);
	if (r < 0)
		return diag_fail(d, -EBADMSG, "corrupt device tree (%s)", fdt_strerror(r));
	return 0;
}

/* 1 or 2 big-endian cells as a number. */
static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = v << 32 | fdt32_ld(p + i);
	return v;
}

/* linux,initrd-start/end: one number, in one or two cells (boot loaders write either). */
static bool get_number(const void *fdt, int node, const char *name, uint64_t *ret)
{
	const fdt32_t *p;
	int len;

	p = fdt_getprop(fdt, node, name, &len);
	if (!p || (len != 4 && len != 8))
		return false;
	*ret = read_cells(p, len / 4);
	return true;
}

/* An <address size> pair in the root's cells, as linux,elfcorehdr is written. */
static bool get_addrrange(const void *fdt, int node, const char *name, uint64_t *addr,
			  uint64_t *size)
{
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0), len;
	const fdt32_t *p;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return false;
	p = fdt_getprop(fdt, node, name, &len);
	if (!p || len < (ac + sc) * 4)
		return false;
	*addr = read_cells(p, ac);
	*size = read_cells(p + ac, sc);
	return true;
}

/*
 * Drop the reservation map entry a boot loader (or a kexec) made for [addr, addr + size):
 * left in, it would keep a buffer of the old boot from the next kernel forever. Loaders
 * reserve the exact size or whole pages.
 */
static int del_rsv(void *fdt, uint64_t addr, uint64_t size)
{
	int n = fdt_num_mem_rsv(fdt);

	for (int i = 0; i < n; i++) {
		uint64_t a, s;

		if (fdt_get_mem_rsv(fdt, i, &a, &s) < 0)
			continue;
		if (a == addr && (s == size || s == ALIGN_UP(size, RSV_PAGE)))
			return fdt_del_mem_rsv(fdt, i);
	}
	return 0;
}

static int drop_stale(void *fdt, int chosen)
{
	static const char *const reserved_ranges[] = { "linux,elfcorehdr", "linux,ima-kexec-buffer" };
	uint64_t start, end;
	int r;

	if (get_number(fdt, chosen, "linux,initrd-start", &start) &&
	    get_number(fdt, chosen, "linux,initrd-end", &end) && end > start) {
		r = del_rsv(fdt, start, end - start);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < ARRAY_SIZE(reserved_ranges); i++) {
		uint64_t addr, size;

		if (get_addrrange(fdt, chosen, reserved_ranges[i], &addr, &size)) {
			r = del_rsv(fdt, addr, size);
			if (r < 0)
				return r;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(stale_props); i++) {
		r = fdt_delprop(fdt, chosen, stale_props[i]);
		if (r < 0 && r != -FDT_ERR_NOTFOUND)
			return r;
	}
	return 0;
}

/*
 * UEFI's state belongs to this boot, not to a device tree file: without it the next kernel
 * finds neither runtime services nor, on ACPI machines, its tables.
 */
static int copy_uefi(void *fdt, int chosen, const void *from)
{
	int src = fdt_path_offset(from, "/chosen"), off;

	if (src < 0)
		return 0;
	fdt_for_each_property_offset(off, from, src) {
		const char *name = NULL;
		const void *val;
		int len, r;

		val = fdt_getprop_by_offset(from, off, &name, &len);
		if (!val || !name || strncmp(name, "linux,uefi-", 11) != 0 ||
		    fdt_getprop(fdt, chosen, name, NULL))
			continue;
		r = fdt_setprop(fdt, chosen, name, val, len);
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * Fresh seeds for KASLR and the CRNG, as the kernel's kexec_file gives them. Without
 * randomness yet (very early boot), none, as the kernel does too: a zero kaslr-seed would
 * only look like one.
 */
static int add_seeds(void *fdt, int chosen)
{
	uint8_t seed[8 + ARM64_RNG_SEED_SIZE];
	uint64_t kaslr;
	int r;

	if (getrandom(seed, sizeof(seed), GRND_NONBLOCK) != (ssize_t)sizeof(seed)) {
		log_debug("the kernel's random pool is not ready: no kaslr-seed or rng-seed");
		return 0;
	}
	memcpy(&kaslr, seed, sizeof(kaslr));
	r = fdt_setprop_u64(fdt, chosen, "kaslr-seed", kaslr);
	if (r >= 0)
		r = fdt_setprop(fdt, chosen, "rng-seed", seed + 8, ARM64_RNG_SEED_SIZE);
	explicit_bzero(seed, sizeof(seed));
	return r;
}

/* Every edit, on a tree opened with room; a libfdt error, with *what naming the step. */
static int apply(void *fdt, const struct arm64_dt_edit *e, const char **what)
{
	int chosen, r;

	*what = "/chosen";
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen == -FDT_ERR_NOTFOUND)
		chosen = fdt_add_subnode(fdt, 0, "chosen");
	if (chosen < 0)
		return chosen;

	*what = "the running boot's /chosen properties";
	r = drop_stale(fdt, chosen);
	if (r < 0)
		return r;

	*what = "bootargs";
	if (e->cmdline && e->cmdline[0]) {
		r = fdt_setprop_string(fdt, chosen, "bootargs", e->cmdline);
		if (r < 0)
			return r;
	}

	/*
	 * No reservation map entries for the initrd and the core headers, unlike the kernel's
	 * kexec_file: the new kernel reserves both from these properties (a capture kernel warns
	 * "elfcorehdr is overlapped" when the map did it first), and an entry would outlive them
	 * in every later boot whose loader, like kexec-tools, leaves the map alone.
	 */
	if (e->initrd_end > e->initrd_start) {
		*what = "linux,initrd-start/end";
		r = fdt_setprop_u64(fdt, chosen, "linux,initrd-start", e->initrd_start);
		if (r >= 0)
			r = fdt_setprop_u64(fdt, chosen, "linux,initrd-end", e->initrd_end);
		if (r < 0)
			return r;
	}

	if (e->crash) {
		*what = "linux,elfcorehdr";
		r = fdt_appendprop_addrrange(fdt, 0, chosen, "linux,elfcorehdr", e->elfcorehdr,
					     e->elfcorehdr_size);
		if (r < 0)
			return r;
		*what = "linux,usable-memory-range";
		for (size_t i = 0; i < e->nr_usable; i++) {
			r = fdt_appendprop_addrrange(fdt, 0, chosen, "linux,usable-memory-range",
						     e->usable[i].start, range_size(&e->usable[i]));
			if (r < 0)
				return r;
		}
	}

	*what = "kaslr-seed/rng-seed";
	r = add_seeds(fdt, chosen);
	if (r < 0)
		return r;

	if (e->uefi_from) {
		*what = "linux,uefi-*";
		r = copy_uefi(fdt, chosen, e->uefi_from);
		if (r < 0)
			return r;
	}
	return 0;
}

int arm64_dt_build(const void *fdt, size_t len, const struct arm64_dt_edit *e, void **ret,
		   size_t *ret_len, struct diag *d)
{
	size_t size, extra = 4096 + (e->cmdline ? strlen(e->cmdline) + 1 : 0);
	struct arm64_dt_edit without_uefi;
	const char *what = "?";
	void *buf = NULL;
	int r;

	r = arm64_dt_check(fdt, len, d);
	if (r < 0)
		return r;
	if (e->uefi_from && arm64_dt_check(e->uefi_from, e->uefi_from_size, NULL) < 0) {
		log_debug("the running device tree does not check; not copying its UEFI properties");
		without_uefi = *e;
		without_uefi.uefi_from = NULL;
		e = &without_uefi;
	}
	if (e->uefi_from)
		extra += e->uefi_from_size;
	/* Room to grow: what the edits add, and again until it fits (a tree cannot need more
	 * than twice the limit and still be packed below it). */
	for (size = fdt_totalsize(fdt) + extra;; size *= 2) {
		void *p;

		if (size > 2 * ARM64_DT_MAX + extra) {
			free(buf);
			return diag_fail(d, -E2BIG, "the device tree would grow beyond the 2 MiB "
					 "the kernel accepts");
		}
		p = realloc(buf, size);
		if (!p) {
			free(buf);
			return -ENOMEM;
		}
		buf = p;
		r = fdt_open_into(fdt, buf, (int)size);
		if (r >= 0)
			r = apply(buf, e, &what);
		if (r != -FDT_ERR_NOSPACE)
			break;
	}
	if (r < 0) {
		free(buf);
		if (r == -FDT_ERR_BADVALUE || r == -FDT_ERR_BADNCELLS)
			return diag_fail(d, -ERANGE, "cannot write %s in the device tree: an address "
					 "or size does not fit its #address-cells/#size-cells (%s)",
					 what, fdt_strerror(r));
		return diag_fail(d, -EBADMSG, "cannot edit the device tree's %s: %s", what,
				 fdt_strerror(r));
	}
	r = fdt_pack(buf);
	if (r < 0) {
		free(buf);
		return diag_fail(d, -EBADMSG, "cannot pack the device tree: %s", fdt_strerror(r));
	}
	if (fdt_totalsize(buf) > ARM64_DT_MAX) {
		size = fdt_totalsize(buf);
		free(buf);
		return diag_fail(d, -E2BIG, "the device tree is %zu KiB, more than the 2 MiB the "
				 "kernel accepts", size >> 10);
	}
	*ret_len = fdt_totalsize(buf);
	*ret = buf;
	return 0;
}

/* Up through every bus to the root, each mapping its children's addresses with "ranges". */
static int translate(const void *fdt, int node, uint64_t *ret)
{
	int parent = fdt_parent_offset(fdt, node), na, ns, len;
	const fdt32_t *reg;
	uint64_t addr;

	if (parent < 0)
		return -EINVAL;
	na = fdt_address_cells(fdt, parent);
	ns = fdt_size_cells(fdt, parent);
	if (na < 1 || na > 2 || ns < 0 || ns > 2)
		return -EINVAL;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len < (na + ns) * 4)
		return -EINVAL;
	addr = read_cells(reg, na);

	for (int bus = parent; bus != 0;) {
		int up = fdt_parent_offset(fdt, bus), cna, pna, cns, entry, rlen;
		const fdt32_t *r;
		bool found = false;

		if (up < 0)
			return -EINVAL;
		cna = fdt_address_cells(fdt, bus);
		cns = fdt_size_cells(fdt, bus);
		pna = fdt_address_cells(fdt, up);
		if (cna < 1 || cna > 2 || pna < 1 || pna > 2 || cns < 1 || cns > 2)
			return -EINVAL;
		r = fdt_getprop(fdt, bus, "ranges", &rlen);
		/* No "ranges": the bus's addresses are not the CPU's (I2C, SPI...). */
		if (!r)
			return -ENOENT;
		entry = cna + pna + cns;
		for (int i = 0; rlen > 0 && (i + 1) * entry * 4 <= rlen; i++) {
			const fdt32_t *e = r + i * entry;
			uint64_t child = read_cells(e, cna), size = read_cells(e + cna + pna, cns);

			if (addr >= child && addr - child < size) {
				addr = read_cells(e + cna, pna) + (addr - child);
				found = true;
				break;
			}
		}
		/* An empty "ranges" maps one to one. */
		if (rlen > 0 && !found)
			return -ENOENT;
		bus = up;
	}
	*ret = addr;
	return 0;
}

uint64_t arm64_dt_console(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), len, node;
	const char *p;
	size_t n;
	uint64_t addr;

	if (chosen < 0)
		return 0;
	p = fdt_getprop(fdt, chosen, "stdout-path", &len);
	if (!p)
		p = fdt_getprop(fdt, chosen, "linux,stdout-path", &len);
	if (!p || len <= 0)
		return 0;
	/* "serial0:115200n8": a path or an alias, then the UART's settings. */
	n = strnlen(p, (size_t)len);
	n = (const char *)memchr(p, ':', n) ? (size_t)((const char *)memchr(p, ':', n) - p) : n;
	if (n == 0)
		return 0;
	if (p[0] != '/') {
		/*
		 * An alias, looked up by hand: libfdt's own lookup takes the alias's value as a
		 * C string, and a hostile tree need not terminate it.
		 */
		int aliases = fdt_path_offset(fdt, "/aliases");

		p = aliases < 0 ? NULL : fdt_getprop_namelen(fdt, aliases, p, (int)n, &len);
		if (!p || len <= 0 || p[0] != '/')
			return 0;
		n = strnlen(p, (size_t)len);
	}
	node = fdt_path_offset_namelen(fdt, p, (int)n);
	if (node < 0 || fdt_node_check_compatible(fdt, node, "arm,pl011") != 0)
		return 0;
	if (translate(fdt, node, &addr) < 0)
		return 0;
	log_debug("console: PL011 at 0x%llx", (unsigned long long)addr);
	return addr;
}
