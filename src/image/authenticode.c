// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PKCS#7 SignedData (RFC 2315 section 9), X.509 certificates (RFC 5280 section 4.1), in DER
 * (X.690): only the fields on the path from the ContentInfo to the signer's subject are
 * looked at; everything else is skipped by its length.
 */
#define LOG_PREFIX "authenticode: "
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "authenticode.h"
#include "log.h"
#include "macro.h"

#define TAG_INTEGER 0x02
#define TAG_OID 0x06
#define TAG_SEQUENCE 0x30
#define TAG_SET 0x31
#define TAG_CTX0 0xa0 /* [0] constructed */
#define TAG_CTX1 0xa1

/* Nested no deeper than this on the path we follow; DER strings longer than 16 MiB are absurd
 * in a signature (the whole certificate table is rarely 4 KiB). */
#define DER_MAX_LEN (16U << 20)

struct der {
	const uint8_t *p;
	size_t len;
};

/*
 * Take the next TLV off @in: its tag, its contents (@ret_val), and the whole TLV (@ret_tlv,
 * may be NULL). 0, -EBADMSG for a high tag number, an indefinite or overlong length, or a
 * length past the container.
 */
static int der_next(struct der *in, uint8_t *ret_tag, struct der *ret_val, struct der *ret_tlv)
{
	size_t hdr = 2, n;

	if (in->len < 2)
		return -EBADMSG;
	if ((in->p[0] & 0x1f) == 0x1f)
		return -EBADMSG; /* high tag numbers: none on our path */
	n = in->p[1];
	if (n & 0x80) {
		unsigned bytes = n & 0x7f;

		/* 0x80 is BER's indefinite length, which DER forbids; more than 4 bytes is absurd. */
		if (bytes == 0 || bytes > 4 || in->len < 2 + bytes)
			return -EBADMSG;
		n = 0;
		for (unsigned i = 0; i < bytes; i++)
			n = n << 8 | in->p[2 + i];
		hdr += bytes;
	}
	if (n > DER_MAX_LEN || n > in->len - hdr)
		return -EBADMSG;
	*ret_tag = in->p[0];
	*ret_val = (struct der){ in->p + hdr, n };
	if (ret_tlv)
		*ret_tlv = (struct der){ in->p, hdr + n };
	in->p += hdr + n;
	in->len -= hdr + n;
	return 0;
}

/* The next TLV, which must have tag @tag. */
static int der_expect(struct der *in, uint8_t tag, struct der *ret_val, struct der *ret_tlv)
{
	uint8_t t;
	struct der save = *in;
	int r;

	r = der_next(in, &t, ret_val, ret_tlv);
	if (r < 0)
		return r;
	if (t != tag) {
		*in = save;
		return -EBADMSG;
	}
	return 0;
}

/* If the next TLV has tag @tag, take it (1); else leave @in alone (0). */
static int der_optional(struct der *in, uint8_t tag, struct der *ret_val)
{
	if (in->len == 0 || in->p[0] != tag)
		return 0;
	return der_expect(in, tag, ret_val, NULL) < 0 ? -EBADMSG : 1;
}

static bool der_eq(struct der a, struct der b)
{
	return a.len == b.len && memcmp(a.p, b.p, a.len) == 0;
}

static bool oid_is(struct der oid, const char *bytes, size_t n)
{
	return oid.len == n && memcmp(oid.p, bytes, n) == 0;
}

#define OID_IS(oid, lit) oid_is(oid, lit, sizeof(lit) - 1)

