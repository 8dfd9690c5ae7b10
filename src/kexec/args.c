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
#include "busy-wait.h"
#include "macro.h"
#include "parse.h"
#include "uki.h"

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
	OPT_PRINT_CKR_SIZE,
	OPT_ELF64_CORE_HEADERS,
	OPT_ELF32_CORE_HEADERS,
	OPT_BUSY_TIMEOUT,
	OPT_EXTRA_INITRD,
	OPT_SHOW,
	OPT_JSON,
	OPT_LAST_REBOOT,
	OPT_RECORD_REBOOT,
	OPT_REASON,
	OPT_INSPECT,
	OPT_BOOT_ENTRY,
	OPT_LIST_BOOT_ENTRIES,
	OPT_ROOT,
	OPT_HOTPLUG,
	OPT_NO_CMA,
	OPT_UKI_PROFILE,
	OPT_CHECK,
	OPT_UNSUPPORTED, /* parsed, then refused as not supported yet */
	OPT_ARCH,        /* OPT_ARCH + i: the architecture's option i */
};

/* Options every architecture has; the architecture's own are added after them. */
static const struct option generic_options[] = {
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
	{ "show", no_argument, NULL, OPT_SHOW },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "last-reboot", no_argument, NULL, OPT_LAST_REBOOT },
	{ "record-reboot", required_argument, NULL, OPT_RECORD_REBOOT },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "inspect", no_argument, NULL, OPT_INSPECT },
	{ "boot-entry", required_argument, NULL, OPT_BOOT_ENTRY },
	{ "list-boot-entries", no_argument, NULL, OPT_LIST_BOOT_ENTRIES },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "mem-min", required_argument, NULL, OPT_MEM_MIN },
	{ "mem-max", required_argument, NULL, OPT_MEM_MAX },
	{ "command-line", required_argument, NULL, OPT_APPEND },
	{ "append", required_argument, NULL, OPT_APPEND },
	{ "reuse-cmdline", no_argument, NULL, OPT_REUSE_CMDLINE },
	{ "initrd", required_argument, NULL, OPT_INITRD },
	{ "ramdisk", required_argument, NULL, OPT_INITRD },
	{ "busy-timeout", required_argument, NULL, OPT_BUSY_TIMEOUT },
	{ "extra-initrd", required_argument, NULL, OPT_EXTRA_INITRD },
	/* kexec-tools options we do not implement yet. */
	{ "exec-live-update", no_argument, NULL, OPT_UNSUPPORTED },
	{ "load-preserve-context", no_argument, NULL, OPT_UNSUPPORTED },
	{ "load-jump-back-helper", no_argument, NULL, OPT_UNSUPPORTED },
	{ "load-live-update", no_argument, NULL, OPT_UNSUPPORTED },
	{ "entry", required_argument, NULL, OPT_UNSUPPORTED },
	{ "reuseinitrd", no_argument, NULL, OPT_UNSUPPORTED },
	{ "print-ckr-size", no_argument, NULL, OPT_PRINT_CKR_SIZE },
	{ "hotplug", no_argument, NULL, OPT_HOTPLUG },
	{ "no-cma", no_argument, NULL, OPT_NO_CMA },
	{ "uki-profile", required_argument, NULL, OPT_UKI_PROFILE },
	{ "force-dtb", no_argument, NULL, OPT_UNSUPPORTED },
	{ "elf32-core-headers", no_argument, NULL, OPT_ELF32_CORE_HEADERS },
	{ "elf64-core-headers", no_argument, NULL, OPT_ELF64_CORE_HEADERS },
};

#define MAX_ARCH_OPTIONS 32

