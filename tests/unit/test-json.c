// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Text that leaves kexec --show: JSON string escaping (quotes, backslashes, control characters,
 * UTF-8 kept, bytes that are not UTF-8 replaced), the JSON writer's layout, the backslash
 * escapes of load records (every byte but NUL round-trips) and of terminal output (nothing a
 * terminal would act on gets through), and the UTF-8 decoder they share.
 */
#include <errno.h>
#include <stdlib.h>

#include "escape.h"
#include "json.h"
#include "macro.h"
#include "unit.h"
#include "utf8.h"

static void test_utf8(void)
{
	static const struct {
		const char *s;
		size_t len;
		uint32_t cp;
	} cases[] = {
		{ "A", 1, 'A' },
		{ "\xc3\xa9", 2, 0xe9 },             /* é */
		{ "\xe2\x82\xac", 3, 0x20ac },       /* € */
		{ "\xf0\x9f\x98\x80", 4, 0x1f600 },  /* an emoji */
		{ "\xf4\x8f\xbf\xbf", 4, 0x10ffff }, /* the last code point */
		{ "\xc2\x9b", 2, 0x9b },             /* a C1 control is valid UTF-8 */
		{ "\x80", 0, 0 },                    /* stray continuation byte */
		{ "\xc3", 0, 0 },                    /* cut */
		{ "\xc3\x28", 0, 0 },                /* bad continuation */
		{ "\xc0\x80", 0, 0 },                /* overlong NUL */
		{ "\xc1\xbf", 0, 0 },                /* overlong */
		{ "\xe0\x80\xaf", 0, 0 },            /* overlong '/' */
		{ "\xf0\x80\x80\xaf", 0, 0 },        /* overlong '/' */
		{ "\xed\xa0\x80", 0, 0 },            /* a surrogate */
		{ "\xf4\x90\x80\x80", 0, 0 },        /* above U+10FFFF */
		{ "\xf8\x88\x80\x80\x80", 0, 0 },    /* five bytes: not UTF-8 any more */
		{ "\xff", 0, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint32_t cp = 0;
		size_t n = utf8_char((const uint8_t *)cases[i].s, strlen(cases[i].s), &cp);

		if (n != cases[i].len || (n && cp != cases[i].cp)) {
			unit_failures++;
			fprintf(stderr, "utf8 case %zu: %zu, U+%04x\n", i, n, cp);
		}
	}
	/* The length given is respected, whatever follows. */
	{
		uint32_t cp;

		CHECK_EQ_INT(utf8_char((const uint8_t *)"\xe2\x82\xac", 2, &cp), 0);
		CHECK_EQ_INT(utf8_char((const uint8_t *)"A", 0, &cp), 0);
	}
}

static char *json_of(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	json_write_string(f, s);
	fclose(f);
	return buf;
}

static void test_json_string(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "", "\"\"" },
		{ "plain /boot/vmlinuz", "\"plain /boot/vmlinuz\"" },
		{ "a\"b", "\"a\\\"b\"" },
		{ "back\\slash", "\"back\\\\slash\"" },
		{ "\\\"", "\"\\\\\\\"\"" },
		{ "tab\there", "\"tab\\there\"" },
		{ "nl\ncr\rbs\bff\f", "\"nl\\ncr\\rbs\\bff\\f\"" },
		{ "\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"" },
		{ "\x1b[31mred", "\"\\u001b[31mred\"" },
		{ "\xc2\x9b" "31m\xc2\x80", "\"\\u009b31m\\u0080\"" }, /* C1 controls */
		{ "/boot/caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
		  "\"/boot/caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"" },
		/* not UTF-8: one U+FFFD per byte */
		{ "a\xffz", "\"a\xef\xbf\xbdz\"" },
		{ "\xc3", "\"\xef\xbf\xbd\"" },
		{ "\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\"" },
		/* JSON allows '/' and U+2028 as they are */
		{ "a/b\xe2\x80\xa8", "\"a/b\xe2\x80\xa8\"" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *got = json_of(cases[i].in);

		CHECK_EQ_STR(got, cases[i].out);
		free(got);
	}

	/* Every byte value: the output is printable ASCII or valid UTF-8, no raw control byte. */
	char all[256];
	for (int i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = '\0';
	char *got = json_of(all);
	const uint8_t *p = (const uint8_t *)got;
	size_t len = strlen(got);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_char(p + i, len - i, &cp);

		CHECK(n > 0 && cp >= 0x20 && !(cp >= 0x7f && cp < 0xa0));
		i += n ? n : 1;
	}
	free(got);
}

static void test_json_writer(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json_writer w = json_writer_init(f);

	json_begin_object(&w, NULL);
	json_begin_object(&w, "a");
	json_bool(&w, "t", true);
	json_null(&w, "n");
	json_uint(&w, "u", UINT64_MAX);
	json_int(&w, "i", -5);
	json_string(&w, "s", "x\"y");
	json_string(&w, "none", NULL);
	json_end_object(&w);
	json_begin_array(&w, "empty");
	json_end_array(&w);
	json_begin_object(&w, "also_empty");
	json_end_object(&w);
	json_begin_array(&w, "list");
	json_string(&w, NULL, "one");
	json_begin_object(&w, NULL);
	json_uint(&w, "k", 2);
	json_end_object(&w);
	json_end_array(&w);
	json_end_object(&w);
	fclose(f);
	CHECK_EQ_STR(buf, "{\n"
			  "  \"a\": {\n"
			  "    \"t\": true,\n"
			  "    \"n\": null,\n"
			  "    \"u\": 18446744073709551615,\n"
			  "    \"i\": -5,\n"
			  "    \"s\": \"x\\\"y\",\n"
			  "    \"none\": null\n"
			  "  },\n"
			  "  \"empty\": [],\n"
			  "  \"also_empty\": {},\n"
			  "  \"list\": [\n"
			  "    \"one\",\n"
			  "    {\n"
			  "      \"k\": 2\n"
			  "    }\n"
			  "  ]\n"
			  "}\n");
	free(buf);
}

static void test_cescape(void)
{
	static const struct {
		const char *in;
		unsigned flags;
		const char *out;
	} cases[] = {
		{ "", 0, "" },
		{ "a b=c", 0, "a b=c" },
		{ "back\\slash", 0, "back\\\\slash" },
		{ "nl\ntab\t", 0, "nl\\ntab\\t" },
		{ "\x01\x1b\x7f", 0, "\\x01\\x1b\\x7f" },
		{ "\\x41", 0, "\\\\x41" },
		/* records keep other bytes as they are: they round-trip */
		{ "caf\xc3\xa9\xff\xc2\x9b", 0, "caf\xc3\xa9\xff\xc2\x9b" },
		/* the terminal gets valid UTF-8 text only, without C1 controls */
		{ "caf\xc3\xa9", ESCAPE_DISPLAY, "caf\xc3\xa9" },
		{ "\xff\xfe", ESCAPE_DISPLAY, "\\xff\\xfe" },
		{ "\xc2\x9b" "2J", ESCAPE_DISPLAY, "\\xc2\\x9b2J" },
		{ "\x1b[2J", ESCAPE_DISPLAY, "\\x1b[2J" },
		{ "\xc3", ESCAPE_DISPLAY, "\\xc3" },
		{ "\xe2\x82\xac\xe2\x82", ESCAPE_DISPLAY, "\xe2\x82\xac\\xe2\\x82" },
		{ "\xc2\xa0", ESCAPE_DISPLAY, "\xc2\xa0" }, /* U+00A0, the first after the C1 range */
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *got = NULL;

		CHECK_EQ_INT(cescape(cases[i].in, cases[i].flags, &got), 0);
		CHECK_EQ_STR(got, cases[i].out);
		free(got);
	}

	/* Every byte but NUL round-trips, and the escaped form is one line of no controls. */
	char all[256];
	for (int i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = '\0';
	char *e = NULL, *back = NULL;
	CHECK_EQ_INT(cescape(all, 0, &e), 0);
	for (const char *p = e; p && *p; p++)
		CHECK((unsigned char)*p >= 0x20 && *p != 0x7f);
	CHECK_EQ_INT(cunescape(e, &back), 0);
	CHECK_EQ_STR(back, all);
	free(e);
	free(back);
	CHECK_EQ_INT(cescape(all, ESCAPE_DISPLAY, &e), 0);
	CHECK(e && !strchr(e, '\x1b') && !strchr(e, '\x9b'));
	free(e);

	static const char *const bad[] = { "\\", "a\\", "\\q", "\\x", "\\x4", "\\xg0", "\\x0g",
					   "\\x00", "\\X41", "\\N" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char *got = NULL;

		CHECK_EQ_INT(cunescape(bad[i], &got), -EBADMSG);
		CHECK(got == NULL);
	}
	CHECK_EQ_INT(cunescape("\\x41\\x7F\\\\n", &back), 0);
	CHECK_EQ_STR(back, "A\x7f\\n");
	free(back);
}

int main(void)
{
	test_utf8();
	test_json_string();
	test_json_writer();
	test_cescape();
	return unit_summary("test-json");
}
