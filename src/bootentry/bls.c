// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Boot Loader Specification type 1 entries (UAPI.1): text files loader/entries/NAME.conf on the
 * ESP or XBOOTLDR partition, one "key value" per line, '#' comments. Keys read: title,
 * version, machine-id, sort-key, linux, initrd (repeatable, in order), options (repeatable,
 * joined with spaces), efi (a PE image: listed, not loaded here), architecture (an entry for
 * another one is unusable). Unknown keys are ignored, as the spec asks. A file name
 * NAME+LEFT[-DONE].conf carries a boot counter: the id is NAME, and LEFT == 0 sorts last.
 */
#include <stdio.h>
#include <string.h>

#include "bootentry.h"
#include "macro.h"

#define LOG_PREFIX "bls: "
#include "log.h"

static int append_option(char **opts, const char *v, size_t n)
{
	size_t old = *opts ? strlen(*opts) : 0;
	char *s;

	if (old + n + 2 > 64 * 1024)
		return -E2BIG;
	s = realloc(*opts, old + n + 2);
	if (!s)
		return -ENOMEM;
	if (old)
		s[old++] = ' ';
	memcpy(s + old, v, n);
	s[old + n] = '\0';
	*opts = s;
	return 0;
}

/* The machine's architecture in the spec's spelling (x64, aa64): entries for others are not
 * for this machine. */
static const char *native_arch(void)
{
#if defined(__x86_64__)
	return "x64";
#elif defined(__aarch64__)
	return "aa64";
#else
	return NULL;
#endif
}

/* "NAME+3-1.conf" -> id "NAME", tries left 3; "NAME.conf" -> "NAME", -1. */
static int parse_fname(const char *fname, char **ret_id, int *ret_tries)
{
	const char *base = strrchr(fname, '/'), *plus, *end;
	size_t n;

	base = base ? base + 1 : fname;
	n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".conf") == 0)
		n -= 5;
	*ret_tries = -1;
	plus = memrchr(base, '+', n);
	if (plus) {
		char *e;
		unsigned long left = strtoul(plus + 1, &e, 10);

		end = base + n;
		if (e > plus + 1 && left < 1000 &&
		    (e == end || (*e == '-' && e + 1 < end && strspn(e + 1, "0123456789") ==
						       (size_t)(end - e - 1)))) {
			*ret_tries = (int)left;
			n = (size_t)(plus - base);
		}
	}
	if (n == 0)
		return -EBADMSG;
	*ret_id = strndup(base, n);
	return *ret_id ? 0 : -ENOMEM;
}

int bls_entry_parse(const char *buf, size_t len, const char *fname, struct boot_entry *ret,
		    struct diag *err)
{
	struct boot_entry e = { .source = BOOT_SOURCE_BLS, .tries_left = -1 };
	_cleanup_free_ char *arch = NULL, *efi = NULL;
	size_t pos = 0, line = 0;
	int r;

	diag_clear(err);
	if (len > BLS_ENTRY_MAX)
		return diag_fail(err, -E2BIG, "%s: %zu bytes, more than %d", fname, len,
				 BLS_ENTRY_MAX);
	r = parse_fname(fname, &e.id, &e.tries_left);
	if (r < 0)
		return r == -ENOMEM ? r : diag_fail(err, r, "%s: no entry name", fname);
	while (pos < len) {
		const char *l = buf + pos, *eol = memchr(l, '\n', len - pos), *k, *v;
		size_t n = eol ? (size_t)(eol - l) : len - pos, kn, vn;
		char **slot = NULL;

		pos += n + (eol ? 1 : 0);
		line++;
		if (memchr(l, '\0', n)) {
			r = diag_fail(err, -EBADMSG, "%s:%zu: a NUL byte", fname, line);
			goto fail;
		}
		while (n && (l[n - 1] == ' ' || l[n - 1] == '\t' || l[n - 1] == '\r'))
			n--;
		while (n && (*l == ' ' || *l == '\t')) {
			l++;
			n--;
		}
		if (n == 0 || *l == '#')
			continue;
		k = l;
		kn = strcspn(k, " \t");
		if (kn > n)
			kn = n;
		v = k + kn;
		vn = n - kn;
		while (vn && (*v == ' ' || *v == '\t')) {
			v++;
			vn--;
		}
#define KEY(s) (kn == sizeof(s) - 1 && memcmp(k, s, kn) == 0)
		if (KEY("options")) {
			r = append_option(&e.options, v, vn);
			if (r < 0) {
				if (r == -E2BIG)
					diag_set(err, "%s:%zu: options longer than 64 KiB", fname, line);
				goto fail;
			}
			continue;
		}
		if (KEY("initrd")) {
			if (e.nr_initrds == BOOT_ENTRY_MAX_INITRDS) {
				r = diag_fail(err, -E2BIG, "%s:%zu: more than %d initrds", fname, line,
					      BOOT_ENTRY_MAX_INITRDS);
				goto fail;
			}
			e.initrds[e.nr_initrds] = strndup(v, vn);
			if (!e.initrds[e.nr_initrds]) {
				r = -ENOMEM;
				goto fail;
			}
			e.nr_initrds++;
			continue;
		}
		if (KEY("title"))
			slot = &e.title;
		else if (KEY("version"))
			slot = &e.version;
		else if (KEY("machine-id"))
			slot = &e.machine_id;
		else if (KEY("sort-key"))
			slot = &e.sort_key;
		else if (KEY("linux"))
			slot = &e.kernel;
		else if (KEY("efi"))
			slot = &efi;
		else if (KEY("architecture"))
			slot = &arch;
#undef KEY
		if (!slot)
			continue;
		free(*slot); /* the last one wins */
		*slot = strndup(v, vn);
		if (!*slot) {
			r = -ENOMEM;
			goto fail;
		}
	}
	if (!e.kernel && !efi) {
		r = diag_fail(err, -EBADMSG, "%s: neither 'linux' nor 'efi'", fname);
		goto fail;
	}
	if (!e.kernel)
		r = asprintf(&e.unusable, "an 'efi' entry (%s): a PE program, not loaded by kexec",
			     efi);
	else if (arch && native_arch() && strcasecmp(arch, native_arch()) != 0)
		r = asprintf(&e.unusable, "for architecture '%s', not this machine's", arch);
	if (r < 0) {
		e.unusable = NULL;
		r = -ENOMEM;
		goto fail;
	}
	if (!e.title)
		e.title = strdup(e.id);
	if (!e.title) {
		r = -ENOMEM;
		goto fail;
	}
	*ret = e;
	return 0;
fail:
	boot_entry_done(&e);
	return r;
}

