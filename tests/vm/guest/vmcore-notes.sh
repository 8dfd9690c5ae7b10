# shellcheck shell=sh
# Sourced by stage-2 scripts running in a capture kernel (busybox sh). vmcore_notes FILE prints
# one "STAGE2 note: NAME TYPE DESCSZ" line per ELF note in FILE's PT_NOTE segments (/proc/vmcore
# has one, merged from every CPU's and VMCOREINFO's), so the host can count NT_PRSTATUS (1)
# notes named CORE: one per CPU whose registers the crashed kernel saved.
vmcore_notes() {
	f=$1
	phoff=$(od -An -tu8 -j32 -N8 "$f" | tr -d ' ')
	phnum=$(od -An -tu2 -j56 -N2 "$f" | tr -d ' ')
	i=0
	while [ "$i" -lt "$phnum" ]; do
		ph=$((phoff + i * 56))
		if [ "$(od -An -tu4 -j"$ph" -N4 "$f" | tr -d ' ')" = 4 ]; then
			p=$(od -An -tu8 -j$((ph + 8)) -N8 "$f" | tr -d ' ')
			end=$((p + $(od -An -tu8 -j$((ph + 32)) -N8 "$f" | tr -d ' ')))
			while [ $((p + 12)) -le "$end" ]; do
				# shellcheck disable=SC2046 # three numbers: namesz descsz type
				set -- $(od -An -tu4 -j"$p" -N12 "$f")
				[ "$1" = 0 ] && break
				name=$(dd if="$f" bs=1 skip=$((p + 12)) count=$(($1 - 1)) 2>/dev/null)
				echo "STAGE2 note: $name $3 $2"
				p=$((p + 12 + ($1 + 3) / 4 * 4 + ($2 + 3) / 4 * 4))
			done
		fi
		i=$((i + 1))
	done
}

# vmcore_loads FILE: one "STAGE2 load: PADDR MEMSZ" line (hex) per PT_LOAD segment of FILE: the
# memory ranges the crashed kernel's ELF core headers described at the panic.
vmcore_loads() {
	f=$1
	phoff=$(od -An -tu8 -j32 -N8 "$f" | tr -d ' ')
	phnum=$(od -An -tu2 -j56 -N2 "$f" | tr -d ' ')
	i=0
	while [ "$i" -lt "$phnum" ]; do
		ph=$((phoff + i * 56))
		if [ "$(od -An -tu4 -j"$ph" -N4 "$f" | tr -d ' ')" = 1 ]; then
			printf 'STAGE2 load: 0x%x 0x%x\n' "$(od -An -tu8 -j$((ph + 24)) -N8 "$f" | tr -d ' ')" \
				"$(od -An -tu8 -j$((ph + 40)) -N8 "$f" | tr -d ' ')"
		fi
		i=$((i + 1))
	done
}
