#!/bin/bash
# --console-serial/--serial-baud/--console-vga: the default -a takes kexec_load for them, the purgatory reprograms ttyS0 and reports its check, and the kernel boots.
. "$(dirname "$0")/../lib.sh"
vm_file /lib/check.sh "$VM_LIB_DIR/guest/check.sh"
vm_stage1 <<'SH'
. /lib/check.sh
check_rc 3 "'--reset-vga' is refused: .*console driver" kexec -l /boot/vmlinuz --reset-vga
check_rc 3 "'--entry-32bit' is refused: .*64-bit entry" kexec -l /boot/vmlinuz --entry-32bit
check_rc 2 "bad --serial-baud" kexec -l /boot/vmlinuz --serial-baud=1000
kexec -d -l /boot/vmlinuz --initrd=/boot/stage2.img --console-serial --serial=ttyS0 --serial-baud=115200 --console-vga --append="console=ttyS0 panic=-1 marker=$MARKER" 2>&1 | grep 'using kexec_load'
kexec -e
SH
vm_boot
vm_reject "CHECK FAIL"
vm_expect "--console-serial/--console-vga/--serial-baud: using kexec_load"
vm_expect "kexec purgatory: [0-9]+ regions verified"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_done