static const char usage_head[] =
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
	"      --show            what is loaded, the normal and the crash kernel: from the running\n"
	"                        kernel, with file, hash, initrds and command line when this kexec\n"
	"                        loaded it (no root needed; whatever other actions say)\n"
	"      --last-reboot     how the last shutdown went (kexec, firmware, and why) and the\n"
	"                        downtime: shutdown check, kernel start, multi-user.target\n"
	"      --record-reboot=kexec|firmware|none --reason=TEXT  note how this shutdown will\n"
	"                        come back, for --last-reboot (the shutdown check calls it)\n"
	"      --inspect FILE    describe a kernel image without loading it: format, version,\n"
	"                        entry, sizes, UKI sections, signer, and whether this machine's\n"
	"                        kernel would take it (no root needed)\n"
	"      --list-boot-entries  the boot loader's entries (GRUB, Boot Loader Spec), where\n"
	"                        they are, which is the default and why (no root needed); with\n"
	"                        --boot-entry=SPEC, that entry's files and command line only\n"
	"      --root=DIR        with --list-boot-entries: read the boot configuration of the\n"
	"                        system mounted at DIR (paths printed relative to it)\n"
	"      --check           with a load (-l, -p, -f or KERNEL): do everything the load does\n"
	"                        but the syscall; say which syscall it would use, why, and what\n"
	"                        would make it fail; exit as the load would\n"
	"      --json            with --show, --last-reboot, --inspect, --list-boot-entries or\n"
	"                        --check: one JSON object, with a JSON Schema (see kexec(8))\n"
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
	"      --boot-entry=SPEC load the kernel, initrds and command line of a boot loader\n"
	"                        entry instead of KERNEL: default (what boots next, one-shot\n"
	"                        choices included), oneshot, an id, a title, a GRUB menu path\n"
	"                        such as 1>2, or a Boot Loader Spec entry file; --append adds\n"
	"      --extra-initrd=FILE  add FILE after the --initrd one (repeatable, kept in order;\n"
	"                        early microcode: --initrd=ucode.img --extra-initrd=initrd.img)\n"
	"      --uki-profile=N   KERNEL is a Unified Kernel Image: load its profile N (from 0;\n"
	"                        default 0). A UKI is always loaded by its parts: .linux, then\n"
	"                        .ucode, .initrd and --initrd as initrds, .cmdline unless\n"
	"                        --append or --reuse-cmdline is given, add-ons' .cmdline after\n"
	"  -t, --type=TYPE       the image format (see below); it is still checked\n"
	"  -s, --kexec-file-syscall  load with kexec_file_load only\n"
	"  -c, --kexec-syscall   load with kexec_load only\n"
	"  -a, --kexec-syscall-auto  kexec_file_load, falling back to kexec_load (default)\n"
	"      --mem-min=ADDR    lowest physical address to load at (kexec_load)\n"
	"      --mem-max=ADDR    highest physical address to load at, inclusive (kexec_load)\n"
	"  -i, --no-checks       skip the SHA-256 check before booting (kexec_load)\n"
	"      --elf64-core-headers  ELF64 crash dump headers with -p (the default; ELF32 is\n"
	"                        refused: it cannot describe 64-bit kernels)\n"
	"      --hotplug         with -p: the kernel updates the crash dump's CPU and memory list\n"
	"                        on hotplug (the default wherever the kernel can: 6.6+ with\n"
	"                        CONFIG_CRASH_HOTPLUG); given, a kernel that cannot is warned about\n"
	"      --no-cma          kexec_file_load: keep the segments out of CMA areas (on kernels\n"
	"                        before 6.17, which never put them there, it does nothing)\n"
	"      --print-ckr-size  print the size of the crash kernel reservation in bytes (0: none)\n"
	"      --busy-timeout=SECONDS  while another kexec operation is in progress, retry this\n"
	"                        one for up to SECONDS (default 30; 0: fail at once, as kexec-tools)\n";

static const char usage_tail[] =
	"\n"
	"Executing:\n"
	"  -x, --no-ifdown       do not bring network interfaces down before -e or -f\n"
	"  -y, --no-sync         do not sync filesystems before -e or -f\n"
	"  -d, --debug           say what is done and why (and ask the kernel to log its side:\n"
	"                        KEXEC_FILE_DEBUG, KEXEC_DEBUG, where the kernel knows them)\n"
	"\n"
	"Exit status: 0 done; 1 loaded (-S); 2 usage; 3 not supported yet; 4 not permitted;\n"
	"5 no kexec in this kernel; 6 kexec disabled; 7 file unusable; 8 not a loadable kernel;\n"
	"9 refused by signature checks or lockdown; 10 out of memory or busy; 11 command line too\n"
	"long; 12 nothing loaded; 13 kernel refused the request; 14 no crash kernel memory, or\n"
	"too little for the crash kernel and initrd; 15 no boot configuration, no such boot\n"
	"entry, or one kexec cannot evaluate.\n";