static const char *attr_name(struct der oid)
{
	static const struct {
		const char *oid;
		size_t len;
		const char *name;
	} names[] = {
		{ "\x55\x04\x03", 3, "CN" },
		{ "\x55\x04\x0a", 3, "O" },
		{ "\x55\x04\x0b", 3, "OU" },
		{ "\x55\x04\x06", 3, "C" },
		{ "\x55\x04\x07", 3, "L" },
		{ "\x55\x04\x08", 3, "ST" },
		{ "\x2a\x86\x48\x86\xf7\x0d\x01\x09\x01", 9, "emailAddress" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (oid_is(oid, names[i].oid, names[i].len))
			return names[i].name;
	return NULL;
}

static void append(char *out, size_t size, const char *s, size_t n)
{
	size_t used = strlen(out);

	for (size_t i = 0; i < n && used + 1 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		/* Control characters never reach a terminal or a report; other bytes (UTF-8) do. */
		out[used++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	out[used] = '\0';
}

/*
 * A Name (SEQUENCE OF SET OF AttributeTypeAndValue) as "CN=x, O=y", in the certificate's order.
 * Attributes of unknown type are left out; a value of a string type we do not read (BMPString,
 * UniversalString) is shown as "?".
 */
static int name_to_text(struct der name, char *out, size_t size)
{
	out[0] = '\0';
	while (name.len) {
		struct der set, atv;
		int r;

		r = der_expect(&name, TAG_SET, &set, NULL);
		if (r < 0)
			return r;
		while (set.len) {
			struct der oid, value;
			const char *label;
			uint8_t tag;

			r = der_expect(&set, TAG_SEQUENCE, &atv, NULL);
			if (r < 0)
				return r;
			r = der_expect(&atv, TAG_OID, &oid, NULL);
			if (r < 0)
				return r;
			r = der_next(&atv, &tag, &value, NULL);
			if (r < 0)
				return r;
			label = attr_name(oid);
			if (!label)
				continue;
			if (out[0])
				append(out, size, ", ", 2);
			append(out, size, label, strlen(label));
			append(out, size, "=", 1);
			/* UTF8String, PrintableString, T61String, IA5String */
			if (tag == 0x0c || tag == 0x13 || tag == 0x14 || tag == 0x16)
				append(out, size, (const char *)value.p, value.len);
			else
				append(out, size, "?", 1);
		}
	}
	return 0;
}

static const char *digest_name(struct der oid)
{
	if (OID_IS(oid, "\x60\x86\x48\x01\x65\x03\x04\x02\x01"))
		return "sha256";
	if (OID_IS(oid, "\x60\x86\x48\x01\x65\x03\x04\x02\x02"))
		return "sha384";
	if (OID_IS(oid, "\x60\x86\x48\x01\x65\x03\x04\x02\x03"))
		return "sha512";
	if (OID_IS(oid, "\x2b\x0e\x03\x02\x1a"))
		return "sha1";
	return NULL;
}

/* tbsCertificate's serial, issuer (whole TLV) and subject (contents) of one Certificate, given
 * the Certificate SEQUENCE's contents. */
static int cert_fields(struct der cert, struct der *serial, struct der *issuer,
		       struct der *subject)
{
	struct der tbs, skip;
	uint8_t tag;
	int r;

	r = der_expect(&cert, TAG_SEQUENCE, &tbs, NULL);
	if (r < 0)
		return r;
	if (der_optional(&tbs, TAG_CTX0, &skip) < 0) /* version */
		return -EBADMSG;
	r = der_expect(&tbs, TAG_INTEGER, serial, NULL);
	if (r >= 0)
		r = der_expect(&tbs, TAG_SEQUENCE, &skip, NULL); /* signature algorithm */
	if (r >= 0)
		r = der_expect(&tbs, TAG_SEQUENCE, &skip, issuer);
	if (r >= 0)
		r = der_expect(&tbs, TAG_SEQUENCE, &skip, NULL); /* validity */
	if (r >= 0)
		r = der_next(&tbs, &tag, subject, NULL);
	if (r >= 0 && tag != TAG_SEQUENCE)
		r = -EBADMSG;
	return r;
}

int authenticode_signer(const void *buf, size_t len, struct authenticode_signer *ret,
			struct diag *why)
{
	struct der in = { buf, len }, ci, oid, explicit, sd, skip, certs = {}, infos, si;
	struct der si_serial, si_issuer, si_digest_alg, dig_oid;
	struct authenticode_signer s = {};
	int r, have_certs;

	/* ContentInfo ::= SEQUENCE { contentType OID (signedData), [0] EXPLICIT SignedData } */
	if (der_expect(&in, TAG_SEQUENCE, &ci, NULL) < 0 || der_expect(&ci, TAG_OID, &oid, NULL) < 0)
		return diag_fail(why, -EBADMSG, "corrupt signature: not a PKCS#7 ContentInfo");
	if (!OID_IS(oid, "\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02"))
		return diag_fail(why, -EBADMSG, "corrupt signature: PKCS#7 content is not SignedData");
	if (der_expect(&ci, TAG_CTX0, &explicit, NULL) < 0 ||
	    der_expect(&explicit, TAG_SEQUENCE, &sd, NULL) < 0)
		return diag_fail(why, -EBADMSG, "corrupt signature: no SignedData inside its ContentInfo");

	/* SignedData ::= SEQUENCE { version, digestAlgorithms SET, contentInfo, [0] certificates
	 * OPTIONAL, [1] crls OPTIONAL, signerInfos SET } */
	if (der_expect(&sd, TAG_INTEGER, &skip, NULL) < 0 ||
	    der_expect(&sd, TAG_SET, &skip, NULL) < 0 ||
	    der_expect(&sd, TAG_SEQUENCE, &skip, NULL) < 0)
		return diag_fail(why, -EBADMSG, "corrupt signature: SignedData's first fields are "
				 "malformed");
	have_certs = der_optional(&sd, TAG_CTX0, &certs);
	if (have_certs < 0 || der_optional(&sd, TAG_CTX1, &skip) < 0 ||
	    der_expect(&sd, TAG_SET, &infos, NULL) < 0)
		return diag_fail(why, -EBADMSG, "corrupt signature: SignedData's certificates or "
				 "signer infos are malformed");

	/* The first SignerInfo ::= SEQUENCE { version, issuerAndSerialNumber SEQUENCE { issuer
	 * Name, serial INTEGER }, digestAlgorithm, ... }. Version 3's subjectKeyIdentifier ([0])
	 * is not followed: Authenticode signers use issuer and serial. */
	if (der_expect(&infos, TAG_SEQUENCE, &si, NULL) < 0 ||
	    der_expect(&si, TAG_INTEGER, &skip, NULL) < 0)
		return diag_fail(why, -EBADMSG, "corrupt signature: no SignerInfo");
	{
		struct der ias, name;

		if (der_expect(&si, TAG_SEQUENCE, &ias, NULL) < 0 ||
		    der_expect(&ias, TAG_SEQUENCE, &name, &si_issuer) < 0 ||
		    der_expect(&ias, TAG_INTEGER, &si_serial, NULL) < 0)
			return diag_fail(why, -EBADMSG, "corrupt signature: its SignerInfo names "
					 "no issuer and serial number");
	}
	if (der_expect(&si, TAG_SEQUENCE, &si_digest_alg, NULL) < 0 ||
	    der_expect(&si_digest_alg, TAG_OID, &dig_oid, NULL) < 0)
		return diag_fail(why, -EBADMSG, "corrupt signature: its SignerInfo has no digest "
				 "algorithm");
	s.digest = digest_name(dig_oid);

	r = -ENOENT;
	while (have_certs && certs.len) {
		struct der cert, serial, issuer, subject;
		uint8_t tag;

		if (der_next(&certs, &tag, &cert, NULL) < 0)
			return diag_fail(why, -EBADMSG, "corrupt signature: a certificate's length "
					 "runs past the certificate list");
		if (tag != TAG_SEQUENCE)
			continue; /* an attribute certificate ([1], [2]...): not a signer */
		s.nr_certs++;
		if (cert_fields(cert, &serial, &issuer, &subject) < 0)
			return diag_fail(why, -EBADMSG, "corrupt signature: certificate %u is "
					 "malformed", s.nr_certs);
		if (r == 0 || !der_eq(serial, si_serial) || !der_eq(issuer, si_issuer))
			continue;
		if (name_to_text(subject, s.subject, sizeof(s.subject)) < 0)
			return diag_fail(why, -EBADMSG, "corrupt signature: the signer's subject "
					 "name is malformed");
		{
			struct der iss = issuer, inner;

			if (der_expect(&iss, TAG_SEQUENCE, &inner, NULL) < 0 ||
			    name_to_text(inner, s.issuer, sizeof(s.issuer)) < 0)
				return diag_fail(why, -EBADMSG, "corrupt signature: the signer's "
						 "issuer name is malformed");
		}
		r = 0;
	}
	if (r < 0) {
		/* Still describe the issuer the signer info names. */
		struct der iss = si_issuer, inner;

		if (der_expect(&iss, TAG_SEQUENCE, &inner, NULL) == 0)
			(void)name_to_text(inner, s.issuer, sizeof(s.issuer));
		diag_set(why, "the signature does not carry its signer's certificate");
	}
	*ret = s;
	return r;
}
