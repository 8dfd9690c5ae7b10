#!/usr/bin/env python3
"""Summarise a sampler file: spans of consecutive samples in the same phase, and a histogram.
usage: phases.py SAMPLES [TEXTBASE,...]
TEXTBASE: where the decompressor's .text (image offset 0x7bf000) ran; default: the three
placements seen here (-c/BIOS first boot and -c kexec: 0x4f3a000; -s kexec: 0x3ff3a000;
OVMF first boot via the EFI stub: 0x3b339000).  Function ranges from objdump of the image."""
import sys, collections
BASES = [int(x, 0) for x in (sys.argv[2].split(',') if len(sys.argv) > 2 else
                             ['0x4f3a000', '0x3ff3a000', '0x3b339000'])]
import os
PURG = [int(x, 0) for x in os.environ.get('PURG', '0x3fde8000,0x6fde8000,0x3fcfc000').split(',')]
FUN = [(0x000, '.text start'), (0x4b0, 'xz dec_vli'), (0x520, 'xz dict_repeat'),
       (0x5b0, 'xz lzma/rc decoder'), (0x2ae0, 'xz crc32/stream'), (0x2c00, 'xz other'),
       (0x3bc0, 'memmove'), (0x3c00, 'misc (parse_elf, relocs, ident map, kaslr)'), (0x1e000, None)]
def phase(rip, rsp):
    if rip >= 0xffff800000000000: return 'kernel'
    for pb in PURG:
        if pb <= rip < pb + 0x8000: return 'our purgatory'
    rbx = ((rsp + 0xfff) & ~0xfff) - 0x7dd000   # the decompressor's stack top is rbx + 0x7dd000
    for b in BASES + ([rbx + 0x7bf000] if rbx >= 0x100000 else []):
        if b + 0x340 <= rip < b + 0xa000:
            name = [n for a, n in FUN if rip - b >= a][-1]
            return 'decompressor: ' + name
    if rip < 0x100000: return 'below 1 MiB (firmware, real mode, kernel purgatory)'
    if rsp >= 0x7f0000000000: return 'user'
    return 'other'
rows = []
for l in open(sys.argv[1]):
    f = l.split()
    kv = dict(x.split('=', 1) for x in f[1:])
    rows.append((float(f[0]), int(kv['rip'], 16), int(kv['rsp'], 16), float(kv.get('cpu', 0)), float(kv.get('virt', 0))))
coarse = lambda p: p.split(':')[0]
segs = []
# a span runs from its first sample to the first sample of the next span (the boundary is
# known to within one sampling interval)
for i, (t, rip, rsp, cpu, virt) in enumerate(rows):
    c = coarse(phase(rip, rsp))
    if segs and segs[-1][0] == c: segs[-1][4] += 1
    else:
        if segs: segs[-1][2:4] = [t, (cpu, virt)]
        segs.append([c, t, t, (cpu, virt), 1, (cpu, virt)])
if segs: segs[-1][2:4] = [rows[-1][0], rows[-1][3:5]]
print('   start      end    wall    qemu-cpu  virtual  samples phase')
for c, a, b, end, n, beg in segs:
    if n >= 3 or c in ('our purgatory', 'decompressor'):
        print('%8.3f-%8.3f %6.2fs %8.2fs %8.3fs %4d  %s' % (a, b, b - a, end[0] - beg[0], end[1] - beg[1], n, c))
cnt = collections.Counter(phase(r[1], r[2]) for r in rows)
print('--- sample histogram')
for k, v in cnt.most_common(): print('%5d %s' % (v, k))
