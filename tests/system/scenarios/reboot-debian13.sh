#!/bin/bash
# Debian 13 (systemd 257): the same steps as reboot-debian12.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
sys_reboot_scenario trixie bookworm
