/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Who signed a PE image: the PKCS#7 SignedData of an Authenticode signature (a WIN_CERTIFICATE
 * of type PKCS_SIGNED_DATA in the certificate table, pe.h), read just far enough to name the
 * signer: the certificate its SignerInfo points at (issuer and serial number), and the digest.
 *
 * Nothing is verified here: the running kernel checks signatures against its own keyrings;
 * this only describes. A minimal DER reader, not OpenSSL: linking libcrypto statically adds
 * 3.7 MB to a 0.5 MB binary (measured, glibc, stripped), and Debian ships no musl build of it.
 * Pure and strict: definite lengths only, every length checked against its container.
 */
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct authenticode_signer {
	/* The signing certificate's subject and issuer, "CN=..., O=..." in their order. */
	char subject[256];
	char issuer[256];
	const char *digest; /* "sha256", "sha1", ...; NULL if unknown */
	unsigned nr_certs;  /* certificates the signature carries (the signer's and its chain) */
};

/*
 * Parse the PKCS#7 ContentInfo in @buf (the bCertificate of a WIN_CERTIFICATE). Returns 0,
 * -EBADMSG when it is not well-formed DER or not SignedData (@why says where), -ENOENT when
 * the certificate its signer names is not among those it carries (the subject is then "").
 */
int authenticode_signer(const void *buf, size_t len, struct authenticode_signer *ret,
			struct diag *why);
