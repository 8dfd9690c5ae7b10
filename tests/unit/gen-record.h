/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Load records for tests: a complete one, and a fixture tree that kexec --show reads. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "load-record.h"

#define GEN_BOOT_ID "3f1b0e5c-8d2a-4b7e-9c61-0a2f4d6e8b10"
#define GEN_OTHER_BOOT_ID "00000000-1111-2222-3333-444444444444"

/* A record with every field set, its strings malloc'd (for load_record_done). */
static inline void gen_record(struct load_record *r, bool crash)
{
	*r = (struct load_record){
		.crash = crash,
		.boot_id = strdup(GEN_BOOT_ID),
		.loaded_at = strdup("2026-03-04T05:06:07Z"),
		.loaded_by = strdup("kexec-load"),
		.syscall = strdup("kexec_file_load"),
		.flags = crash ? 0x2 : 0x0,
		.kernel = strdup("/vmlinuz"),
		/* A path no test machine has: changed_on_disk is always true ("gone"). */
		.kernel_realpath = strdup("/kexec-test-missing/vmlinuz-6.1.0-18-amd64"),
		.kernel_size = 8123456,
		.has_mtime = true,
		.kernel_mtime_sec = 1706800000,
		.kernel_mtime_nsec = 123456789,
		.kernel_format = strdup("bzImage64"),
		.kernel_version = strdup("6.1.0-18-amd64 (debian-kernel@lists.debian.org) #1 SMP "
					 "PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)"),
		.nr_initrds = 2,
		.cmdline = strdup("root=UUID=1234 ro quiet"),
	};
	memset(r->kernel_sha256, 'a', SHA256_DIGEST_SIZE * 2);
	r->initrds[0] = (struct load_record_initrd){ strdup("/boot/ucode.img"), 12345 };
	r->initrds[1] = (struct load_record_initrd){ strdup("/boot/initrd.img-6.1.0-18-amd64"),
						     31234567 };
}

/* A root where the kernel has kexec; @loaded and @crash_loaded are the sysfs flags. */
static inline void gen_kexec_root(struct fixture *f, bool loaded, bool crash_loaded)
{
	fixture_put(f, "sys/kernel/kexec_loaded", loaded ? "1\n" : "0\n");
	fixture_put(f, "sys/kernel/kexec_crash_loaded", crash_loaded ? "1\n" : "0\n");
	fixture_put(f, "sys/kernel/kexec_crash_size", "268435456\n");
	fixture_put(f, "proc/sys/kernel/random/boot_id", GEN_BOOT_ID "\n");
	CHECK(mkdirat(f->root, "run", 0755) == 0 || errno == EEXIST);
}
