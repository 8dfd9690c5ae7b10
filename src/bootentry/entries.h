/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The machine's boot configuration, found without being told where: GRUB (boot/grub/grub.cfg,
 * boot/grub2/grub.cfg, with grubenv beside it) and Boot Loader Spec entries (loader/entries
 * on /efi, /boot, /boot/efi; loader.conf; the LoaderEntryDefault/LoaderEntryOneShot EFI
 * variables), read through a root directory fd so that tests run it on a tree.
 */
#include "bootentry.h"

struct boot_config {
	struct boot_entries grub, bls;
	bool has_grub, has_bls;
	/* Which one boots this machine, and why. */
	enum boot_entry_source loader;
	char why_loader[200];
	char grub_error[256]; /* grub.cfg found but refused: the reason (has_grub false) */
};

/*
 * Read everything found under @rootfd. -ENOENT with @err when there is no boot configuration
 * at all; -EBADMSG/-E2BIG when the one the machine boots with cannot be read (@err says where).
 */
int boot_config_load(int rootfd, struct boot_config *ret, struct diag *err);
void boot_config_done(struct boot_config *cfg);

/*
 * SPEC: "default", "oneshot", an id, a title, a GRUB menu path ("1>2") or a BLS entry file
 * (a path with '/'). Sets *ret_entry to an entry of @cfg (or, for a file, @file_entry, which
 * the caller frees with boot_entry_done). -ENOENT/-EBADMSG with @err.
 */
int boot_config_select(int rootfd, const struct boot_config *cfg, const char *spec,
		       struct boot_entry *file_entry, const struct boot_entry **ret_entry,
		       struct diag *err);

/* An entry's files as paths in the running system. */
struct boot_files {
	char *kernel;
	char *initrds[BOOT_ENTRY_MAX_INITRDS];
	size_t nr_initrds;
};

/*
 * GRUB paths are relative to GRUB's root device: the file system with the entry's
 * `search --fs-uuid` UUID (matched against mounts by device number through
 * dev/disk/by-uuid), else /boot when it is a mount of its own, else / or /boot, whichever
 * has the file. BLS paths are relative to the partition holding the entry.
 */
int boot_entry_resolve(int rootfd, const struct boot_entry *e, struct boot_files *ret,
		       struct diag *err);
void boot_files_done(struct boot_files *f);

/* Source names for messages and JSON: "grub", "bls", "uki". */
const char *boot_source_name(enum boot_entry_source s);
