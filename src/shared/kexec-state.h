/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* What the running kernel says about kexec, read relative to @rootfd ("/" outside tests). */

/* 1 if a (crash) kernel is loaded, 0 if not; -ENOENT when the kernel has no kexec at all. */
int kexec_state_loaded(int rootfd, bool crash);
/* 1 if kernel.kexec_load_disabled is set (it cannot be unset until reboot). */
int kexec_state_load_disabled(int rootfd);
/* The active lockdown mode ("none", "integrity", "confidentiality"); -ENOENT if unknown. */
int kexec_state_lockdown(int rootfd, char *buf, size_t size);
/*
 * UEFI Secure Boot as the kernel sees it (efi_get_secureboot: SecureBoot set and SetupMode not),
 * from the EFI variables: 1 on, 0 off or not an EFI boot, -ENOENT unknown (efivarfs not mounted).
 */
int kexec_state_secure_boot(int rootfd);
/*
 * The IMA policy in force (securityfs ima/policy, root only and only with CONFIG_IMA_READ_POLICY):
 * malloc'd text in *ret, or -errno (-ENOENT, -EACCES: unknown).
 */
int kexec_state_ima_policy(int rootfd, char **ret);
/*
 * Whether IMA policy text @policy has an appraise rule for the kernel images kexec_file_load
 * reads (func=KEXEC_KERNEL_CHECK): 1 and, in *ret_modsig, whether it also takes a signature
 * appended to the file (appraise_type=imasig|modsig); 0 if none. Pure, for tests.
 */
int ima_policy_appraises_kexec(const char *policy, bool *ret_modsig);
/* The same for any IMA hook @func_name ("KEXEC_INITRAMFS_CHECK"...). */
int ima_policy_appraises(const char *policy, const char *func_name, bool *ret_modsig);
/*
 * 1 if this process runs under a seccomp filter (a systemd unit's SystemCallFilter=, a container
 * runtime), which may refuse the kexec system calls with EPERM; 0 if not; -errno if unknown.
 */
int kexec_state_seccomp_filtered(int rootfd);
/* The "Seccomp:" mode in /proc/PID/status text (0 off, 1 strict, 2 filter); -ENOENT if absent. */
int proc_status_seccomp_mode(const char *status);
