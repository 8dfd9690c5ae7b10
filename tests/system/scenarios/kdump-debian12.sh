#!/bin/bash
# Debian 12 with kexec-ng and Debian's kdump-tools: both loaded after boot, kdump-config reload
# racing kexec-load for 20 rounds without a failure, both current after a kernel upgrade, and a
# real panic saved by kdump-tools into /var/crash (guest/kdump-test.sh).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../kdump.sh"
sys_kdump_scenario bookworm host 20
