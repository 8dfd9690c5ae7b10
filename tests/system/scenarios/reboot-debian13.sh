#!/bin/bash
# Debian 13 (systemd 257): the steps of reboot-debian12, but the second kernel is found through
# GRUB's configuration (USE_GRUB_CONFIG=true, grub.cfg rewritten by update-grub when the kernel
# package is installed) and the last reboot follows "dpkg -r": removed, the package leaves
# firmware reboots.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
SYS_GRUB=1 sys_reboot_scenario trixie bookworm remove
