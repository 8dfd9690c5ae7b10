// SPDX-License-Identifier: GPL-2.0-or-later
/* kexec-tools' x86 options: the purgatory console, UEFI and video hand-over, and the refusals. */
#include <string.h>

#include "options.h"
#include "parse.h"

enum {
	X86_OPT_NOEFI,
	X86_OPT_CONSOLE_SERIAL,
	X86_OPT_CONSOLE_VGA,
	X86_OPT_SERIAL,
	X86_OPT_SERIAL_BAUD,
	X86_OPT_REUSE_VIDEO_TYPE,
	X86_OPT_RESET_VGA,
	X86_OPT_32BIT_ENTRY,     /* --real-mode, --entry-32bit */
	X86_OPT_ARGS_LINUX,      /* accepted: what we always do */
	X86_OPT_UNSUPPORTED,     /* parsed, not implemented yet */
};

const struct arch_option x86_option_table[] = {
	{ "noefi", false, X86_OPT_NOEFI },
	{ "console-serial", false, X86_OPT_CONSOLE_SERIAL },
	{ "console-vga", false, X86_OPT_CONSOLE_VGA },
	{ "serial", true, X86_OPT_SERIAL },
	{ "serial-baud", true, X86_OPT_SERIAL_BAUD },
	{ "reuse-video-type", false, X86_OPT_REUSE_VIDEO_TYPE },
	{ "reset-vga", false, X86_OPT_RESET_VGA },
	{ "real-mode", false, X86_OPT_32BIT_ENTRY },
	{ "entry-32bit", false, X86_OPT_32BIT_ENTRY },
	{ "pass-memmap-cmdline", false, X86_OPT_UNSUPPORTED },
	{ "dtb", true, X86_OPT_UNSUPPORTED },
	{ "module", true, X86_OPT_UNSUPPORTED },
	{ "args-linux", false, X86_OPT_ARGS_LINUX },
	{ "args-elf", false, X86_OPT_UNSUPPORTED },
	{ "args-none", false, X86_OPT_UNSUPPORTED },
	{ NULL, false, 0 },
};

const char x86_usage[] =
	"      --noefi           give the new kernel no UEFI state: it boots as on BIOS, without\n"
	"                        EFI runtime services (kexec_load)\n"
	"      --console-serial  the purgatory reports its checks on the serial port\n"
	"      --console-vga     ... and on the VGA text screen\n"
	"      --serial=PORT     its serial port: ttyS0..ttyS3 or an I/O port (default ttyS0)\n"
	"      --serial-baud=N   program that port to N baud first\n"
	"      --reuse-video-type  pass the boot-time video type with an unknown framebuffer\n"
	"      --args-linux      accepted for kexec-tools' scripts: an ELF vmlinux always gets Linux\n"
	"                        boot parameters\n";

static struct x86_options *opts(struct arch_options *o)
{
	return (struct x86_options *)o->priv;
}

void x86_options_init(struct arch_options *o)
{
	memset(o, 0, sizeof(*o));
	opts(o)->serial_port = 0x3f8;
}

/* --serial: ttyS0..ttyS3 (the legacy COM ports), or an I/O port number. */
static int parse_serial(const char *s, uint16_t *ret)
{
	static const uint16_t com[] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
	uint64_t port;

	if (strncmp(s, "ttyS", 4) == 0 && s[4] >= '0' && s[4] <= '3' && s[5] == '\0') {
		*ret = com[s[4] - '0'];
		return 0;
	}
	if (parse_u64(s, 0, &port, NULL) < 0 || port == 0 || port > 0xfff8)
		return -EINVAL;
	*ret = (uint16_t)port;
	return 0;
}

int x86_parse_option(struct arch_options *ao, int id, const char *value, struct diag *d)
{
	struct x86_options *o = opts(ao);
	uint64_t baud;

	switch (id) {
	case X86_OPT_NOEFI:
		o->noefi = true;
		return 0;
	case X86_OPT_CONSOLE_SERIAL:
		o->console_serial = true;
		return 0;
	case X86_OPT_CONSOLE_VGA:
		o->console_vga = true;
		return 0;
	case X86_OPT_SERIAL:
		if (parse_serial(value, &o->serial_port) < 0)
			return diag_fail(d, -EINVAL, "bad --serial '%s': give ttyS0..ttyS3 or an I/O "
					 "port (0x3f8)", value);
		return 0;
	case X86_OPT_SERIAL_BAUD:
		/* The 16550 divides 115200 by an integer. */
		if (parse_u64(value, 0, &baud, NULL) < 0 || baud == 0 || baud > 115200 ||
		    115200 % baud != 0)
			return diag_fail(d, -EINVAL, "bad --serial-baud '%s': give a rate that divides "
					 "115200 (9600, 19200, 38400, 57600, 115200)", value);
		o->serial_baud = (uint32_t)baud;
		return 0;
	case X86_OPT_REUSE_VIDEO_TYPE:
		o->reuse_video_type = true;
		return 0;
	case X86_OPT_ARGS_LINUX:
		/* kdump-tools adds it whenever the crash kernel is an ELF file; our ELF loader
		 * boots Linux only, with its boot_params, which is what the option asks for. */
		return 0;
	case X86_OPT_RESET_VGA:
		return diag_fail(d, -EOPNOTSUPP, "resetting VGA from the purgatory is not supported; "
				 "the new kernel's console driver sets the display mode itself");
	case X86_OPT_32BIT_ENTRY:
		return diag_fail(d, -EOPNOTSUPP, "this kexec enters 64-bit kernels at their 64-bit "
				 "entry only; 32-bit and real-mode entry are not supported");
	default:
		diag_clear(d);
		return -EOPNOTSUPP;
	}
}

const char *x86_kexec_load_only_option(const struct arch_options *ao)
{
	const struct x86_options *o = x86_options(ao);

	if (o->noefi)
		return "--noefi";
	if (o->console_serial || o->console_vga || o->serial_baud)
		return "--console-serial/--console-vga/--serial-baud";
	if (o->reuse_video_type)
		return "--reuse-video-type";
	return NULL;
}
