#!/bin/bash
# Debian 13 (systemd 257, kdump-tools from trixie): the steps of kdump-debian12, with 5 rounds
# of the race instead of Debian 12's 8 (each costs about 20 s under TCG).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../kdump.sh"
sys_kdump_scenario trixie bookworm 5
