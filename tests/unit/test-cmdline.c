// SPDX-License-Identifier: GPL-2.0-or-later
/* Command-line editing, --reuse-cmdline and the sysfs readers, on a fixture tree. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmdline.h"
#include "kexec-state.h"
#include "unit.h"

struct drop_case {
	const char *in, *name, *out;
	int dropped;
};

static const struct drop_case drops[] = {
	{ "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro", "BOOT_IMAGE", "root=/dev/sda1 ro", 1 },
	{ "root=/dev/sda1 BOOT_IMAGE=/vmlinuz", "BOOT_IMAGE", "root=/dev/sda1", 1 },
	{ "a crashkernel=256M b crashkernel=64M,low c", "crashkernel", "a b c", 2 },
	{ "crashkernel", "crashkernel", "", 1 },
	/* whole parameter names only */
	{ "xcrashkernel=1 crashkernelx=2", "crashkernel", "xcrashkernel=1 crashkernelx=2", 0 },
	/* quoted values keep their blanks, and are dropped whole */
	{ "a=\"x y\" BOOT_IMAGE=\"/my kernel\" b", "BOOT_IMAGE", "a=\"x y\" b", 1 },
	{ "  lots   of\tblanks  ", "none", "lots of blanks", 0 },
	{ "", "BOOT_IMAGE", "", 0 },
};

struct value_case {
	const char *in, *name, *value; /* value NULL: -ENOENT */
};

static const struct value_case values[] = {
	{ "ro acpi_rsdp=0xf0490 quiet", "acpi_rsdp", "0xf0490" },
	{ "acpi_rsdp=1 acpi_rsdp=2", "acpi_rsdp", "2" }, /* the last wins, as in the kernel */
	{ "x=\"a b\" y", "x", "a b" },
	{ "\"x=a b\"", "x", "a b" },
	{ "quiet", "quiet", "" },
	{ "xacpi_rsdp=1 acpi_rsdpx=2", "acpi_rsdp", NULL },
	{ "", "acpi_rsdp", NULL },
};

static void test_value(void)
{
	char buf[8];

	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		int r = cmdline_param_value(values[i].in, values[i].name, buf, sizeof(buf));

		if (values[i].value) {
			CHECK_EQ_INT(r, 0);
			CHECK_EQ_STR(buf, values[i].value);
		} else {
			CHECK_EQ_INT(r, -ENOENT);
		}
	}
	CHECK_EQ_INT(cmdline_param_value("a=123456789", "a", buf, sizeof(buf)), -ENAMETOOLONG);
}

static void test_drop(void)
{
	for (size_t i = 0; i < sizeof(drops) / sizeof(drops[0]); i++) {
		char buf[256];

		strcpy(buf, drops[i].in);
		CHECK_EQ_INT(cmdline_drop_param(buf, drops[i].name), drops[i].dropped);
		CHECK_EQ_STR(buf, drops[i].out);
	}
}

static void test_join(void)
{
	char *s;

	CHECK_EQ_INT(cmdline_join("a b", "c", &s), 0);
	CHECK_EQ_STR(s, "a b c");
	free(s);
	CHECK_EQ_INT(cmdline_join(NULL, "c", &s), 0);
	CHECK_EQ_STR(s, "c");
	free(s);
	CHECK_EQ_INT(cmdline_join("a", NULL, &s), 0);
	CHECK_EQ_STR(s, "a");
	free(s);
	CHECK_EQ_INT(cmdline_join("", "", &s), 0);
	CHECK_EQ_STR(s, "");
	free(s);
}

static void put(int dirfd, const char *path, const char *content)
{
	int fd = openat(dirfd, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK_EQ_INT(write(fd, content, strlen(content)), (long long)strlen(content));
	close(fd);
}

static void test_fixture_tree(void)
{
	char dir[] = "/tmp/kexec-unit-XXXXXX";
	char mode[32];
	char *s;
	int root;

	CHECK(mkdtemp(dir) != NULL);
	root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CHECK(root >= 0);
	mkdirat(root, "proc", 0755);
	mkdirat(root, "proc/sys", 0755);
	mkdirat(root, "proc/sys/kernel", 0755);
	mkdirat(root, "sys", 0755);
	mkdirat(root, "sys/kernel", 0755);
	mkdirat(root, "sys/kernel/security", 0755);

	/* Missing files are reported as such, not as "not loaded". */
	CHECK_EQ_INT(kexec_state_loaded(root, false), -ENOENT);
	CHECK_EQ_INT(cmdline_for_reuse(root, false, &s), -ENOENT);

	put(root, "proc/cmdline",
	    "BOOT_IMAGE=/boot/vmlinuz-6.1 root=UUID=x ro crashkernel=256M quiet\n");
	CHECK_EQ_INT(cmdline_for_reuse(root, false, &s), 0);
	CHECK_EQ_STR(s, "root=UUID=x ro crashkernel=256M quiet");
	free(s);
	CHECK_EQ_INT(cmdline_for_reuse(root, true, &s), 0);
	CHECK_EQ_STR(s, "root=UUID=x ro quiet");
	free(s);

	put(root, "sys/kernel/kexec_loaded", "1\n");
	put(root, "sys/kernel/kexec_crash_loaded", "0\n");
	CHECK_EQ_INT(kexec_state_loaded(root, false), 1);
	CHECK_EQ_INT(kexec_state_loaded(root, true), 0);
	put(root, "sys/kernel/kexec_loaded", "garbage\n");
	CHECK_EQ_INT(kexec_state_loaded(root, false), -EBADMSG);

	put(root, "proc/sys/kernel/kexec_load_disabled", "1\n");
	CHECK_EQ_INT(kexec_state_load_disabled(root), 1);

	put(root, "sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
	CHECK_EQ_INT(kexec_state_lockdown(root, mode, sizeof(mode)), 0);
	CHECK_EQ_STR(mode, "integrity");
	put(root, "sys/kernel/security/lockdown", "none integrity\n");
	CHECK_EQ_INT(kexec_state_lockdown(root, mode, sizeof(mode)), -EBADMSG);

	close(root);
	{
		char cmd[64];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		CHECK_EQ_INT(system(cmd), 0);
	}
}

int main(void)
{
	test_drop();
	test_value();
	test_join();
	test_fixture_tree();
	return unit_summary("test-cmdline");
}
