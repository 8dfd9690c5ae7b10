// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The PE/COFF parser (pe.c) and the Authenticode signer reader (authenticode.c): generated
 * images with one broken field per case (truncated headers and sections, absurd section sizes
 * and counts, a certificate table past the end or with bad entry lengths) each give their error
 * and a one-line reason; a hand-built PKCS#7 SignedData names its signer, and so does the
 * signature of a real Debian kernel (KEXEC_TEST_KERNEL), whose every truncation is refused.
 */
#include <errno.h>
#include <stdlib.h>

#include "authenticode.h"
#include "fileio.h"
#include "gen-pe.h"
#include "pe.h"
#include "unit.h"

/* --- a tiny DER writer, for SignedData fixtures ----------------------------------------- */

struct buf {
	uint8_t b[2048];
	size_t n;
};

static struct buf tlv(uint8_t tag, const struct buf *c)
{
	struct buf o = { .n = 0 };

	o.b[o.n++] = tag;
	if (c->n < 0x80) {
		o.b[o.n++] = (uint8_t)c->n;
	} else {
		o.b[o.n++] = 0x82;
		o.b[o.n++] = (uint8_t)(c->n >> 8);
		o.b[o.n++] = (uint8_t)c->n;
	}
	memcpy(o.b + o.n, c->b, c->n);
	o.n += c->n;
	return o;
}

static struct buf raw(const void *p, size_t n)
{
	struct buf o = { .n = n };

	memcpy(o.b, p, n);
	return o;
}

static struct buf cat(const struct buf *a, const struct buf *b)
{
	struct buf o = *a;

	memcpy(o.b + o.n, b->b, b->n);
	o.n += b->n;
	return o;
}

#define RAW(lit) raw(lit, sizeof(lit) - 1)

/* Name ::= SEQUENCE { SET { SEQUENCE { OID cn, UTF8String } } } */
static struct buf name_cn(const char *cn)
{
	struct buf oid = RAW("\x55\x04\x03"), v = raw(cn, strlen(cn)), atv, set;

	oid = tlv(0x06, &oid);
	v = tlv(0x0c, &v);
	atv = cat(&oid, &v);
	atv = tlv(0x30, &atv);
	set = tlv(0x31, &atv);
	return tlv(0x30, &set);
}

/* A SignedData with one certificate (serial @serial, @subject, issued by "Test CA") and a
 * SignerInfo naming serial @signer_serial. */
static struct buf signed_data(uint8_t serial, uint8_t signer_serial, const char *subject)
{
	struct buf empty = { .n = 0 }, seq0 = tlv(0x30, &empty), set0 = tlv(0x31, &empty);
	struct buf v = RAW("\x02\x01\x02"), ver = tlv(0xa0, &v);
	struct buf ser = raw(&serial, 1), sser = raw(&signer_serial, 1);
	struct buf issuer = name_cn("Test CA"), subj = name_cn(subject), tbs, cert, certs;
	struct buf sha = RAW("\x60\x86\x48\x01\x65\x03\x04\x02\x01"), alg, ias, si, infos, sd, t;
	struct buf one = RAW("\x02\x01\x01"), data_oid = RAW("\x2a\x86\x48\x86\xf7\x0d\x01\x07\x01");
	struct buf sd_oid = RAW("\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02"), ci;

	ser = tlv(0x02, &ser);
	sser = tlv(0x02, &sser);
	tbs = cat(&ver, &ser);
	tbs = cat(&tbs, &seq0);
	tbs = cat(&tbs, &issuer);
	tbs = cat(&tbs, &seq0);
	tbs = cat(&tbs, &subj);
	tbs = tlv(0x30, &tbs);
	cert = tlv(0x30, &tbs);
	certs = tlv(0xa0, &cert);

	sha = tlv(0x06, &sha);
	alg = tlv(0x30, &sha);
	ias = cat(&issuer, &sser);
	ias = tlv(0x30, &ias);
	si = cat(&one, &ias);
	si = cat(&si, &alg);
	si = tlv(0x30, &si);
	infos = tlv(0x31, &si);