/* Version order as the spec's version comparison, by strverscmp: digit runs numerically. */
static int cmp_version(const char *a, const char *b)
{
	if (!a || !b)
		return !a - !b;
	return strverscmp(a, b);
}

static int cmp_entries(const void *pa, const void *pb)
{
	const struct boot_entry *a = pa, *b = pb;
	int r;

	/* Entries out of boot tries go last. */
	if ((a->tries_left == 0) != (b->tries_left == 0))
		return a->tries_left == 0 ? 1 : -1;
	if (!!a->sort_key != !!b->sort_key)
		return a->sort_key ? -1 : 1;
	if (a->sort_key) {
		r = strcmp(a->sort_key, b->sort_key);
		if (r)
			return r;
		r = strcmp(a->machine_id ? a->machine_id : "", b->machine_id ? b->machine_id : "");
		if (r)
			return r;
		r = cmp_version(b->version, a->version); /* newest first */
		if (r)
			return r;
	}
	return strverscmp(b->id, a->id); /* file names, newest first */
}

void bls_sort(struct boot_entry *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_entries);
}

int bls_loader_conf_default(const char *buf, size_t len, char **ret)
{
	size_t pos = 0;
	char *found = NULL;

	while (pos < len) {
		const char *l = buf + pos, *eol = memchr(l, '\n', len - pos);
		size_t n = eol ? (size_t)(eol - l) : len - pos;

		pos += n + (eol ? 1 : 0);
		while (n && (l[n - 1] == ' ' || l[n - 1] == '\t' || l[n - 1] == '\r'))
			n--;
		if (n > 8 && memcmp(l, "default", 7) == 0 && (l[7] == ' ' || l[7] == '\t')) {
			const char *v = l + 8;
			size_t vn = n - 8;

			while (vn && (*v == ' ' || *v == '\t')) {
				v++;
				vn--;
			}
			if (memchr(v, '\0', vn))
				continue;
			free(found);
			found = strndup(v, vn);
			if (!found)
				return -ENOMEM;
		}
	}
	*ret = found;
	return 0;
}

int efivar_utf16_decode(const void *buf, size_t len, char **ret)
{
	const unsigned char *p = buf;
	char *s;
	size_t n = 0;

	/* efivarfs: 4 bytes of attributes, then the value; here a UTF-16LE string. */
	if (len < 4 || (len - 4) % 2 || len > 4 + 2 * 1024)
		return -EBADMSG;
	s = malloc((len - 4) / 2 + 1);
	if (!s)
		return -ENOMEM;
	for (size_t i = 4; i + 1 < len; i += 2) {
		unsigned int ch = p[i] | (unsigned int)p[i + 1] << 8;

		if (ch == 0)
			break;
		/* Entry ids are file names: ASCII is all that is needed; refuse the rest. */
		if (ch < 0x20 || ch > 0x7e) {
			free(s);
			return -EBADMSG;
		}
		s[n++] = (char)ch;
	}
	s[n] = '\0';
	*ret = s;
	return 0;
}
