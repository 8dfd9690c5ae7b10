// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Boot entry parsers on hostile bytes. The first byte picks the parser: 0 grub.cfg (the rest
 * split at the first NUL into grub.cfg and a grubenv), 1 a BLS entry, 2 loader.conf, 3 an
 * EFI variable, 4 grubenv alone. Inputs above 256 KiB are ignored (the caps are tested by the
 * unit tests; the fuzzer's time goes to the grammar).
 */
#include <stdlib.h>

#include "bootentry.h"
#include "fuzz.h"

#define FUZZ_SIZE_MAX (256 * 1024)

static void check_entries(const struct boot_entries *l)
{
	size_t idx;

	/* Whatever was found, default and one-shot are valid indices or -1. */
	if (l->default_idx >= (long)l->n || l->oneshot_idx >= (long)l->n)
		abort();
	for (size_t i = 0; i < l->n; i++) {
		const struct boot_entry *e = &l->v[i];

		if (!e->title || !e->menu_path || e->nr_initrds > BOOT_ENTRY_MAX_INITRDS)
			abort();
		if (grub_find_entry(l, e->menu_path, &idx) != 0 || idx != i)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag err;
	char *buf;
	size_t n;

	if (size < 1 || size > FUZZ_SIZE_MAX)
		return 0;
	fuzz_setup();
	n = size - 1;
	buf = malloc(n + 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, n);
	buf[n] = '\0';
	switch (data[0] % 5) {
	case 0: {
		size_t cfglen = strnlen(buf, n);
		struct grubenv env = {};
		struct grub_input in = { .file = "grub.cfg", .platform = data[0] & 0x80 ? "efi" : "pc" };
		struct boot_entries l = { .default_idx = -1, .oneshot_idx = -1 };

		if (cfglen < n && grubenv_parse(buf + cfglen + 1, n - cfglen - 1, &env, &err) == 0)
			in.env = &env;
		if (grub_cfg_parse(buf, cfglen, &in, &l, &err) == 0)
			check_entries(&l);
		boot_entries_done(&l);
		grubenv_done(&env);
		break;
	}
	case 1: {
		struct boot_entry e = {};
		struct boot_entry v[2] = {};

		if (bls_entry_parse(buf, n, "fuzz+1-2.conf", &e, &err) == 0) {
			if (!e.id || !e.title || (!e.kernel && !e.unusable))
				abort();
			if (bls_entry_parse(buf, n, "other.conf", &v[0], &err) == 0) {
				v[1] = e;
				e = (struct boot_entry){};
				bls_sort(v, 2);
				boot_entry_done(&v[1]);
			}
			boot_entry_done(&v[0]);
		}
		boot_entry_done(&e);
		break;
	}
	case 2: {
		char *def = NULL;

		if (bls_loader_conf_default(buf, n, &def) == 0)
			free(def);
		break;
	}
	case 3: {
		char *s = NULL;

		if (efivar_utf16_decode(buf, n, &s) == 0)
			free(s);
		break;
	}
	default: {
		struct grubenv env = {};

		if (grubenv_parse(buf, n, &env, &err) == 0 && env.n > GRUBENV_MAX_VARS)
			abort();
		grubenv_done(&env);
		break;
	}
	}
	free(buf);
	return 0;
}