	data_oid = tlv(0x06, &data_oid);
	t = tlv(0x30, &data_oid);
	sd = cat(&one, &set0);
	sd = cat(&sd, &t);
	sd = cat(&sd, &certs);
	sd = cat(&sd, &infos);
	sd = tlv(0x30, &sd);
	sd = tlv(0xa0, &sd);
	sd_oid = tlv(0x06, &sd_oid);
	ci = cat(&sd_oid, &sd);
	return tlv(0x30, &ci);
}

/* --- PE cases ----------------------------------------------------------------------------- */

static uint8_t *image(size_t *len, bool signed_)
{
	static const char osrel[] = "ID=test\nPRETTY_NAME=\"Test OS\"\n";
	static uint8_t code[3000];
	struct gen_pe_section s[] = {
		{ ".text", code, sizeof(code) },
		{ ".osrel", osrel, sizeof(osrel) - 1 },
		{ ".linux", code, 100 },
	};
	struct buf sd = signed_data(7, 7, "Test Signer");
	uint8_t *p;

	*len = gen_pe(PE_MACHINE_X86_64, s, 3, signed_ ? sd.b : NULL, sd.n, &p);
	return p;
}

static uint8_t *sect(uint8_t *p, unsigned i)
{
	return p + GEN_PE_SECTIONS + i * 40;
}

struct pe_case {
	const char *name;
	void (*mutate)(uint8_t *p, size_t *len);
	int ret;
	const char *msg; /* a piece of the one-line reason */
};

static void m_none(uint8_t *p, size_t *l) { (void)p; (void)l; }
static void m_empty(uint8_t *p, size_t *l) { (void)p; *l = 0; }
static void m_no_mz(uint8_t *p, size_t *l) { (void)l; p[0] = 'X'; }
static void m_lfanew_past_end(uint8_t *p, size_t *l) { gen_pe_put32(p + 0x3c, (uint32_t)*l); }
static void m_lfanew_huge(uint8_t *p, size_t *l) { (void)l; gen_pe_put32(p + 0x3c, 0xfffffff0); }
static void m_no_pe_sig(uint8_t *p, size_t *l) { (void)l; p[GEN_PE_LFANEW + 2] = 'X'; }
static void m_cut_coff(uint8_t *p, size_t *l) { (void)p; *l = GEN_PE_COFF + 10; }
static void m_cut_opt(uint8_t *p, size_t *l) { (void)p; *l = GEN_PE_OPT + 50; }
static void m_cut_table(uint8_t *p, size_t *l) { (void)p; *l = GEN_PE_SECTIONS + 60; }
static void m_cut_section(uint8_t *p, size_t *l) { (void)p; *l -= 0x300; }
static void m_too_many(uint8_t *p, size_t *l) { (void)l; gen_pe_put16(p + GEN_PE_COFF + 2, 97); }
static void m_count_max(uint8_t *p, size_t *l) { (void)l; gen_pe_put16(p + GEN_PE_COFF + 2, 0xffff); }
static void m_opt_tiny(uint8_t *p, size_t *l) { (void)l; gen_pe_put16(p + GEN_PE_COFF + 16, 1); }
static void m_opt_short(uint8_t *p, size_t *l) { (void)l; gen_pe_put16(p + GEN_PE_COFF + 16, 100); }
static void m_opt_huge(uint8_t *p, size_t *l) { (void)l; gen_pe_put16(p + GEN_PE_COFF + 16, 0xffff); }
static void m_bad_magic(uint8_t *p, size_t *l) { (void)l; gen_pe_put16(p + GEN_PE_OPT, 0x107); }
static void m_dirs_many(uint8_t *p, size_t *l) { (void)l; gen_pe_put32(p + GEN_PE_OPT + 108, 17); }
static void m_dirs_huge(uint8_t *p, size_t *l) { (void)l; gen_pe_put32(p + GEN_PE_OPT + 108, 0xffffffff); }
static void m_sect_size_huge(uint8_t *p, size_t *l) { (void)l; gen_pe_put32(sect(p, 1) + 16, 0xffffffff); }
static void m_sect_off_huge(uint8_t *p, size_t *l) { (void)l; gen_pe_put32(sect(p, 2) + 20, 0xfffffe00); }
static void m_sect_vaddr_wrap(uint8_t *p, size_t *l)
{
	(void)l;
	gen_pe_put32(sect(p, 0) + 12, 0xfffff000);
	gen_pe_put32(sect(p, 0) + 8, 0x2000);
}
static void m_sect_empty(uint8_t *p, size_t *l)
{
	/* raw size 0 (an uninitialised section) with a wild offset: nothing to read, accepted */
	(void)l;
	gen_pe_put32(sect(p, 2) + 16, 0);
	gen_pe_put32(sect(p, 2) + 20, 0xffffffff);
}
static void m_cert_past_end(uint8_t *p, size_t *l)
{
	(void)l;
	gen_pe_put32(p + GEN_PE_DIRS + 32 + 4, 0x10000);
}
static void m_cert_addr_huge(uint8_t *p, size_t *l)
{
	(void)l;
	gen_pe_put32(p + GEN_PE_DIRS + 32, 0xfffffff8);
}