void args_print_usage(const struct arch_ops *arch, FILE *f)
{
	fputs(usage_head, f);
	fprintf(f, "\n%s options (image formats for -t:", arch->name);
	for (size_t i = 0; arch->formats[i]; i++)
		fprintf(f, "%s%s", i ? ", " : " ", arch->formats[i]->name);
	fprintf(f, "):\n%s", arch->usage);
	fputs(usage_tail, f);
}

/* The generic options, then @arch's, numbered OPT_ARCH + their index; NULL-terminated. */
static void build_options(const struct arch_ops *arch, struct option *out)
{
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(generic_options); i++)
		out[n++] = generic_options[i];
	for (size_t i = 0; arch->options[i].name && i < MAX_ARCH_OPTIONS; i++)
		out[n++] = (struct option){
			.name = arch->options[i].name,
			.has_arg = arch->options[i].has_arg ? required_argument : no_argument,
			.val = OPT_ARCH + (int)i,
		};
	out[n] = (struct option){};
}

/* How the user spelled the option getopt reports as @val: "-t", or "--type" for a long-only one. */
static const char *option_name(const struct option *options, int val, char *buf, size_t size)
{
	for (const struct option *o = options; o->name; o++)
		if (o->val == val) {
			if (val > ' ' && val < 127)
				snprintf(buf, size, "-%c/--%s", val, o->name);
			else
				snprintf(buf, size, "--%s", o->name);
			return buf;
		}
	snprintf(buf, size, val > ' ' && val < 127 ? "-%c" : "#%d", val);
	return buf;
}

int args_parse(const struct arch_ops *arch, int argc, char *argv[], struct kexec_args *ret,
	       struct diag *err)
{
	struct option options[ARRAY_SIZE(generic_options) + MAX_ARCH_OPTIONS + 1];
	struct kexec_args a = { .mem_max = UINT64_MAX, .busy_ms = BUSY_WAIT_DEFAULT_MS };
	bool do_load = true, do_reboot = true, do_exec = false, do_unload = false;
	bool do_status = false, do_show = false, has_load = false, do_last_reboot = false;
	bool do_inspect = false;
	char buf[64];
	int opt;

