// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every architecture's dump layout, whatever this kexec was built for: a dump is read where it
 * is convenient. Apart from native.c so that vmcore-dmesg links the layouts only, not the arch
 * tables (and their loaders) behind arch_native().
 */
#include <stddef.h>

#include "arch.h"

const struct arch_dump *arch_dump_for_machine(uint16_t m)
{
	static const struct arch_dump *const all[] = { &arch_dump_x86_64, &arch_dump_arm64 };

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i]->elf_machine == m)
			return all[i];
	return NULL;
}
