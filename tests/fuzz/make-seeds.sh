#!/bin/bash
# tests/fuzz/make-seeds.sh [CAPTURE_DIR]
# Regenerate the seed corpora in tests/fuzz/corpus/<target>/ (files named gen-*, debian-*,
# ld-*, purgatory*, host-*, vm-*; whatever the fuzzers added is left alone):
#   gen-*        gen-seeds.c, gen-arm64-seeds.c, gen-pe-seeds.c, make-bootentry-seeds.sh (grub.cfg,
#                BLS): valid inputs and one-field breakages (the arm64 one also takes the first
#                64 KiB of the cached Debian arm64 kernels; the PE one the signature of the cached
#                Debian kernel, as debian-*)
#   debian-*     the first 64 KiB of the cached Debian kernels (tests/vm/lib.sh), as is and with
#                syssize cut to what 64 KiB holds, so the header passes and the load path runs
#   ld-*         a vmlinux-shaped ELF linked here by as/ld (kernel-half virtual addresses)
#   purgatory*   our purgatory ELF (make), whole, truncated, stripped
#   host-*       this machine's /proc/iomem, /sys/firmware/memmap, /proc/cmdline
#   vm-bios-*, vm-uefi-*  sysfs and /proc/iomem of the test VM under SeaBIOS (with EDD) and OVMF,
#                from CAPTURE_DIR/{bios,uefi} made by capture-sysfs.sh (run here if missing)
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
cd "$repo"
corpus=tests/fuzz/corpus
cap=${1:-build/fuzz/capture}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

VM_LIB_MODE=runner . tests/vm/lib.sh
mkdir -p "$corpus"

# Generated.
${CC:-cc} -O1 -g -Wall -o "$tmp/gen-seeds" tests/fuzz/gen-seeds.c
"$tmp/gen-seeds" "$corpus"
${CC:-cc} -O1 -g -Wall -Itests/unit $(make -s print-includes) -o "$tmp/gen-arm64-seeds" \
	tests/fuzz/gen-arm64-seeds.c -lfdt -lzstd -lz
"$tmp/gen-arm64-seeds" "$corpus" $(for k in arm64-6.1 arm64-6.12; do
	ls "$VM_CACHE"/arm64/kernels/$k/boot/vmlinuz-* 2>/dev/null; done)

# PE/COFF and Authenticode: generated UKIs and PEs, and Debian's own kernel signature.
${CC:-cc} -O1 -g -Wall -Itests/unit $(make -s print-includes) -o "$tmp/gen-pe-seeds" \
	tests/fuzz/gen-pe-seeds.c
"$tmp/gen-pe-seeds" "$corpus" "$(vm_kernel generic)"

# Debian bzImage headers: setup_sects at 0x1f1, syssize (le32) at 0x1f4.
for flavour in generic cloud; do
	k=$(vm_kernel $flavour)
	head -c 65536 "$k" >"$corpus/bzimage/debian-$flavour-head64k"
	cp "$corpus/bzimage/debian-$flavour-head64k" "$corpus/bzimage/debian-$flavour-head64k-fit"
	sects=$(od -An -j $((0x1f1)) -N1 -tu1 "$k" | tr -d ' ')
	syssize=$(((65536 - (sects + 1) * 512) / 16))
	# shellcheck disable=SC2059
	printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((syssize & 255)) $((syssize >> 8 & 255)) 0 0)" |
		dd of="$corpus/bzimage/debian-$flavour-head64k-fit" bs=1 seek=$((0x1f4)) conv=notrunc \
			status=none
done

# PE certificate tables (pe-sig): Debian's signed kernel cut to its headers and its last 4 KiB,
# the certificate directory moved to that copy of the table; and the headers alone, whose
# directory then points past the end.
mkdir -p "$corpus/pe-sig"
k=$(vm_kernel generic)
head -c 4096 "$k" >"$corpus/pe-sig/debian-generic-head4k"
python3 - "$k" "$corpus/pe-sig/debian-generic-signed-cut" <<'PY'
import struct, sys
k = open(sys.argv[1], "rb").read()
pe = struct.unpack_from("<I", k, 0x3c)[0]
d = pe + 24 + 112 + 4 * 8  # PE32+: the certificate directory
off, size = struct.unpack_from("<II", k, d)
head = bytearray(k[:4096])
struct.pack_into("<II", head, d, 4096, min(size, 4096))
open(sys.argv[2], "wb").write(bytes(head) + k[off:off + min(size, 4096)])
PY

# A vmlinux-shaped ELF from the real toolchain: linked at 0xffffffff81000000, loaded at 16 MiB,
# entered at the physical address, as the kernel's vmlinux.lds.S does.
cat >"$tmp/k.S" <<'EOF'
	.text
	.globl startup_64
startup_64:
	hlt
	jmp startup_64
	.data
	.quad 0x1122334455667788
	.bss
	.skip 8192
EOF
cat >"$tmp/k.lds" <<'EOF'
ENTRY(phys_startup_64)
SECTIONS {
	. = 0xffffffff81000000;
	.text : AT(0x1000000) { *(.text) }
	phys_startup_64 = startup_64 - 0xffffffff80000000;
	. = ALIGN(0x200000);
	.data : AT(ADDR(.data) - 0xffffffff80000000) { *(.data) }
	.bss : AT(ADDR(.bss) - 0xffffffff80000000) { *(.bss) }
}
EOF
as -o "$tmp/k.o" "$tmp/k.S"
ld -z max-page-size=0x1000 -T "$tmp/k.lds" -o "$tmp/vmlinux" "$tmp/k.o"
cp "$tmp/vmlinux" "$corpus/elf-kernel/ld-vmlinux"
mkdir -p "$corpus/elf64"
cp "$tmp/vmlinux" "$corpus/elf64/ld-vmlinux"

