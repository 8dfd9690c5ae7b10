// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The PE/COFF parser (pe_parse) and what is read through it: every section's data by index and
 * by name (repeated names, as in a multi-profile UKI), and every certificate table entry, each
 * PKCS#7 one handed to authenticode_signer. Absurd counts, offsets and sizes must end in an
 * error, never in a read outside the input. Then the same as a UKI (uki.c): its parts for the
 * first profiles, as an add-on, and its os-release; every part returned must lie inside the
 * input. Inputs above 4 MiB are ignored: headers and tables sit in the first pages, and a UKI's
 * large sections are read as blocks.
 */
#include "authenticode.h"
#include "fuzz.h"
#include "pe.h"
#include "uki.h"

#define FUZZ_SIZE_MAX (4 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pe_file pe;
	struct diag why = {};
	volatile uint8_t sink = 0;

	if (size > FUZZ_SIZE_MAX)
		return 0;
	fuzz_setup();
	(void)pe_is_pe(data, size);
	if (pe_parse(data, size, &pe, &why) < 0)
		return 0;
	for (unsigned i = 0; i < pe.nr_sections; i++) {
		const void *d;
		size_t n;

		pe_section_data(&pe, data, &pe.sections[i], &d, &n);
		if (n) /* the first and last bytes: ASan sees any overrun */
			sink ^= ((const uint8_t *)d)[0] ^ ((const uint8_t *)d)[n - 1];
	}
	for (int i = -1; (i = pe_section_index(&pe, ".profile", (unsigned)i + 1)) >= 0;)
		(void)pe_section_index(&pe, ".cmdline", (unsigned)i);
	for (unsigned profile = 0; profile < 4; profile++) {
		struct uki u;
		char v[64];

		if (uki_parts(&pe, data, profile, &u, &why) < 0)
			continue;
		if ((const uint8_t *)u.linux_.data + u.linux_.len > data + size ||
		    (u.cmdline.data && uki_cmdline_len(&u.cmdline) > u.cmdline.len))
			abort();
		uki_osrel_value(&u.osrel, "PRETTY_NAME", v, sizeof(v));
	}
	{
		struct uki_part addon;

		if (uki_addon_cmdline(&pe, data, &addon, &why) == 0 && addon.data &&
		    (const uint8_t *)addon.data + addon.len > data + size)
			abort();
	}
	for (unsigned i = 0; i < 16; i++) {
		struct authenticode_signer s;
		struct pe_cert c;

		if (pe_cert_get(&pe, data, i, &c, &why) <= 0)
			break;
		if (c.len)
			sink ^= c.data[0] ^ c.data[c.len - 1];
		if (c.type == PE_WIN_CERT_TYPE_PKCS_SIGNED_DATA)
			(void)authenticode_signer(c.data, c.len, &s, &why);
	}
	(void)sink;
	return 0;
}
