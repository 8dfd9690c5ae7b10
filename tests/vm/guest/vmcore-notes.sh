# shellcheck shell=sh
# Sourced by stage-2 scripts running in a capture kernel (busybox sh). vmcore_notes FILE prints
# one "STAGE2 note: NAME TYPE DESCSZ" line per ELF note in FILE's PT_NOTE segments (/proc/vmcore
# has one, merged from every CPU's and VMCOREINFO's), so the host can count NT_PRSTATUS (1)
# notes named CORE: one per CPU whose registers the crashed kernel saved. vmcore_loads FILE
# prints one "STAGE2 load: PADDR MEMSZ" line (hex) per PT_LOAD segment: the memory ranges the
# crashed kernel's ELF core headers described at the panic.

# _vmcore_phdrs FILE TYPE: the file offset of each ELF64 program header of type TYPE.
_vmcore_phdrs() {
	phoff=$(od -An -tu8 -j32 -N8 "$1" | tr -d ' ')
	phnum=$(od -An -tu2 -j56 -N2 "$1" | tr -d ' ')
	i=0
	while [ "$i" -lt "$phnum" ]; do
		ph=$((phoff + i * 56))
		[ "$(od -An -tu4 -j"$ph" -N4 "$1" | tr -d ' ')" = "$2" ] && echo "$ph"
		i=$((i + 1))
	done
}

vmcore_notes() {
	f=$1
	for ph in $(_vmcore_phdrs "$f" 4); do
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
	done
}

vmcore_loads() {
	for ph in $(_vmcore_phdrs "$1" 1); do
		printf 'STAGE2 load: 0x%x 0x%x\n' "$(od -An -tu8 -j$((ph + 24)) -N8 "$1" | tr -d ' ')" \
			"$(od -An -tu8 -j$((ph + 40)) -N8 "$1" | tr -d ' ')"
	done
}
