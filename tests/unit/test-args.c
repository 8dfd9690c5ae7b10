// SPDX-License-Identifier: GPL-2.0-or-later
/* The kexec-tools command line, case by case: verbs, overrides, values and refusals. */
#include <errno.h>
#include <string.h>

#include "args.h"
#include "busy-wait.h"
#include "x86/options.h"
#include "unit.h"

#define MAXARGS 16

struct args_case {
	const char *argv[MAXARGS];
	int ret;                   /* 0 or -EINVAL */
	enum kexec_verb verb;
	enum syscall_choice syscall;
	bool crash;
	const char *kernel, *initrd, *append, *unsupported, *ignored;
	bool reuse;
	bool noefi;
	bool json;
	const char *inspect;
	bool hotplug, no_cma;
	bool check;
};

static const struct args_case cases[] = {
	{ { "kexec", "-l", "vmlinuz" }, 0, VERB_LOAD, .kernel = "vmlinuz" },
	{ { "kexec", "--load", "vmlinuz", "--initrd=rd", "--append=a b" }, 0, VERB_LOAD,
	  .kernel = "vmlinuz", .initrd = "rd", .append = "a b" },
	{ { "kexec", "-l", "k", "--ramdisk", "rd", "--command-line", "x" }, 0, VERB_LOAD,
	  .kernel = "k", .initrd = "rd", .append = "x" },
	/* the last --append wins, as in kexec-tools */
	{ { "kexec", "-l", "k", "--append=one", "--append=two" }, 0, VERB_LOAD, .kernel = "k",
	  .append = "two" },
	{ { "kexec", "-l", "k", "--reuse-cmdline", "--append=x" }, 0, VERB_LOAD, .kernel = "k",
	  .append = "x", .reuse = true },
	{ { "kexec", "k" }, 0, VERB_LOAD_AND_REBOOT, .kernel = "k" },
	{ { "kexec", "-f", "k" }, 0, VERB_LOAD_AND_EXEC, .kernel = "k" },
	{ { "kexec", "-p", "k" }, 0, VERB_LOAD, .crash = true, .kernel = "k" },
	{ { "kexec", "-e" }, 0, VERB_EXEC },
	/* later actions override earlier ones */
	{ { "kexec", "-l", "-e" }, 0, VERB_EXEC },
	{ { "kexec", "-e", "-l", "k" }, 0, VERB_LOAD, .kernel = "k" },
	{ { "kexec", "-e", "k" }, 0, VERB_EXEC, .ignored = "k" },
	{ { "kexec", "-u" }, 0, VERB_UNLOAD },
	{ { "kexec", "-p", "-u" }, 0, VERB_UNLOAD, .crash = true },
	{ { "kexec", "-u", "-p" }, 0, VERB_UNLOAD, .crash = true },
	/* -S asks about the crash kernel unless -l says otherwise */
	{ { "kexec", "-S" }, 0, VERB_STATUS, .crash = true },
	{ { "kexec", "-S", "-l" }, 0, VERB_STATUS, .crash = false },
	{ { "kexec", "-l", "-S" }, 0, VERB_STATUS, .crash = false },
	{ { "kexec", "-S", "-p" }, 0, VERB_STATUS, .crash = true },
	{ { "kexec", "--status" }, 0, VERB_STATUS, .crash = true },
	/* --show is a question, like -S: it wins over actions; --json only goes with it */
	{ { "kexec", "--show" }, 0, VERB_SHOW },
	{ { "kexec", "--show", "--json" }, 0, VERB_SHOW, .json = true },
	{ { "kexec", "--json", "--show" }, 0, VERB_SHOW, .json = true },
	{ { "kexec", "-l", "k", "--show" }, 0, VERB_SHOW, .ignored = "k" },
	{ { "kexec", "--show", "-e" }, 0, VERB_SHOW },
	{ { "kexec", "--json" }, -EINVAL },
	/* Boot entries: the entry names kernel, initrds and command line; --append adds. */
	{ { "kexec", "-l", "--boot-entry=default" }, 0, VERB_LOAD },
	{ { "kexec", "-l", "--boot-entry=1>2", "--append=x" }, 0, VERB_LOAD, .append = "x" },
	{ { "kexec", "-l", "--boot-entry=default", "k" }, -EINVAL },
	{ { "kexec", "-l", "--boot-entry=default", "--initrd=rd" }, -EINVAL },
	{ { "kexec", "-l", "--boot-entry=default", "--extra-initrd=rd" }, -EINVAL },
	{ { "kexec", "-l", "--boot-entry=default", "--reuse-cmdline" }, -EINVAL },
	{ { "kexec", "-l", "--boot-entry=" }, -EINVAL },
	{ { "kexec", "--list-boot-entries" }, 0, VERB_LIST_BOOT_ENTRIES },
	{ { "kexec", "--list-boot-entries", "--json" }, 0, VERB_LIST_BOOT_ENTRIES, .json = true },
	{ { "kexec", "--list-boot-entries", "--root=/mnt" }, 0, VERB_LIST_BOOT_ENTRIES },
	{ { "kexec", "--list-boot-entries", "--boot-entry=default", "--json" }, -EINVAL },
	{ { "kexec", "--list-boot-entries", "--show" }, -EINVAL },
	{ { "kexec", "-l", "k", "--root=/mnt" }, -EINVAL },
	{ { "kexec", "-l", "k", "--json" }, -EINVAL },
	{ { "kexec", "-S", "--json" }, -EINVAL },
	{ { "kexec", "-S", "--show" }, -EINVAL },
	/* --last-reboot is a question too (with or without --json); --record-reboot needs
	 * --reason and one of its three words */
	{ { "kexec", "--last-reboot" }, 0, VERB_LAST_REBOOT },
	{ { "kexec", "--last-reboot", "--json" }, 0, VERB_LAST_REBOOT, .json = true },
	{ { "kexec", "--last-reboot", "--show" }, -EINVAL },
	{ { "kexec", "--last-reboot", "-S" }, -EINVAL },
	{ { "kexec", "--record-reboot=kexec", "--reason=loaded" }, 0, VERB_RECORD_REBOOT },
	{ { "kexec", "--record-reboot=firmware", "--reason=x" }, 0, VERB_RECORD_REBOOT },
	{ { "kexec", "--record-reboot=none", "--reason=x" }, 0, VERB_RECORD_REBOOT },
	{ { "kexec", "--record-reboot=kexec" }, -EINVAL },
	{ { "kexec", "--reason=x" }, -EINVAL },
	{ { "kexec", "--record-reboot=warm", "--reason=x" }, -EINVAL },
	{ { "kexec", "--record-reboot=kexec", "--reason=x", "--json" }, -EINVAL },
	{ { "kexec", "--record-reboot=kexec", "--reason=x", "--last-reboot" }, -EINVAL },
	/* --inspect FILE: a question about a file, with or without --json, in any order */
	{ { "kexec", "--inspect", "f" }, 0, VERB_INSPECT, .inspect = "f" },
	{ { "kexec", "--inspect", "--json", "f" }, 0, VERB_INSPECT, .json = true, .inspect = "f" },
	{ { "kexec", "f", "--json", "--inspect" }, 0, VERB_INSPECT, .json = true, .inspect = "f" },
	{ { "kexec", "-l", "--inspect", "f" }, 0, VERB_INSPECT, .inspect = "f" },
	{ { "kexec", "--inspect" }, -EINVAL },
	{ { "kexec", "--inspect", "f", "g" }, -EINVAL },
	{ { "kexec", "--inspect", "f", "--show" }, -EINVAL },
	{ { "kexec", "--inspect", "f", "-S" }, -EINVAL },
	/* --check goes with a load, of any kind, and needs its kernel */
	{ { "kexec", "--check", "-l", "k" }, 0, VERB_LOAD, .kernel = "k", .check = true },
	{ { "kexec", "-c", "-p", "k", "--check" }, 0, VERB_LOAD, SYSCALL_LOAD, .crash = true,
	  .kernel = "k", .check = true },
	{ { "kexec", "--check", "k" }, 0, VERB_LOAD_AND_REBOOT, .kernel = "k", .check = true },
	{ { "kexec", "--check", "-f", "k" }, 0, VERB_LOAD_AND_EXEC, .kernel = "k", .check = true },
	{ { "kexec", "--check", "-l" }, -EINVAL },
	{ { "kexec", "--check", "-u" }, -EINVAL },
	{ { "kexec", "--check", "-e" }, -EINVAL },
	{ { "kexec", "--check", "--show" }, -EINVAL },
	{ { "kexec", "--check", "-S" }, -EINVAL },
	{ { "kexec", "--check", "-l", "k", "--json" }, 0, VERB_LOAD, .kernel = "k", .check = true,
	  .json = true },
	{ { "kexec", "-s", "-l", "k" }, 0, VERB_LOAD, SYSCALL_FILE, .kernel = "k" },
	{ { "kexec", "-c", "-l", "k" }, 0, VERB_LOAD, SYSCALL_LOAD, .kernel = "k" },
	{ { "kexec", "-c", "-a", "-l", "k" }, 0, VERB_LOAD, SYSCALL_AUTO, .kernel = "k" },
	{ { "kexec", "--kexec-file-syscall", "-l", "k" }, 0, VERB_LOAD, SYSCALL_FILE, .kernel = "k" },
	{ { "kexec", "-h" }, 0, VERB_HELP },
	{ { "kexec", "--version" }, 0, VERB_VERSION },
	{ { "kexec", "-dxyi", "-l", "k" }, 0, VERB_LOAD, .kernel = "k" },
	/* --noefi: a real flag now (kexec-tools' x86 option), for kexec_load */
	{ { "kexec", "-c", "-l", "k", "--noefi" }, 0, VERB_LOAD, SYSCALL_LOAD, .kernel = "k",
	  .noefi = true },
	{ { "kexec", "--noefi", "-l", "k" }, 0, VERB_LOAD, .kernel = "k", .noefi = true },
	/* kdump-tools passes --args-linux with an ELF crash kernel */
	{ { "kexec", "-p", "--args-linux", "k" }, 0, VERB_LOAD, .crash = true, .kernel = "k" },
	/* refusals */
	{ { "kexec", "-l" }, -EINVAL },
	{ { "kexec" }, -EINVAL },
	{ { "kexec", "-l", "a", "b" }, -EINVAL },
	{ { "kexec", "--bogus" }, -EINVAL },
	{ { "kexec", "-Z" }, -EINVAL },
	{ { "kexec", "-l", "k", "--initrd" }, -EINVAL },
	{ { "kexec", "-l", "k", "--mem-max=12q" }, -EINVAL },
	{ { "kexec", "-l", "k", "--mem-max=-1" }, -EINVAL },
	{ { "kexec", "-l", "k", "--mem-min=0x2000", "--mem-max=0x1000" }, -EINVAL },
	{ { "kexec", "-p", "-f", "k" }, -EINVAL },
	{ { "kexec", "-l", "k", "--busy-timeout=1.5" }, -EINVAL },
	{ { "kexec", "-l", "k", "--busy-timeout=3601" }, -EINVAL },
	{ { "kexec", "-l", "k", "--busy-timeout=" }, -EINVAL },
	/* parsed, refused later as not supported yet */
	{ { "kexec", "-l", "k", "--reset-vga" }, 0, VERB_LOAD, .kernel = "k",
	  .unsupported = "--reset-vga" },
	{ { "kexec", "-l", "k", "--pass-memmap-cmdline", "--noefi" }, 0, VERB_LOAD, .kernel = "k",
	  .unsupported = "--pass-memmap-cmdline", .noefi = true },
	{ { "kexec", "-l", "k", "--real-mode" }, 0, VERB_LOAD, .kernel = "k",
	  .unsupported = "--real-mode" },
	/* kdump header formats: ELF64 is what we write, ELF32 is refused on x86_64 */
	{ { "kexec", "-p", "k", "--elf64-core-headers" }, 0, VERB_LOAD, .crash = true,
	  .kernel = "k" },
	{ { "kexec", "-p", "k", "--elf32-core-headers" }, 0, VERB_LOAD, .crash = true,
	  .kernel = "k", .unsupported = "--elf32-core-headers" },
	/* kexec-tools' --hotplug and --no-cma: taken, not refused */
	{ { "kexec", "-p", "k", "--hotplug", "-c" }, 0, VERB_LOAD, SYSCALL_LOAD, .crash = true,
	  .kernel = "k", .hotplug = true },
	{ { "kexec", "-s", "-l", "k", "--no-cma" }, 0, VERB_LOAD, SYSCALL_FILE, .kernel = "k",
	  .no_cma = true },
	/* --print-ckr-size acts at once, as in kexec-tools */
	{ { "kexec", "--print-ckr-size" }, 0, VERB_PRINT_CKR_SIZE },
	{ { "kexec", "-l", "k", "--print-ckr-size", "--bogus" }, 0, VERB_PRINT_CKR_SIZE },
	{ { "kexec", "-l", "k", "--serial=ttyS9" }, -EINVAL },
	{ { "kexec", "-l", "k", "--serial=0" }, -EINVAL },
	{ { "kexec", "-l", "k", "--serial-baud=1234" }, -EINVAL },
	{ { "kexec", "-l", "k", "--serial-baud=0" }, -EINVAL },
};