static const struct pe_case pe_cases[] = {
	{ "valid", m_none, 0, NULL },
	{ "empty", m_empty, -ENOEXEC, NULL },
	{ "no MZ", m_no_mz, -ENOEXEC, NULL },
	{ "e_lfanew at the end", m_lfanew_past_end, -ENOEXEC, NULL },
	{ "e_lfanew huge", m_lfanew_huge, -ENOEXEC, NULL },
	{ "no PE signature", m_no_pe_sig, -ENOEXEC, NULL },
	{ "COFF header cut", m_cut_coff, -EBADMSG, "COFF header" },
	{ "optional header cut", m_cut_opt, -EBADMSG, "optional header" },
	{ "section table cut", m_cut_table, -EBADMSG, "section headers" },
	{ "last sections cut", m_cut_section, -EBADMSG, "past the end of the file" },
	{ "97 sections", m_too_many, -EBADMSG, "97 sections" },
	{ "65535 sections", m_count_max, -EBADMSG, "65535 sections" },
	{ "optional header 1 byte", m_opt_tiny, -EBADMSG, "no optional header" },
	{ "optional header short", m_opt_short, -EBADMSG, "fixed fields" },
	{ "optional header 64 KiB", m_opt_huge, -EBADMSG, "optional header" },
	{ "unknown magic", m_bad_magic, -EOPNOTSUPP, "0x0107" },
	{ "17 data directories", m_dirs_many, -EBADMSG, "data directories" },
	{ "2^32-1 data directories", m_dirs_huge, -EBADMSG, "data directories" },
	{ "section raw size 4 GiB", m_sect_size_huge, -EBADMSG, "past the end of the file" },
	{ "section offset 4 GiB", m_sect_off_huge, -EBADMSG, "past the end of the file" },
	{ "section RVA wraps", m_sect_vaddr_wrap, -EBADMSG, "past 4 GiB" },
	{ "empty section, wild offset", m_sect_empty, 0, NULL },
	{ "certificate table past the end", m_cert_past_end, -EBADMSG, "certificate table" },
	{ "certificate table at 4 GiB", m_cert_addr_huge, -EBADMSG, "certificate table" },
};

