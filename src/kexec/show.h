/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "exit-code.h"

/*
 * --show [--json]: what is loaded, the normal and the crash image, on @out. Whether one is
 * loaded is the running kernel's word (sysfs); the details come from the load record our kexec
 * wrote (load-record.h) and are shown only when that record is valid, from this boot, and the
 * kernel says loaded. KEXEC_EXIT_OK, or KEXEC_EXIT_NO_KEXEC without /sys/kernel/kexec_loaded.
 */
enum kexec_exit kexec_show(int rootfd, bool json, FILE *out);
