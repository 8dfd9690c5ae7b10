#!/bin/bash
# Debian 13 (systemd 257): the steps of reboot-debian12, but the last reboot follows "dpkg -r":
# removed, the package leaves firmware reboots.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
sys_reboot_scenario trixie bookworm remove
