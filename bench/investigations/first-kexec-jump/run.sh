#!/bin/bash
# run.sh TAG [KEY=VALUE...]: boot the cached Debian 12 image like tests/system/lib.sh's sys_boot
# (plus an HMP monitor socket and named threads) with guest.sh as payload; KEY=VALUE pairs go
# to the guest (see guest.sh).  hmpsample.py samples the vCPU and QEMU's TB counters every $IV s.
# Output: $OUT/TAG.log (console, stamped with host seconds), $OUT/TAG.samples.
# Environment: ACCEL (default tcg; e.g. tcg,tb-size=64), IMG, KEXEC (default build/kexec),
# DEB (default build/system/kexec-ng_*.deb), TIMEOUT, IV, OUT (default /tmp/first-kexec-jump).
# Run as root from anywhere; one VM at a time.
set -e
here=$(cd "$(dirname "$0")" && pwd)
tag=$1; shift
repo=$(cd "$here/../../.." && pwd)
OUT=${OUT:-/tmp/first-kexec-jump}
IMG=${IMG:-$(ls -d /var/cache/kexec-test/images/bookworm-systemd-*/ | head -n 1)}
KEXEC=${KEXEC:-$repo/build/kexec}
TIMEOUT=${TIMEOUT:-1500}
IV=${IV:-1}
# shellcheck source=../../../tests/system/lib.sh
# shellcheck disable=SC1091
source "$repo/tests/system/lib.sh"
mkdir -p "$OUT"
work=$(mktemp -d /tmp/fkj-run.XXXXXX)
mkdir "$work/payload"
cp "$here/guest.sh" "$KEXEC" "$work/payload/"; cp "${DEB:-$(ls "$repo"/build/system/kexec-ng_*.deb | head -n 1)}" "$work/payload/kexec-ng.deb"
for kv in "$@"; do printf '%s="%s"\n' "${kv%%=*}" "${kv#*=}"; done >"$work/payload/env"
qemu-img create -q -f qcow2 -F raw -b "$IMG/root.img" "$work/root.qcow2"
mkfs.ext4 -q -F -L payload -d "$work/payload" "$work/payload.img" 256M
# shellcheck disable=SC2206 # QEMU_EXTRA: options split at spaces
cmd=(qemu-system-x86_64 -accel "${ACCEL:-tcg}" -cpu max -smp 1 -m 1G -nodefaults -nographic
	-serial stdio -serial "file:$work/ttyS1"
	-drive "file=$work/root.qcow2,if=virtio,format=qcow2,cache=unsafe"
	-drive "file=$work/payload.img,if=virtio,format=raw,readonly=on"
	-kernel "$IMG/vmlinuz" -initrd "$IMG/initrd.img"
	-append "BOOT_IMAGE=/boot/vmlinuz root=/dev/vda ro console=ttyS0 $APPEND0"
	-monitor "unix:$work/mon.sock,server,nowait" -name "kt,debug-threads=on" $QEMU_EXTRA)
log=$OUT/$tag.log
{ echo "# $(date -Is) uptime: $(uptime)"; echo "# env: $*"; echo "# ${cmd[*]}"; } >"$log"
t0=${EPOCHREALTIME/[.,]/}
python3 "$here/hmpsample.py" "$work/mon.sock" "$OUT/$tag.samples" "$t0" "$IV" &
sp=$!
set +e
timeout --foreground -k 5 "$TIMEOUT" "${cmd[@]}" </dev/null 2>&1 | _sys_stamp "$t0" >>"$log"
rc=${PIPESTATUS[0]}
set -e
wait $sp
cat "$work/ttyS1" >"$OUT/$tag.ttyS1" 2>/dev/null || true
echo "# rc=$rc end $(date -Is) uptime: $(uptime)" >>"$log"
rm -rf "$work"
