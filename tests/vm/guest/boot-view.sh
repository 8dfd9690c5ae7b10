# shellcheck shell=sh
# Stage 2 (tests/vm/oracle.sh): print what this kernel was handed at boot, one "VIEW <what>
# ..." line per item, for the host to compare between a `-s` and a `-c` boot of the same VM.
# Random or per-boot values (the RNG seed's bytes) are not printed; the host decides the rest.

# The command line (the capture kernel's elfcorehdr= address differs by placement: the host
# masks it).
echo "VIEW cmdline $(cat /proc/cmdline)"

# The zero page as the kernel kept it, 16 bytes a line, every line (-v: no "*" for repeats).
od -An -v -tx1 /sys/kernel/boot_params/data | sed 's/^ */VIEW bp /'

# setup_data nodes in chain order (the sysfs directory numbers follow the chain).
for d in $(ls /sys/kernel/boot_params/setup_data 2>/dev/null | sort -n); do
	echo "VIEW setup_data $(cat "/sys/kernel/boot_params/setup_data/$d/type")"
done

# The firmware map this kernel was given (its e820 as it arrived, before its own changes).
for d in $(ls /sys/firmware/memmap 2>/dev/null | sort -n); do
	m=/sys/firmware/memmap/$d
	echo "VIEW memmap $(cat "$m/start") $(cat "$m/end") $(cat "$m/type")"
done

# /proc/iomem's reserved ranges at any depth (indentation kept: it shows the nesting).
grep -i 'reserved' /proc/iomem | sed 's/^/VIEW iomem /'

# ACPI tables found (names only: their addresses come from the firmware, the same either way).
for t in $(ls /sys/firmware/acpi/tables 2>/dev/null); do
	[ -f "/sys/firmware/acpi/tables/$t" ] && echo "VIEW acpi $t"
done

# The console: the consoles registered, the framebuffers, and the kernel's own lines about them.
sed 's/^/VIEW consoles /' /proc/consoles
sed 's/^/VIEW fb /' /proc/fb
dmesg | sed -n 's/^\[[ 0-9.]*\] //p' |
	grep -E '^(fb[0-9]+: |Console: |efifb: |vesafb: |simple-framebuffer |simpledrm |\[drm\] Initialized simpledrm|bochs-drm |\[drm\] Found bochs)' |
	sed 's/^/VIEW klog /'
echo "VIEW end"
