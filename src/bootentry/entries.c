// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Finding the boot configuration, choosing an entry and turning its paths into files of the
 * running system. Everything is read relative to a root directory fd (tests pass a tree).
 */
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "entries.h"
#include "fileio.h"
#include "macro.h"
#include "pe.h"
#include "uki.h"

#define LOG_PREFIX "boot entries: "
#include "log.h"

#define LOADER_GUID "4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"
#define BLS_FILES_MAX 256

void boot_entry_done(struct boot_entry *e)
{
	free(e->id);
	free(e->title);
	free(e->menu_path);
	free(e->kernel);
	for (size_t i = 0; i < e->nr_initrds; i++)
		free(e->initrds[i]);
	free(e->options);
	free(e->root_uuid);
	free(e->origin);
	free(e->version);
	free(e->sort_key);
	free(e->machine_id);
	free(e->unusable);
	*e = (struct boot_entry){};
}

void boot_entries_done(struct boot_entries *l)
{
	for (size_t i = 0; i < l->n; i++)
		boot_entry_done(&l->v[i]);
	free(l->v);
	*l = (struct boot_entries){ .default_idx = -1, .oneshot_idx = -1 };
}

int boot_entries_add(struct boot_entries *l, struct boot_entry **ret)
{
	struct boot_entry *v;

	if (l->n >= BOOT_ENTRIES_MAX)
		return -E2BIG;
	v = realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	l->v = v;
	v[l->n] = (struct boot_entry){ .tries_left = -1 };
	*ret = &v[l->n++];
	return 0;
}

void boot_config_done(struct boot_config *cfg)
{
	boot_entries_done(&cfg->grub);
	boot_entries_done(&cfg->bls);
}

void boot_files_done(struct boot_files *f)
{
	free(f->kernel);
	for (size_t i = 0; i < f->nr_initrds; i++)
		free(f->initrds[i]);
	*f = (struct boot_files){};
}

const char *boot_source_name(enum boot_entry_source s)
{
	return s == BOOT_SOURCE_GRUB ? "grub" : s == BOOT_SOURCE_BLS ? "bls" : "uki";
}

static bool exists_at(int rootfd, const char *path)
{
	struct stat st;

	while (*path == '/')
		path++;
	return fstatat(rootfd, *path ? path : ".", &st, 0) == 0;
}

static bool is_file_at(int rootfd, const char *path)
{
	struct stat st;

	while (*path == '/')
		path++;
	return fstatat(rootfd, path, &st, 0) == 0 && S_ISREG(st.st_mode);
}

/* ---- GRUB ---- */

static int load_grub(int rootfd, struct boot_config *cfg, struct diag *err)
{
	static const char *const dirs[] = { "boot/grub", "boot/grub2" };

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		_cleanup_free_ char *buf = NULL, *envbuf = NULL;
		char path[64], file[80];
		struct grubenv env = {};
		struct grub_input in = {};
		size_t len, envlen;
		int r;

		snprintf(path, sizeof(path), "%s/grub.cfg", dirs[i]);
		snprintf(file, sizeof(file), "/%s", path);
		r = read_virtual_file_at(rootfd, path, GRUB_CFG_MAX, &buf, &len);
		if (r == -ENOENT)
			continue;
		if (r < 0)
			return diag_fail(err, r, "cannot read %s: %s", file, strerror(-r));
		snprintf(path, sizeof(path), "%s/grubenv", dirs[i]);
		r = read_virtual_file_at(rootfd, path, GRUBENV_MAX, &envbuf, &envlen);
		if (r >= 0) {
			struct diag e2;

			/* read_virtual_file_at dropped one trailing newline; grubenv ends in '#'. */
			r = grubenv_parse(envbuf, envlen, &env, &e2);
			if (r < 0)
				return diag_fail(err, r, "/%s: %s", path, e2.msg);
			in.env = &env;
		} else if (r != -ENOENT) {
			return diag_fail(err, r, "cannot read /%s: %s", path, strerror(-r));
		}
		in.file = file;
		in.platform = exists_at(rootfd, "sys/firmware/efi") ? "efi" : "pc";
		r = grub_cfg_parse(buf, len, &in, &cfg->grub, err);
		grubenv_done(&env);
		if (r < 0)
			return r;
		cfg->has_grub = true;
		return 0;
	}
	return 0;
}

