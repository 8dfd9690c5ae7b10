/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Boot entries read from the machine's boot loader configuration: GRUB's grub.cfg (+ grubenv)
 * and Boot Loader Specification type 1 files (loader/entries/NAME.conf). The parsers are pure
 * (buffers in, entries out); entries.c finds the files through a root directory fd, picks the
 * default and resolves paths. Library code: returns -errno, fills a struct diag, logs at debug.
 */
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#define BOOT_ENTRY_MAX_INITRDS 16 /* as many as --extra-initrd takes, plus --initrd */
#define BOOT_ENTRIES_MAX 512
/* Caps on hostile input: grub.cfg on Debian is 5-20 KiB, grubenv 1 KiB, a BLS entry < 1 KiB. */
#define GRUB_CFG_MAX (1024 * 1024)
#define GRUBENV_MAX (64 * 1024)
#define BLS_ENTRY_MAX (64 * 1024)

enum boot_entry_source {
	BOOT_SOURCE_GRUB,
	BOOT_SOURCE_BLS,  /* type 1: loader/entries/NAME.conf */
	BOOT_SOURCE_UKI,  /* type 2: EFI/Linux/NAME.efi, listed only */
};

struct boot_entry {
	enum boot_entry_source source;
	char *id;      /* GRUB --id; BLS: the file name without .conf and boot counter */
	char *title;
	char *menu_path; /* GRUB: "2>0" (indices); NULL for BLS */
	bool submenu;    /* a GRUB submenu itself: not bootable */
	char *kernel;    /* as written: relative to GRUB's root device or to the BLS partition */
	char *initrds[BOOT_ENTRY_MAX_INITRDS];
	size_t nr_initrds;
	char *options;   /* the kernel command line; NULL: none given */
	char *root_uuid; /* GRUB: search --fs-uuid --set=root UUID in the entry */
	char *origin;    /* "FILE:LINE" */
	char *version, *sort_key, *machine_id; /* BLS */
	int tries_left;  /* BLS boot counting: -1 when the file name has no counter */
	/* Why this entry cannot be loaded as it is ("chainloader, not Linux"...); NULL: fine. */
	char *unusable;
};

struct boot_entries {
	struct boot_entry *v;
	size_t n;
	/* The entry the boot loader boots next; -1: none (why_default says why). */
	long default_idx;
	char why_default[512];
	/* A one-shot choice (grubenv next_entry, LoaderEntryOneShot): -1 none. */
	long oneshot_idx;
	char why_oneshot[512];
	char source_file[256]; /* grub.cfg or the entries directory */
};

void boot_entry_done(struct boot_entry *e);
void boot_entries_done(struct boot_entries *l);
/* Append a zeroed entry; -ENOMEM, -E2BIG past BOOT_ENTRIES_MAX. */
int boot_entries_add(struct boot_entries *l, struct boot_entry **ret);

/* ---- grubenv ---- */

#define GRUBENV_MAX_VARS 64

struct grubenv {
	size_t n;
	char *name[GRUBENV_MAX_VARS];
	char *value[GRUBENV_MAX_VARS];
};

/*
 * Parse a GRUB environment block ("# GRUB Environment Block" then NAME=VALUE lines, padded
 * with '#'). -EBADMSG (with @err) for anything else; -E2BIG past the caps.
 */
int grubenv_parse(const char *buf, size_t len, struct grubenv *ret, struct diag *err);
const char *grubenv_get(const struct grubenv *env, const char *name);
void grubenv_done(struct grubenv *env);

/* ---- grub.cfg ---- */

struct grub_input {
	const char *file;            /* for messages: "/boot/grub/grub.cfg" */
	const struct grubenv *env;   /* NULL: no grubenv */
	const char *platform;        /* $grub_platform: "pc" or "efi" */
};

/*
 * Evaluate grub.cfg as GRUB would at boot, for what grub-mkconfig writes: variables, `if`
 * on `[ ... ]` tests, menuentry/submenu, functions (skipped), set default. Entries are
 * appended to @ret with default_idx/oneshot_idx set. What cannot be evaluated is refused with
 * -EBADMSG and one line in @err, or marks only the entries it touches as unusable.
 */
int grub_cfg_parse(const char *buf, size_t len, const struct grub_input *in,
		   struct boot_entries *ret, struct diag *err);

/* Find a GRUB default value ("2", "1>0", an id, a title, "id>id") in @l; -ENOENT. */
int grub_find_entry(const struct boot_entries *l, const char *spec, size_t *ret_idx);
/* For a submenu, the entry GRUB boots when it is chosen: its first, recursively. */
int grub_first_in_submenu(const struct boot_entries *l, size_t idx, size_t *ret_idx);

/* ---- Boot Loader Specification, type 1 ---- */

/*
 * Parse one entry file named @fname (for the id and boot counter) into @ret. -EBADMSG with
 * @err for malformed files (no linux/efi, unknown syntax is ignored as the spec says).
 */
int bls_entry_parse(const char *buf, size_t len, const char *fname, struct boot_entry *ret,
		    struct diag *err);
/* Sort per the spec: sort-key set first (sort-key, machine-id up, version down), then by id
 * (version sort, down); entries out of boot tries last. */
void bls_sort(struct boot_entry *v, size_t n);
/* loader.conf: the value of "default" (a glob), or NULL; 0 or -ENOMEM. */
int bls_loader_conf_default(const char *buf, size_t len, char **ret);
/* Decode an EFI variable file from efivarfs (4 attribute bytes, UTF-16LE) into ASCII/UTF-8. */
int efivar_utf16_decode(const void *buf, size_t len, char **ret);
