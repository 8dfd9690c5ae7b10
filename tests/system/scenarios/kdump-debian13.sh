#!/bin/bash
# Debian 13 (systemd 257, kdump-tools from trixie): the steps of kdump-debian12, with 5 rounds
# of the race instead of 20 (each costs about 20 s under TCG; Debian 12 runs the full 20).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../kdump.sh"
sys_kdump_scenario trixie bookworm 5
