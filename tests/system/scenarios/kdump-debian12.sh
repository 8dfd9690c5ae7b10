#!/bin/bash
# Debian 12 with kexec-ng and Debian's kdump-tools: both loaded after boot, kdump-config reload
# racing kexec-load for 8 rounds without a failure, kdump-tools' crash kernel reloaded by our udev
# rule's service after a vCPU is plugged in, both current after a kernel upgrade, and a
# real panic saved by kdump-tools into /var/crash (guest/kdump-test.sh).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../kdump.sh"
# 8 rounds, not the 20 of session 4 (27 rounds ran clean then, 6.5 min under TCG): the
# test command must make room for the x86 oracle matrix and the newest kernel's scenarios.
sys_kdump_scenario bookworm host 8 plug
