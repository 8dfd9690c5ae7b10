#!/bin/bash
# The kernel's loader as the oracle under SeaBIOS on q35 with 2 vCPUs and 6 GiB (RAM above 4 GiB): stage 2 booted by `-s` and by `-c` must be handed the same boot_params, memory map, setup_data, reserved ranges, ACPI tables and console (tests/vm/oracle.sh).
. "$(dirname "$0")/../lib.sh"
. "$VM_LIB_DIR/oracle.sh"
vm_firmware bios
vm_mem 6G
vm_qemu_args -machine q35 -smp 2
# Under a loaded host (TCG, other VMs) one boot here has taken 120 s.
vm_timeout 300
oracle_init
oracle_boot s
oracle_boot c
oracle_compare s c
vm_done
