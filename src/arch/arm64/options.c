// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec-tools' arm64 options (--dtb, --serial), and the x86 ones refused with the reason:
 * scripts written for x86 machines get told what to use instead, not "unknown option".
 */
#include <string.h>

#include "options.h"

enum {
	ARM64_OPT_DTB,
	ARM64_OPT_SERIAL,
	/* x86 only, one number each for its reason */
	ARM64_OPT_NOEFI,
	ARM64_OPT_CONSOLE_SERIAL,
	ARM64_OPT_CONSOLE_VGA,
	ARM64_OPT_SERIAL_BAUD,
	ARM64_OPT_REUSE_VIDEO_TYPE,
	ARM64_OPT_RESET_VGA,
	ARM64_OPT_32BIT_ENTRY,
};

const struct arch_option arm64_option_table[] = {
	{ "dtb", true, ARM64_OPT_DTB },
	{ "serial", true, ARM64_OPT_SERIAL },
	{ "noefi", false, ARM64_OPT_NOEFI },
	{ "console-serial", false, ARM64_OPT_CONSOLE_SERIAL },
	{ "console-vga", false, ARM64_OPT_CONSOLE_VGA },
	{ "serial-baud", true, ARM64_OPT_SERIAL_BAUD },
	{ "reuse-video-type", false, ARM64_OPT_REUSE_VIDEO_TYPE },
	{ "reset-vga", false, ARM64_OPT_RESET_VGA },
	{ "real-mode", false, ARM64_OPT_32BIT_ENTRY },
	{ "entry-32bit", false, ARM64_OPT_32BIT_ENTRY },
	{ NULL, false, 0 },
};

const char arm64_usage[] =
	"      --dtb=FILE        start from the device tree in FILE instead of the running one\n"
	"                        (/chosen is edited all the same; kexec_load)\n"
	"      --serial=TTY      the purgatory reports its checks on that PL011 port, e.g.\n"
	"                        ttyAMA0 (kexec_load; default: stdout-path's, on failure only)\n";

static const char *const x86_only[] = {
	[ARM64_OPT_NOEFI] = "x86 only: on arm64 the UEFI state is the device tree's "
			    "linux,uefi-* properties, which the next kernel gets as they are",
	[ARM64_OPT_CONSOLE_SERIAL] = "x86 only: on arm64 use --serial=ttyAMA0 "
				     "for the purgatory's console",
	[ARM64_OPT_CONSOLE_VGA] = "x86 only: arm64 machines have no VGA text "
				  "screen",
	[ARM64_OPT_SERIAL_BAUD] = "x86 only: on arm64 the purgatory leaves the "
				  "PL011 at the rate the running kernel set",
	[ARM64_OPT_REUSE_VIDEO_TYPE] = "x86 only: an arm64 kernel finds its "
				       "framebuffer in the device tree or UEFI",
	[ARM64_OPT_RESET_VGA] = "x86 only: arm64 machines have no VGA",
	[ARM64_OPT_32BIT_ENTRY] = "x86 only: an arm64 kernel has "
				  "one entry, at the first byte of its Image",
};

static struct arm64_options *opts(struct arch_options *o)
{
	return (struct arm64_options *)o->priv;
}

void arm64_options_init(struct arch_options *o)
{
	memset(o, 0, sizeof(*o));
}

int arm64_parse_option(struct arch_options *ao, int id, const char *value, struct diag *d)
{
	struct arm64_options *o = opts(ao);

	switch (id) {
	case ARM64_OPT_DTB:
		if (!value[0])
			return diag_fail(d, -EINVAL, "--dtb needs a file name");
		o->dtb = value;
		return 0;
	case ARM64_OPT_SERIAL:
		/* A tty name; whether it is a PL011 is seen at load time, in sysfs. */
		if (!value[0] || strchr(value, '/'))
			return diag_fail(d, -EINVAL, "bad --serial '%s': give a tty name such as "
					 "ttyAMA0", value);
		o->serial = value;
		return 0;
	default:
		if (id >= 0 && (size_t)id < sizeof(x86_only) / sizeof(x86_only[0]) && x86_only[id])
			return diag_fail(d, -EOPNOTSUPP, "%s", x86_only[id]);
		diag_clear(d);
		return -EOPNOTSUPP;
	}
}

const char *arm64_kexec_load_only_option(const struct arch_options *ao)
{
	const struct arm64_options *o = arm64_options(ao);

	if (o->dtb)
		return "--dtb";
	if (o->serial)
		return "--serial";
	return NULL;
}
