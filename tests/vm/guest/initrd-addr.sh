# shellcheck shell=sh
# Stage 2: where did the boot loader (our kexec) put the initrd? The kernel keeps the zero page it
# was given in /sys/kernel/boot_params/data: ramdisk_image at 0x218, ext_ramdisk_image at 0x0c0.
bp=/sys/kernel/boot_params/data
lo=$(od -An -t u4 -j $((0x218)) -N 4 $bp | tr -d ' ')
hi=$(od -An -t u4 -j $((0xc0)) -N 4 $bp | tr -d ' ')
printf 'STAGE2 initrd at 0x%x\n' $(((hi << 32) + lo))