static void test_table(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct args_case *c = &cases[i];
		struct kexec_args a;
		struct diag err = {};
		int argc = 0, r;

		char *argv[MAXARGS];

		/* getopt permutes argv: hand it a writable copy. */
		while (c->argv[argc]) {
			argv[argc] = (char *)c->argv[argc];
			argc++;
		}
		argv[argc] = NULL;
		r = args_parse(&arch_x86_64, argc, argv, &a, &err);
		if (r != c->ret) {
			unit_failures++;
			fprintf(stderr, "case %zu (%s %s): returned %d, expected %d (%s)\n", i,
				c->argv[1] ? c->argv[1] : "", c->argv[2] ? c->argv[2] : "", r, c->ret, err.msg);
			continue;
		}
		if (r < 0) {
			CHECK(!diag_empty(&err));
			continue;
		}
		CHECK_EQ_INT(a.verb, c->verb);
		CHECK_EQ_INT(a.syscall, c->syscall);
		CHECK_EQ_INT(a.crash, c->crash);
		CHECK_EQ_INT(a.reuse_cmdline, c->reuse);
		CHECK_EQ_INT(a.json, c->json);
		CHECK_EQ_INT(a.hotplug, c->hotplug);
		CHECK_EQ_INT(a.no_cma, c->no_cma);
		CHECK_EQ_INT(a.check, c->check);
		CHECK_EQ_INT(x86_options(&a.arch)->noefi, c->noefi);
		CHECK(!!a.kernel == !!c->kernel && (!a.kernel || strcmp(a.kernel, c->kernel) == 0));
		CHECK(!!a.initrd == !!c->initrd && (!a.initrd || strcmp(a.initrd, c->initrd) == 0));
		CHECK(!!a.append == !!c->append && (!a.append || strcmp(a.append, c->append) == 0));
		CHECK(!!a.unsupported == !!c->unsupported &&
		      (!a.unsupported || strcmp(a.unsupported, c->unsupported) == 0));
		CHECK(!!a.ignored_kernel == !!c->ignored);
		CHECK(!!a.inspect == !!c->inspect && (!a.inspect || strcmp(a.inspect, c->inspect) == 0));
	}
}

