/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

#include "arch.h"

/* kexec-tools' x86 options that mean something for a 64-bit kexec_load, as parsed. */
struct x86_options {
	bool noefi;            /* --noefi: pass no UEFI state */
	bool console_serial;   /* --console-serial: the purgatory reports its checks */
	bool console_vga;      /* --console-vga: ... also on the VGA text screen */
	uint16_t serial_port;  /* --serial: I/O port, 0x3f8 (ttyS0) unless given */
	uint32_t serial_baud;  /* --serial-baud: 0 leaves the UART as the firmware/kernel set it */
	bool reuse_video_type; /* --reuse-video-type: keep the boot-time video type for the fb */
};
static_assert(sizeof(struct x86_options) <= sizeof(struct arch_options), "fits arch_options");

static inline const struct x86_options *x86_options(const struct arch_options *o)
{
	return (const struct x86_options *)o->priv;
}

extern const struct arch_option x86_option_table[];
extern const char x86_usage[];
void x86_options_init(struct arch_options *o);
int x86_parse_option(struct arch_options *o, int id, const char *value, struct diag *d);
const char *x86_kexec_load_only_option(const struct arch_options *o);
