/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * One logging helper for the whole program. Library code logs only at debug level and returns
 * -errno; the command layer logs the one line the user sees, with log_error_errno(), which
 * returns the error so that "return log_error_errno(r, ...)" logs and propagates at once.
 * "%m" in a format prints strerror() of the error passed in.
 */

#include "macro.h"

enum log_level {
	LOG_ERR = 3,
	LOG_WARNING = 4,
	LOG_NOTICE = 5,
	LOG_INFO = 6,
	LOG_DEBUG = 7,
};

#ifndef LOG_PREFIX
#define LOG_PREFIX ""
#endif

/* The single piece of global mutable state: how much to say. */
void log_set_max_level(enum log_level level);
enum log_level log_get_max_level(void);
/* Program name printed before every message ("kexec: ..."). */
void log_set_program(const char *name);

int log_internal(enum log_level level, int error, const char *prefix, const char *fmt, ...)
	_printf_(4, 5);

#define log_full_errno(level, error, ...) log_internal(level, error, LOG_PREFIX, __VA_ARGS__)
#define log_debug(...) log_full_errno(LOG_DEBUG, 0, __VA_ARGS__)
#define log_info(...) log_full_errno(LOG_INFO, 0, __VA_ARGS__)
#define log_notice(...) log_full_errno(LOG_NOTICE, 0, __VA_ARGS__)
#define log_warning(...) log_full_errno(LOG_WARNING, 0, __VA_ARGS__)
#define log_error(...) log_full_errno(LOG_ERR, 0, __VA_ARGS__)
#define log_debug_errno(error, ...) log_full_errno(LOG_DEBUG, error, __VA_ARGS__)
#define log_warning_errno(error, ...) log_full_errno(LOG_WARNING, error, __VA_ARGS__)
#define log_error_errno(error, ...) log_full_errno(LOG_ERR, error, __VA_ARGS__)

static inline int log_debug_enabled(void)
{
	return log_get_max_level() >= LOG_DEBUG;
}
