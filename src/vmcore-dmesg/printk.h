/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "diag.h"

/*
 * The crashed kernel's log, read from its memory with nothing but VMCOREINFO: every symbol
 * address, struct size and member offset comes from there, so one binary reads any kernel
 * version without its debug info. Three layouts, newest first:
 *
 *   lockless ringbuffer (5.10+): SYMBOL(prb) points to a struct printk_ringbuffer: a ring of
 *     descriptors (state, text position), a parallel ring of struct printk_info (timestamp,
 *     text length) and a text data ring of blocks {unsigned long id; char text[]}.
 *   record buffer (3.5 - 5.9): log_buf holds struct printk_log headers, each followed by its
 *     text (and dictionary), from log_first_idx to log_next_idx; a header with len 0 says
 *     "wrap to the start".
 *   character buffer (before 3.5): log_buf holds plain text, log_end counts bytes ever written.
 *
 * Records come out in order through a callback. printk_format_record() prints them as
 * makedumpfile --dump-dmesg does, so the outputs of both tools can be compared byte for byte.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vmcore.h"

/* Read @len bytes at kernel virtual address @vaddr; 0 or -errno (-EFAULT: not in the dump). */
typedef int (*printk_read_fn)(void *userdata, uint64_t vaddr, void *buf, size_t len);

struct printk_record {
	uint64_t ts_nsec;
	const char *text;
	size_t text_len;
	/* A chunk of a pre-3.5 character buffer: no timestamp, printed as is. */
	bool raw;
};

/* Called per record; a negative return stops the walk and is returned by printk_walk(). */
typedef int (*printk_emit_fn)(void *userdata, const struct printk_record *rec);

enum printk_format {
	PRINTK_LOCKLESS,
	PRINTK_RECORDS,
	PRINTK_CHARS,
};

const char *printk_format_name(enum printk_format f);


/*
 * Which layout VMCOREINFO describes. -ENOENT if none (no SYMBOL(prb), no SYMBOL(log_buf)).
 */
int printk_detect(const struct vmcoreinfo *vi, enum printk_format *ret);

/*
 * Walk the log and emit every record. Returns 0, or:
 *   -ENOENT   VMCOREINFO lacks an entry this layout needs (@diag names it)
 *   -EINVAL   VMCOREINFO has a malformed value, or sizes and offsets that do not fit together
 *   -EBADMSG  a size, offset or index is out of range, or the log is corrupt (a loop, a record
 *             outside its buffer); records before the damage have been emitted
 *   -EFAULT   a needed address is not in the dump
 *   or what @read or @emit returned.
 * Every loop is bounded by the buffer it walks, so a hostile dump cannot make it spin.
 * @diag may be NULL.
 */
int printk_walk(const struct vmcoreinfo *vi, printk_read_fn read, void *read_data,
		printk_emit_fn emit, void *emit_data, struct diag *diag);

/*
 * Print one record as makedumpfile --dump-dmesg: "[%5llu.%06llu] " then the text, bytes
 * other than printable ASCII and white space as \xNN, each newline inside the text followed by
 * blanks up to the text column, and a final newline. Raw records are written unchanged.
 * 0, or -EIO if @f reports an error.
 */
int printk_format_record(FILE *f, const struct printk_record *rec);
