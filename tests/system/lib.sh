# shellcheck shell=bash
# tests/system/lib.sh: full Debian systems in QEMU (TCG) for the reboot integration tests.
#
# Images are built once with mmdebstrap into $KEXEC_TEST_CACHE/images/<name>/ and reused:
#   root.img     ext4 file system of the whole disk (root=/dev/vda), never written by a test
#   vmlinuz, initrd.img   the image's kernel, booted directly by QEMU (no boot loader)
#   kernel.deb   the cloud kernel package the image installed (Debian 13's scenario installs
#                Debian 12's as "a second kernel package")
#   recipe       what the image was built from; a different recipe rebuilds the image
# A test boots a qcow2 overlay on root.img plus a read-only payload disk (/dev/vdb) holding our
# .deb and the guest's test script; the image's kt-agent service runs that script at each boot.
#
# arm64 images (sys_image RELEASE INIT arm64) are built on this x86_64 host too: mmdebstrap runs
# their maintainer scripts through qemu-user-static's binfmt_misc handler.  They boot under
# qemu-system-aarch64 -M virt -cpu cortex-a57 (TCG) with Debian's cloud-arm64 kernel, straight
# from QEMU (no firmware: a reboot through "the firmware" is QEMU's reset, which boots the
# -kernel again); the kernel's console is the PL011 (ttyAMA0), the guest script's the second
# port of a PCI 16550 card (ttyS1, as on x86).
#
# Functions: sys_image RELEASE INIT [ARCH] (prints the image directory, building it if needed),
# sys_build_deb OUTDIR [ARCH], sys_boot (see below), sys_mirror.

SYS_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SYS_REPO=$(cd "$SYS_LIB_DIR/../.." && pwd)
SYS_CACHE=${KEXEC_TEST_CACHE:-/var/cache/kexec-test}/images
SYS_DEPS=(mmdebstrap qemu-system-x86 qemu-utils e2fsprogs ovmf)
# What arm64 images need besides: QEMU for arm64 (_sys_foreign_exec installs what builds them).
SYS_DEPS_ARM64=(qemu-system-arm)

# shellcheck source=../../tools/deps.sh
. "$SYS_REPO/tools/deps.sh"

sys_die() {
	echo "system: error: $*" >&2
	exit 1
}