/* ---- Boot Loader Specification ---- */

static int read_efivar(int rootfd, const char *name, char **ret)
{
	_cleanup_free_ char *buf = NULL;
	char path[160];
	size_t len;
	int r;

	snprintf(path, sizeof(path), "sys/firmware/efi/efivars/%s-" LOADER_GUID, name);
	r = read_virtual_file_at(rootfd, path, 4096, &buf, &len);
	if (r < 0)
		return r;
	return efivar_utf16_decode(buf, len, ret);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}


/* *ret = the .osrel value of @key, else of @fallback; left NULL when neither is there. */
static int osrel_field(const struct uki *u, const char *key, const char *fallback, char **ret)
{
	char v[128];

	uki_osrel_value(&u->osrel, key, v, sizeof(v));
	if (!v[0])
		uki_osrel_value(&u->osrel, fallback, v, sizeof(v));
	if (!v[0])
		return 0;
	*ret = strdup(v);
	return *ret ? 0 : -ENOMEM;
}

/*
 * A type 2 entry (a UKI at e->origin): its kernel is the file itself; its title and command
 * line come from its .osrel and .cmdline (profile 0), so that the list shows them and
 * --append adds to that command line. A file that is no UKI, or another architecture's, is
 * listed as unusable.
 */
static int uki_entry_fill(int rootfd, struct boot_entry *e)
{
	_cleanup_free_ struct pe_file *pe = malloc(sizeof(*pe));
	_cleanup_close_ int fd = -1;
	struct uki u;
	struct diag why = {};
	char title[256];
	struct stat st;
	void *map = MAP_FAILED;
	int r;

	if (!pe)
		return -ENOMEM;
	e->kernel = strdup(e->origin);
	if (!e->kernel)
		return -ENOMEM;
	fd = openat(rootfd, e->origin + 1, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	r = map == MAP_FAILED ? -EIO : pe_parse(map, (size_t)st.st_size, pe, &why);
	if (r >= 0 && !uki_is_uki(pe))
		r = diag_fail(&why, -EBADMSG, "a PE file without a .linux section: no UKI");
	/* systemd-boot lists no UKI of another architecture: the default skips it likewise. */
	if (r >= 0)
		r = uki_machine_check(pe, &why);
	if (r >= 0)
		r = uki_parts(pe, map, 0, &u, &why);
	if (r >= 0) {
		uki_osrel_value(&u.osrel, "PRETTY_NAME", title, sizeof(title));
		e->title = strdup(title[0] ? title : e->id);
		/* The spec's sort fields for type 2: IMAGE_ID or ID, IMAGE_VERSION or VERSION_ID. */
		r = osrel_field(&u, "IMAGE_ID", "ID", &e->sort_key);
		if (r >= 0)
			r = osrel_field(&u, "IMAGE_VERSION", "VERSION_ID", &e->version);
		if (u.cmdline.data)
			e->options = strndup(u.cmdline.data, uki_cmdline_len(&u.cmdline));
		if (!e->title || (u.cmdline.data && !e->options))
			r = -ENOMEM;
	} else {
		e->title = strdup(e->id);
		if (asprintf(&e->unusable, "not a usable unified kernel image: %s",
			     !diag_empty(&why) ? why.msg : map == MAP_FAILED ? "cannot read it" :
			     "not a PE file") < 0)
			e->unusable = NULL;
		r = e->title && e->unusable ? 0 : -ENOMEM;
	}
	if (map != MAP_FAILED)
		munmap(map, (size_t)st.st_size);
	return r;
}

static int load_bls_type1(int rootfd, const char *root, struct boot_entries *l,
			  struct diag *err)
{
	char dirpath[128];
	char *names[BLS_FILES_MAX];
	size_t n = 0;
	struct dirent *de;
	DIR *d;
	int fd, r = 0;

	snprintf(dirpath, sizeof(dirpath), "%s/loader/entries", root);
	fd = openat(rootfd, dirpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	while ((de = readdir(d)) && n < BLS_FILES_MAX) {
		size_t k = strlen(de->d_name);

		if (k > 5 && strcmp(de->d_name + k - 5, ".conf") == 0 && de->d_name[0] != '.') {
			names[n] = strdup(de->d_name);
			if (!names[n]) {
				r = -ENOMEM;
				break;
			}
			n++;
		}
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (size_t i = 0; i < n && r >= 0; i++) {
		_cleanup_free_ char *buf = NULL;
		char path[512], origin[520];
		struct boot_entry *e, parsed;
		struct diag e2;
		size_t len;

		snprintf(path, sizeof(path), "%s/%s", dirpath, names[i]);
		snprintf(origin, sizeof(origin), "/%s", path);
		r = read_virtual_file_at(rootfd, path, BLS_ENTRY_MAX, &buf, &len);
		if (r < 0) {
			r = diag_fail(err, r, "cannot read %s: %s", origin, strerror(-r));
			break;
		}
		r = bls_entry_parse(buf, len, origin, &parsed, &e2);
		if (r == -ENOMEM)
			break;
		if (r < 0) {
			/* One broken file does not hide the others: listed as unusable. */
			log_debug("%s", e2.msg);
			parsed = (struct boot_entry){ .source = BOOT_SOURCE_BLS, .tries_left = -1 };
			parsed.id = strdup(names[i]);
			parsed.title = strdup(names[i]);
			parsed.unusable = strdup(e2.msg);
			r = 0;
		}
		parsed.origin = strdup(origin);
		r = boot_entries_add(l, &e);
		if (r < 0) {
			boot_entry_done(&parsed);
			break;
		}
		*e = parsed;
		if (!e->origin || !e->id || !e->title) {
			r = -ENOMEM;
			break;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	if (r < 0)
		return r;

	return 0;
}

/* Type 2: the UKIs in EFI/Linux, each an entry of its own. */
static int load_bls_type2(int rootfd, const char *root, struct boot_entries *l)
{
	char dirpath[128];
	struct dirent *de;
	DIR *d;
	int fd, r = 0;

	snprintf(dirpath, sizeof(dirpath), "%s/EFI/Linux", root);
	fd = openat(rootfd, dirpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	while ((de = readdir(d)) && r >= 0) {
		size_t k = strlen(de->d_name);
		struct boot_entry *e;

		if (k <= 4 || strcasecmp(de->d_name + k - 4, ".efi") != 0 || de->d_name[0] == '.')
			continue;
		r = boot_entries_add(l, &e);
		if (r < 0)
			break;
		e->source = BOOT_SOURCE_UKI;
		e->id = strdup(de->d_name);
		r = asprintf(&e->origin, "/%s/%s", dirpath, de->d_name) < 0 ? -ENOMEM : 0;
		if (r < 0)
			e->origin = NULL;
		if (r >= 0)
			r = uki_entry_fill(rootfd, e);
		if (r >= 0 && (!e->id || !e->title || !e->origin))
			r = -ENOMEM;
	}
	closedir(d);
	return r;
}

/* loader/entries/NAME.conf and EFI/Linux/NAME.efi under one partition root. */
static int load_bls_dir(int rootfd, const char *root, struct boot_entries *l, struct diag *err)
{
	int r = load_bls_type1(rootfd, root, l, err);

	return r < 0 ? r : load_bls_type2(rootfd, root, l);
}

static bool bls_match(const struct boot_entry *e, const char *pattern)
{
	char withconf[300];

	snprintf(withconf, sizeof(withconf), "%s.conf", e->id);
	return fnmatch(pattern, e->id, 0) == 0 || fnmatch(pattern, withconf, 0) == 0;
}

static long bls_find(const struct boot_entries *l, const char *pattern)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].source == BOOT_SOURCE_BLS && bls_match(&l->v[i], pattern))
			return (long)i;
	return -1;
}

static int load_bls(int rootfd, struct boot_config *cfg, struct diag *err)
{
	static const char *const roots[] = { "efi", "boot", "boot/efi" };
	struct boot_entries *l = &cfg->bls;
	dev_t seen_dev[ARRAY_SIZE(roots)];
	ino_t seen_ino[ARRAY_SIZE(roots)];
	size_t nseen = 0;
	_cleanup_free_ char *oneshot = NULL, *def = NULL, *conf_def = NULL;
	int r;

	for (size_t i = 0; i < ARRAY_SIZE(roots); i++) {
		char p[64];
		struct stat st;
		bool dup = false;

		/* systemd-boot's partition, or one whose UKIs the firmware boots directly. */
		snprintf(p, sizeof(p), "%s/loader", roots[i]);
		if (fstatat(rootfd, p, &st, 0) < 0) {
			snprintf(p, sizeof(p), "%s/EFI/Linux", roots[i]);
			if (fstatat(rootfd, p, &st, 0) < 0)
				continue;
		}
		/* /efi and /boot/efi may be the same mount: read it once. */
		for (size_t j = 0; j < nseen; j++)
			dup |= seen_dev[j] == st.st_dev && seen_ino[j] == st.st_ino;
		if (dup)
			continue;
		seen_dev[nseen] = st.st_dev;
		seen_ino[nseen++] = st.st_ino;
		if (!conf_def) {
			_cleanup_free_ char *buf = NULL;
			size_t len;

			snprintf(p, sizeof(p), "%s/loader/loader.conf", roots[i]);
			if (read_virtual_file_at(rootfd, p, BLS_ENTRY_MAX, &buf, &len) >= 0) {
				r = bls_loader_conf_default(buf, len, &conf_def);
				if (r < 0)
					return r;
			}
		}
		r = load_bls_dir(rootfd, roots[i], l, err);
		if (r < 0)
			return r;
	}
	if (l->n == 0)
		return 0;
	cfg->has_bls = true;
	bls_sort(l->v, l->n);
	snprintf(l->source_file, sizeof(l->source_file), "loader/entries");

	/* The loader's own choice first: one-shot, then the default, then loader.conf. */
	l->oneshot_idx = -1;
	if (read_efivar(rootfd, "LoaderEntryOneShot", &oneshot) >= 0 && *oneshot) {
		l->oneshot_idx = bls_find(l, oneshot);
		snprintf(l->why_oneshot, sizeof(l->why_oneshot), "EFI variable LoaderEntryOneShot=%s%s",
			 oneshot, l->oneshot_idx < 0 ? ", which names no entry" : "");
	}
	l->default_idx = -1;
	if (l->oneshot_idx >= 0) {
		l->default_idx = l->oneshot_idx;
		snprintf(l->why_default, sizeof(l->why_default), "one-shot: %.480s", l->why_oneshot);
	} else if (read_efivar(rootfd, "LoaderEntryDefault", &def) >= 0 && *def &&
		   bls_find(l, def) >= 0) {
		l->default_idx = bls_find(l, def);
		snprintf(l->why_default, sizeof(l->why_default), "EFI variable LoaderEntryDefault=%s",
			 def);
	} else if (conf_def && bls_find(l, conf_def) >= 0) {
		l->default_idx = bls_find(l, conf_def);
		snprintf(l->why_default, sizeof(l->why_default), "loader.conf: default %s",
			 conf_def);
	} else {
		/* The spec's order puts the entry to boot first; a loader shows no entry it cannot
		 * boot (another architecture's), so the first one this machine can boot. */
		for (size_t i = 0; i < l->n && l->default_idx < 0; i++)
			if ((l->v[i].source == BOOT_SOURCE_BLS || l->v[i].source == BOOT_SOURCE_UKI) &&
			    !l->v[i].unusable)
				l->default_idx = (long)i;
		snprintf(l->why_default, sizeof(l->why_default), "first in the specification's "
			 "sort order%s", conf_def ? " (loader.conf's default matches no entry)" : "");
	}
	return 0;
}

int boot_config_load(int rootfd, struct boot_config *ret, struct diag *err)
{
	struct boot_config cfg = {
		.grub = { .default_idx = -1, .oneshot_idx = -1 },
		.bls = { .default_idx = -1, .oneshot_idx = -1 },
	};
	struct diag gerr = {};
	int r;

	diag_clear(err);
	r = load_grub(rootfd, &cfg, &gerr);
	if (r == -ENOMEM)
		goto fail;
	if (r < 0) {
		snprintf(cfg.grub_error, sizeof(cfg.grub_error), "%s", gerr.msg);
		boot_entries_done(&cfg.grub);
	}
	r = load_bls(rootfd, &cfg, err);
	if (r < 0)
		goto fail;

	/* systemd-boot (and other loaders that speak the Boot Loader Interface) set LoaderInfo:
	 * then it booted this machine, whatever else is on disk. */
	if (cfg.has_bls && exists_at(rootfd, "sys/firmware/efi/efivars/LoaderInfo-" LOADER_GUID)) {
		cfg.loader = BOOT_SOURCE_BLS;
		snprintf(cfg.why_loader, sizeof(cfg.why_loader), "the EFI variable LoaderInfo says a "
			 "Boot Loader Specification loader started this system");
	} else if (cfg.has_grub || cfg.grub_error[0]) {
		if (!cfg.has_grub) {
			r = diag_fail(err, -EBADMSG, "%s", cfg.grub_error);
			goto fail;
		}
		cfg.loader = BOOT_SOURCE_GRUB;
		snprintf(cfg.why_loader, sizeof(cfg.why_loader), "%.180s exists",
			 cfg.grub.source_file);
	} else if (cfg.has_bls) {
		cfg.loader = BOOT_SOURCE_BLS;
		snprintf(cfg.why_loader, sizeof(cfg.why_loader), "no grub.cfg; Boot Loader "
			 "Specification entries exist");
	} else {
		r = diag_fail(err, -ENOENT, "no boot loader configuration found (looked for "
			      "/boot/grub/grub.cfg, /boot/grub2/grub.cfg and loader/entries or EFI/Linux "
			      "on /efi, /boot, /boot/efi)");
		goto fail;
	}
	*ret = cfg;
	return 0;
fail:
	if (r == -ENOMEM)
		diag_set(err, "out of memory");
	boot_config_done(&cfg);
	return r;
}

/* ---- choosing ---- */

static const struct boot_entries *loader_list(const struct boot_config *cfg)
{
	return cfg->loader == BOOT_SOURCE_GRUB ? &cfg->grub : &cfg->bls;
}

static long find_id_or_title(const struct boot_entries *l, const char *spec)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].id && strcmp(l->v[i].id, spec) == 0)
			return (long)i;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].title && strcmp(l->v[i].title, spec) == 0)
			return (long)i;
	return -1;
}

