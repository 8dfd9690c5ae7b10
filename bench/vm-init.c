// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /init of the kexec'd kernel in the VM bench (bench/vm-exec.sh): the whole initrd is this
 * static program plus zero padding up to the size under test (1 MiB, 256 MiB), so the initrd
 * size is exact. It prints one line as early as userspace can, which the host stamps as "the
 * new kernel's init", then powers the VM off.
 *
 * The line goes to the second serial port (ttyS1), as in tests/vm/lib.sh, so kernel messages
 * on ttyS0 cannot split it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

int main(void)
{
	char cmdline[4096] = "", *marker;
	ssize_t n;
	int fd;

	mkdir("/dev", 0755);
	mkdir("/proc", 0555);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("proc", "/proc", "proc", 0, NULL);

	fd = open("/proc/cmdline", O_RDONLY);
	if (fd >= 0) {
		n = read(fd, cmdline, sizeof(cmdline) - 1);
		cmdline[n > 0 ? n : 0] = '\0';
		close(fd);
	}
	marker = strstr(cmdline, "marker=");
	if (marker)
		marker[strcspn(marker, " \n")] = '\0';

	fd = open("/dev/ttyS1", O_WRONLY | O_NOCTTY);
	if (fd < 0)
		fd = open("/dev/console", O_WRONLY | O_NOCTTY);
	if (fd >= 0) {
		dprintf(fd, "STAGE2 init %s\n", marker ? marker : "(no marker)");
		tcdrain(fd); /* the line must leave the UART before the power goes */
		close(fd);
	}
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
