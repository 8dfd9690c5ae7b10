// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * UKIs taken apart (src/image/uki.c): which sections a profile gets (shared ones, replaced
 * ones), the refusals (no such profile, a section twice in one scope, no or an empty .linux),
 * add-ons, another architecture's UKI, the command line's trimming and os-release values; then
 * every prefix of a UKI, which must parse or be refused, never read outside the buffer (ASan
 * run).
 */
#include <errno.h>
#include <stdlib.h>

#include "gen-pe.h"
#include "gen-uki.h"
#include "uki.h"
#include "unit.h"

#define S(name, text) { name, text, sizeof(text) - 1 }

struct pe_case {
	const char *what;
	struct gen_pe_section s[8];
	size_t n;
	unsigned profile;
	int expect;              /* uki_parts' return */
	const char *cmdline;     /* the chosen .cmdline as text, NULL: none */
	const char *initrd;      /* likewise */
	unsigned nr_profiles;
};

static const struct pe_case cases[] = {
	{ "plain", { S(".osrel", "ID=x\n"), S(".cmdline", "a b \n"), S(".linux", "KERNEL"),
		     S(".initrd", "INITRD") }, 4, 0, 0, "a b \n", "INITRD", 0 },
	{ "plain, profile 1", { S(".cmdline", "a"), S(".linux", "K") }, 2, 1, -ERANGE, NULL, NULL,
	  0 },
	{ "profile 0 keeps the shared .cmdline",
	  { S(".cmdline", "base"), S(".linux", "K"), S(".initrd", "I"), S(".profile", "ID=a"),
	    S(".profile", "ID=b"), S(".cmdline", "b's") }, 6, 0, 0, "base", "I", 2 },
	{ "profile 1 replaces .cmdline, keeps .initrd",
	  { S(".cmdline", "base"), S(".linux", "K"), S(".initrd", "I"), S(".profile", "ID=a"),
	    S(".profile", "ID=b"), S(".cmdline", "b's") }, 6, 1, 0, "b's", "I", 2 },
	{ "profile 2 of 2",
	  { S(".linux", "K"), S(".profile", "ID=a"), S(".profile", "ID=b") }, 3, 2, -ERANGE, NULL,
	  NULL, 2 },
	{ "a section twice before any .profile",
	  { S(".cmdline", "x"), S(".cmdline", "y"), S(".linux", "K") }, 3, 0, -EBADMSG, NULL, NULL,
	  0 },
	{ "a section twice in one profile",
	  { S(".linux", "K"), S(".profile", "ID=a"), S(".initrd", "1"), S(".initrd", "2") }, 4, 0,
	  -EBADMSG, NULL, NULL, 1 },
	{ "a section twice in another profile does not matter",
	  { S(".linux", "K"), S(".profile", "ID=a"), S(".profile", "ID=b"), S(".initrd", "1"),
	    S(".initrd", "2") }, 5, 0, 0, NULL, NULL, 2 },
	{ ".linux in profile 1 only: profile 0 has none",
	  { S(".cmdline", "c"), S(".profile", "ID=a"), S(".profile", "ID=b"), S(".linux", "K") }, 4,
	  0, -EBADMSG, NULL, NULL, 2 },
	{ ".linux in profile 1 only: profile 1",
	  { S(".cmdline", "c"), S(".profile", "ID=a"), S(".profile", "ID=b"), S(".linux", "K") }, 4,
	  1, 0, "c", NULL, 2 },
	{ "an empty .linux", { { ".linux", "", 0 } }, 1, 0, -EBADMSG, NULL, NULL, 0 },
	{ "sections kexec has no use for are ignored",
	  { S(".sbat", "s"), S(".splash", "p"), S(".linux", "K"), S(".pcrsig", "x") }, 4, 0, 0,
	  NULL, NULL, 0 },
};

static void check_part(const char *what, const struct uki_part *p, const char *want)
{
	if (!want) {
		if (p->data)
			fprintf(stderr, "%s: a section where none was expected\n", what);
		CHECK(!p->data);
		return;
	}
	CHECK(p->data && p->len == strlen(want) && memcmp(p->data, want, p->len) == 0);
}

static void test_cases(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct pe_case *c = &cases[i];
		static struct pe_file pe;
		uint8_t *img;
		size_t len = gen_pe(0x8664, c->s, c->n, NULL, 0, &img);
		struct uki u = {};
		struct diag why = {};
		int r;

		CHECK_EQ_INT(pe_parse(img, len, &pe, &why), 0);
		r = uki_parts(&pe, img, c->profile, &u, &why);
		if (r != c->expect)
			fprintf(stderr, "case '%s': %d (%s)\n", c->what, r, why.msg);
		CHECK_EQ_INT(r, c->expect);
		CHECK(r == 0 || !diag_empty(&why)); /* every refusal says why */
		if (r == 0) {
			check_part(c->what, &u.cmdline, c->cmdline);
			check_part(c->what, &u.initrd, c->initrd);
			CHECK_EQ_INT(u.nr_profiles, c->nr_profiles);
			CHECK_EQ_INT(u.chosen, c->profile);
			CHECK(u.linux_.data && u.linux_.len > 0);
		}
		free(img);
	}
}