/* SPEC as a Boot Loader Spec entry file. */
static int select_file(int rootfd, const char *spec, struct boot_entry *file_entry,
		       const struct boot_entry **ret_entry, struct diag *err)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;
	int r;

	r = read_virtual_file_at(rootfd, spec[0] == '/' ? spec + 1 : spec, BLS_ENTRY_MAX, &buf,
				 &len);
	if (r < 0)
		return diag_fail(err, r == -ENOENT ? -ENOENT : r, "no boot entry '%s', and no such "
				 "entry file (%s)", spec, strerror(-r));
	r = bls_entry_parse(buf, len, spec, file_entry, err);
	if (r < 0)
		return r;
	file_entry->origin = strdup(spec);
	if (!file_entry->origin)
		return -ENOMEM;
	if (file_entry->unusable)
		return diag_fail(err, -EBADMSG, "boot entry file %s cannot be loaded: %s", spec,
				 file_entry->unusable);
	*ret_entry = file_entry;
	return 0;
}

int boot_config_select(int rootfd, const struct boot_config *cfg, const char *spec,
		       struct boot_entry *file_entry, const struct boot_entry **ret_entry,
		       struct diag *err)
{
	const struct boot_entries *l = loader_list(cfg);
	const struct boot_entry *e = NULL;
	size_t idx;

