#!/bin/bash
# The kernel's loader as the oracle under OVMF on q35, 1 vCPU, with a VGA device whose GOP framebuffer a native DRM driver (bochs-drm) took from efifb in stage 1: stage 2 booted by `-s` and by `-c` must be handed the same boot_params (screen_info: the firmware's framebuffer), memory map, setup_data, reserved ranges, ACPI tables and console, and start its fb console on that framebuffer (tests/vm/oracle.sh).
. "$(dirname "$0")/../lib.sh"
. "$VM_LIB_DIR/oracle.sh"
vm_firmware uefi
vm_qemu_args -machine q35 -device VGA
vm_timeout 300
oracle_drm_modules
oracle_init
oracle_boot s
vm_expect '^STAGE1 fb: 0 bochs-drmdrmfb$'
oracle_boot c
vm_expect '^STAGE1 fb: 0 bochs-drmdrmfb$'
# Item 3 of issue #11: the new kernel's console is on the firmware's framebuffer again.
vm_expect '^VIEW klog Console: switching to colour frame buffer device [0-9]+x[0-9]+$'
vm_expect '^VIEW klog fb0: EFI VGA frame buffer device$'
oracle_compare s c
vm_done
