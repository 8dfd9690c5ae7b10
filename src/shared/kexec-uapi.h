/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * kexec flags newer than the build host's <linux/kexec.h> (Debian 12's linux-libc-dev is 6.1),
 * each defined once here with the kernel release that added it. A kernel older than that
 * refuses the flag with EINVAL; every caller says what it does then.
 */
#include <linux/kexec.h>

/* kexec_load: the kernel rewrites the crash image's ELF core headers on CPU and memory
 * hotplug (Linux 6.6, CONFIG_CRASH_HOTPLUG). */
#ifndef KEXEC_UPDATE_ELFCOREHDR
#define KEXEC_UPDATE_ELFCOREHDR 0x00000004
#endif

/* kexec_load: the kernel logs what it does with the segments, as KEXEC_FILE_DEBUG does for
 * kexec_file_load. Posted upstream in 2025; no Debian kernel up to 7.3 has it (7.3 refuses it
 * with EINVAL: VM load-c-newest), so -d asks and falls back. */
#ifndef KEXEC_DEBUG
#define KEXEC_DEBUG 0x00000010
#endif

/* kexec_file_load: log placement decisions (Linux 6.7). */
#ifndef KEXEC_FILE_DEBUG
#define KEXEC_FILE_DEBUG 0x00000008
#endif

/* kexec_file_load: never put segments in CMA areas (Linux 6.17, which from then on may place
 * them there, saving a copy at exec time; devices still doing DMA into CMA would corrupt them). */
#ifndef KEXEC_FILE_NO_CMA
#define KEXEC_FILE_NO_CMA 0x00000010
#endif
