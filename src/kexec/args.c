// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kexec-tools command line: same letters, long names and meaning, so scripts keep working.
 * kexec-tools applies action options in order, a later one overriding an earlier one (-l -e
 * executes, -e -l loads); we keep that rule, on local flags, and turn the result into one verb.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "macro.h"

enum {
	OPT_HELP = 'h',
	OPT_VERSION = 'v',
	OPT_DEBUG = 'd',
	OPT_FORCE = 'f',
	OPT_NOCHECKS = 'i',
	OPT_NOIFDOWN = 'x',
	OPT_NOSYNC = 'y',
	OPT_LOAD = 'l',
	OPT_UNLOAD = 'u',
	OPT_EXEC = 'e',
	OPT_TYPE = 't',
	OPT_PANIC = 'p',
	OPT_FILE_SYSCALL = 's',
	OPT_LOAD_SYSCALL = 'c',
	OPT_AUTO_SYSCALL = 'a',
	OPT_STATUS = 'S',
	OPT_MEM_MIN = 0x100,
	OPT_MEM_MAX,
	OPT_APPEND,
	OPT_REUSE_CMDLINE,
	OPT_INITRD,
	OPT_NOEFI,
	OPT_CONSOLE_SERIAL,
	OPT_CONSOLE_VGA,
	OPT_SERIAL,
	OPT_SERIAL_BAUD,
	OPT_REUSE_VIDEO_TYPE,
	OPT_PRINT_CKR_SIZE,
	OPT_ELF64_CORE_HEADERS,
	OPT_REFUSED, /* kexec-tools options that make no sense for a 64-bit kexec */
	OPT_UNSUPPORTED, /* every option below: parsed, then refused */
};

static const struct option options[] = {
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "debug", no_argument, NULL, OPT_DEBUG },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "no-checks", no_argument, NULL, OPT_NOCHECKS },
	{ "no-ifdown", no_argument, NULL, OPT_NOIFDOWN },
	{ "no-sync", no_argument, NULL, OPT_NOSYNC },
	{ "load", no_argument, NULL, OPT_LOAD },
	{ "unload", no_argument, NULL, OPT_UNLOAD },
	{ "exec", no_argument, NULL, OPT_EXEC },
	{ "type", required_argument, NULL, OPT_TYPE },
	{ "load-panic", no_argument, NULL, OPT_PANIC },
	{ "kexec-file-syscall", no_argument, NULL, OPT_FILE_SYSCALL },
	{ "kexec-syscall", no_argument, NULL, OPT_LOAD_SYSCALL },
	{ "kexec-syscall-auto", no_argument, NULL, OPT_AUTO_SYSCALL },
	{ "status", no_argument, NULL, OPT_STATUS },
	{ "mem-min", required_argument, NULL, OPT_MEM_MIN },
	{ "mem-max", required_argument, NULL, OPT_MEM_MAX },
	{ "command-line", required_argument, NULL, OPT_APPEND },
	{ "append", required_argument, NULL, OPT_APPEND },
	{ "reuse-cmdline", no_argument, NULL, OPT_REUSE_CMDLINE },
	{ "noefi", no_argument, NULL, OPT_NOEFI },
	{ "initrd", required_argument, NULL, OPT_INITRD },
	{ "ramdisk", required_argument, NULL, OPT_INITRD },
	/* kexec-tools options we do not implement yet. */
	{ "exec-live-update", no_argument, NULL, OPT_UNSUPPORTED },
	{ "load-preserve-context", no_argument, NULL, OPT_UNSUPPORTED },
	{ "load-jump-back-helper", no_argument, NULL, OPT_UNSUPPORTED },
	{ "load-live-update", no_argument, NULL, OPT_UNSUPPORTED },
	{ "entry", required_argument, NULL, OPT_UNSUPPORTED },
	{ "reuseinitrd", no_argument, NULL, OPT_UNSUPPORTED },
	{ "print-ckr-size", no_argument, NULL, OPT_PRINT_CKR_SIZE },
	{ "hotplug", no_argument, NULL, OPT_UNSUPPORTED },
	{ "no-cma", no_argument, NULL, OPT_UNSUPPORTED },
	{ "force-dtb", no_argument, NULL, OPT_UNSUPPORTED },
	{ "console-serial", no_argument, NULL, OPT_CONSOLE_SERIAL },
	{ "console-vga", no_argument, NULL, OPT_CONSOLE_VGA },
	{ "serial", required_argument, NULL, OPT_SERIAL },
	{ "serial-baud", required_argument, NULL, OPT_SERIAL_BAUD },
	{ "reuse-video-type", no_argument, NULL, OPT_REUSE_VIDEO_TYPE },
	{ "real-mode", no_argument, NULL, OPT_REFUSED },
	{ "entry-32bit", no_argument, NULL, OPT_REFUSED },
	{ "reset-vga", no_argument, NULL, OPT_REFUSED },
	{ "pass-memmap-cmdline", no_argument, NULL, OPT_UNSUPPORTED },
	{ "elf32-core-headers", no_argument, NULL, OPT_REFUSED },
	{ "elf64-core-headers", no_argument, NULL, OPT_ELF64_CORE_HEADERS },
	{ "dtb", required_argument, NULL, OPT_UNSUPPORTED },
	{ "module", required_argument, NULL, OPT_UNSUPPORTED },
	{ "args-linux", no_argument, NULL, OPT_UNSUPPORTED },
	{ "args-elf", no_argument, NULL, OPT_UNSUPPORTED },
	{ "args-none", no_argument, NULL, OPT_UNSUPPORTED },
	{}
};