# The Debian archive the host uses (the only network reachable), for mmdebstrap.
sys_mirror() {
	local uri
	uri=$(awk '/^URIs:/ && $2 ~ /debian\/?$/ { print $2; exit }' /etc/apt/sources.list.d/*.sources \
		2>/dev/null || true)
	[[ -n $uri ]] || uri=$(awk '$1 == "deb" && $2 !~ /^\[/ && $3 ~ /^[a-z]+$/ { print $2; exit }' \
		/etc/apt/sources.list 2>/dev/null || true)
	echo "${uri:-http://deb.debian.org/debian}"
}

# _sys_foreign_exec ARCH: let this host run ARCH's programs, as mmdebstrap must for a foreign
# image (its maintainer scripts) and so does the customize step (chroot): qemu-user-static's
# handler registered with binfmt_misc, with the F flag (the interpreter is opened when it is
# registered, so it also works inside the chroot).
_sys_foreign_exec() {
	local arch=$1 handler bm=/proc/sys/fs/binfmt_misc
	case $arch in
	arm64) handler=qemu-aarch64 ;;
	*) sys_die "no QEMU user-mode handler known for $arch" ;;
	esac
	# arch-test: mmdebstrap checks with it that the architecture's programs run here.
	deps_install qemu-user-static binfmt-support arch-test
	if [[ ! -e $bm/status ]]; then
		mount -t binfmt_misc binfmt_misc "$bm" || sys_die "cannot mount binfmt_misc on $bm"
	fi
	[[ $(cat "$bm/status") == enabled ]] || sys_die "binfmt_misc is disabled ($bm/status)"
	if [[ $(head -n 1 "$bm/$handler" 2>/dev/null) != enabled ]]; then
		echo "system: update-binfmts --enable $handler" >&2
		update-binfmts --enable "$handler" >&2 || sys_die "update-binfmts --enable $handler failed"
	fi
	if [[ $(head -n 1 "$bm/$handler" 2>/dev/null) != enabled ]] || ! grep -q '^flags: .*F' "$bm/$handler"; then
		sys_die "$handler is not registered in $bm with the F flag (update-binfmts --display $handler)"
	fi
}

# The recipe: everything that decides the image's contents.  Editing this function, the agent
# or the package lists rebuilds the cached images.
_sys_recipe() {
	local release=$1 init=$2 arch=$3
	local pkgs=linux-image-cloud-$arch,initramfs-tools,e2fsprogs,kmod,procps,util-linux
	case $init in
	systemd) pkgs+=,systemd,systemd-sysv,udev,dbus ;;
	# Debian's kdump-tools beside us (tests/system/kdump.sh).  Installed with the kernel, its
	# kernel hook builds its initrd in the image already, not at the first boot.
	systemd-kdump) pkgs+=,systemd,systemd-sysv,udev,dbus,kdump-tools,makedumpfile ;;
	sysvinit) pkgs+=,sysvinit-core,sysv-rc,initscripts,udev ;;
	*) sys_die "unknown init '$init'" ;;
	esac
	# Debian 12's systemd image starts with Debian's kexec-tools, which our package replaces.
	[[ $release == bookworm && $init == systemd ]] && pkgs+=,kexec-tools
	# Debian 13's has GRUB's update-grub (no boot loader installed: the VM boots with -kernel),
	# so that reboot-debian13 reboots into what grub.cfg names (USE_GRUB_CONFIG=true).
	[[ $release == trixie && $init == systemd ]] && pkgs+=,grub2-common
	echo "release=$release init=$init arch=$arch mirror=$(sys_mirror) pkgs=$pkgs"
	{
		cat "$SYS_LIB_DIR/guest/kt-agent"
		declare -f _sys_customize _sys_build_image
	} | sha256sum | awk '{ print $1 }'
}

_sys_customize() {
	local root=$1 init=$2 arch=$3
	cat >"$root/etc/fstab" <<-'EOF'
		/dev/vda / ext4 errors=remount-ro 0 1
	EOF
	echo kt >"$root/etc/hostname"
	printf '127.0.0.1 localhost kt\n' >"$root/etc/hosts"
	# Persistent journal: the tests read the previous boot's log.
	mkdir -p "$root/var/log/journal"
	# Under TCG every module and service costs seconds: none that this VM does not need.
	local m mods
	case $arch in
	amd64) mods="kvm kvm_amd kvm_intel ata_piix pata_acpi ata_generic floppy pcspkr powernow_k8
		i2c_piix4 psmouse serio_raw evdev joydev" ;;
	# virt: udev loads the CPU's crypto-extension drivers (each self-tested at load) and
	# virtio_mmio for its unused transports; the disks are virtio-pci, kexec hashes on its own.
	arm64) mods="qemu_fw_cfg virtio_mmio aes_ce_blk aes_ce_cipher crct10dif_ce ghash_ce polyval_ce
		sha1_ce sha2_ce sha256_arm64" ;;
	esac
	for m in $mods; do
		echo "install $m /bin/false"
	done >"$root/etc/modprobe.d/kexec-test.conf"
	chroot "$root" passwd -q --delete root
	install -m 755 "$SYS_LIB_DIR/guest/kt-agent" "$root/usr/local/sbin/kt-agent"
	if [[ $init == systemd ]]; then
		cat >"$root/etc/systemd/system/kt-agent.service" <<-'EOF'
			[Unit]
			Description=kexec system test agent
			After=multi-user.target
			[Service]
			Type=simple
			ExecStart=/usr/local/sbin/kt-agent
			StandardOutput=journal
			[Install]
			WantedBy=multi-user.target
		EOF
		ln -s /etc/systemd/system/kt-agent.service \
			"$root/etc/systemd/system/multi-user.target.wants/kt-agent.service"
		for m in e2scrub_reap.service getty@tty1.service apt-daily.timer apt-daily-upgrade.timer \
			dpkg-db-backup.timer e2scrub_all.timer fstrim.timer; do
			ln -sfn /dev/null "$root/etc/systemd/system/$m"
		done
	else
		cat >"$root/etc/init.d/kt-agent" <<-'EOF'
			#!/bin/sh
			### BEGIN INIT INFO
			# Provides:          kt-agent
			# Required-Start:    $all
			# Required-Stop:
			# Default-Start:     2 3 4 5
			# Default-Stop:
			# Short-Description: kexec system test agent
			### END INIT INFO
			[ "$1" = start ] || exit 0
			/usr/local/sbin/kt-agent </dev/null >/dev/null 2>&1 &
		EOF
		chmod 755 "$root/etc/init.d/kt-agent"
		chroot "$root" update-rc.d kt-agent defaults >/dev/null
	fi
}

_sys_build_image() {
	local release=$1 init=$2 arch=$3 dir=$4 recipe=$5 tmp root kpkg
	tmp=$dir.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp"
	root=$tmp/root
	echo "system: building image $(basename "$dir") with mmdebstrap (a few minutes, once)" >&2
	local pkgs
	pkgs=$(sed -n 's/.* pkgs=//p' <<<"$recipe" | head -n 1)
	# The initramfs: only the drivers of this VM (MODULES=list, works in the build chroot as in
	# the guest), gzip (present in every release).
	mmdebstrap --quiet --variant=minbase --architectures="$arch" --include="$pkgs" \
		--setup-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" "$1/etc/initramfs-tools/hooks"' \
		--setup-hook='printf "MODULES=list\nCOMPRESS=gzip\n" >"$1/etc/initramfs-tools/conf.d/kexec-test"' \
		--setup-hook='printf "#!/bin/sh\n[ \"\$1\" = prereqs ] && exit 0\n. /usr/share/initramfs-tools/hook-functions\nmanual_add_modules virtio_pci virtio_blk ext4\n" >"$1/etc/initramfs-tools/hooks/kexec-test"; chmod 755 "$1/etc/initramfs-tools/hooks/kexec-test"' \
		--customize-hook='for f in "$1"/var/cache/apt/archives/linux-image-[0-9]*.deb; do cp "$f" "$1/../kernel.deb"; done' \
		"$release" "$root" "$(sys_mirror)" >&2 ||
		sys_die "mmdebstrap $release failed"
	[[ -f $tmp/kernel.deb ]] || sys_die "mmdebstrap left no kernel package"
	_sys_customize "$root" "$init" "$arch"
	kpkg=$(dpkg-deb -f "$tmp/kernel.deb" Package)
	cp "$root/boot/vmlinuz-${kpkg#linux-image-}" "$tmp/vmlinuz" &&
		cp "$root/boot/initrd.img-${kpkg#linux-image-}" "$tmp/initrd.img" ||
		sys_die "no kernel or initrd for $kpkg in the image"
	# 3 GiB, sparse: room for a second kernel and its initrd.
	mkfs.ext4 -q -F -L root -d "$root" "$tmp/root.img" 3G || sys_die "mkfs.ext4 failed"
	rm -rf "$root"
	printf '%s\n' "$recipe" >"$tmp/recipe"
	rm -rf "$dir"
	mv "$tmp" "$dir"
}

# sys_image RELEASE INIT [ARCH]: print the directory of the cached image for ARCH (default
# amd64; arm64 is the other one known), building it if needed.
# Images are kept per recipe (RELEASE-INIT-HASH, RELEASE-INIT-ARCH-HASH for another ARCH than
# amd64), so that two checkouts of different ages sharing the cache (a developer's tree, a CI
# clone) never rebuild each other's; images of other recipes unused for two days are deleted.
sys_image() {
	local release=$1 init=$2 arch=${3:-amd64} key dir recipe hash old
	mkdir -p "$SYS_CACHE" || sys_die "cannot create $SYS_CACHE (set KEXEC_TEST_CACHE)"
	key=$release-$init
	[[ $arch == amd64 ]] || key+=-$arch
	recipe=$(_sys_recipe "$release" "$init" "$arch")
	hash=$(sha256sum <<<"$recipe" | cut -c1-12)
	dir=$SYS_CACHE/$key-$hash
	(
		flock 9
		if [[ $(cat "$dir/recipe" 2>/dev/null) != "$recipe" || ! -s $dir/root.img ]]; then
			[[ $arch == "$(dpkg --print-architecture)" ]] || _sys_foreign_exec "$arch"
			# A kdump image is a systemd one with more packages (in the recipe's list).
			_sys_build_image "$release" "${init%-kdump}" "$arch" "$dir" "$recipe" >&2
		fi
		touch "$dir"
		# KEY-HASH only (12 characters): never KEY-ARCH-HASH, another architecture's image.
		for old in "$SYS_CACHE/$key" "$SYS_CACHE/$key"-????????????; do
			[[ -d $old && $old != "$dir" && $old != *.tmp ]] || continue
			# An if, not &&: a last image kept must not become the subshell's status.
			if [[ -n $(find "$old" -maxdepth 0 -mtime +2) ]]; then
				rm -rf "$old"
			fi
		done
	) 9>"$SYS_CACHE/.lock-$key"
	[[ -s $dir/root.img ]] || sys_die "image $dir missing"
	echo "$dir"
}

# sys_build_deb OUTDIR [ARCH]: build our .deb for ARCH (default: this machine's; arm64 on amd64 is
# cross-built, dpkg-buildpackage -aarm64, with what deps_build installs) with dpkg-buildpackage
# from a copy of the working tree (the tree itself stays untouched) and print its path.
sys_build_deb() {
	local native arch tmp deb
	local out=$1
	native=$(dpkg --print-architecture)
	arch=${2:-$native}
	local -a opts=()
	[[ $arch == "$native" ]] || opts=(--host-arch="$arch")
	deps_build
	deps_install dpkg-dev debhelper fakeroot
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/kexec-deb.XXXXXX")
	mkdir -p "$tmp/src"
	tar -C "$SYS_REPO" --exclude=./.git --exclude='./build' --exclude='./build-*' \
		--exclude=./debian/kexec-ng --exclude=./debian/.debhelper -cf - . | tar -C "$tmp/src" -xf -
	if ! (cd "$tmp/src" && dpkg-buildpackage "${opts[@]}" -b -us -uc -j"$(nproc)") \
		>"$tmp/build.log" 2>&1; then
		tail -n 30 "$tmp/build.log" >&2
		rm -rf "$tmp"
		sys_die "dpkg-buildpackage ${opts[*]} failed"
	fi
	mkdir -p "$out"
	rm -f "$out"/kexec-ng_*_"$arch".deb
	for deb in "$tmp"/kexec-ng_*_"$arch".deb; do
		cp "$deb" "$out/"
	done
	rm -rf "$tmp"
	ls "$out"/kexec-ng_*_"$arch".deb
}

# Prefix each line with seconds since $1 (EPOCHREALTIME without the dot); drop carriage returns
# and terminal escapes.
_sys_stamp() {
	local t0=$1 line now d
	sed -u -e 's/\r//g' -e 's/\x1b\[[0-9;?=]*[A-Za-z]//g' -e 's/\x1b[()][0-9A-Za-z]//g' \
		-e 's/\x1b[0-9A-Za-z=>]//g' |
		while IFS= read -r line || [[ -n $line ]]; do
			now=${EPOCHREALTIME/[.,]/}
			d=$((now - t0))
			printf '%4d.%03d %s\n' $((d / 1000000)) $((d / 1000 % 1000)) "$line"
		done
}

# sys_boot IMAGE_DIR PAYLOAD_DIR LOG [FIRMWARE [TIMEOUT]]: boot the image (a fresh overlay on
# root.img) with the payload disk until the guest powers off or TIMEOUT seconds pass.  The
# kernel console (ttyS0, arm64: ttyAMA0) and the guest script's output (ttyS1) are stamped with
# host time and merged into LOG.  Returns 0 if the guest powered off, 124 on timeout.
# FIRMWARE: bios (SeaBIOS) or uefi (OVMF); an arm64 image boots without firmware (bios only).
# SYS_APPEND: words added to the kernel's command line (kdump.sh: crashkernel=).
# SYS_CPU_HOTPLUG_ON: an ERE; amd64 boots with room for a second CPU, which the host plugs in
# (device_add on QEMU's monitor) once a line of LOG matches it.  As tests/vm/lib.sh's
# vm_cpu_hotplug: one TCG thread, and a VMware DMI serial so that kernels since 6.18 count the
# hotpluggable CPU.
# SYS_MEM_HOTPLUG_ON: an ERE; amd64 boots with room for a 256 MiB DIMM, which the host plugs in
# (object_add, device_add pc-dimm) once a line of LOG matches it.  It lands above 4 GiB, in
# QEMU's device memory; the guest onlines its blocks.
sys_boot() {
	local image=$1 payload=$2 log=$3 fw=${4:-bios} timeout=${5:-900} work rc reader fd arch
	arch=$(sed -n '1s/.* arch=\([^ ]*\) .*/\1/p' "$image/recipe")
	case ${arch:-amd64} in
	amd64) ;;
	arm64)
		[[ $fw == bios ]] || sys_die "arm64 images boot without firmware: '$fw' is not supported"
		deps_install "${SYS_DEPS_ARM64[@]}"
		;;
	*) sys_die "cannot boot a $arch image" ;;
	esac
	work=$(mktemp -d "${TMPDIR:-/tmp}/kexec-sys.XXXXXX")
	qemu-img create -q -f qcow2 -F raw -b "$image/root.img" "$work/root.qcow2"
	mkfs.ext4 -q -F -L payload -d "$payload" "$work/payload.img" 256M
	# tb-size=64: QEMU's translation cache is flushed every 64 MiB of generated code.  With the
	# default (1 GiB) it keeps translations of every process's shared libraries (one per ASLR
	# address) for the VM's whole life, and the first store to a page holding many of them walks
	# them all: relocate_kernel and the decompressor, which overwrite tens of MiB, then took
	# minutes (bench/investigations/first-kexec-jump.md).
	local disks=(-drive "file=$work/root.qcow2,if=virtio,format=qcow2,cache=unsafe"
		-drive "file=$work/payload.img,if=virtio,format=raw,readonly=on"
		-kernel "$image/vmlinuz" -initrd "$image/initrd.img")
	local accel=tcg,tb-size=64 cpu=max smp=1 mem=1G hotplug=()
	if [[ -n ${SYS_CPU_HOTPLUG_ON:-}${SYS_MEM_HOTPLUG_ON:-} ]]; then
		[[ $arch == arm64 ]] && sys_die "hotplug is not supported on arm64 images"
		deps_install socat
		hotplug=(-monitor "unix:$work/monitor.sock,server=on,wait=off")
	fi
	if [[ -n ${SYS_CPU_HOTPLUG_ON:-} ]]; then
		accel+=,thread=single cpu+=,hypervisor=off smp=1,maxcpus=2,sockets=2,cores=1,threads=1
		# shellcheck disable=SC2054 # commas inside QEMU's option values
		hotplug+=(-smbios type=1,serial=VMware-kexec-test)
	fi
	[[ -n ${SYS_MEM_HOTPLUG_ON:-} ]] && mem+=,slots=2,maxmem=4G
	# shellcheck disable=SC2054 # commas inside QEMU's option values
	local cmd=(qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -smp "$smp" -m "$mem" -nodefaults -nographic
		"${hotplug[@]}" -serial stdio -serial "file:$work/ttyS1" "${disks[@]}"
		-append "BOOT_IMAGE=/boot/vmlinuz root=/dev/vda ro console=ttyS0${SYS_APPEND:+ $SYS_APPEND}")
	if [[ $arch == arm64 ]]; then
		# virt has one PL011: the guest's ttyS1 is the second port of a PCI 16550 card (with a
		# one-port card it would be one of 8250's placeholder ports, where writes fail).
		# shellcheck disable=SC2054 # commas inside QEMU's option values
		cmd=(qemu-system-aarch64 -M virt -cpu cortex-a57 -accel tcg,tb-size=64 -smp 1
			-m 512M -nodefaults -nographic -serial stdio
			-chardev null,id=kt-ttyS0 -chardev "file,id=kt-ttyS1,path=$work/ttyS1"
			-device pci-serial-2x,chardev1=kt-ttyS0,chardev2=kt-ttyS1 "${disks[@]}"
			-append "BOOT_IMAGE=/boot/vmlinuz root=/dev/vda ro console=ttyAMA0${SYS_APPEND:+ $SYS_APPEND}")
	fi
	if [[ $fw == uefi ]]; then
		cp /usr/share/OVMF/OVMF_VARS_4M.fd "$work/vars.fd"
		cmd+=(-drive "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"
			-drive "if=pflash,format=raw,unit=1,file=$work/vars.fd")
	fi
	mkdir -p "$(dirname "$log")"
	: >"$log"
	rm -f "$work/ttyS1"
	mkfifo "$work/ttyS1"
	local t0=${EPOCHREALTIME/[.,]/} pluggers=()
	sed -u 's/^/[S1] /' <"$work/ttyS1" | _sys_stamp "$t0" >>"$log" &
	reader=$!
	if [[ -n ${SYS_CPU_HOTPLUG_ON:-} ]]; then
		_sys_plugger "$log" "$work/monitor.sock" "$timeout" "$SYS_CPU_HOTPLUG_ON" \
			"device_add max-x86_64-cpu,id=hotcpu1,socket-id=1,core-id=0,thread-id=0" &
		pluggers+=($!)
	fi
	if [[ -n ${SYS_MEM_HOTPLUG_ON:-} ]]; then
		_sys_plugger "$log" "$work/monitor.sock" "$timeout" "$SYS_MEM_HOTPLUG_ON" \
			"object_add memory-backend-ram,id=hotmem1,size=256M" \
			"device_add pc-dimm,id=hotdimm1,memdev=hotmem1" &
		pluggers+=($!)
	fi
	set +e
	timeout --foreground -k 5 "$timeout" "${cmd[@]}" </dev/null 2>&1 | _sys_stamp "$t0" >>"$log"
	rc=${PIPESTATUS[0]}
	set -e
	exec {fd}<>"$work/ttyS1"
	exec {fd}>&-
	wait "$reader" || true
	if ((${#pluggers[@]})); then
		kill "${pluggers[@]}" 2>/dev/null || true
		wait "${pluggers[@]}" 2>/dev/null || true
	fi
	rm -rf "$work"
	((rc == 124 || rc == 137)) && {
		echo "TIMEOUT after $timeout s" >>"$log"
		return 124
	}
	return "$rc"
}

# _sys_plugger LOG SOCKET TIMEOUT ERE COMMAND...: once a line of LOG matches ERE, send the
# COMMANDs to QEMU's monitor, one a second; its answers go into LOG.
_sys_plugger() {
	local log=$1 sock=$2 timeout=$3 ere=$4 _ c
	shift 4
	for _ in $(seq 1 "$timeout"); do
		if grep -aEq -- "$ere" "$log" 2>/dev/null; then
			{
				for c in "$@"; do
					echo "$c"
					sleep 1
				done
				sleep 1
			} | socat - "UNIX-CONNECT:$sock" 2>&1 | tr -d '\r' | grep -av $'\e' |
				sed 's/^/[monitor] /' >>"$log" || true
			return 0
		fi
		sleep 1
	done
}

# _sys_summary LOG: one line per boot N >= 1:
#   N via(kexec|firmware|?) kernel mark boot_image fs-recovery seconds(act N-1 -> multi-user)
# "kexec": the old kernel said "kexec_core: Starting new kernel" and no firmware banner followed;
# "firmware": it said "reboot: Restarting system".
_sys_summary() {
	awk '
	function t(line) { split(line, a, " "); return a[1] + 0 }
	/\[S1\] KT act [0-9]+ / { n = $5; act[n] = t($0); inact = n; seen_k = 0; seen_c = 0; seen_fw = 0; next }
	/kexec_core: Starting new kernel/ { if (inact != "") seen_k = 1 }
	/reboot: Restarting system/ { if (inact != "") seen_c = 1 }
	# The firmware (SeaBIOS banner, OVMF, the EFI stub it runs): none between two kernels on a kexec reboot.
	/SeaBIOS \(version|BdsDxe:|EFI stub: / { if (inact != "") seen_fw = 1 }
	/Reached target.*Multi-User System/ { if (inact != "" && !(inact in mu)) mu[inact] = t($0) }
	/\[S1\] KT boot [0-9]+ / {
		n = $5
		if (n > 0)
			via[n] = seen_k && !seen_c && !seen_fw ? "kexec" : (seen_c && !seen_k ? "firmware" : "?")
		kb[n] = t($0)
		for (i = 6; i <= NF; i++) { split($i, kv, "="); f[n, kv[1]] = kv[2] }
		last = n
	}
	/\[S1\] KT fs-recovery / { fsr[last] = ($5 == "no") ? "clean" : "RECOVERED" }
	END {
		for (n = 1; n <= last; n++) {
			# Without the status line of systemd (sysvinit, or a line split by kernel output),
			# the first line of the agent, which follows multi-user.target.
			end = ((n - 1) in mu) ? mu[n - 1] : kb[n]
			d = ((n - 1) in act) ? sprintf("%.1f", end - act[n - 1]) : "-"
			printf "%d %s %s %s %s %s %s\n", n, via[n], f[n, "kernel"], \
				(f[n, "mark"] == "" ? "-" : f[n, "mark"]), f[n, "boot_image"], \
				(n in fsr ? fsr[n] : "-"), d
		}
	}' "$1"
}

# _sys_second_kernel IMAGE_DIR SOURCE DEST: copy a kernel package other than the image's to DEST.
# SOURCE "host": the cloud kernel the host's apt offers (Debian 12 with its security updates:
# a newer ABI than the image's point release), or failing that the generic one; SOURCE
# "bookworm": the Debian 12 image's cloud kernel (Debian 13's kernel packages call
# linux-run-hooks, which Debian 12's linux-base lacks).
_sys_second_kernel() {
	local image=$1 source=$2 dest=$3 have meta pkg ver f
	if [[ $source != host ]]; then
		cp "$(sys_image "$source" systemd)/kernel.deb" "$dest"
		return
	fi
	have=$(dpkg-deb -f "$image/kernel.deb" Package)
	local try
	for try in 1 2; do
		for meta in linux-image-cloud-amd64 linux-image-amd64; do
			pkg=$({ apt-cache depends "$meta" 2>/dev/null || true; } |
				awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
			[[ -n $pkg && $pkg != "$have" ]] && break 2
			pkg=
		done
		# Empty or stale lists (a fresh machine): update once and look again.
		((try == 1)) && { deps_apt_update_once >/dev/null 2>&1 || true; }
	done
	[[ -n $pkg ]] || sys_die "the host's apt offers no kernel package other than $have"
	ver=$(apt-cache policy "$pkg" | awk '$1 == "Candidate:" { print $2 }')
	mkdir -p "$SYS_CACHE/debs"
	f=$(ls "$SYS_CACHE/debs/${pkg}_"*.deb 2>/dev/null | head -n 1 || true)
	if [[ -z $f || $(dpkg-deb -f "$f" Version) != "$ver" ]]; then
		rm -f "$SYS_CACHE/debs/${pkg}_"*.deb
		(cd "$SYS_CACHE/debs" && apt-get download -qq -o APT::Sandbox::User=root "$pkg=$ver" >&2) ||
			sys_die "cannot download $pkg=$ver"
		f=$(ls "$SYS_CACHE/debs/${pkg}_"*.deb | head -n 1)
	fi
	cp "$f" "$dest"
}

# _sys_payload IMAGE_DIR KERNEL2_SOURCE GUEST_SCRIPT: a payload folder (printed) with our .deb
# (SYS_DEB, else built), a second kernel package (_sys_second_kernel) and the guest script.
_sys_payload() {
	local image=$1 other=$2 guest=$3 payload
	payload=$(mktemp -d "${TMPDIR:-/tmp}/kexec-payload.XXXXXX")
	if [[ -n ${SYS_DEB:-} ]]; then
		cp "$SYS_DEB" "$payload/kexec-ng.deb"
	else
		cp "$(sys_build_deb "$payload/deb")" "$payload/kexec-ng.deb"
		rm -rf "$payload/deb"
	fi
	_sys_second_kernel "$image" "$other" "$payload/kernel2.deb"
	cp "$SYS_LIB_DIR/guest/$guest" "$payload/guest.sh"
	echo "$payload"
}

# _sys_kernel_version DEB: the kernel version a linux-image package installs (its name's tail).
_sys_kernel_version() {
	local pkg
	pkg=$(dpkg-deb -f "$1" Package)
	echo "${pkg#linux-image-}"
}

# sys_reboot_scenario RELEASE KERNEL2_SOURCE EXTRA [FIRMWARE]: the reboot integration on RELEASE
# (systemd), with a second kernel package from KERNEL2_SOURCE (see _sys_second_kernel); the last reboot is
# EXTRA: "syntax" (shutdown -r with a syntax error in /etc/default/kexec) or "remove" (reboot
# after dpkg -r).  See
# guest/reboot-test.sh for the steps; the expectations below follow them.
sys_reboot_scenario() {
	local release=$1 other=$2 extra=$3 fw=${4:-bios} image payload log summary fail=0
	local name=${SYS_NAME:-reboot-$release}
	image=$(sys_image "$release" systemd)
	payload=$(_sys_payload "$image" "$other" reboot-test.sh)
	# The shutdown check as it was before its stamp, to time both in the guest (step 1).
	[[ -n ${SYS_OLD_KEXEC_LOAD:-} ]] && cp "$SYS_OLD_KEXEC_LOAD" "$payload/kexec-load.old"
	local kernel1 kernel2
	kernel1=$(_sys_kernel_version "$image/kernel.deb")
	kernel2=$(_sys_kernel_version "$payload/kernel2.deb")
	printf 'KERNEL2=%s\nEXTRA=%s\nGRUB=%s\n' "$kernel2" "$extra" "${SYS_GRUB:-0}" >"$payload/env"
	log=${SYS_LOGDIR:-$SYS_REPO/build/system-logs}/$name.log
	echo "system: booting $release ($fw), console log $log"
	sys_boot "$image" "$payload" "$log" "$fw" "${SYS_TIMEOUT:-2400}" || echo "system: QEMU ended with status $?"
	rm -rf "$payload"
	summary=$(_sys_summary "$log")
	echo "boot via kernel mark BOOT_IMAGE fs reboot->multi-user(s)"
	echo "$summary"
	# After the second kernel's install: that kernel (KERNEL_IMAGE=/vmlinuz), or with SYS_GRUB=1
	# (USE_GRUB_CONFIG=true, KERNEL_IMAGE still missing) the one the first entry of the
	# grub.cfg that update-grub rewrote names, as the guest read it with sed, not with kexec.
	local after=$kernel2
	if [[ ${SYS_GRUB:-0} == 1 ]]; then
		after=$(sed -n 's/.*KT grub-first-after .*vmlinuz-\([^ ]*\).*/\1/p' "$log" | tr -d '\r' | head -n 1)
		[[ $after == "$kernel1" || $after == "$kernel2" ]] || {
			echo "FAILED: grub.cfg's first entry after the install names '${after:-nothing}'," \
				"neither $kernel1 nor $kernel2"
			fail=1
		}
		# Versions hold '+' (6.12.117+deb13): escaped for the ERE.
		_sys_expect "$log" "KT grub-default-before .*vmlinuz-${kernel1//+/\\+}" || fail=1
	fi
	# boot: via kernel mark BOOT_IMAGE (the reboot that led to boot N, guest/reboot-test.sh)
	local expect=(
		"1 kexec $kernel1 A 0"          # reboot, kernel loaded after boot
		"2 kexec $kernel1 B 0"          # systemctl reboot, APPEND changed after the load
		"3 firmware $kernel1 - 1"       # coldreboot
		"4 firmware $kernel1 - 1"       # reboot with LOAD_KEXEC=false
		"5 firmware $kernel1 - 1"       # reboot with a missing KERNEL_IMAGE
		"6 kexec $after E 0"            # reboot after installing a second kernel package
		"7 kexec $after F 0"            # systemctl kexec
		"8 firmware $kernel1 - 1"       # shutdown -r with a broken configuration / dpkg -r
	)
	local e got
	for e in "${expect[@]}"; do
		got=$(awk -v n="${e%% *}" '$1 == n { print $1, $2, $3, $4, $5 }' <<<"$summary")
		if [[ $got != "$e" ]]; then
			echo "FAILED: boot ${e%% *}: expected '$e', got '${got:-no such boot}'"
			fail=1
		fi
	done
	if grep -q ' RECOVERED ' <<<"$summary"; then
		echo "FAILED: a boot found its root file system not cleanly unmounted"
		grep 'KT fs-recovery yes' "$log" | head -n 3
		fail=1
	fi
	_sys_expect "$log" 'KT installed install ok installed' || fail=1
	_sys_expect "$log" 'KT kexec-version kexec .*kexec-tools compatible' || fail=1
	if [[ $release == bookworm ]]; then
		_sys_expect "$log" 'KT replaced kexec-tools: (deinstall|unknown|purge|.*not-installed|.*config-files).*configuration kept: 1' || fail=1
	fi
	_sys_expect "$log" 'KT journal-before .*kexec-load: not loading a kernel for kexec reboots: /boot/vmlinuz-missing does not exist' || fail=1
	if [[ $extra == syntax ]]; then
		_sys_expect "$log" 'KT journal-before .*kexec-load: not loading a kernel for kexec reboots: /etc/default/kexec: .*Syntax error' || fail=1
	fi
	_sys_expect "$log" "KT vmlinuz .*$kernel2" || fail=1
	_sys_expect "$log" 'KT done' || fail=1
	# What each shutdown recorded, read by kexec --last-reboot at the next boot: the way it
	# came back, the reason, a downtime; the same way the console shows.
	local reasons=(
		"1 kexec files and the configuration unchanged"
		"2 kexec during the shutdown: the configuration or its files changed"
		"3 firmware coldreboot was asked for"
		"4 firmware LOAD_KEXEC=false"
		"5 firmware /boot/vmlinuz-missing does not exist"
		"6 kexec ."
		"7 kexec ."
	)
	[[ $extra == syntax ]] && reasons+=("8 firmware Syntax error")
	_sys_check_last_reboot "$log" "$summary" "${reasons[@]}" || fail=1
	_sys_expect "$log" 'KT check-ms new( [0-9]+){5}' || fail=1
	grep -a 'KT check-ms' "$log" | sed 's/.*KT /system: shutdown check, /'
	if ((fail)); then
		echo "--- guest lines ---"
		grep -a '\[S1\]' "$log" | tail -n 60
	fi
	return "$fail"
}

# _sys_check_last_reboot LOG SUMMARY "N VIA REASON-REGEX"...: boot N's "KT last-reboot N {json}"
# is valid against dist/schema/kexec-last-reboot.schema.json, says via VIA (also what the
# console showed: SUMMARY's second column) with a reason matching REASON-REGEX, and gives the
# downtime (shutdown check to multi-user.target) and its parts.
_sys_check_last_reboot() {
	local log=$1 summary=$2 fail=0 e n via re line seen
	shift 2
	if ! python3 -c 'import jsonschema' 2>/dev/null; then
		echo "system: NOTE: no python3 jsonschema: kexec --last-reboot reports not checked against the schema"
	fi
	for e in "$@"; do
		read -r n via re <<<"$e"
		line=$(grep -a "\[S1\] KT last-reboot $n {" "$log" | head -n 1 | sed 's/.*KT last-reboot [0-9]* //')
		if [[ -z $line ]]; then
			echo "FAILED: boot $n: no kexec --last-reboot --json report"
			fail=1
			continue
		fi
		seen=$(awk -v n="$n" '$1 == n { print $2 }' <<<"$summary")
		if [[ $seen != "$via" ]]; then
			echo "FAILED: boot $n: the console shows '$seen', the test expects '$via'"
			fail=1
		fi
		if ! python3 - "$SYS_REPO/dist/schema/kexec-last-reboot.schema.json" "$line" "$via" "$re" <<'PY'
import json, re, sys
doc = json.loads(sys.argv[2])
bad = []
try:
    import jsonschema
    v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
    bad += [f"schema: {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(doc)]
except ImportError:
    pass
if doc.get("record") != "valid":
    bad.append(f"record is {doc.get('record')}: {doc.get('record_problem')}")
if doc.get("via") != sys.argv[3]:
    bad.append(f"via is {doc.get('via')}, not {sys.argv[3]}")
if not re.search(sys.argv[4], doc.get("reason") or ""):
    bad.append(f"reason '{doc.get('reason')}' does not match '{sys.argv[4]}'")
if doc.get("multi_user") != "reached" or not isinstance(doc.get("downtime_ms"), int):
    bad.append("no downtime")
elif doc["shutdown_to_kernel_ms"] + doc["kernel_to_multi_user_ms"] > doc["downtime_ms"] + 2:
    bad.append("the parts do not add up to the downtime")
if sys.argv[3] == "kexec" and not doc.get("kernel"):
    bad.append("a kexec reboot without the kernel it loaded")
for b in bad:
    print("  " + b)
print(f"system: last-reboot {sys.argv[3]}: downtime {doc.get('downtime_ms')} ms "
      f"(shutdown check -> kernel {doc.get('shutdown_to_kernel_ms')} ms, "
      f"kernel -> multi-user.target {doc.get('kernel_to_multi_user_ms')} ms): {doc.get('reason')}")
sys.exit(1 if bad else 0)
PY
		then
			echo "FAILED: boot $n: kexec --last-reboot --json: $line"
			fail=1
		fi
	done
	return "$fail"
}

_sys_expect() {
	grep -aEq -- "$2" "$1" && return 0
	echo "FAILED: expected a console line matching: $2"
	return 1
}
