/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A Unified Kernel Image for tests, as systemd's ukify lays one out (UKI specification): base
 * sections .osrel, .cmdline, .uname, .linux (a generated bzImage), .initrd, then two profiles,
 * each a .profile section followed by the sections it overrides (systemd 257's multi-profile
 * UKIs). The stub's own .text is a few bytes of nothing.
 */
#include "gen-bzimage.h"
#include "gen-pe.h"

#define GEN_UKI_UNAME "6.1.0-99-amd64"
#define GEN_UKI_CMDLINE "root=/dev/vda ro console=ttyS0"

static inline size_t gen_uki(const void *cert, size_t cert_len, uint8_t **ret)
{
	static const char stub[64] = { (char)0xc3 };
	static const char osrel[] = "ID=debian\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n";
	static const char initrd[] = "070701 (a cpio archive would be here)";
	static unsigned char bz[GEN_BZIMAGE_SIZE];
	const struct gen_pe_section s[] = {
		{ ".text", stub, sizeof(stub) },
		{ ".osrel", osrel, sizeof(osrel) - 1 },
		{ ".cmdline", GEN_UKI_CMDLINE "\n", sizeof(GEN_UKI_CMDLINE) },
		{ ".uname", GEN_UKI_UNAME, sizeof(GEN_UKI_UNAME) - 1 },
		{ ".linux", bz, sizeof(bz) },
		{ ".initrd", initrd, sizeof(initrd) - 1 },
		{ ".profile", "ID=default\nTITLE=Default", 24 },
		{ ".profile", "ID=rescue\nTITLE=Rescue shell", 28 },
		{ ".cmdline", "root=/dev/vda ro rescue", 23 },
	};

	gen_bzimage(bz);
	return gen_pe(0x8664, s, sizeof(s) / sizeof(s[0]), cert, cert_len, ret);
}