	diag_clear(err);
	if (strcmp(spec, "default") == 0) {
		if (l->default_idx < 0)
			return diag_fail(err, -ENOENT, "no default boot entry: %s", l->why_default);
		e = &l->v[l->default_idx];
	} else if (strcmp(spec, "oneshot") == 0) {
		if (l->oneshot_idx < 0)
			return diag_fail(err, -ENOENT, "no one-shot boot entry%s%s",
					 l->why_oneshot[0] ? ": " : " is set", l->why_oneshot);
		e = &l->v[l->oneshot_idx];
	} else {
		long i = find_id_or_title(l, spec);
		const struct boot_entries *other = l == &cfg->grub ? &cfg->bls : &cfg->grub;

		/* Titles may hold '/' ("Debian GNU/Linux"): names first, a file only then. */
		if (i >= 0)
			e = &l->v[i];
		else if (cfg->has_grub && grub_find_entry(&cfg->grub, spec, &idx) == 0 &&
			 grub_first_in_submenu(&cfg->grub, idx, &idx) == 0)
			e = &cfg->grub.v[idx];
		else if ((i = find_id_or_title(other, spec)) >= 0)
			e = &other->v[i];
		else if (strchr(spec, '/'))
			return select_file(rootfd, spec, file_entry, ret_entry, err);
		else
			return diag_fail(err, -ENOENT, "no boot entry '%s' (kexec "
					 "--list-boot-entries shows them)", spec);
	}
	if (e->submenu) {
		/* As GRUB: choosing a submenu boots its first entry. */
		if (grub_first_in_submenu(&cfg->grub, (size_t)(e - cfg->grub.v), &idx) < 0)
			return diag_fail(err, -ENOENT, "boot entry '%s' is an empty GRUB submenu", spec);
		e = &cfg->grub.v[idx];
	}
	if (e->unusable)
		return diag_fail(err, -EBADMSG, "boot entry '%s' (%s) cannot be loaded: %s", spec,
				 e->origin ? e->origin : "?", e->unusable);
	*ret_entry = e;
	return 0;
}

