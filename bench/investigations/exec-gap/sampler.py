#!/usr/bin/env python3
"""Sample a QEMU guest's RIP (and CR0/CR3/CR4/EFER every 10th sample) over QEMU's gdbstub.
usage: sampler.py PORT OUTFILE [interval_s] [max_s]
Each sample stops the VM (^C), reads the registers ('g'), resumes ('c').  Column 1 is host
seconds since the gdbstub connection (~QEMU start)."""
import socket, sys, time, re

port = int(sys.argv[1]); outf = open(sys.argv[2], 'w', buffering=1)
interval = float(sys.argv[3]) if len(sys.argv) > 3 else 0.05
max_s = float(sys.argv[4]) if len(sys.argv) > 4 else 300

t_end = time.time() + 120
while True:
    try:
        s = socket.create_connection(('127.0.0.1', port)); break
    except OSError:
        if time.time() > t_end: sys.exit('no gdbstub')
        time.sleep(0.02)
t0 = time.time()
buf = b''

def send(data):
    s.sendall(b'$' + data.encode() + b'#%02x' % (sum(data.encode()) & 0xff))

def packet():
    global buf
    while True:
        m = re.search(rb'\$([^#]*)#..', buf)
        if m:
            buf = buf[m.end():]
            s.sendall(b'+')
            return m.group(1).decode()
        d = s.recv(65536)
        if not d: raise EOFError
        buf += d

def wait_for(pred):
    while True:
        p = packet()
        if pred(p): return p

import glob, subprocess
def qemu_pid():
    out = subprocess.run(['pgrep', '-f', 'tcp:127.0.0.1:%d' % port], capture_output=True, text=True).stdout.split()
    return [int(x) for x in out if 'qemu' in open('/proc/%s/comm' % x).read()]
pids = qemu_pid()
def cpu_ns():
    tot = 0
    for pid in pids:
        for f in glob.glob('/proc/%d/task/*/schedstat' % pid):
            try: tot += int(open(f).read().split()[0])
            except OSError: pass
    return tot
def hmp(c):
    send('qRcmd,' + c.encode().hex())
    out = ''
    while True:
        p = packet()
        if p == 'OK' or p.startswith('E'): break
        if p.startswith('O'): out += bytes.fromhex(p[1:]).decode(errors='replace')
    return out
pm_last = None; pm_acc = 0
def pm_ns():
    """ACPI PM timer (port 0x608, 3.579545 MHz, 24 bits) unwrapped: QEMU_CLOCK_VIRTUAL in ns."""
    global pm_last, pm_acc
    m = re.search(r'= *(0x[0-9a-f]+)', hmp('i /w 0x608'))
    if not m: return -1
    v = int(m.group(1), 16) & 0xffffff
    if pm_last is not None: pm_acc += (v - pm_last) & 0xffffff
    pm_last = v
    return int(pm_acc * 1e9 / 3579545)
is_stop = lambda p: p[:1] in ('T', 'S', 'W')
time.sleep(0.3)
send('?'); wait_for(is_stop)
n = 0
try:
    while time.time() - t0 < max_s:
        send('c')
        time.sleep(interval)
        s.sendall(b'\x03')
        wait_for(is_stop)
        t = time.time() - t0
        send('g')
        regs = wait_for(lambda p: len(p) >= 18 * 16 and re.fullmatch(r'[0-9a-fx]+', p))
        r = lambda i: int.from_bytes(bytes.fromhex(regs[i*16:(i+1)*16].replace('x', '0')), 'little')
        line = '%.3f rip=%016x rsp=%016x cpu=%.3f virt=%.4f' % (t, r(16), r(7), cpu_ns() / 1e9, pm_ns() / 1e9)
        if n % 10 == 0:
            out = hmp('info registers')
            for k in ('CR0', 'CR3', 'CR4', 'EFER'):
                m = re.search(r'\b' + k + r'=([0-9a-f]+)', out)
                line += ' %s=%s' % (k, m.group(1) if m else '?')
        outf.write(line + '\n')
        n += 1
    send('D')   # detach: QEMU resumes the VM (leaving it stopped would hang the run)
except (EOFError, ConnectionResetError, BrokenPipeError):
    pass
