# SPDX-License-Identifier: GPL-2.0-or-later
"""Host side of tests/purgatory-arm64: lay the purgatory ELF out flat, as
src/shared/purgatory-blob.c's purgatory_image_build() does, and fill purgatory_params
(src/purgatory/purgatory-abi.h) as purgatory_load() does: entry, arg, console, flags, and one
(start, len, SHA-256) per region."""
import hashlib
import struct

PARAMS_SYMBOL = "purgatory_params"
ENTRY_SYMBOL = "purgatory_start"
MAGIC = 0x59524F5441475250  # "PRGATORY"
MAX_REGIONS = 80
VERIFY, VERBOSE = 0x1, 0x2
PAGE = 4096
# struct purgatory_params: magic, entry, arg, flags, nr_regions, console, console_baud, reserved
PARAMS_HEAD = struct.Struct("<QQQIIQII")
REGION = struct.Struct("<QQ32s")
PT_LOAD, SHT_SYMTAB = 1, 2


class Purgatory:
    def __init__(self, elf):
        (phoff, shoff) = struct.unpack_from("<QQ", elf, 0x20)
        (phentsize, phnum, shentsize, shnum) = struct.unpack_from("<HHHH", elf, 0x36)
        if elf[:4] != b"\x7fELF" or struct.unpack_from("<H", elf, 0x12)[0] != 183:
            raise ValueError("not an AArch64 ELF")
        loads = []
        for i in range(phnum):
            (ptype, _, off, vaddr, _, filesz, memsz, _) = struct.unpack_from(
                "<IIQQQQQQ", elf, phoff + i * phentsize)
            if ptype == PT_LOAD:
                loads.append((off, vaddr, filesz, memsz))
        span = max(v + m for (_, v, _, m) in loads)
        self.buf = bytearray(-(-span // PAGE) * PAGE)  # .bss included, zeroed
        for (off, vaddr, filesz, _) in loads:
            self.buf[vaddr:vaddr + filesz] = elf[off:off + filesz]
        self.symbols = {}
        sections = [struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize)
                    for i in range(shnum)]
        for (_, stype, _, _, off, size, link, _, _, entsize) in sections:
            if stype != SHT_SYMTAB:
                continue
            stroff = sections[link][4]
            for j in range(size // entsize):
                (name, _, _, _, value, _) = struct.unpack_from("<IBBHQQ", elf, off + j * entsize)
                end = elf.index(b"\0", stroff + name)
                self.symbols[elf[stroff + name:end].decode()] = value
        self.params = self.symbols[PARAMS_SYMBOL]
        self.entry = self.symbols[ENTRY_SYMBOL]
        if struct.unpack_from("<Q", self.buf, self.params)[0] != MAGIC:
            raise ValueError("purgatory_params has no magic")

    def fill(self, entry, arg, console, flags, regions):
        """regions: (start, bytes) as they will lie in memory; hashed here."""
        if len(regions) > MAX_REGIONS:
            raise ValueError("too many regions")
        PARAMS_HEAD.pack_into(self.buf, self.params, MAGIC, entry, arg, flags, len(regions),
                              console, 0, 0)
        for i, (start, data) in enumerate(regions):
            REGION.pack_into(self.buf, self.params + PARAMS_HEAD.size + i * REGION.size,
                             start, len(data), hashlib.sha256(data).digest())

    def set_u32(self, symbol, value):
        struct.pack_into("<I", self.buf, self.symbols[symbol], value)
