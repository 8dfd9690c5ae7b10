/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Fixture trees for readers that take a root directory fd: a temporary root, files in it. */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

struct fixture {
	char dir[32];
	int root;
};

static inline void fixture_init(struct fixture *f)
{
	strcpy(f->dir, "/tmp/kexec-unit-XXXXXX");
	CHECK(mkdtemp(f->dir) != NULL);
	f->root = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CHECK(f->root >= 0);
}

/* Write @len bytes at @path (relative), creating parent directories. */
static inline void fixture_put_bytes(struct fixture *f, const char *path, const void *data, size_t len)
{
	char buf[512];
	int fd;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = strchr(buf, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdirat(f->root, buf, 0755);
		*p = '/';
	}
	fd = openat(f->root, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK_EQ_INT(write(fd, data, len), (long long)len);
	close(fd);
}

static inline void fixture_put(struct fixture *f, const char *path, const char *content)
{
	fixture_put_bytes(f, path, content, strlen(content));
}

static inline void fixture_done(struct fixture *f)
{
	char cmd[64];

	close(f->root);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	CHECK_EQ_INT(system(cmd), 0);
}

/* proc/kcore's head as the kernel writes it: an ELF64 core header of @machine and @n program
 * headers (at most 8), nothing after them (readers take only the headers). */
static inline void fixture_put_kcore(struct fixture *f, uint16_t machine, const Elf64_Phdr *ph,
				     size_t n)
{
	struct {
		Elf64_Ehdr eh;
		Elf64_Phdr ph[8];
	} k = {};

	CHECK(n <= 8);
	memcpy(k.eh.e_ident, ELFMAG, SELFMAG);
	k.eh.e_ident[EI_CLASS] = ELFCLASS64;
	k.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	k.eh.e_ident[EI_VERSION] = EV_CURRENT;
	k.eh.e_type = ET_CORE;
	k.eh.e_machine = machine;
	k.eh.e_phoff = sizeof(k.eh);
	k.eh.e_phentsize = sizeof(Elf64_Phdr);
	k.eh.e_phnum = (uint16_t)n;
	memcpy(k.ph, ph, n * sizeof(*ph));
	fixture_put_bytes(f, "proc/kcore", &k, sizeof(k.eh) + n * sizeof(*ph));
}