static void test_cases(void)
{
	for (size_t i = 0; i < sizeof(pe_cases) / sizeof(pe_cases[0]); i++) {
		const struct pe_case *c = &pe_cases[i];
		struct pe_file *pe = calloc(1, sizeof(*pe));
		struct diag why = {};
		size_t len;
		uint8_t *p = image(&len, true);
		int r;

		c->mutate(p, &len);
		r = pe_parse(p, len, pe, &why);
		if (r != c->ret)
			fprintf(stderr, "case '%s': %d (%s)\n", c->name, r, why.msg);
		CHECK_EQ_INT(r, c->ret);
		if (c->msg && !strstr(why.msg, c->msg))
			fprintf(stderr, "case '%s': '%s' lacks '%s'\n", c->name, why.msg, c->msg);
		CHECK(!c->msg || strstr(why.msg, c->msg));
		CHECK(!strchr(why.msg, '\n'));
		if (c->ret == -ENOEXEC)
			CHECK(diag_empty(&why));
		free(p);
		free(pe);
	}
}

static void test_valid(void)
{
	struct pe_file *pe = calloc(1, sizeof(*pe));
	struct authenticode_signer s;
	struct diag why = {};
	struct pe_cert c;
	const void *d;
	size_t len, dlen;
	uint8_t *p = image(&len, true);

	CHECK(pe_is_pe(p, len));
	CHECK_EQ_INT(pe_parse(p, len, pe, &why), 0);
	CHECK_EQ_INT(pe->machine, PE_MACHINE_X86_64);
	CHECK_EQ_STR(pe_machine_name(pe->machine), "x86-64");
	CHECK_EQ_INT(pe->opt_magic, PE_OPT_MAGIC_PE32PLUS);
	CHECK_EQ_INT(pe->subsystem, 10);
	CHECK_EQ_INT(pe->nr_sections, 3);
	CHECK_EQ_INT(pe_section_index(pe, ".osrel", 0), 1);
	CHECK_EQ_INT(pe_section_index(pe, ".linux", 0), 2);
	CHECK_EQ_INT(pe_section_index(pe, ".linux", 3), -1);
	CHECK_EQ_INT(pe_section_index(pe, ".initrd", 0), -1);
	CHECK_EQ_INT(pe_section_index(pe, ".linuxxxxx", 0), -1); /* longer than a name */
	/* The data is cut to the virtual size, not the 0x200-padded raw size. */
	pe_section_data(pe, p, &pe->sections[1], &d, &dlen);
	CHECK_EQ_INT(dlen, 30);
	CHECK(memcmp(d, "ID=test\n", 8) == 0);

	CHECK_EQ_INT(pe_cert_get(pe, p, 0, &c, &why), 1);
	CHECK_EQ_INT(c.type, PE_WIN_CERT_TYPE_PKCS_SIGNED_DATA);
	CHECK_EQ_INT(c.revision, PE_WIN_CERT_REVISION_2_0);
	CHECK_EQ_INT(pe_cert_get(pe, p, 1, &c, &why), 0);
	CHECK_EQ_INT(pe_cert_get(pe, p, 0, &c, &why), 1);
	CHECK_EQ_INT(authenticode_signer(c.data, c.len, &s, &why), 0);
	CHECK_EQ_STR(s.subject, "CN=Test Signer");
	CHECK_EQ_STR(s.issuer, "CN=Test CA");
	CHECK_EQ_STR(s.digest, "sha256");
	CHECK_EQ_INT(s.nr_certs, 1);

	/* A WIN_CERTIFICATE whose length is below its header, or past the table. */
	{
		uint32_t at = pe->dirs[PE_DIR_SECURITY].addr;

		gen_pe_put32(p + at, 4);
		CHECK_EQ_INT(pe_cert_get(pe, p, 0, &c, &why), -EBADMSG);
		CHECK(strstr(why.msg, "claims 4 bytes") != NULL);
		gen_pe_put32(p + at, 0xfffffff8);
		CHECK_EQ_INT(pe_cert_get(pe, p, 0, &c, &why), -EBADMSG);
	}
	free(p);

	/* Unsigned: no table, no entry. */
	p = image(&len, false);
	CHECK_EQ_INT(pe_parse(p, len, pe, &why), 0);
	CHECK_EQ_INT(pe_cert_get(pe, p, 0, &c, &why), 0);
	free(p);
	free(pe);
}