const char args_usage[] =
	"Usage: kexec [OPTION]... [KERNEL]\n"
	"Boot straight into another Linux kernel, without firmware or boot loader.\n"
	"\n"
	"Actions (a later one overrides an earlier one, as in kexec-tools):\n"
	"  KERNEL alone          load KERNEL, then reboot through the init system (shutdown -r now)\n"
	"  -l, --load            load KERNEL for a later 'kexec -e' (or a kexec-aware reboot)\n"
	"  -p, --load-panic      load KERNEL as the crash (kdump) kernel\n"
	"  -f, --force           load KERNEL and boot it at once, without shutting down services\n"
	"  -e, --exec            boot the loaded kernel now\n"
	"  -u, --unload          unload the loaded kernel (the crash kernel with -p)\n"
	"  -S, --status          exit 1 if a kernel is loaded, 0 if not (the crash kernel unless -l)\n"
	"  -h, --help            this text\n"
	"  -v, --version         print the version\n"
	"\n"
	"Loading:\n"
	"      --append=STRING   the new kernel's command line (added to --reuse-cmdline's)\n"
	"      --command-line=STRING  same as --append\n"
	"      --reuse-cmdline   start from the running kernel's command line, without BOOT_IMAGE=\n"
	"                        (and, with -p, without crashkernel=)\n"
	"      --initrd=FILE     the initrd (initramfs) to give the new kernel\n"
	"      --ramdisk=FILE    same as --initrd\n"
	"  -t, --type=TYPE       the image format (bzImage64); it is still checked\n"
	"  -s, --kexec-file-syscall  load with kexec_file_load only\n"
	"  -c, --kexec-syscall   load with kexec_load only\n"
	"  -a, --kexec-syscall-auto  kexec_file_load, falling back to kexec_load (default)\n"
	"      --mem-min=ADDR    lowest physical address to load at (kexec_load)\n"
	"      --mem-max=ADDR    highest physical address to load at (kexec_load)\n"
	"  -i, --no-checks       skip the SHA-256 check before booting (kexec_load)\n"
	"      --noefi           give the new kernel no UEFI state: it boots as on BIOS, without\n"
	"                        EFI runtime services (kexec_load)\n"
	"      --console-serial  the purgatory reports its checks on the serial port\n"
	"      --console-vga     ... and on the VGA text screen\n"
	"      --serial=PORT     its serial port: ttyS0..ttyS3 or an I/O port (default ttyS0)\n"
	"      --serial-baud=N   program that port to N baud first\n"
	"      --reuse-video-type  pass the boot-time video type with an unknown framebuffer\n"
	"      --elf64-core-headers  ELF64 crash dump headers with -p (the default; ELF32 is\n"
	"                        refused on x86_64)\n"
	"      --print-ckr-size  print the size of the crash kernel reservation in bytes (0: none)\n"
	"\n"
	"Executing:\n"
	"  -x, --no-ifdown       do not bring network interfaces down before -e or -f\n"
	"  -y, --no-sync         do not sync filesystems before -e or -f\n"
	"  -d, --debug           say what is done and why\n"
	"\n"
	"Exit status: 0 done; 1 loaded (-S); 2 usage; 3 not supported yet; 4 not permitted;\n"
	"5 no kexec in this kernel; 6 kexec disabled; 7 file unusable; 8 not a loadable kernel;\n"
	"9 refused by signature checks or lockdown; 10 out of memory or busy; 11 command line too\n"
	"long; 12 nothing loaded; 13 kernel refused the request; 14 no crash kernel memory, or\n"
	"too little for the crash kernel and initrd.\n";

