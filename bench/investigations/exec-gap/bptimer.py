#!/usr/bin/env python3
"""Time phases with gdbstub breakpoints: at each hit record host wall time, QEMU's CPU time
(sum of its threads' schedstat) and QEMU_CLOCK_VIRTUAL (ACPI PM timer, port 0x608; with
-icount shift=0 that is the guest instruction count in ns).
usage: bptimer.py PORT OUTFILE NAME=ADDR...  (ADDR: guest virtual = physical here)"""
import socket, sys, time, re, glob, subprocess

port = int(sys.argv[1]); outf = open(sys.argv[2], 'w', buffering=1)
bps = {}
for a in sys.argv[3:]:
    n, v = a.split('=')
    bps[int(v, 0)] = n
t_end = time.time() + 120
while True:
    try:
        s = socket.create_connection(('127.0.0.1', port)); break
    except OSError:
        if time.time() > t_end: sys.exit('no gdbstub')
        time.sleep(0.02)
import os
PMPORT = os.environ.get('PMPORT', '0x608')
t0 = time.time(); buf = b''
def send(data):
    s.sendall(b'$' + data.encode() + b'#%02x' % (sum(data.encode()) & 0xff))
def packet():
    global buf
    while True:
        m = re.search(rb'\$([^#]*)#..', buf)
        if m:
            buf = buf[m.end():]; s.sendall(b'+')
            return m.group(1).decode()
        d = s.recv(65536)
        if not d: raise EOFError
        buf += d
def wait_for(pred):
    while True:
        p = packet()
        if pred(p): return p
is_stop = lambda p: p[:1] in ('T', 'S', 'W')
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
    m = re.search(r'= *(0x[0-9a-f]+)', hmp('i /w ' + PMPORT))
    return int(m.group(1), 16) & 0xffffff if m else None
def regs():
    send('g'); r = wait_for(lambda p: len(p) >= 18 * 16 and re.fullmatch(r'[0-9a-fx]+', p))
    return int.from_bytes(bytes.fromhex(r[16*16:17*16].replace('x', '0')), 'little')
time.sleep(0.3)
send('?'); wait_for(is_stop)
for a in bps:
    send('Z0,%x,1' % a); wait_for(lambda p: p in ('OK', '') or p.startswith('E'))
last_pm = pm(); acc = 0
try:
    while True:
        send('c')
        wait_for(is_stop)
        t = time.time() - t0; rip = regs(); v = pm()
        if v is not None and last_pm is not None:
            acc += (v - last_pm) & 0xffffff
        last_pm = v
        outf.write('%.3f %s rip=%x cpu=%.3f virt=%.4f\n' % (t, bps.get(rip, '?'), rip, cpu_ns() / 1e9, acc / 3579545))
        if rip in bps:   # step over the breakpoint
            send('z0,%x,1' % rip); wait_for(lambda p: p in ('OK', '') or p.startswith('E'))
            send('s'); wait_for(is_stop)
            send('Z0,%x,1' % rip); wait_for(lambda p: p in ('OK', '') or p.startswith('E'))
except (EOFError, ConnectionResetError, BrokenPipeError):
    pass
