// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A Unified Kernel Image on the load path: its sections from src/image/uki.c, and the add-ons
 * that systemd's stub would have added to its command line at a firmware boot.
 */
#define LOG_PREFIX "uki: "
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "fileio.h"
#include "log.h"
#include "pe.h"
#include "uki-load.h"

/* An add-on is a small stub with a few text sections; more is no add-on. */
#define ADDON_MAX (16ULL << 20)
#define ADDON_SUFFIX ".addon.efi"
/* Add-ons read from one folder, at most: a bound on work, far above real use. */
#define ADDONS_MAX 64

static int is_addon(const struct dirent *d)
{
	size_t n = strlen(d->d_name), k = strlen(ADDON_SUFFIX);

	return d->d_name[0] != '.' && n > k && strcasecmp(d->d_name + n - k, ADDON_SUFFIX) == 0;
}

/* Append the .cmdline of add-on @path to u->addon_cmdline; a bad add-on is warned about. */
static int take_addon(struct uki_load *u, const char *path)
{
	struct input_file f = INPUT_FILE_INIT;
	_cleanup_free_ struct pe_file *pe = malloc(sizeof(*pe));
	_cleanup_free_ char *text = NULL;
	char *joined = NULL; /* set only on success, then always handed to @u */
	struct uki_part part;
	struct diag why = {};
	int r;

	if (!pe)
		return -ENOMEM;
	r = input_file_open(path, ADDON_MAX, &f);
	if (r >= 0 && f.size == 0)
		r = -ENODATA;
	if (r >= 0)
		r = pe_parse(f.map, f.size, pe, &why);
	if (r >= 0)
		r = uki_addon_cmdline(pe, f.map, &part, &why);
	if (r >= 0 && uki_cmdline_len(&part) > 0) {
		text = strndup(part.data, uki_cmdline_len(&part));
		r = text ? cmdline_join(u->addon_cmdline, text, &joined) : -ENOMEM;
	}
	input_file_done(&f);
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		log_warning("UKI add-on '%s' skipped: %s", path, !diag_empty(&why) ? why.msg :
			    r == -ENOEXEC || r == -ENODATA ? "not a PE file" : strerror(-r));
		return 0;
	}
	if (!joined) {
		log_debug("add-on %s: no command line", path);
		return 0;
	}
	log_debug("add-on %s: adds \"%s\"", path, text);
	free(u->addon_cmdline);
	u->addon_cmdline = TAKE_PTR(joined);
	u->nr_addons++;
	return 0;
}

static int take_addons_in(struct uki_load *u, const char *dir)
{
	struct dirent **names = NULL;
	int n, r = 0;

	n = scandir(dir, &names, is_addon, alphasort);
	if (n < 0)
		return 0; /* no such folder: no add-ons */
	if (n > ADDONS_MAX)
		log_warning("%s: %d add-ons; only the first %d are used", dir, n, ADDONS_MAX);
	for (int i = 0; i < n; i++) {
		_cleanup_free_ char *path = NULL;

		if (r >= 0 && i < ADDONS_MAX) {
			if (asprintf(&path, "%s/%s", dir, names[i]->d_name) < 0)
				r = -ENOMEM;
			else
				r = take_addon(u, path);
		}
		free(names[i]);
	}
	free(names);
	return r;
}

/* The ESP's global add-on folder, for a UKI at <ESP>/EFI/Linux/...; NULL elsewhere. */
static char *global_addon_dir(const char *uki_path)
{
	_cleanup_free_ char *real = realpath(uki_path, NULL);
	char *at, *dir;

	if (!real)
		return NULL;
	at = strcasestr(real, "/EFI/Linux/");
	if (!at)
		return NULL;
	*at = '\0';
	if (asprintf(&dir, "%s/loader/addons", real) < 0)
		return NULL;
	return dir;
}

int uki_load_open(const char *path, const void *image, size_t len, unsigned profile,
		  struct uki_load *ret, struct diag *why)
{
	_cleanup_free_ struct pe_file *pe = malloc(sizeof(*pe));
	_cleanup_free_ char *global = NULL, *extra = NULL;
	struct uki_load u = {};
	int r;

	diag_clear(why);
	if (!pe)
		return -ENOMEM;
	if (!pe_is_pe(image, len) || pe_parse(image, len, pe, NULL) < 0 || !uki_is_uki(pe))
		return 0;
	/* Named here: its .linux would only be "no kernel this kexec knows" further on. */
	r = uki_machine_check(pe, why);
	if (r < 0)
		return r;
	r = uki_parts(pe, image, profile, &u.parts, why);
	if (r < 0)
		return r;

	global = global_addon_dir(path);
	if (global)
		r = take_addons_in(&u, global);
	if (r >= 0 && asprintf(&extra, "%s.extra.d", path) < 0)
		r = -ENOMEM;
	if (r >= 0)
		r = take_addons_in(&u, extra);
	if (r < 0) {
		uki_load_done(&u);
		return r;
	}
	*ret = u;
	return 1;
}

void uki_load_done(struct uki_load *u)
{
	free(u->addon_cmdline);
	*u = (struct uki_load){};
}
