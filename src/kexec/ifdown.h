/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Bring every network interface but loopback down before jumping, as kexec-tools does for -e and
 * -f: some drivers leave DMA running into memory the new kernel will reuse unless told to stop.
 * Returns 0 or the first -errno; carries on past errors.
 */
int ifdown_all(void);
