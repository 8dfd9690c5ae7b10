#!/bin/bash
# The kernel's loader as the oracle after a native DRM driver (bochs-drm) took the boot framebuffer from efifb in stage 1, under OVMF on q35 with 2 vCPUs: stage 2 must get the firmware's framebuffer back (the same screen_info as through `-s`) and start its fb console on it, as with everything else tests/vm/oracle.sh compares.
. "$(dirname "$0")/../lib.sh"
. "$VM_LIB_DIR/oracle.sh"
vm_firmware uefi
vm_qemu_args -machine q35 -smp 2 -device VGA
vm_timeout 240
oracle_drm_modules bochs
oracle_init
oracle_boot s
oracle_boot c
oracle_compare s c
vm_done
