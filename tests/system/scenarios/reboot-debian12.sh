#!/bin/bash
# Debian 12 (systemd 252): reboot, systemctl reboot, shutdown -r, systemctl kexec come back
# through kexec; coldreboot, LOAD_KEXEC=false, a missing kernel, a broken configuration and
# a removed package go through the firmware; a new kernel package is the next kexec target.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
sys_reboot_scenario bookworm trixie
