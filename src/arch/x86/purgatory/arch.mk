# x86_64 purgatory: no red zone (interrupts are off, but the kernel's rules hold), no SSE/x87
# code from the compiler (entry64.S enables SSE only for the SHA-256 C code's sake).
PURG_ARCH_CFLAGS := -mno-red-zone -mcmodel=small -fcf-protection=none -mno-sse -mno-mmx \
	-mno-80387 -mno-avx
PURG_ARCH_OBJ := entry64.o console.o
# Absolute and GOT relocations would tie the blob to one address.
PURG_BAD_RELOCS := R_X86_64_(64|32|32S|GOTPCREL|GOTPCRELX|REX_GOTPCRELX|GOT.*)
PURG_EMBED_SYMBOL := purgatory_x86_64
