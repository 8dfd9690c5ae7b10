/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * BIOS Enhanced Disk Drive information (boot_params.eddbuf and edd_mbr_sig_buffer). The BIOS
 * answers these int 13h queries only in real mode, before the first kernel starts; a kexec'd
 * kernel can only get them from us, from what the first kernel's edd driver exports in
 * /sys/firmware/edd. Tools that map BIOS disks to Linux devices (and the edd driver itself)
 * need it.
 */
#include <asm/bootparam.h>
#include <linux/edd.h>
#include <stdint.h>

struct x86_edd {
	struct edd_info info[EDDMAXNR];
	unsigned int nr_info;
	uint32_t mbr_sig[EDD_MBR_SIG_MAX];
	unsigned int nr_mbr_sig;
};

/* Read /sys/firmware/edd/int13_dev* relative to @rootfd, in BIOS device order. -ENOENT: no
 * /sys/firmware/edd (BIOS without EDD, UEFI, or the edd module not loaded). */
int x86_edd_read(int rootfd, struct x86_edd *ret);
void x86_edd_fill(struct boot_params *bp, const struct x86_edd *edd);
