// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The load record kexec --show reads from /run/kexec (load-record.h), and the escaping of what
 * it prints. The input is a record file, read for both images; a record that parses must
 * format back to text that parses to the same record. The input up to its first NUL is also a
 * string: cescape() must round-trip it through cunescape(), its display form must hold no
 * control byte and only valid UTF-8, and its JSON form likewise. Inputs above the record cap
 * (128 KiB) are ignored: the reader refuses them before parsing.
 */
#include <stdlib.h>

#include "escape.h"
#include "fuzz.h"
#include "json.h"
#include "load-record.h"
#include "utf8.h"

static void same_or_abort(const struct load_record *a, const struct load_record *b)
{
	if (strcmp(a->boot_id, b->boot_id) || strcmp(a->loaded_at, b->loaded_at) ||
	    strcmp(a->loaded_by, b->loaded_by) || strcmp(a->syscall, b->syscall) ||
	    a->flags != b->flags || strcmp(a->kernel, b->kernel) ||
	    a->kernel_size != b->kernel_size || a->has_mtime != b->has_mtime ||
	    a->kernel_mtime_sec != b->kernel_mtime_sec ||
	    a->kernel_mtime_nsec != b->kernel_mtime_nsec ||
	    strcmp(a->kernel_sha256, b->kernel_sha256) || a->nr_initrds != b->nr_initrds ||
	    strcmp(a->cmdline, b->cmdline) || !!a->kernel_realpath != !!b->kernel_realpath ||
	    !!a->kernel_version != !!b->kernel_version || !!a->kernel_format != !!b->kernel_format)
		abort();
	for (size_t i = 0; i < a->nr_initrds; i++)
		if (strcmp(a->initrds[i].path, b->initrds[i].path) ||
		    a->initrds[i].size != b->initrds[i].size)
			abort();
}

static void record(const char *text, size_t len, bool crash)
{
	struct load_record r = {}, back = {};
	struct diag why;
	char *again = NULL;

	if (load_record_parse(text, len, crash, &r, &why) < 0)
		return;
	if (load_record_format(&r, &again) < 0)
		abort();
	if (load_record_parse(again, strlen(again), crash, &back, &why) < 0)
		abort();
	same_or_abort(&r, &back);
	free(again);
	load_record_done(&r);
	load_record_done(&back);
}

/* No C0, DEL or C1 control, and valid UTF-8 throughout. */
static void printable_or_abort(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_char((const uint8_t *)s + i, len - i, &cp);

		if (n == 0 || cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			abort();
		i += n;
	}
}

static void strings(const char *s)
{
	char *e = NULL, *back = NULL, *json = NULL;
	size_t json_len = 0;
	FILE *f;

	if (cescape(s, 0, &e) < 0 || cunescape(e, &back) < 0 || strcmp(back, s) != 0)
		abort();
	free(e);
	free(back);
	if (cescape(s, ESCAPE_DISPLAY, &e) < 0)
		abort();
	printable_or_abort(e, strlen(e));
	free(e);
	f = open_memstream(&json, &json_len);
	if (!f)
		return;
	json_write_string(f, s);
	fclose(f);
	printable_or_abort(json, json_len);
	free(json);
	/* Whatever the input, unescaping it never crashes. */
	if (cunescape(s, &back) == 0)
		free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size > LOAD_RECORD_MAX_SIZE)
		return 0;
	fuzz_setup();
	s = fuzz_strndup(data, size);
	record((const char *)data, size, false);
	record((const char *)data, size, true);
	strings(s);
	free(s);
	return 0;
}
