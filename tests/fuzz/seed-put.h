/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* For the seed generators (gen-seeds.c, gen-arm64-seeds.c): one file of a target's corpus. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static const char *seed_root;

/* Write @len bytes of @buf as SEED_ROOT/@target/@name, making the folder; exit on failure. */
static inline void put(const char *target, const char *name, const void *buf, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", seed_root, target);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", seed_root, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}