static void test_values(void)
{
	char *argv[] = { "kexec", "-l", "k", "--mem-min=0x100000", "--mem-max", "1073741824",
			       "-t", "bzImage", NULL };
	struct kexec_args a;
	struct diag err;

	CHECK_EQ_INT(args_parse(&arch_x86_64, 8, argv, &a, &err), 0);
	CHECK_EQ_INT(a.mem_min, 0x100000);
	CHECK_EQ_INT(a.mem_max, 1073741824);
	CHECK_EQ_STR(a.type, "bzImage");

	char *argv2[] = { "kexec", "-l", "k", NULL };
	CHECK_EQ_INT(args_parse(&arch_x86_64, 3, argv2, &a, &err), 0);
	CHECK(a.mem_max == UINT64_MAX);
	CHECK_EQ_INT(a.mem_min, 0);
	CHECK_EQ_INT(a.busy_ms, BUSY_WAIT_DEFAULT_MS);

	/* --busy-timeout applies to every verb that calls the kernel, unload included. */
	char *argv3[] = { "kexec", "-p", "-u", "--busy-timeout", "0", NULL };
	CHECK_EQ_INT(args_parse(&arch_x86_64, 5, argv3, &a, &err), 0);
	CHECK_EQ_INT(a.verb, VERB_UNLOAD);
	CHECK_EQ_INT(a.busy_ms, 0);
	char *argv5[] = { "kexec", "-l", "k", "--extra-initrd=b", "--initrd=a", "--extra-initrd", "c",
			  "--initrd=a2", NULL };
	CHECK_EQ_INT(args_parse(&arch_x86_64, 8, argv5, &a, &err), 0);
	CHECK_EQ_STR(a.initrd, "a2"); /* the last --initrd, as in kexec-tools */
	CHECK_EQ_INT(a.nr_extra_initrds, 2);
	CHECK_EQ_STR(a.extra_initrds[0], "b");
	CHECK_EQ_STR(a.extra_initrds[1], "c");
	char *argv4[] = { "kexec", "-e", "--busy-timeout=3600", NULL };
	CHECK_EQ_INT(args_parse(&arch_x86_64, 3, argv4, &a, &err), 0);
	CHECK_EQ_INT(a.busy_ms, 3600000);
}

