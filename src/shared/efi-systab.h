/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdint.h>

/*
 * /sys/firmware/efi/systab (under @rootfd): the configuration tables' addresses the firmware
 * handed over, as "KEY=0x..." lines (ACPI20, ACPI, SMBIOS, SMBIOS3, ...). The value of @key;
 * -ENOENT without UEFI or without that line, -EBADMSG for a malformed value.
 */
int efi_systab_lookup(int rootfd, const char *key, uint64_t *ret);
