/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void purgatory_main(void);
