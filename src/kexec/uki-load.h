/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "uki.h"

/* A Unified Kernel Image the user asked to load, with its add-ons. */
struct uki_load {
	struct uki parts;    /* pointing into the caller's mapping of the UKI */
	char *addon_cmdline; /* the add-ons' command lines, joined by spaces; NULL: none */
	unsigned nr_addons;  /* add-ons whose .cmdline was taken */
};

/*
 * If @image (the file @path, @len bytes) is a UKI, take profile @profile of it (uki_parts())
 * and read its add-ons: `*.addon.efi` in the ESP's loader/addons/ (when @path lies under an
 * EFI/Linux folder, the ESP is what comes before it), then in "@path.extra.d/", each folder in
 * name order, as systemd's stub does. An add-on that cannot be read or is no add-on is skipped
 * with a warning, as the stub skips it.
 *
 * Returns 1 for a UKI, 0 for any other image (@ret untouched), or -errno with @why saying what:
 * -EBADMSG for a UKI whose sections contradict themselves, -ERANGE for a profile it lacks,
 * -EOPNOTSUPP for another architecture's UKI (uki_machine_check()), -ENOMEM.
 */
int uki_load_open(const char *path, const void *image, size_t len, unsigned profile,
		  struct uki_load *ret, struct diag *why);
void uki_load_done(struct uki_load *u);
