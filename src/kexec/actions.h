/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "args.h"
#include "exit-code.h"

/* -e, and the second half of -f: sync, bring interfaces down, jump. Returns only on failure. */
enum kexec_exit kexec_exec(const struct kexec_args *a, int rootfd);
/* The second half of "kexec KERNEL": let the init system shut down, then it jumps. */
enum kexec_exit kexec_reboot_via_init(int rootfd);
/* -u */
enum kexec_exit kexec_unload(const struct kexec_args *a, int rootfd);
/* -S: KEXEC_EXIT_LOADED or KEXEC_EXIT_OK. */
enum kexec_exit kexec_status(const struct kexec_args *a, int rootfd);
/* --print-ckr-size: the crash kernel reservation's size in bytes on stdout (0: none). */
enum kexec_exit kexec_print_ckr_size(int rootfd);
