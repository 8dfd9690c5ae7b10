/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * UEFI runtime services across kexec_load (x86_64). After SetVirtualAddressMap() the firmware
 * cannot be set up again, so a kexec'd kernel keeps runtime services only if it is told where
 * the running kernel mapped them and where the firmware's tables are. The kernel's own
 * kexec_file loader does it in arch/x86/kernel/kexec-bzimage64.c, setup_efi_state(); we do the
 * same from what the running kernel exports in sysfs:
 *
 *   boot_params.efi_info   signature, system table and descriptor version from the running
 *                          kernel's own zero page (/sys/kernel/boot_params/data); memmap =
 *                          the runtime map (/sys/firmware/efi/runtime-map/N/), with the
 *                          running kernel's descriptor size
 *   boot_params.secure_boot  carried over, as kexec_file does
 *   setup_data SETUP_EFI   struct efi_setup_data: physical fw_vendor and config table
 *                          addresses (the system table's own copies became virtual), and the
 *                          SMBIOS entry point (/sys/firmware/efi/{fw_vendor,config_table,systab})
 *
 * The new kernel sees the setup_data, skips SetVirtualAddressMap() and maps each runtime region
 * at the virtual address it had before (arch/x86/platform/efi/efi.c,
 * kexec_enter_virtual_mode()).
 */

#include <asm/bootparam.h>
#include <stddef.h>
#include <stdint.h>

/* efi_memory_desc_t (UEFI spec, include/linux/efi.h): what each runtime-map entry holds. */
struct x86_efi_memdesc {
	uint32_t type;
	uint32_t pad;
	uint64_t phys_addr;
	uint64_t virt_addr;
	uint64_t num_pages;
	uint64_t attribute;
};

/*
 * struct efi_setup_data (arch/x86/include/asm/efi.h), the payload of a SETUP_EFI setup_data.
 * Since Linux 5.7 the second field is unused (the runtime table pointer is read from the
 * system table); older kernels read it as the runtime services table, so we fill it in.
 */
struct x86_efi_setup_data {
	uint64_t fw_vendor;
	uint64_t runtime;
	uint64_t tables;
	uint64_t smbios;
	uint64_t reserved[8];
};

#define X86_EFI64_LOADER_SIGNATURE 0x34364c45u /* "EL64" */
/* Hard caps on what sysfs may hand us. */
#define X86_EFI_MAX_RUNTIME_ENTRIES 1024
#define X86_EFI_MAX_DESC_SIZE 1024

/* What a kexec'd kernel needs to keep UEFI runtime services; nr_map == 0: nothing to pass. */
struct x86_efi {
	uint32_t loader_signature;
	uint64_t systab;          /* physical address of the EFI system table */
	uint32_t memdesc_version;
	uint32_t memdesc_size;    /* the running kernel's descriptor stride, >= 40 */
	uint8_t secure_boot;
	uint64_t fw_vendor;       /* physical */
	uint64_t runtime;         /* for kernels before 5.7 */
	uint64_t tables;          /* physical address of the configuration table */
	uint64_t smbios;          /* SMBIOS (2.x) entry point; 0: none */
	struct x86_efi_memdesc *map;
	size_t nr_map;
};

/*
 * Read what the running kernel exports, relative to @rootfd. Returns 0 with ret->nr_map == 0
 * when there is nothing to hand over (booted through BIOS, 32-bit firmware, runtime services
 * off, a kernel without CONFIG_EFI_RUNTIME_MAP); the reason is logged at debug level. Returns
 * -EBADMSG for values that do not parse, -E2BIG above the caps, -ENOMEM, or read errors.
 */
int x86_efi_read(int rootfd, struct x86_efi *ret);
/* The same, from the running kernel's zero page already read by x86_running_boot_params(). */
int x86_efi_read_with(int rootfd, const struct boot_params *running, struct x86_efi *ret);
/* The running kernel's own zero page, /sys/kernel/boot_params/data. */
int x86_running_boot_params(int rootfd, struct boot_params *ret);
/* boot_params.secure_boot of the running kernel: 1 enabled, 0 disabled, -ENOENT unset/unknown. */
int x86_secure_boot(int rootfd);
void x86_efi_done(struct x86_efi *efi);

/* Bytes x86_efi_fill() needs: the runtime map (rounded up to 16) and the setup_data; 0 for
 * NULL or nothing to pass. */
size_t x86_efi_data_size(const struct x86_efi *efi);

/*
 * Write the runtime map and the SETUP_EFI setup_data into @buf, which the new kernel will find
 * at physical address @addr (16-byte aligned), fill bp->efi_info and bp->secure_boot, and chain
 * the setup_data in front of bp->hdr.setup_data. Does nothing for NULL or nothing to pass.
 * Returns 0, -EINVAL for an unaligned @addr, -ENOSPC if @len < x86_efi_data_size(),
 * -EOVERFLOW if the map would not be addressable by efi_info's 32-bit size field.
 */
int x86_efi_fill(const struct x86_efi *efi, struct boot_params *bp, void *buf, size_t len,
		 uint64_t addr);