/* ---- paths ---- */

/* Undo mountinfo's octal escapes (\040 for a space) in place. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/*
 * The mount point of the file system whose device is @dev (0: of the mount at @want_mnt):
 * from proc/self/mountinfo, whole-file-system mounts only (root "/"). 1 found, 0 not.
 */
static int find_mount(int rootfd, dev_t dev, const char *want_mnt, char *ret, size_t size)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;
	char *save = NULL;

	if (read_virtual_file_at(rootfd, "proc/self/mountinfo", 4 * 1024 * 1024, &buf, &len) < 0)
		return 0;
	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned int maj, min;
		char root[512], mnt[512];

		if (sscanf(line, "%*u %*u %u:%u %511s %511s", &maj, &min, root, mnt) != 4)
			continue;
		unescape(root);
		unescape(mnt);
		if (strcmp(root, "/") != 0)
			continue;
		if (want_mnt ? strcmp(mnt, want_mnt) == 0 : makedev(maj, min) == dev) {
			snprintf(ret, size, "%s", strcmp(mnt, "/") == 0 ? "" : mnt);
			return 1;
		}
	}
	return 0;
}

static int grub_path_raw(int rootfd, const struct boot_entry *e, const char *p, char **ret)
{
	char mnt[512];
	struct stat st;

	/* "(hd0,gpt2)/vmlinuz": the device is the root device we look for anyway. */
	if (p[0] == '(') {
		const char *close = strchr(p, ')');

		if (close)
			p = close + 1;
	}
	if (p[0] != '/')
		return -EINVAL;
	if (e->root_uuid && strlen(e->root_uuid) < 128) {
		char link[200];

		snprintf(link, sizeof(link), "dev/disk/by-uuid/%s", e->root_uuid);
		if (!strchr(e->root_uuid, '/') && fstatat(rootfd, link, &st, 0) == 0 &&
		    S_ISBLK(st.st_mode) && find_mount(rootfd, st.st_rdev, NULL, mnt, sizeof(mnt))) {
			log_debug("%s: GRUB's root is UUID %s, mounted at %s/", p, e->root_uuid, mnt);
			return asprintf(ret, "%s%s", mnt, p) < 0 ? -ENOMEM : 0;
		}
		log_debug("%s: UUID %s is not a mounted file system here", p, e->root_uuid);
	}
	if (strncmp(p, "/boot/", 6) != 0 && find_mount(rootfd, 0, "/boot", mnt, sizeof(mnt))) {
		log_debug("%s: /boot is a file system of its own: GRUB's root", p);
		return asprintf(ret, "/boot%s", p) < 0 ? -ENOMEM : 0;
	}
	if (!is_file_at(rootfd, p)) {
		char b[4096];

		snprintf(b, sizeof(b), "/boot%s", p);
		if (is_file_at(rootfd, b))
			return (*ret = strdup(b)) ? 0 : -ENOMEM;
	}
	return (*ret = strdup(p)) ? 0 : -ENOMEM;
}