/* The multi-profile UKI the other tests use (gen-uki.h): profile 1 is the rescue one. */
static void test_gen_uki(void)
{
	static struct pe_file pe;
	uint8_t *img;
	size_t len = gen_uki(NULL, 0, &img);
	struct uki u;
	struct diag why;
	char v[64];

	CHECK_EQ_INT(pe_parse(img, len, &pe, &why), 0);
	CHECK(uki_is_uki(&pe));
	CHECK_EQ_INT(uki_parts(&pe, img, 1, &u, &why), 0);
	CHECK_EQ_INT(u.nr_profiles, 2);
	CHECK_EQ_INT(u.linux_.len, GEN_BZIMAGE_SIZE);
	CHECK_EQ_INT(uki_cmdline_len(&u.cmdline), strlen("root=/dev/vda ro rescue"));
	CHECK(u.profile.data && memcmp(u.profile.data, "ID=rescue", 9) == 0);
	uki_osrel_value(&u.osrel, "PRETTY_NAME", v, sizeof(v));
	CHECK_EQ_STR(v, "Debian GNU/Linux 12 (bookworm)");
	CHECK_EQ_INT(uki_parts(&pe, img, 0, &u, &why), 0);
	CHECK_EQ_INT(uki_cmdline_len(&u.cmdline), strlen(GEN_UKI_CMDLINE));

	/* Every prefix: pe_parse refuses it or every part lies inside it. */
	for (size_t n = 0; n < len; n += (n < 4096 ? 1 : 509)) {
		if (pe_parse(img, n, &pe, &why) < 0 || uki_parts(&pe, img, 0, &u, &why) < 0)
			continue;
		CHECK((const uint8_t *)u.linux_.data + u.linux_.len <= img + n);
	}
	free(img);
}

static void test_addon(void)
{
	static struct pe_file pe;
	const struct {
		struct gen_pe_section s[3];
		size_t n;
		int expect;
		const char *cmdline;
	} t[] = {
		{ { S(".text", "x"), S(".cmdline", "quiet\n") }, 2, 0, "quiet\n" },
		{ { S(".text", "x"), S(".sbat", "s") }, 2, 0, NULL },
		{ { S(".cmdline", "a"), S(".cmdline", "b") }, 2, -EBADMSG, NULL },
		{ { S(".cmdline", "a"), S(".linux", "K") }, 2, -EBADMSG, NULL },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint8_t *img;
		size_t len = gen_pe(0x8664, t[i].s, t[i].n, NULL, 0, &img);
		struct uki_part p;
		struct diag why = {};

		CHECK_EQ_INT(pe_parse(img, len, &pe, &why), 0);
		CHECK_EQ_INT(uki_addon_cmdline(&pe, img, &p, &why), t[i].expect);
		if (t[i].expect == 0)
			check_part("add-on", &p, t[i].cmdline);
		free(img);
	}
}

/* Another architecture's UKI is refused by name, as systemd-boot would not start it. */
static void test_machine(void)
{
	static struct pe_file pe;
	const struct gen_pe_section s[] = { S(".text", "x"), S(".linux", "K") };
	const struct {
		uint16_t machine;
		const char *said; /* in @why; NULL: accepted */
	} t[] = {
		{ pe_native_machine(), NULL },
		{ PE_MACHINE_X86_64,
		  pe_native_machine() == PE_MACHINE_X86_64 ? NULL : "for x86-64 (PE machine 0x8664)" },
		{ PE_MACHINE_ARM64,
		  pe_native_machine() == PE_MACHINE_ARM64 ? NULL : "for arm64 (PE machine 0xaa64)" },
		{ PE_MACHINE_I386, "for i386 (PE machine 0x014c), not for this machine" },
		{ 0x1234, "for another architecture (PE machine 0x1234)" },
	};

	CHECK(pe_native_machine() != 0); /* the build's architecture is one listed in pe.h */
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint8_t *img;
		size_t len = gen_pe(t[i].machine, s, 2, NULL, 0, &img);
		struct diag why = {};

		CHECK_EQ_INT(pe_parse(img, len, &pe, &why), 0);
		CHECK_EQ_INT(uki_machine_check(&pe, &why), t[i].said ? -EOPNOTSUPP : 0);
		if (t[i].said)
			CHECK(strstr(why.msg, t[i].said) != NULL);
		free(img);
	}
}

static void test_text(void)
{
	const struct {
		const char *in;
		size_t len;
		size_t want;
	} c[] = {
		{ "a b", 3, 3 }, { "a b \n\r\t", 7, 3 }, { "a\0b", 3, 1 }, { "   ", 3, 0 }, { "", 0, 0 },
	};
	const struct {
		const char *osrel, *key, *want;
	} o[] = {
		{ "ID=debian\nVERSION_ID=\"12\"\n", "VERSION_ID", "12" },
		{ "ID=debian\nVERSION_ID='12'", "VERSION_ID", "12" },
		{ "IDX=1\nID=a", "ID", "a" },
		{ "ID=\"half", "ID", "\"half" },
		{ "ID=a\x01z", "ID", "a?z" },
		{ "NAME=x", "ID", "" },
		{ "ID=", "ID", "" },
	};
	char v[8];

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct uki_part p = { c[i].in, c[i].len };

		CHECK_EQ_INT(uki_cmdline_len(&p), c[i].want);
	}
	for (size_t i = 0; i < sizeof(o) / sizeof(o[0]); i++) {
		struct uki_part p = { o[i].osrel, strlen(o[i].osrel) };

		uki_osrel_value(&p, o[i].key, v, sizeof(v));
		CHECK_EQ_STR(v, o[i].want);
	}
	{
		struct uki_part p = { "ID=a-very-long-value", 20 };

		uki_osrel_value(&p, "ID", v, sizeof(v));
		CHECK_EQ_STR(v, "a-very-"); /* cut to the buffer */
	}
}

int main(void)
{
	test_cases();
	test_gen_uki();
	test_addon();
	test_machine();
	test_text();
	return unit_summary("test-uki");
}
