/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/*
 * Whether a kernel file carries an Authenticode signature, the way kexec_file_load's signature
 * check decides "unsigned" (kernel verify_pefile: the PE certificate table is empty). Only the
 * shape is read; whether the key is trusted is for the kernel's keyrings to say.
 */
struct pe_signature {
	uint32_t offset; /* the certificate table in the file */
	uint32_t size;
	uint16_t cert_type; /* the first WIN_CERTIFICATE's type: 0x0002 is PKCS#7 signed data */
};

/*
 * 0 and *ret: the file has a certificate table. -ENODATA: a PE file without one (unsigned).
 * -ENOEXEC: not a PE file at all (no "MZ" header or no "PE\0\0"), which signature checks treat
 * as unsigned too. -EBADMSG: a PE file whose headers or certificate table lie outside it
 * (@why says which).
 */
int pe_signature_find(const void *buf, size_t len, struct pe_signature *ret, struct diag *why);
