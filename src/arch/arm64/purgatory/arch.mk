# arm64 purgatory. C never touches FP/SIMD registers (-mgeneral-regs-only): FP access may trap
# until hash.c enables it, and only sha256-ce.S uses SIMD. -mstrict-align: until the MMU is on,
# all memory is Device memory, where an unaligned access faults. No branch protection or
# outline atomics: nothing to set up keys for, no libgcc to call.
PURG_ARCH_CFLAGS := -mcmodel=small -mgeneral-regs-only -mstrict-align -mbranch-protection=none \
	-mno-outline-atomics
PURG_ARCH_OBJ := entry.o mmu.o console.o hash.o sha256-ce.o
# Absolute, GOT and TLS relocations would tie the blob to one address. (The *_ABS_LO12_NC ones
# are the low 12 bits of an adrp pair: position-independent for a page-aligned blob.)
PURG_BAD_RELOCS := R_AARCH64_(ABS(64|32|16)|MOVW_[US]ABS_.*|.*GOT.*|TLS.*)
PURG_EMBED_SYMBOL := purgatory_arm64