static int parse_u64(const char *s, uint64_t *ret);

/* kexec-tools' refusals and ours, with the reason the user gets. */
static const char *refusal(const char *opt)
{
	if (strcmp(opt, "reset-vga") == 0)
		return "resetting VGA from the purgatory is not supported; the new kernel's console "
		       "driver sets the display mode itself";
	/* getopt_long takes unique prefixes: --elf3 is this option too. */
	if (strncmp(opt, "elf3", 4) == 0)
		return "ELF32 core headers cannot describe x86_64 kernel addresses or memory above "
		       "4 GiB; x86_64 capture kernels read ELF64 headers, the default "
		       "(--elf64-core-headers)";
	/* real-mode, entry-32bit */
	return "this kexec enters 64-bit kernels at their 64-bit entry only; 32-bit and real-mode "
	       "entry are not supported";
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
	if (parse_u64(s, &port) < 0 || port == 0 || port > 0xfff8)
		return -EINVAL;
	*ret = (uint16_t)port;
	return 0;
}

static int parse_u64(const char *s, uint64_t *ret)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno != 0 || *end != '\0')
		return -EINVAL;
	*ret = v;
	return 0;
}

int args_parse(int argc, char *argv[], struct kexec_args *ret, char *err, size_t errlen)
{
	struct kexec_args a = { .mem_max = UINT64_MAX, .serial_port = 0x3f8 };
	bool do_load = true, do_reboot = true, do_exec = false, do_unload = false;
	bool do_status = false, has_load = false;
	int opt;

	/* Reset getopt fully (glibc and musl): args_parse may run more than once in tests. */
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":hvdfixyluet:pscaS", options, NULL)) != -1) {
		switch (opt) {
		case OPT_HELP:
			*ret = (struct kexec_args){ .verb = VERB_HELP };
			return 0;
		case OPT_VERSION:
			*ret = (struct kexec_args){ .verb = VERB_VERSION };
			return 0;
		case OPT_DEBUG:
			a.debug = true;
			break;
		case OPT_NOCHECKS:
			a.no_checks = true;
			break;
		case OPT_NOIFDOWN:
			a.no_ifdown = true;
			break;
		case OPT_NOSYNC:
			a.no_sync = true;
			break;
		case OPT_FORCE:
			do_load = do_exec = true;
			do_reboot = false;
			break;
		case OPT_LOAD:
			has_load = do_load = true;
			do_exec = do_reboot = false;
			break;
		case OPT_PANIC:
			a.crash = do_load = true;
			do_exec = do_reboot = false;
			break;
		case OPT_UNLOAD:
			do_unload = true;
			do_load = do_reboot = false;
			break;
		case OPT_EXEC:
			do_exec = true;
			do_load = do_reboot = false;
			break;
		case OPT_STATUS:
			do_status = true;
			break;
		case OPT_TYPE:
			a.type = optarg;
			break;
		case OPT_FILE_SYSCALL:
			a.syscall = SYSCALL_FILE;
			break;
		case OPT_LOAD_SYSCALL:
			a.syscall = SYSCALL_LOAD;
			break;
		case OPT_AUTO_SYSCALL:
			a.syscall = SYSCALL_AUTO;
			break;
		case OPT_MEM_MIN:
		case OPT_MEM_MAX:
			if (parse_u64(optarg, opt == OPT_MEM_MIN ? &a.mem_min : &a.mem_max) < 0) {
				snprintf(err, errlen, "bad address '%s' for --%s: give a number (0x... for hex)",
					 optarg, opt == OPT_MEM_MIN ? "mem-min" : "mem-max");
				return -EINVAL;
			}
			break;
		case OPT_APPEND:
			/* As in kexec-tools, the last one wins. */
			a.append = optarg;
			break;
		case OPT_REUSE_CMDLINE:
			a.reuse_cmdline = true;
			break;
		case OPT_INITRD:
			a.initrd = optarg;
			break;
		case OPT_NOEFI:
			a.noefi = true;
			break;
		case OPT_CONSOLE_SERIAL:
			a.console_serial = true;
			break;
		case OPT_CONSOLE_VGA:
			a.console_vga = true;
			break;
		case OPT_SERIAL:
			if (parse_serial(optarg, &a.serial_port) < 0) {
				snprintf(err, errlen, "bad --serial '%s': give ttyS0..ttyS3 or an I/O port "
					 "(0x3f8)", optarg);
				return -EINVAL;
			}
			break;
		case OPT_SERIAL_BAUD: {
			uint64_t baud;

			/* The 16550 divides 115200 by an integer. */
			if (parse_u64(optarg, &baud) < 0 || baud == 0 || baud > 115200 ||
			    115200 % baud != 0) {
				snprintf(err, errlen, "bad --serial-baud '%s': give a rate that divides "
					 "115200 (9600, 19200, 38400, 57600, 115200)", optarg);
				return -EINVAL;
			}
			a.serial_baud = (uint32_t)baud;
			break;
		}
		case OPT_REUSE_VIDEO_TYPE:
			a.reuse_video_type = true;
			break;
		case OPT_PRINT_CKR_SIZE:
			/* As in kexec-tools: acts at once, whatever else the command line says. */
			*ret = (struct kexec_args){ .verb = VERB_PRINT_CKR_SIZE };
			return 0;
		case OPT_ELF64_CORE_HEADERS:
			/* The only kind of crash dump headers we write. */
			break;
		case OPT_REFUSED:
		case OPT_UNSUPPORTED:
			if (!a.unsupported) {
				a.unsupported = argv[optind - 1];
				if (opt == OPT_REFUSED)
					a.unsupported_why = refusal(argv[optind - 1] + 2);
			}
			break;
		case ':':
			snprintf(err, errlen, "option '%s' needs a value", argv[optind - 1]);
			return -EINVAL;
		default:
			if (optopt)
				snprintf(err, errlen, "unknown option '-%c'; see kexec --help", optopt);
			else
				snprintf(err, errlen, "unknown option '%s'; see kexec --help",
					 argv[optind - 1]);
			return -EINVAL;
		}
	}

	if (optind < argc)
		a.kernel = argv[optind++];
	if (optind < argc) {
		snprintf(err, errlen, "more than one kernel given ('%s' and '%s')", a.kernel,
			 argv[optind]);
		return -EINVAL;
	}
	if (a.mem_min > a.mem_max) {
		snprintf(err, errlen, "--mem-min is above --mem-max");
		return -EINVAL;
	}

	if (do_status) {
		a.verb = VERB_STATUS;
		/* -S asks about the crash kernel unless -l (and no -p) says the normal one. */
		a.crash = a.crash || !has_load;
	} else if (do_unload) {
		a.verb = VERB_UNLOAD;
	} else if (do_load) {
		a.verb = do_exec ? VERB_LOAD_AND_EXEC : do_reboot ? VERB_LOAD_AND_REBOOT : VERB_LOAD;
	} else {
		a.verb = VERB_EXEC;
	}

	if (a.verb == VERB_LOAD || a.verb == VERB_LOAD_AND_EXEC || a.verb == VERB_LOAD_AND_REBOOT) {
		if (!a.kernel) {
			snprintf(err, errlen, "no kernel image given; usage: kexec -l KERNEL [--initrd=FILE] [--append=...]");
			return -EINVAL;
		}
		if (a.crash && a.verb != VERB_LOAD) {
			snprintf(err, errlen, "-p loads a crash kernel, which only a panic starts; it cannot be combined with -f");
			return -EINVAL;
		}
	} else if (a.kernel) {
		a.ignored_kernel = a.kernel;
		a.kernel = NULL;
	}

	*ret = a;
	return 0;
}
