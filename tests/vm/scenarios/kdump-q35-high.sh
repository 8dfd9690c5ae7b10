#!/bin/bash
# q35 with 6 GiB and crashkernel=256M,high (the kernel adds a 256 MiB low range): the same panic twice, first with a capture kernel loaded by the kernel's kexec_file_load (-s -p), then by kexec_load with our purgatory (-c -p). The second capture kernel boots from a reservation above 4 GiB, gets the low range as RAM, reads /proc/vmcore, and its memory map holds exactly the first one's reserved and ACPI ranges, those nested in /proc/iomem (PCI MMCONFIG, Local APIC) included; the only intended difference is where in the reservation the ELF core headers sit.
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
vm_qemu_args -machine q35
vm_mem 6G
vm_timeout 300
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage2_file /bin/vmcore-dmesg build/vmcore-dmesg
vm_stage1_append "crashkernel=256M,high"
vm_stage1 <<'SH'
. /lib/check.sh
sed 's/^/STAGE1 iomem: /' /proc/iomem
how=$(cat /how)
if [ "$how" = c ]; then
	# -d: the plan's segment lines say where each went.
	check_rc 0 '' kexec -c -d -p /boot/vmlinuz --initrd=/boot/stage2.img --reuse-cmdline --append="capture=$MARKER"
else
	check_rc 0 '' kexec -s -p /boot/vmlinuz --initrd=/boot/stage2.img --reuse-cmdline --append="capture=$MARKER"
fi
check_rc 1 '' kexec -S
echo "kdump-proof-$MARKER" >/dev/kmsg
echo c >/proc/sysrq-trigger
SH
vm_stage2 <<'SH'
# The map this kernel was handed (boot_params' e820, as the kernel printed it before using it).
dmesg | sed -n 's/.*BIOS-e820: \[mem \(0x[0-9a-f]*-0x[0-9a-f]*\)\] \(.*\)/STAGE2 e820: \1 \2/p'
# Firmware ranges at every depth of the resource tree.
sed -En 's/^ *([0-9a-f]+-[0-9a-f]+) : (Reserved|ACPI Tables|ACPI Non-volatile Storage)$/STAGE2 iomem: \1 \2/p' /proc/iomem
dmesg | sed -n 's/^\[[ 0-9.]*\] \(.*MMCONFIG.*\)/STAGE2 mmconfig: \1/p'
echo "STAGE2 vmcore size: $(ls -l /proc/vmcore | awk '{ print $5 }')"
if vmcore-dmesg /proc/vmcore | grep -q "kdump-proof-$MARKER"; then echo "STAGE2 proof: found"; fi
SH

# kdump_boot s|c: one boot with that loader; keeps the capture kernel's map lines in $VM_WORK/HOW.*
kdump_boot() {
	echo "$1" >"$VM_WORK/how"
	vm_file /how "$VM_WORK/how"
	vm_boot
	((!VM_TIMED_OUT)) || VM_FAILURES+=("-$1 -p: TIMEOUT after $VM_TIMEOUT_S s")
	vm_reject "CHECK FAIL"
	vm_expect "sysrq: Trigger a crash"
	vm_expect "^STAGE2 cmdline: .*capture=$MARKER"
	vm_reject "^STAGE2 cmdline: .*crashkernel="
	vm_expect "^STAGE2 initrd: $MARKER\$"
	vm_expect "^STAGE2 vmcore size: [0-9]{9,}\$"
	vm_expect "^STAGE2 proof: found\$"
	vm_expect "^STAGE2 done"
	sed -n 's/^STAGE2 e820: //p' "$VM_CONSOLE" >"$VM_WORK/$1.e820"
	sed -n 's/^STAGE2 iomem: //p' "$VM_CONSOLE" | sort >"$VM_WORK/$1.iomem"
	sed -n 's/^STAGE2 mmconfig: //p' "$VM_CONSOLE" >"$VM_WORK/$1.mmconfig"
	sed -n 's/^STAGE1 iomem: *\([0-9a-f]*\)-\([0-9a-f]*\) : Crash kernel$/\1 \2/p' "$VM_CONSOLE" \
		>"$VM_WORK/$1.crash"
	vm_note "-$1 -p: capture kernel's e820:"
	sed 's/^/    /' "$VM_WORK/$1.e820"
}

# Each file of lines $2 (of kind $1) must be the same after both loads.
same() {
	if ! diff -u "$VM_WORK/s.$1" "$VM_WORK/c.$1" >"$VM_WORK/$1.diff"; then
		VM_FAILURES+=("the capture kernels' $1 differ (-s -p: -, -c -p: +): $(grep '^[-+][^-+]' \
			"$VM_WORK/$1.diff" | tr '\n' ';')")
	fi
}

kdump_boot s
kdump_boot c
# The precondition that makes this test able to fail: stage 1's /proc/iomem nests firmware
# ranges under other resources (under "PCI MMCONFIG" on q35), which a top-level reader misses.
vm_expect "^STAGE1 iomem:   +[0-9a-f]+-[0-9a-f]+ : Reserved\$"
# kexec_load placed everything in the reservation above 4 GiB.
for seg in kernel initrd boot_params elfcorehdr purgatory; do
	vm_expect "plan: $seg at 0x[1-9a-f][0-9a-f]{8,}\.\."
done
vm_expect "^STAGE2 cmdline: .* elfcorehdr=[0-9]+K\$"

# Two reservations each time, one below 4 GiB and one above (where the high one lies depends on
# where KASLR put the kernel, so it moves between boots).
for how in s c; do
	[[ $(wc -l <"$VM_WORK/$how.crash") == 2 ]] ||
		VM_FAILURES+=("-$how -p: want two Crash kernel ranges: $(tr '\n' ';' <"$VM_WORK/$how.crash")")
done
# Reserved, ACPI and NVS entries and the RAM below 1 MiB: identical. RAM above it: all inside the
# reservations (the core headers' hole is where each loader put them), and the low one whole.
for how in s c; do
	: >"$VM_WORK/$how.firmware"
	: >"$VM_WORK/$how.ram"
	while read -r range type; do
		if [[ $type != usable ]] || ((${range%-*} < 0x100000)); then
			echo "$range $type" >>"$VM_WORK/$how.firmware"
		else
			echo "$range" >>"$VM_WORK/$how.ram"
		fi
	done <"$VM_WORK/$how.e820"
	[[ -s $VM_WORK/$how.firmware && -s $VM_WORK/$how.ram ]] ||
		VM_FAILURES+=("-$how -p: no e820 read from the capture kernel")
	while IFS=- read -r start end; do
		inside=0
		while read -r cs ce; do
			((start >= 0x$cs && end <= 0x$ce)) && inside=1
		done <"$VM_WORK/$how.crash"
		((inside)) || VM_FAILURES+=("-$how -p: usable $start-$end outside the reservations")
	done <"$VM_WORK/$how.ram"
	read -r ls le <"$VM_WORK/$how.crash" || true
	grep -qx "0x0*$ls-0x0*$le" "$VM_WORK/$how.ram" ||
		VM_FAILURES+=("-$how -p: the low reservation $ls-$le is not usable whole")
done
same firmware
same iomem
same mmconfig
grep -q MMCONFIG "$VM_WORK/c.mmconfig" || VM_FAILURES+=("the capture kernel logged no MMCONFIG line")
vm_done
