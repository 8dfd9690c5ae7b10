#!/bin/bash
# The kernel's loader as the oracle under SeaBIOS on the pc machine with 1 vCPU: stage 2 booted by `-s` and by `-c`, as a normal kernel and as a crash kernel after a panic, must be handed the same boot_params, memory map, setup_data, reserved ranges, ACPI tables and console (tests/vm/oracle.sh).
. "$(dirname "$0")/../lib.sh"
. "$VM_LIB_DIR/oracle.sh"
vm_firmware bios
# nokaslr: where crashkernel= lands follows where stage 1's kernel was put; both crash boots
# must have the same reservation for their capture kernels' maps to compare.
vm_stage1_append crashkernel=192M nokaslr
# Under a loaded host (TCG, other VMs) one boot here has taken 120 s.
vm_timeout 300
oracle_init
oracle_boot s
oracle_boot c
oracle_boot s-crash
oracle_boot c-crash
oracle_compare s c
oracle_compare s-crash c-crash --crash
vm_done
