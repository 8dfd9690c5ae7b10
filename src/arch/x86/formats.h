/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "image.h"

/* The x86_64 kernel formats, in arch_x86_64.formats. */
extern const struct image_ops bzimage64_ops;   /* bzimage.c */
extern const struct image_ops elf_x86_64_ops;  /* elf-x86_64.c */