/* "//vmlinuz" (grub-mkconfig writes it when /boot is a file system of its own) is "/vmlinuz". */
static void squeeze_slashes(char *s)
{
	char *o = s;

	for (; *s; s++)
		if (!(s[0] == '/' && s[1] == '/'))
			*o++ = *s;
	*o = '\0';
}

static int grub_path(int rootfd, const struct boot_entry *e, const char *p, char **ret)
{
	int r = grub_path_raw(rootfd, e, p, ret);

	if (r >= 0)
		squeeze_slashes(*ret);
	return r;
}

/* BLS: relative to the partition the entry file is on ("/boot/efi/loader/entries/x.conf"). */
static int bls_path(const struct boot_entry *e, const char *p, char **ret)
{
	const char *o = e->origin ? strstr(e->origin, "/loader/entries/") : NULL;
	int n = o ? (int)(o - e->origin) : 0;

	if (p[0] != '/')
		return asprintf(ret, "%.*s/%s", n, e->origin, p) < 0 ? -ENOMEM : 0;
	return asprintf(ret, "%.*s%s", n, o ? e->origin : "", p) < 0 ? -ENOMEM : 0;
}

int boot_entry_resolve(int rootfd, const struct boot_entry *e, struct boot_files *ret,
		       struct diag *err)
{
	struct boot_files f = {};
	int r;

	diag_clear(err);
	if (!e->kernel)
		return diag_fail(err, -EBADMSG, "the entry names no kernel");
	for (size_t i = 0; i <= e->nr_initrds; i++) {
		const char *p = i == 0 ? e->kernel : e->initrds[i - 1];
		char **out = i == 0 ? &f.kernel : &f.initrds[i - 1];

		if (strlen(p) > 1024) {
			r = diag_fail(err, -ENAMETOOLONG, "a path in the entry is longer than 1024 bytes");
			goto fail;
		}
		r = e->source == BOOT_SOURCE_GRUB ? grub_path(rootfd, e, p, out) : bls_path(e, p, out);
		if (r == -EINVAL)
			diag_set(err, "'%s' in the entry is not an absolute path", p);
		if (r < 0)
			goto fail;
		if (i > 0)
			f.nr_initrds++;
	}
	*ret = f;
	return 0;
fail:
	boot_files_done(&f);
	return r;
}
