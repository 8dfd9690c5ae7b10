/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdint.h>

/*
 * Sizes every part of kexec speaks in. PAGE_SIZE is the granule of kexec segments: the kernel
 * requires page-aligned segments, and 4 KiB is the smallest page of x86_64 and arm64 alike
 * (an arm64 kernel with 16/64 KiB pages still accepts 4 KiB-aligned kexec_load segments only
 * if they are aligned to its own page size, which its loader asks for through placement).
 */
#define PAGE_SIZE 4096ULL
#define SZ_1M (1ULL << 20)
#define SZ_2M (2ULL << 20)
#define SZ_4G (1ULL << 32)

/* Bytes as whole MiB for messages, rounded up so that "needs 0 MiB" is never printed. */
static inline unsigned long long mib_up(uint64_t bytes)
{
	return (unsigned long long)((bytes >> 20) + ((bytes & (SZ_1M - 1)) != 0));
}
