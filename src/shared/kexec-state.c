// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "fileio.h"
#include "macro.h"
#include "kexec-state.h"

int kexec_state_loaded(int rootfd, bool crash)
{
	long v;
	int r;

	r = read_int_file_at(rootfd, crash ? "sys/kernel/kexec_crash_loaded" : "sys/kernel/kexec_loaded",
			     &v);
	if (r < 0)
		return r;
	return v != 0;
}

int kexec_state_load_disabled(int rootfd)
{
	long v;
	int r;

	r = read_int_file_at(rootfd, "proc/sys/kernel/kexec_load_disabled", &v);
	if (r < 0)
		return r;
	return v != 0;
}

int kexec_state_lockdown(int rootfd, char *buf, size_t size)
{
	_cleanup_free_ char *s = NULL;
	const char *open_br, *close_br;
	int r;

	/* The file lists every mode and brackets the active one: "none [integrity] confidentiality". */
	r = read_virtual_file_at(rootfd, "sys/kernel/security/lockdown", 256, &s, NULL);
	if (r < 0)
		return r;
	open_br = strchr(s, '[');
	close_br = open_br ? strchr(open_br, ']') : NULL;
	if (!close_br || (size_t)(close_br - open_br - 1) >= size)
		return -EBADMSG;
	memcpy(buf, open_br + 1, close_br - open_br - 1);
	buf[close_br - open_br - 1] = '\0';
	return 0;
}