/* A value missing at the end of the line names the option as typed, never "(null)". */
static void test_missing_value(void)
{
	static const struct {
		const char *last, *name;
	} missing[] = {
		{ "-t", "'-t/--type'" },
		{ "--type", "'-t/--type'" },
		{ "--initrd", "'--initrd'" },
		{ "--mem-max", "'--mem-max'" },
		{ "--serial", "'--serial'" }, /* an arch option */
	};

	for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++) {
		char *argv[] = { "kexec", "-l", "k", (char *)missing[i].last, NULL };
		struct kexec_args a;
		struct diag err;

		CHECK_EQ_INT(args_parse(&arch_x86_64, 4, argv, &a, &err), -EINVAL);
		CHECK(strstr(err.msg, missing[i].name) && strstr(err.msg, "needs a value"));
		CHECK(!strstr(err.msg, "null"));
	}
}

static void test_console(void)
{
	char *argv[] = { "kexec", "-l", "k", "--console-serial", "--serial=ttyS1", "--serial-baud",
			 "9600", "--console-vga", "--reuse-video-type", NULL };
	char *argv2[] = { "kexec", "-l", "k", "--serial=0x2e8", NULL };
	char *argv3[] = { "kexec", "-l", "k", "--reset-vga", NULL };
	const struct x86_options *o;
	struct kexec_args a;
	struct diag err;

	CHECK_EQ_INT(args_parse(&arch_x86_64, 9, argv, &a, &err), 0);
	o = x86_options(&a.arch);
	CHECK(o->console_serial && o->console_vga && o->reuse_video_type);
	CHECK_EQ_INT(o->serial_port, 0x2f8);
	CHECK_EQ_INT(o->serial_baud, 9600);
	CHECK(a.unsupported == NULL);
	CHECK_EQ_INT(args_parse(&arch_x86_64, 4, argv2, &a, &err), 0);
	CHECK_EQ_INT(x86_options(&a.arch)->serial_port, 0x2e8);
	CHECK_EQ_INT(args_parse(&arch_x86_64, 4, argv3, &a, &err), 0);
	CHECK_EQ_STR(a.unsupported, "--reset-vga");
	CHECK(strstr(a.unsupported_why.msg, "console driver"));
	/* Without --serial, ttyS0. */
	char *argv4[] = { "kexec", "-l", "k", NULL };
	CHECK_EQ_INT(args_parse(&arch_x86_64, 3, argv4, &a, &err), 0);
	CHECK_EQ_INT(x86_options(&a.arch)->serial_port, 0x3f8);
}

int main(void)
{
	test_console();
	test_missing_value();
	test_table();
	test_values();
	return unit_summary("test-args");
}
