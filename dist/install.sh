#!/bin/sh
# dist/install.sh: what "make install" installs.  Environment: DESTDIR (staging root),
# PREFIX (default /usr), SYSCONFDIR (default /etc), BUILD (the build directory).
# vmcore-dmesg and its manual page are installed only if $BUILD/vmcore-dmesg was built.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
DESTDIR=${DESTDIR:-}
PREFIX=${PREFIX:-/usr}
SYSCONFDIR=${SYSCONFDIR:-/etc}
BUILD=${BUILD:-build}
# systemd's and Debian's fixed places.
UNITDIR=${UNITDIR:-/usr/lib/systemd/system}
SHUTDOWNDIR=${SHUTDOWNDIR:-/usr/lib/systemd/system-shutdown}
UDEVDIR=${UDEVDIR:-/usr/lib/udev}
LIBDIR=$PREFIX/lib/kexec

inst() { # MODE SRC DEST
	install -D -m "$1" "$2" "$DESTDIR$3"
}

inst 755 "$BUILD/kexec" "$PREFIX/sbin/kexec"
inst 755 "$here/coldreboot" "$PREFIX/sbin/coldreboot"
if [ -x "$BUILD/vmcore-dmesg" ]; then
	inst 755 "$BUILD/vmcore-dmesg" "$PREFIX/sbin/vmcore-dmesg"
	inst 644 "$here/man/vmcore-dmesg.8" "$PREFIX/share/man/man8/vmcore-dmesg.8"
fi
inst 755 "$here/kexec-load" "$LIBDIR/kexec-load"
# Crash kernel reload on CPU/memory hotplug, for kernels that do not update it themselves.
inst 755 "$here/kexec-crash-reload" "$LIBDIR/kexec-crash-reload"
inst 644 "$here/udev/60-kexec-crash-hotplug.rules" "$UDEVDIR/rules.d/60-kexec-crash-hotplug.rules"
inst 644 "$here/kexec.default" "$PREFIX/share/kexec/kexec.default"
inst 644 "$here/kexec.default" "$SYSCONFDIR/default/kexec"
mkdir -p "$DESTDIR$SYSCONFDIR/default/kexec.d"

inst 644 "$here/systemd/kexec-load.service" "$UNITDIR/kexec-load.service"
inst 644 "$here/systemd/kexec-preload.service" "$UNITDIR/kexec-preload.service"
inst 644 "$here/systemd/kexec-check.path" "$UNITDIR/kexec-check.path"
inst 644 "$here/systemd/kexec-check.service" "$UNITDIR/kexec-check.service"
inst 644 "$here/systemd/kexec-crash-reload@.service" "$UNITDIR/kexec-crash-reload@.service"
# Under systemd the sysvinit scripts are replaced: kexec-load.service does kexec-ng-load's
# job, the systemd-shutdown hook kexec-ng-exec's.
mkdir -p "$DESTDIR$UNITDIR"
ln -sfn /dev/null "$DESTDIR$UNITDIR/kexec-ng-load.service"
ln -sfn /dev/null "$DESTDIR$UNITDIR/kexec-ng-exec.service"
inst 755 "$here/systemd-shutdown-kexec" "$SHUTDOWNDIR/zz-kexec"
inst 755 "$here/sysvinit/kexec-ng-exec" "$SYSCONFDIR/init.d/kexec-ng-exec"
inst 755 "$here/sysvinit/kexec-ng-load" "$SYSCONFDIR/init.d/kexec-ng-load"
for d in kernel/postinst.d kernel/postrm.d initramfs/post-update.d; do
	inst 755 "$here/kernel/zz-kexec" "$SYSCONFDIR/$d/zz-kexec"
done

inst 644 "$here/man/kexec.8" "$PREFIX/share/man/man8/kexec.8"
inst 644 "$here/man/coldreboot.8" "$PREFIX/share/man/man8/coldreboot.8"
inst 644 "$here/man/kexec.conf.5" "$PREFIX/share/man/man5/kexec.conf.5"
inst 644 "$here/completion/kexec" "$PREFIX/share/bash-completion/completions/kexec"
# What kexec --show --json prints (kexec(8) names this path).
inst 644 "$here/schema/kexec-show.schema.json" "$PREFIX/share/kexec/kexec-show.schema.json"
inst 644 "$here/schema/kexec-last-reboot.schema.json" "$PREFIX/share/kexec/kexec-last-reboot.schema.json"
inst 644 "$here/schema/kexec-inspect.schema.json" "$PREFIX/share/kexec/kexec-inspect.schema.json"
inst 644 "$here/schema/kexec-check.schema.json" "$PREFIX/share/kexec/kexec-check.schema.json"
