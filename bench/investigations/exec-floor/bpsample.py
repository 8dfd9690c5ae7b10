#!/usr/bin/env python3
"""Breakpoints (as bptimer.py), then, after the breakpoint named LAST, periodic samples (as
sampler.py) for MAXS seconds.  usage: bpsample.py PORT OUTFILE LAST INTERVAL MAXS NAME=ADDR...
Lines: 'T NAME rip=.. cpu=.. virt=..' for breakpoints, 'T rip=.. rsp=.. cpu=.. virt=..' for samples."""
import socket, sys, time, re, glob, subprocess
port = int(sys.argv[1]); outf = open(sys.argv[2], 'w', buffering=1)
last = sys.argv[3]; interval = float(sys.argv[4]); maxs = float(sys.argv[5])
bps = {}
for a in sys.argv[6:]:
    n, v = a.split('='); bps[int(v, 0)] = n
t_end = time.time() + 120
while True:
    try: s = socket.create_connection(('127.0.0.1', port)); break
    except OSError:
        if time.time() > t_end: sys.exit('no gdbstub')
        time.sleep(0.02)
t0 = time.time(); buf = b''
def send(data): s.sendall(b'$' + data.encode() + b'#%02x' % (sum(data.encode()) & 0xff))
def packet():
    global buf
    while True:
        m = re.search(rb'\$([^#]*)#..', buf)
        if m:
            buf = buf[m.end():]; s.sendall(b'+'); return m.group(1).decode()
        d = s.recv(65536)
        if not d: raise EOFError
        buf += d
def wait_for(pred):
    while True:
        p = packet()
        if pred(p): return p
is_stop = lambda p: p[:1] in ('T', 'S', 'W')
ok = lambda p: p in ('OK', '') or p.startswith('E')
out = subprocess.run(['pgrep', '-f', 'tcp:127.0.0.1:%d' % port], capture_output=True, text=True).stdout.split()
pids = [int(x) for x in out if 'qemu' in open('/proc/%s/comm' % x).read()]
def cpu_ns():
    tot = 0
    for pid in pids:
        for f in glob.glob('/proc/%d/task/*/schedstat' % pid):
            try: tot += int(open(f).read().split()[0])
            except OSError: pass
    return tot
def hmp(c):
    send('qRcmd,' + c.encode().hex()); o = ''
    while True:
        p = packet()
        if p == 'OK' or p.startswith('E'): break
        if p.startswith('O'): o += bytes.fromhex(p[1:]).decode(errors='replace')
    return o
def pm():
    m = re.search(r'= *(0x[0-9a-f]+)', hmp('i /w 0x608'))
    return int(m.group(1), 16) & 0xffffff if m else None
def regs():
    send('g'); r = wait_for(lambda p: len(p) >= 18 * 16 and re.fullmatch(r'[0-9a-fx]+', p))
    g = lambda i: int.from_bytes(bytes.fromhex(r[i*16:(i+1)*16].replace('x', '0')), 'little')
    return g(16), g(7), g(0)
time.sleep(0.3)
send('?'); wait_for(is_stop)
armed = [a for a in bps if bps[a] == 'purg']
for a in armed:
    send('Z0,%x,1' % a); wait_for(ok)
last_pm = pm(); acc = 0
def virt():
    global last_pm, acc
    v = pm()
    if v is not None and last_pm is not None: acc += (v - last_pm) & 0xffffff
    last_pm = v
    return acc / 3579545
try:
    while True:
        send('c'); wait_for(is_stop)
        t = time.time() - t0; rip, rsp, rax = regs()
        name = bps.get(rip, '?')
        outf.write('%.3f %s rip=%x rax=%x cpu=%.3f virt=%.6f\n' % (t, name, rip, rax, cpu_ns() / 1e9, virt()))
        if name == last:
            for a in armed: send('z0,%x,1' % a); wait_for(ok)
            break
        if name == 'purg':
            for a in bps:
                if a not in armed: send('Z0,%x,1' % a); wait_for(ok); armed.append(a)
        if rip in bps:
            send('z0,%x,1' % rip); wait_for(ok); send('s'); wait_for(is_stop)
            send('Z0,%x,1' % rip); wait_for(ok)
    send('s'); wait_for(is_stop)
    rip, rsp, rax = regs(); outf.write('%.3f kernel-entry rip=%x cpu=%.3f virt=%.6f\n' % (time.time() - t0, rip, cpu_ns() / 1e9, virt()))
    tend = time.time() + maxs
    while time.time() < tend:
        send('c'); time.sleep(interval); s.sendall(b'\x03'); wait_for(is_stop)
        t = time.time() - t0; rip, rsp, rax = regs()
        outf.write('%.3f rip=%016x rsp=%016x cpu=%.3f virt=%.6f\n' % (t, rip, rsp, cpu_ns() / 1e9, virt()))
    send('D')
except (EOFError, ConnectionResetError, BrokenPipeError):
    pass
