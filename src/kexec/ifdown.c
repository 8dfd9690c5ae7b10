// SPDX-License-Identifier: GPL-2.0-or-later
#define LOG_PREFIX "ifdown: "
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "ifdown.h"
#include "log.h"

int ifdown_all(void)
{
	_cleanup_close_ int fd = -1;
	struct if_nameindex *ifs;
	int ret = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		int r = negative_errno();

		/* A kernel without networking (ENOSYS) or IPv4 (EAFNOSUPPORT) has no interface
		 * this could bring down: nothing to do, nothing to warn about. */
		if (r == -ENOSYS || r == -EAFNOSUPPORT) {
			log_debug_errno(r, "socket(AF_INET): %m; no network interfaces to bring down");
			return 0;
		}
		return log_debug_errno(r, "socket: %m");
	}
	ifs = if_nameindex();
	if (!ifs)
		return log_debug_errno(negative_errno(), "if_nameindex: %m");

	for (struct if_nameindex *i = ifs; i->if_index; i++) {
		struct ifreq ifr = {};

		if (strcmp(i->if_name, "lo") == 0)
			continue;
		strncpy(ifr.ifr_name, i->if_name, IFNAMSIZ - 1);
		if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0 || !(ifr.ifr_flags & IFF_UP))
			continue;
		ifr.ifr_flags &= ~IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0) {
			int r = log_debug_errno(negative_errno(), "%s: %m", i->if_name);
			if (ret == 0)
				ret = r;
			continue;
		}
		log_debug("brought %s down", i->if_name);
	}
	if_freenameindex(ifs);
	return ret;
}
