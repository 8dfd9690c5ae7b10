// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The reboot record kexec --last-reboot reads from /var/lib/kexec/last-reboot
 * (reboot-record.h): a record that parses must format back to text that parses to the same
 * record; whatever the bytes, no crash, no leak. Inputs above the cap (32 KiB) are ignored: the
 * reader refuses them before parsing.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "reboot-record.h"

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reboot_record r = {}, back = {};
	struct diag why;
	char *again = NULL;

	if (size > REBOOT_RECORD_MAX_SIZE)
		return 0;
	fuzz_setup();
	if (reboot_record_parse((const char *)data, size, &r, &why) < 0)
		return 0;
	if (reboot_record_format(&r, &again) < 0)
		abort();
	if (reboot_record_parse(again, strlen(again), &back, &why) < 0)
		abort();
	if (!same(r.boot_id, back.boot_id) || r.time_sec != back.time_sec ||
	    r.time_nsec != back.time_nsec || r.via != back.via || !same(r.reason, back.reason) ||
	    !same(r.kernel, back.kernel) || !same(r.kernel_version, back.kernel_version) ||
	    !same(r.loaded_by, back.loaded_by))
		abort();
	free(again);
	reboot_record_done(&r);
	reboot_record_done(&back);
	return 0;
}