	diag_clear(err);
	build_options(arch, options);
	arch->options_init(&a.arch);
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
		case OPT_SHOW:
			do_show = true;
			break;
		case OPT_JSON:
			a.json = true;
			break;
		case OPT_LAST_REBOOT:
			do_last_reboot = true;
			break;
		case OPT_RECORD_REBOOT:
			a.record_via = optarg;
			break;
		case OPT_REASON:
			a.reason = optarg;
			break;
		case OPT_INSPECT:
			do_inspect = true;
			break;
		case OPT_BOOT_ENTRY:
			if (!*optarg)
				return diag_fail(err, -EINVAL, "--boot-entry needs a value: default, "
						 "oneshot, an id, a title, a menu path or a file");
			a.boot_entry = optarg;
			break;
		case OPT_LIST_BOOT_ENTRIES:
			a.list_boot_entries = true;
			break;
		case OPT_ROOT:
			a.root = optarg;
			break;
		case OPT_CHECK:
			a.check = true;
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
			if (parse_u64(optarg, 0, opt == OPT_MEM_MIN ? &a.mem_min : &a.mem_max, NULL) < 0)
				return diag_fail(err, -EINVAL, "bad address '%s' for --%s: give a number "
						 "(0x... for hex)", optarg,
						 opt == OPT_MEM_MIN ? "mem-min" : "mem-max");
			break;
		case OPT_BUSY_TIMEOUT: {
			uint64_t s;

			if (parse_u64(optarg, 10, &s, NULL) < 0 || s > BUSY_WAIT_MAX_S)
				return diag_fail(err, -EINVAL, "bad --busy-timeout '%s': give whole "
						 "seconds, 0 to %u (0: fail at once if another kexec "
						 "operation is in progress)", optarg, BUSY_WAIT_MAX_S);
			a.busy_ms = (unsigned int)s * 1000U;
			break;
		}
		case OPT_APPEND:
			/* As in kexec-tools, the last one wins. */
			a.append = optarg;
			break;
		case OPT_REUSE_CMDLINE:
			a.reuse_cmdline = true;
			break;
		case OPT_HOTPLUG:
			a.hotplug = true;
			break;
		case OPT_NO_CMA:
			a.no_cma = true;
			break;
		case OPT_UKI_PROFILE: {
			uint64_t n;

			if (parse_u64(optarg, 10, &n, NULL) < 0 || n >= UKI_MAX_PROFILES)
				return diag_fail(err, -EINVAL, "bad --uki-profile '%s': give a profile "
						 "number, 0 to %d (kexec --inspect lists them)", optarg,
						 UKI_MAX_PROFILES - 1);
			a.uki_profile = (unsigned)n;
			a.uki_profile_given = true;
			break;
		}
		case OPT_INITRD:
			a.initrd = optarg;
			break;
		case OPT_EXTRA_INITRD:
			if (a.nr_extra_initrds == KEXEC_MAX_EXTRA_INITRDS)
				return diag_fail(err, -EINVAL, "more than %d --extra-initrd; concatenate "
						 "some of them first", KEXEC_MAX_EXTRA_INITRDS);
			a.extra_initrds[a.nr_extra_initrds++] = optarg;
			break;
		case OPT_PRINT_CKR_SIZE:
			/* As in kexec-tools: acts at once, whatever else the command line says. */
			*ret = (struct kexec_args){ .verb = VERB_PRINT_CKR_SIZE };
			return 0;
		case OPT_ELF64_CORE_HEADERS:
			/* The only kind of crash dump headers we write. */
			break;
		case OPT_ELF32_CORE_HEADERS:
			if (!a.unsupported) {
				a.unsupported = argv[optind - 1];
				diag_set(&a.unsupported_why, "ELF32 core headers cannot describe "
					 "64-bit kernel addresses or memory above 4 GiB; capture "
					 "kernels read ELF64 headers, the default "
					 "(--elf64-core-headers)");
			}
			break;
		case OPT_UNSUPPORTED:
			if (!a.unsupported)
				a.unsupported = argv[optind - 1];
			break;
		case ':':
			/* Not argv[optind - 1]: when the option is the last word, getopt has
			 * moved optind past argc and that slot is the terminating NULL. */
			return diag_fail(err, -EINVAL, "option '%s' needs a value",
					 option_name(options, optopt, buf, sizeof(buf)));
		default: {
			struct diag why = {};
			int r;

			if (opt < OPT_ARCH) {
				if (optopt)
					return diag_fail(err, -EINVAL, "unknown option '-%c'; see kexec "
							 "--help", optopt);
				return diag_fail(err, -EINVAL, "unknown option '%s'; see kexec --help",
						 argv[optind - 1]);
			}
			r = arch->parse_option(&a.arch, arch->options[opt - OPT_ARCH].id, optarg, &why);
			if (r == -EOPNOTSUPP) {
				/* The first refusal is the one reported. */
				if (!a.unsupported) {
					a.unsupported = argv[optind - 1];
					a.unsupported_why = why;
				}
			} else if (r < 0) {
				*err = why;
				return r;
			}
			break;
		}
		}
	}

	if (optind < argc)
		a.kernel = argv[optind++];
	if (optind < argc) {
		return diag_fail(err, -EINVAL, "more than one kernel given ('%s' and '%s')", a.kernel,
				 argv[optind]);
	}
	if (a.mem_min > a.mem_max) {
		return diag_fail(err, -EINVAL, "--mem-min is above --mem-max");
	}

	if (do_show && do_status)
		return diag_fail(err, -EINVAL, "--show and -S/--status answer in different ways "
				 "(words or JSON, an exit status); give one");
	if (do_show + do_status + do_last_reboot + !!a.record_via + do_inspect +
	    a.list_boot_entries > 1)
		return diag_fail(err, -EINVAL, "--show, -S, --last-reboot, --record-reboot, --inspect "
				 "and --list-boot-entries each answer in their own way; give one");
	if (a.json && !do_show && !do_last_reboot && !do_inspect && !a.list_boot_entries &&
	    !a.check)
		return diag_fail(err, -EINVAL, "--json goes with --show, --last-reboot, --inspect, "
				 "--list-boot-entries or --check");
	if (!!a.record_via != !!a.reason)
		return diag_fail(err, -EINVAL, "--record-reboot=kexec|firmware|none and "
				 "--reason=TEXT go together");
	if (a.record_via && strcmp(a.record_via, "kexec") != 0 &&
	    strcmp(a.record_via, "firmware") != 0 && strcmp(a.record_via, "none") != 0)
		return diag_fail(err, -EINVAL, "--record-reboot takes kexec, firmware or none, not "
				 "'%s'", a.record_via);
	if (do_inspect && !a.kernel)
		return diag_fail(err, -EINVAL, "--inspect needs a file: kexec --inspect FILE [--json]");
	if (a.list_boot_entries && a.boot_entry && a.json)
		return diag_fail(err, -EINVAL, "--list-boot-entries --boot-entry prints one entry as "
				 "text; leave --json out");
	if (a.root && !a.list_boot_entries)
		return diag_fail(err, -EINVAL, "--root goes with --list-boot-entries (a load always "
				 "reads the running system)");

	if (do_last_reboot) {
		a.verb = VERB_LAST_REBOOT;
	} else if (a.record_via) {
		a.verb = VERB_RECORD_REBOOT;
	} else if (do_inspect) {
		/* A question about a file: it wins over the actions, and loads nothing. */
		a.verb = VERB_INSPECT;
		a.inspect = a.kernel;
		a.kernel = NULL;
	} else if (a.list_boot_entries) {
		a.verb = VERB_LIST_BOOT_ENTRIES;
	} else if (do_show) {
		/* Like -S, a question: it wins over the actions, and changes nothing. */
		a.verb = VERB_SHOW;
	} else if (do_status) {
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

	if (a.check && a.verb != VERB_LOAD && a.verb != VERB_LOAD_AND_EXEC &&
	    a.verb != VERB_LOAD_AND_REBOOT)
		return diag_fail(err, -EINVAL, "--check checks a load: give -l, -p, -f or a kernel "
				 "alone, not --show, -S, -u, -e or another question");

	if (a.verb == VERB_LOAD || a.verb == VERB_LOAD_AND_EXEC || a.verb == VERB_LOAD_AND_REBOOT) {
		if (a.boot_entry) {
			/* The entry names the files and the command line; --append adds to it. */
			if (a.kernel)
				return diag_fail(err, -EINVAL, "--boot-entry and a kernel ('%s') both "
						 "name what to load; give one", a.kernel);
			if (a.initrd || a.nr_extra_initrds)
				return diag_fail(err, -EINVAL, "--boot-entry takes its initrds from the "
						 "entry; leave --initrd/--extra-initrd out");
			if (a.reuse_cmdline)
				return diag_fail(err, -EINVAL, "--boot-entry takes its command line from "
						 "the entry; leave --reuse-cmdline out (--append adds)");
		} else if (!a.kernel) {
			return diag_fail(err, -EINVAL, "no kernel image given; usage: kexec -l KERNEL "
					 "[--initrd=FILE] [--append=...]");
		}
		if (a.crash && a.verb != VERB_LOAD) {
			return diag_fail(err, -EINVAL, "-p loads a crash kernel, which only a panic "
					 "starts; it cannot be combined with -f");
		}
	} else if (a.kernel) {
		a.ignored_kernel = a.kernel;
		a.kernel = NULL;
	}

	*ret = a;
	return 0;
}
