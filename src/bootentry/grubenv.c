// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * GRUB's environment block (grub-editenv writes it, `save_env` updates it in place): a header
 * line, NAME=VALUE lines, then '#' padding up to a fixed size (1024 bytes). grub-editenv
 * escapes '\' and newline in values with a backslash. Everything else is refused: a boot
 * choice read from a damaged file would be a guess.
 */
#include <string.h>

#include "bootentry.h"
#include "macro.h"

#define LOG_PREFIX "grubenv: "
#include "log.h"

static const char header[] = "# GRUB Environment Block\n";

static bool name_ok(const char *s, size_t n)
{
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
		      (i > 0 && c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

void grubenv_done(struct grubenv *env)
{
	for (size_t i = 0; i < env->n; i++) {
		free(env->name[i]);
		free(env->value[i]);
	}
	*env = (struct grubenv){};
}

const char *grubenv_get(const struct grubenv *env, const char *name)
{
	if (!env)
		return NULL;
	/* The last assignment wins, as GRUB's load_env sets them in order. */
	for (size_t i = env->n; i > 0; i--)
		if (strcmp(env->name[i - 1], name) == 0)
			return env->value[i - 1];
	return NULL;
}

int grubenv_parse(const char *buf, size_t len, struct grubenv *ret, struct diag *err)
{
	struct grubenv env = {};
	size_t pos, line = 1;
	int r = 0;

	if (len > GRUBENV_MAX)
		return diag_fail(err, -E2BIG, "%zu bytes, more than a GRUB environment block "
				 "(at most %d)", len, GRUBENV_MAX);
	if (len < sizeof(header) - 1 || memcmp(buf, header, sizeof(header) - 1) != 0)
		return diag_fail(err, -EBADMSG, "no '# GRUB Environment Block' header");
	pos = sizeof(header) - 1;
	while (pos < len) {
		const char *l = buf + pos, *eol = memchr(l, '\n', len - pos), *eq;
		size_t n = eol ? (size_t)(eol - l) : len - pos;
		char *v;
		size_t vn = 0;

		line++;
		pos += n + (eol ? 1 : 0);
		/* Padding, and comments grub-editenv keeps. */
		if (n == 0 || l[0] == '#')
			continue;
		eq = memchr(l, '=', n);
		if (!eq || !name_ok(l, (size_t)(eq - l))) {
			r = diag_fail(err, -EBADMSG, "line %zu is not NAME=VALUE", line);
			goto fail;
		}
		if (env.n == GRUBENV_MAX_VARS) {
			r = diag_fail(err, -E2BIG, "more than %d variables", GRUBENV_MAX_VARS);
			goto fail;
		}
		/* A value may continue over escaped newlines: take bytes until an unescaped one. */
		{
			const char *s = eq + 1;
			size_t avail = len - (size_t)(s - buf), i;

			v = malloc(avail + 1);
			if (!v) {
				r = -ENOMEM;
				goto fail;
			}
			for (i = 0; i < avail && s[i] != '\n'; i++) {
				if (s[i] == '\\' && i + 1 < avail)
					i++;
				else if (s[i] == '\0') {
					free(v);
					r = diag_fail(err, -EBADMSG, "line %zu has a NUL byte", line);
					goto fail;
				}
				v[vn++] = s[i];
			}
			v[vn] = '\0';
			pos = (size_t)(s - buf) + i + (i < avail ? 1 : 0);
		}
		env.name[env.n] = strndup(l, (size_t)(eq - l));
		env.value[env.n] = v;
		if (!env.name[env.n]) {
			free(v);
			r = -ENOMEM;
			goto fail;
		}
		log_debug("%s=%s", env.name[env.n], v);
		env.n++;
	}
	*ret = env;
	return 0;
fail:
	grubenv_done(&env);
	return r;
}