static void test_signed_data(void)
{
	struct buf ok = signed_data(3, 3, "Kernel Signer"), other = signed_data(3, 4, "X");
	struct authenticode_signer s;
	struct diag why = {};

	CHECK_EQ_INT(authenticode_signer(ok.b, ok.n, &s, &why), 0);
	CHECK_EQ_STR(s.subject, "CN=Kernel Signer");
	/* The signer names a certificate the signature does not carry. */
	CHECK_EQ_INT(authenticode_signer(other.b, other.n, &s, &why), -ENOENT);
	CHECK_EQ_STR(s.subject, "");
	CHECK_EQ_STR(s.issuer, "CN=Test CA");
	/* Every truncation, and every single byte changed, is refused or read, never overread
	 * (ASan runs this too). */
	for (size_t n = 0; n < ok.n; n++)
		CHECK(authenticode_signer(ok.b, n, &s, &why) < 0);
	for (size_t i = 0; i < ok.n; i++) {
		struct buf m = ok;

		m.b[i] ^= 0x80;
		(void)authenticode_signer(m.b, m.n, &s, &why);
		m.b[i] = 0xff;
		(void)authenticode_signer(m.b, m.n, &s, &why);
	}
	/* Control characters in a name are not passed on. */
	{
		struct buf ctl = signed_data(1, 1, "a\x1b[2Jb");

		CHECK_EQ_INT(authenticode_signer(ctl.b, ctl.n, &s, &why), 0);
		CHECK_EQ_STR(s.subject, "CN=a?[2Jb");
	}
	/* BER's indefinite length is not DER. */
	{
		struct buf ind = ok;

		ind.b[1] = 0x80;
		CHECK_EQ_INT(authenticode_signer(ind.b, ind.n, &s, &why), -EBADMSG);
	}
}

/* Debian signs its kernels: the signer is Debian's kernel key, under Debian's CA. */
static void test_real_kernel(void)
{
	const char *path = getenv("KEXEC_TEST_KERNEL");
	struct input_file f = INPUT_FILE_INIT;
	struct pe_file *pe = calloc(1, sizeof(*pe));
	struct authenticode_signer s;
	struct diag why = {};
	struct pe_cert c;

	if (!path) {
		printf("test-pe: KEXEC_TEST_KERNEL not set, real-kernel cases not run\n");
		free(pe);
		return;
	}
	CHECK_EQ_INT(input_file_open(path, 1ULL << 30, &f), 0);
	CHECK_EQ_INT(pe_parse(f.map, f.size, pe, &why), 0);
	CHECK_EQ_INT(pe->machine, PE_MACHINE_X86_64);
	CHECK(pe_section_index(pe, ".text", 0) >= 0);
	CHECK_EQ_INT(pe_cert_get(pe, f.map, 0, &c, &why), 1);
	CHECK_EQ_INT(authenticode_signer(c.data, c.len, &s, &why), 0);
	printf("test-pe: %s signed by '%s' (issuer '%s', %s)\n", path, s.subject, s.issuer,
	       s.digest ? s.digest : "?");
	CHECK(strncmp(s.subject, "CN=Debian Secure Boot Signer", 28) == 0);
	CHECK_EQ_STR(s.issuer, "CN=Debian Secure Boot CA");
	CHECK_EQ_STR(s.digest, "sha256");
	for (size_t n = 0; n < c.len; n += 7)
		CHECK(authenticode_signer(c.data, n, &s, &why) < 0);
	/* The file cut anywhere in the section data or the certificate table. */
	for (size_t n = f.size - 1; n > f.size - 4096; n -= 97)
		CHECK_EQ_INT(pe_parse(f.map, n, pe, &why), -EBADMSG);
	input_file_done(&f);
	free(pe);
}

int main(void)
{
	test_cases();
	test_valid();
	test_signed_data();
	test_real_kernel();
	return unit_summary("test-pe");
}
