/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "image.h"

struct x86_load_request {
	const struct image_ops *ops;
	struct image_load_args args; /* args.env is filled in here */
	bool verify;                 /* purgatory checks SHA-256 (not -i) */
	bool verbose;                /* purgatory reports what it checked (-d, --console-*) */
	bool console_vga;            /* ... also on the VGA text screen */
	uint16_t serial_port;        /* its UART; errors always go there */
	uint32_t serial_baud;        /* program the UART first; 0: leave it */
	/* Test hook: flip a byte of the segment with this name after hashing (fault injection). */
	const char *corrupt_segment;
};

/*
 * Plan every segment (the image's and our purgatory), hash them, and call kexec_load. Returns 0
 * or -errno; on failure @why holds one line for the user when the cause is ours (no room, an
 * invalid plan), and is empty when the kernel refused (the caller explains its errno).
 */
int x86_kexec_load(int rootfd, struct x86_load_request *req, char *why, size_t whylen);