# The purgatory, as the tool embeds it.
make -s build/purgatory/purgatory.elf
p=build/purgatory/purgatory.elf
cp "$p" "$corpus/elf64/purgatory"
head -c 4096 "$p" >"$corpus/elf64/purgatory-head4k"
objcopy --strip-all "$p" "$corpus/elf64/purgatory-stripped"
cp "$p" "$corpus/elf-kernel/purgatory"

# Compressed streams.
mkdir -p "$corpus/decompress"
d=$corpus/decompress
gzip -9 -n -c "$tmp/vmlinux" >"$d/ld-vmlinux.gz"
cat "$d/ld-vmlinux.gz" "$d/ld-vmlinux.gz" >"$d/ld-vmlinux-2members.gz"
{ cat "$d/ld-vmlinux.gz"; head -c 512 /dev/zero; } >"$d/ld-vmlinux-padded.gz"
head -c 200 "$d/ld-vmlinux.gz" >"$d/ld-vmlinux-truncated.gz"
xz -9 -c "$tmp/vmlinux" >"$d/ld-vmlinux.xz"
head -c 300 "$d/ld-vmlinux.xz" >"$d/ld-vmlinux-truncated.xz"
lzma -9 -c "$tmp/vmlinux" >"$d/ld-vmlinux.lzma"
zstd -q -19 -c "$tmp/vmlinux" >"$d/ld-vmlinux.zst"
zstd -q --no-content-size -c "$tmp/vmlinux" <"$tmp/vmlinux" >"$d/ld-vmlinux-nosize.zst"
head -c 48 /dev/zero | gzip -n >"$d/gen-zeros.gz"
# Bombs: 32 MiB of zeros, above the target's 16 MiB cap.
head -c 33554432 /dev/zero | xz -9 >"$d/gen-bomb32m.xz"
head -c 33554432 /dev/zero | zstd -q -19 >"$d/gen-bomb32m.zst"
head -c 33554432 /dev/zero | gzip -9 -n >"$d/gen-bomb32m.gz"

# /proc/iomem.
mkdir -p "$corpus/iomem"
cp /proc/iomem "$corpus/iomem/host-iomem"
sed 's/[0-9a-f]\{8,16\}-[0-9a-f]\{8,16\}/00000000-00000000/' /proc/iomem >"$corpus/iomem/host-iomem-nonroot"

# The VM captures.
for fw in bios uefi; do
	[[ -d $cap/$fw ]] || tests/fuzz/capture-sysfs.sh "$fw" "$cap/$fw"
	cp "$cap/$fw/proc/iomem" "$corpus/iomem/vm-$fw-iomem"
done
awk '{ print } /System RAM/ && !done { print "  30000000-37ffffff : Crash kernel"; done = 1 }' \
	"$cap/bios/proc/iomem" | sed -n '1,200p' >"$corpus/iomem/vm-bios-iomem-crash"

mkdir -p "$corpus/memmap-firmware" "$corpus/efi" "$corpus/edd"
cp -r /sys/firmware/memmap "$tmp/host-memmap"
tests/fuzz/pack-tree.sh "$tmp/host-memmap" sys/firmware/memmap >"$corpus/memmap-firmware/host-memmap"
for fw in bios uefi; do
	tests/fuzz/pack-tree.sh "$cap/$fw/sys/firmware/memmap" sys/firmware/memmap \
		>"$corpus/memmap-firmware/vm-$fw-memmap"
done
printf '0x100000\n' >"$tmp/host-memmap/0/end" # ends before it starts
tests/fuzz/pack-tree.sh "$tmp/host-memmap" sys/firmware/memmap >"$corpus/memmap-firmware/gen-backwards"

# The EFI tree is read relative to the root: boot_params/data and sys/firmware/efi.
mkdir -p "$tmp/efi/sys/kernel/boot_params" "$tmp/efi/sys/firmware"
cp "$cap/uefi/sys/kernel/boot_params/data" "$tmp/efi/sys/kernel/boot_params/data"
cp -r "$cap/uefi/sys/firmware/efi" "$tmp/efi/sys/firmware/efi"
tests/fuzz/pack-tree.sh "$tmp/efi" >"$corpus/efi/vm-uefi-efi"
rm -rf "$tmp/efi/sys/firmware/efi/runtime-map/1"
tests/fuzz/pack-tree.sh "$tmp/efi" >"$corpus/efi/vm-uefi-efi-gap"
tests/fuzz/pack-tree.sh "$cap/bios" >"$corpus/efi/vm-bios-all"

tests/fuzz/pack-tree.sh "$cap/bios/sys/firmware/edd" sys/firmware/edd >"$corpus/edd/vm-bios-edd"

# cmdline: this machine's, with a name to drop.
{
	printf 'BOOT_IMAGE\0'
	cat /proc/cmdline
	printf '\0console=ttyS0'
} >"$corpus/cmdline/host-cmdline"

# bootentry: grub.cfg in grub-mkconfig's layout, grubenv, BLS (make-bootentry-seeds.sh).
tests/fuzz/make-bootentry-seeds.sh "$corpus"

du -sh "$corpus"
