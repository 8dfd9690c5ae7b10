#!/usr/bin/env python3
"""Interpolate sampler columns (qemu cpu, virtual) at the host times of console events.
usage: at.py SAMPLES LOG"""
import sys, re
S = []
for l in open(sys.argv[1]):
    kv = dict(x.split('=', 1) for x in l.split()[1:])
    S.append((float(l.split()[0]), float(kv['cpu']), float(kv['virt'])))
def at(t):
    for (t0, c0, v0), (t1, c1, v1) in zip(S, S[1:]):
        if t0 <= t <= t1:
            f = (t - t0) / (t1 - t0) if t1 > t0 else 0
            return c0 + f * (c1 - c0), v0 + f * (v1 - v0)
    return None, None
EV = [('exec', r'kexec_core: Starting new kernel'), ('purgatory done', r'kexec purgatory: (\d+ segments verified|checks skipped)'),
      ('Linux version (new)', r'Linux version'), ('Run /init (new)', r'Run /init'), ('STAGE2', r'^STAGE2 initrd')]
lines = [(float(l.split()[0]), l.split(None, 1)[1] if len(l.split(None, 1)) > 1 else '') for l in open(sys.argv[2]) if re.match(r'\s*\d+\.\d+ ', l)]
kx = next(t for t, s in lines if re.search(EV[0][1], s))
prev = None
print('%-22s %9s %9s %9s' % ('event', 'wall', 'qemu-cpu', 'virtual'))
for name, rx in EV:
    ts = [t for t, s in lines if re.search(rx, s) and t >= kx]
    if not ts: continue
    c, v = at(ts[0])
    print('%-22s %9.3f %9.3f %9.4f' % (name, ts[0], c or -1, v or -1))
