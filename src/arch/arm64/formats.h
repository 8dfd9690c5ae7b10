/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "image.h"

/* The arm64 kernel formats, in arch_arm64.formats. */
extern const struct image_ops arm64_image_ops; /* image.c */
extern const struct image_ops arm64_zboot_ops; /* zboot.c */
extern const struct image_ops arm64_elf_ops;   /* elf-arm64.c */
