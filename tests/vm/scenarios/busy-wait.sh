#!/bin/bash
# Two kexec callers at once: the kernel lets one kexec operation run and answers EBUSY to the
# others. While another kexec loads a 128 MiB initrd through kexec_file_load (the kernel reads
# and hashes it holding its kexec lock), -l, -p, -u and -p -u wait their turn and all succeed;
# --busy-timeout=0 fails at once with exit 10, as kexec-tools does. Then stage 2 boots.
. "$(dirname "$0")/../lib.sh"
vm_mem 2G
vm_timeout 300
vm_stage1_append "crashkernel=128M"
vm_stage1 <<'SH'
{ cat /boot/stage2.img; head -c 134217728 /dev/zero; } > /tmp/big.img
K=/boot/vmlinuz
holder() { # N loads of the big initrd, a second apart (separate callers, not a stream)
	i=0
	while [ $i -lt "$1" ]; do
		kexec -s -l $K --initrd=/tmp/big.img --append="console=ttyS0 holder" || echo "holder rc=$?"
		i=$((i + 1))
		sleep 1
	done
}
holder 2 &
hpid=$!
rounds=0 waited=0 failed=0
while kill -0 $hpid 2>/dev/null; do
	for op in "-l $K --initrd=/boot/stage2.img" "-p $K --initrd=/boot/stage2.img" "-u" "-p -u"; do
		# shellcheck disable=SC2086
		out=$(kexec -d $op --append="console=ttyS0" 2>&1)
		rc=$?
		rounds=$((rounds + 1))
		printf '%s\n' "$out" | grep -q 'another kexec operation is in progress; waiting' &&
			waited=$((waited + 1))
		if [ $rc -ne 0 ]; then
			failed=$((failed + 1))
			echo "FAILED kexec $op: rc=$rc"
			printf '%s\n' "$out" | sed "s/^/FAILED kexec $op: /"
		fi
	done
done
wait $hpid
echo "busy rounds=$rounds waited=$waited failed=$failed"
# kexec-tools' immediate failure on request: keep trying while a holder runs until one attempt
# meets the lock.
holder 1 &
hpid=$!
seen=no
while kill -0 $hpid 2>/dev/null; do
	out=$(kexec --busy-timeout=0 -p $K --initrd=/boot/stage2.img 2>&1)
	if [ $? -eq 10 ]; then
		seen=yes
		echo "zero-timeout rc=10: $out"
		break
	fi
done
wait $hpid
echo "zero-timeout seen=$seen"
rm /tmp/big.img
kexec -l $K --initrd=/boot/stage2.img --append="console=ttyS0 panic=-1 marker=$MARKER"
kexec -e
SH
vm_boot
vm_expect "^busy rounds=[0-9]+ waited=[1-9][0-9]* failed=0\$"
vm_expect "^zero-timeout rc=10: kexec: .*another kexec operation is in progress"
vm_expect "^zero-timeout seen=yes"
vm_expect "^STAGE2 cmdline: console=ttyS0 panic=-1 marker=$MARKER\$"
vm_reject "^FAILED kexec"
vm_reject "^holder rc="
vm_done
