// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "efi-systab.h"
#include "fileio.h"
#include "macro.h"
#include "parse.h"

int efi_systab_lookup(int rootfd, const char *key, uint64_t *ret)
{
	_cleanup_free_ char *systab = NULL;
	size_t keylen = strlen(key);
	char *line, *save = NULL;
	int r;

	r = read_virtual_file_at(rootfd, "sys/firmware/efi/systab", 4096, &systab, NULL);
	if (r < 0)
		return r;
	for (line = strtok_r(systab, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strncmp(line, key, keylen) == 0 && line[keylen] == '=')
			return parse_u64(line + keylen + 1, 16, ret, NULL);
	return -ENOENT;
}
