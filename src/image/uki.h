/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A Unified Kernel Image (systemd's UKI specification) taken apart for kexec: the kernel from
 * .linux, the initrds from .ucode and .initrd, the command line from .cmdline, for the profile
 * the user chose. Pure: works on a caller's buffer, returns pointers into it.
 *
 * Profiles (systemd 257): the sections before the first .profile are shared by all profiles;
 * each .profile opens a profile that lasts until the next one, and a section in it replaces the
 * shared section of the same name. A UKI without .profile is one profile, number 0.
 */
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "pe.h"

/* Profiles a UKI may have: systemd's stub reads at most 256 too. */
#define UKI_MAX_PROFILES 256

struct uki_part {
	const void *data; /* NULL: the section is absent */
	size_t len;
};

/* The sections kexec uses or reports, for the chosen profile. */
struct uki {
	struct uki_part linux_, initrd, ucode, cmdline, dtb, osrel, uname, profile;
	unsigned nr_profiles; /* .profile sections; 0 for a UKI without any */
	unsigned chosen;      /* the profile these are from */
};

/* Whether a parsed PE file is a UKI: it has a .linux section (an add-on has none). */
bool uki_is_uki(const struct pe_file *pe);

/*
 * 0 if UKI @pe is for this machine: its PE machine is pe_native_machine() (or that is 0), as
 * systemd-boot requires before it lists or starts a UKI. Else -EOPNOTSUPP, @why naming the
 * UKI's architecture: its .linux is then another architecture's kernel too.
 */
int uki_machine_check(const struct pe_file *pe, struct diag *why);

/*
 * The parts of UKI @buf (parsed into @pe) for profile @profile. 0, or -EBADMSG (a section named
 * twice in one profile, no .linux, an empty .linux) or -ERANGE (no such profile), with @why
 * saying which.
 */
int uki_parts(const struct pe_file *pe, const void *buf, unsigned profile, struct uki *ret,
	      struct diag *why);

/*
 * An add-on (`*.addon.efi`: a PE file with a .cmdline and no .linux): its command line, or
 * len 0. -EBADMSG when it has a .linux section (a UKI, not an add-on) or two .cmdline.
 */
int uki_addon_cmdline(const struct pe_file *pe, const void *buf, struct uki_part *ret,
		      struct diag *why);

/* @p's bytes as a command line: up to its first NUL, without trailing white space. */
size_t uki_cmdline_len(const struct uki_part *p);

/*
 * The value of @key in an os-release text (a UKI's .osrel), unquoted, control characters shown
 * as '?', cut to @size - 1 bytes; "" when absent.
 */
void uki_osrel_value(const struct uki_part *osrel, const char *key, char *out, size_t size);
