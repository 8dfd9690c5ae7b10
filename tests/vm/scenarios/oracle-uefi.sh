#!/bin/bash
# The kernel's loader as the oracle, under OVMF on q35 with a VGA device whose GOP framebuffer efifb takes: stage 2 booted by `-s` and by `-c` must be handed the same boot_params, memory map, setup_data, reserved ranges, ACPI tables and console (tests/vm/oracle.sh).
. "$(dirname "$0")/../lib.sh"
. "$VM_LIB_DIR/oracle.sh"
vm_firmware uefi
vm_qemu_args -machine q35 -device VGA
vm_timeout 240
oracle_init
oracle_boot s
oracle_boot c
oracle_compare s c
vm_done
