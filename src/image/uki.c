// SPDX-License-Identifier: GPL-2.0-or-later
/* Unified Kernel Images taken apart: see uki.h for the profile rules. */
#define LOG_PREFIX "uki: "
#include <errno.h>
#include <string.h>

#include "log.h"
#include "uki.h"

bool uki_is_uki(const struct pe_file *pe)
{
	return pe_section_index(pe, ".linux", 0) >= 0;
}

int uki_machine_check(const struct pe_file *pe, struct diag *why)
{
	uint16_t native = pe_native_machine();
	const char *theirs = pe_machine_name(pe->machine), *ours = pe_machine_name(native);

	diag_clear(why);
	if (!native || pe->machine == native)
		return 0;
	return diag_fail(why, -EOPNOTSUPP, "it is for %s (PE machine 0x%04x), not for this "
			 "machine (%s)", theirs ? theirs : "another architecture", pe->machine, ours);
}

/* The sections kept, and where in struct uki (a .profile is handled apart). */
static const struct {
	const char *name;
	size_t off;
} kept[] = {
	{ ".linux", offsetof(struct uki, linux_) },   { ".initrd", offsetof(struct uki, initrd) },
	{ ".ucode", offsetof(struct uki, ucode) },    { ".cmdline", offsetof(struct uki, cmdline) },
	{ ".dtb", offsetof(struct uki, dtb) },        { ".osrel", offsetof(struct uki, osrel) },
	{ ".uname", offsetof(struct uki, uname) },
};

static struct uki_part *member(struct uki *u, size_t k)
{
	return (struct uki_part *)((char *)u + kept[k].off);
}

/* The index in kept[] of section @name, or -1 for a section kexec has no use for. */
static int kept_index(const char *name)
{
	for (size_t k = 0; k < sizeof(kept) / sizeof(kept[0]); k++)
		if (strcmp(name, kept[k].name) == 0)
			return (int)k;
	return -1;
}

/* A section's bytes; an empty one points at @buf (its offset need not lie in the file). */
static void section_part(const struct pe_file *pe, const void *buf, const struct pe_section *s,
			 struct uki_part *ret)
{
	pe_section_data(pe, buf, s, &ret->data, &ret->len);
	if (ret->len == 0)
		ret->data = buf;
}

int uki_parts(const struct pe_file *pe, const void *buf, unsigned profile, struct uki *ret,
	      struct diag *why)
{
	struct uki shared = {}, own = {};
	int current = -1; /* the profile the section being read belongs to; -1: shared */

	diag_clear(why);
	for (unsigned i = 0; i < pe->nr_sections; i++) {
		const struct pe_section *s = &pe->sections[i];
		struct uki_part *slot;
		int k;

		if (strcmp(s->name, ".profile") == 0) {
			current++;
			if (current >= UKI_MAX_PROFILES)
				return diag_fail(why, -EBADMSG, "more than %d profiles",
						 UKI_MAX_PROFILES);
			if ((unsigned)current == profile)
				section_part(pe, buf, s, &own.profile);
			continue;
		}
		if (current >= 0 && (unsigned)current != profile)
			continue;
		k = kept_index(s->name);
		if (k < 0)
			continue;
		slot = member(current < 0 ? &shared : &own, (size_t)k);
		if (slot->data && current < 0)
			return diag_fail(why, -EBADMSG, "section %s twice before any .profile",
					 s->name);
		if (slot->data)
			return diag_fail(why, -EBADMSG, "section %s twice in profile %d", s->name,
					 current);
		section_part(pe, buf, s, slot);
	}
	if (profile > 0 && (unsigned)(current + 1) <= profile)
		return diag_fail(why, -ERANGE, "no profile %u: this UKI has %d (numbered from 0)",
				 profile, current + 1 > 0 ? current + 1 : 1);

	*ret = shared;
	ret->profile = own.profile;
	for (size_t k = 0; k < sizeof(kept) / sizeof(kept[0]); k++)
		if (member(&own, k)->data)
			*member(ret, k) = *member(&own, k);
	ret->nr_profiles = (unsigned)(current + 1);
	ret->chosen = profile;
	if (!ret->linux_.data || ret->linux_.len == 0)
		return diag_fail(why, -EBADMSG, "no kernel: %s", ret->linux_.data ?
				 "its .linux section is empty" : "no .linux section in profile");
	return 0;
}

int uki_addon_cmdline(const struct pe_file *pe, const void *buf, struct uki_part *ret,
		      struct diag *why)
{
	int i;

	diag_clear(why);
	*ret = (struct uki_part){};
	if (uki_is_uki(pe))
		return diag_fail(why, -EBADMSG, "it has a .linux section: a UKI, not an add-on");
	i = pe_section_index(pe, ".cmdline", 0);
	if (i < 0)
		return 0;
	if (pe_section_index(pe, ".cmdline", (unsigned)i + 1) >= 0)
		return diag_fail(why, -EBADMSG, "two .cmdline sections");
	section_part(pe, buf, &pe->sections[i], ret);
	return 0;
}

size_t uki_cmdline_len(const struct uki_part *p)
{
	const char *s = p->data;
	size_t n = p->data ? strnlen(s, p->len) : 0;

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return n;
}

void uki_osrel_value(const struct uki_part *osrel, const char *key, char *out, size_t size)
{
	const char *p = osrel->data, *end;
	size_t klen = strlen(key);

	out[0] = '\0';
	if (!p)
		return;
	end = p + osrel->len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t line = eol ? (size_t)(eol - p) : (size_t)(end - p);

		if (line > klen && memcmp(p, key, klen) == 0 && p[klen] == '=') {
			const char *v = p + klen + 1;
			size_t vl = line - klen - 1;

			if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0]) {
				v++;
				vl -= 2;
			}
			vl = vl < size - 1 ? vl : size - 1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			for (size_t i = 0; i < vl; i++)
				if ((unsigned char)out[i] < 0x20)
					out[i] = '?';
			return;
		}
		p += line + 1;
	}
}
