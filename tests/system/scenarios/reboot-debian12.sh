#!/bin/bash
# Debian 12 (systemd 252): reboot, systemctl reboot and systemctl kexec come back through kexec
# (into a newly installed kernel package too); coldreboot, LOAD_KEXEC=false, a missing kernel
# and "shutdown -r" with a syntax error in /etc/default/kexec go through the firmware.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
sys_reboot_scenario bookworm host syntax
