#!/bin/bash
# -c -p: a crash kernel through kexec_load with our ELF core headers; a panic boots it with elfcorehdr= (and without crashkernel=), and its /proc/vmcore is an ELF64 core whose kernel text segment is where stage 1's kernel was (_text, "Kernel code"), from which vmcore-dmesg reads what stage 1 logged just before the crash.
# vm-firmwares: bios uefi
. "$(dirname "$0")/../lib.sh"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage2_file /bin/vmcore-dmesg build/vmcore-dmesg
# Two kernel boots (the capture one after the panic): 120 s was tight under OVMF on a loaded host.
vm_timeout 240
vm_stage1_append "crashkernel=192M"
vm_stage1 <<'SH'
. /lib/check.sh
echo "STAGE1 text: $(grep -w _text /proc/kallsyms)"
echo "STAGE1 code: $(grep 'Kernel code' /proc/iomem)"
check_rc 0 '' kexec -S
check_rc 0 '' kexec -c -d -p /boot/vmlinuz --initrd=/boot/stage2.img --reuse-cmdline --append="capture=$MARKER"
check_rc 1 '' kexec -S
check_rc 0 '' kexec -S -l
# Only in memory, never in a file: found in the dump, it can only have come from stage 1's RAM.
echo "kdump-proof-$MARKER" >/dev/kmsg
echo c >/proc/sysrq-trigger
SH
vm_stage2 <<'SH'
ls -l /proc/vmcore
echo "STAGE2 vmcore size: $(ls -l /proc/vmcore | awk '{ print $5 }')"
head -c 64 /proc/vmcore | od -c | head -2
echo "STAGE2 ident:$(head -c 7 /proc/vmcore | od -An -c | tr -s ' ')"
echo "STAGE2 type machine:$(od -An -tx2 -j16 -N4 /proc/vmcore | tr -s ' ')"
n=$(od -An -tu2 -j56 -N2 /proc/vmcore | tr -d ' ')
echo "STAGE2 phnum: $n"
# Program headers, 7 words each: type|flags<<32 offset vaddr paddr filesz memsz align.
od -An -tx8 -w56 -v -j64 -N $((n * 56)) /proc/vmcore | sed 's/^ */STAGE2 phdr: /'
# Our vmcore-dmesg walks the crashed kernel's printk ring through these headers.
if vmcore-dmesg /proc/vmcore | grep -q "kdump-proof-$MARKER"; then echo "STAGE2 proof: found"; fi
SH
vm_boot
vm_reject "CHECK FAIL"
vm_expect "crash: reservation 0x[0-9a-f]+-0x[0-9a-f]+, ELF headers at"
vm_expect "sysrq: Trigger a crash"
# (OVMF adds initrd=initrd to stage 1's command line)
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 (initrd=initrd )?capture=$MARKER elfcorehdr=[0-9]+K\$"
vm_reject "^STAGE2 cmdline: .*crashkernel="
vm_expect "^STAGE2 initrd: $MARKER\$"
vm_expect "^STAGE2 ident: 177 E L F 002 001 001\$"
vm_expect "^STAGE2 type machine: 0004 003e\$"
vm_expect "^STAGE2 vmcore size: [0-9]{9,}\$"
vm_expect "^STAGE2 proof: found\$"
vm_expect "^STAGE2 done"

# The capture kernel found ACPI too (its e820 keeps the ACPI, NVS and reserved ranges).
[[ $(grep -ac "ACPI: Interpreter enabled" "$VM_CONSOLE") == 2 ]] ||
	VM_FAILURES+=("the capture kernel did not enable ACPI")

# The kernel text segment: vaddr _text and paddr "Kernel code", as stage 1 saw them.
text=$(sed -n 's/^STAGE1 text: \([0-9a-f]*\) T _text$/\1/p' "$VM_CONSOLE")
code=$(sed -n 's/^STAGE1 code: *\([0-9a-f]*\)-.*/\1/p' "$VM_CONSOLE")
[[ -n $text && -n $code ]] || VM_FAILURES+=("stage 1 did not report _text or Kernel code")
vm_expect "^STAGE2 phdr: 0000000700000001 [0-9a-f]+ 0*$text 0*$code "
# The direct map: one PAGE_OFFSET for every RAM segment, 1 GiB aligned (KASLR's granularity).
offsets=$(sed -n 's/^STAGE2 phdr: 0000000700000001 [0-9a-f]* \([0-9a-f]*\) \([0-9a-f]*\) .*/\1 \2/p' \
	"$VM_CONSOLE" | while read -r v p; do
	((0x$v >= 0 || 0x$v < -0x80000000)) || continue # below __START_KERNEL_map only
	printf '%x\n' $((0x$v - 0x$p))
done | sort -u)
if [[ -z $offsets || $(wc -l <<<"$offsets") != 1 || $((0x$offsets & 0x3fffffff)) != 0 ]]; then
	VM_FAILURES+=("direct-map PT_LOADs disagree on PAGE_OFFSET: ${offsets//$'\n'/ }")
else
	vm_note "PAGE_OFFSET in the dump: 0x$offsets"
fi
vm_done
