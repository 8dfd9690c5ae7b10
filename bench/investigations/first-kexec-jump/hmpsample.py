#!/usr/bin/env python3
"""Sample a QEMU guest's registers over an HMP unix socket without stopping it for long.
usage: hmpsample.py SOCK OUT T0_US [interval_s]
Each line: host-seconds-since-T0 RIP CR0 CR3 CR4 EFER HLT vcpu_cpu_s main_cpu_s load1 tb_count tb_invalidates tb_flushes
vcpu_cpu_s/main_cpu_s: utime+stime of QEMU's 'CPU 0/TCG' thread and of all its other threads."""
import socket, sys, time, re, os, glob
sock, out, t0 = sys.argv[1], sys.argv[2], int(sys.argv[3]) / 1e6
iv = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0
for _ in range(600):
    try:
        s = socket.socket(socket.AF_UNIX); s.connect(sock); break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit('no monitor')
s.settimeout(30)
tck = os.sysconf('SC_CLK_TCK')
def qemu_pid():
    for p in glob.glob('/proc/[0-9]*/cmdline'):
        try:
            c = open(p, 'rb').read()
        except OSError:
            continue
        if b'qemu-system' in c and sock.encode() in c:
            pid = int(p.split('/')[2])
            if open('/proc/%d/comm' % pid).read().startswith('qemu-system'):
                return pid
pid = qemu_pid()
def cpu():
    v = m = 0.0
    for t in glob.glob('/proc/%d/task/*' % pid):
        try:
            comm = open(t + '/comm').read().strip()
            st = open(t + '/stat').read().rsplit(')', 1)[1].split()
        except OSError:
            continue
        c = (int(st[11]) + int(st[12])) / tck
        if 'TCG' in comm or 'KVM' in comm: v += c
        else: m += c
    return v, m
buf = b''
def cmd(c):
    global buf
    s.sendall(c.encode() + b'\n')
    while True:
        i = buf.find(b'(qemu) ')
        if i >= 0 and (b'RIP=' in buf[:i] or b'EIP=' in buf[:i] or b'TB count' in buf[:i]):
            r = buf[:i]; buf = buf[i + 7:]; return r.decode(errors='replace')
        if i >= 0:
            buf = buf[i + 7:]; continue
        d = s.recv(65536)
        if not d: raise EOFError
        buf += d
# swallow the banner
time.sleep(0.3); s.recv(65536)
f = open(out, 'w', buffering=1)
while True:
    try:
        r = cmd('info registers')
    except (EOFError, OSError, socket.timeout):
        break
    def g(k):
        m = re.search(k + r'=([0-9a-fA-F]+)', r)
        return m.group(1) if m else '-'
    rip = g('RIP') if 'RIP=' in r else g('EIP')
    try:
        j = cmd('info jit')
    except (EOFError, OSError, socket.timeout):
        break
    def gj(k):
        mm = re.search(k + r'\s+(\d+)', j)
        return mm.group(1) if mm else '-'
    v, m = cpu()
    la = open('/proc/loadavg').read().split()[0]
    f.write('%.2f %s %s %s %s %s %s %.2f %.2f %s %s %s %s\n' % (time.time() - t0, rip, g('CR0'), g('CR3'), g('CR4'),
            g('EFER'), g('HLT'), v, m, la, gj('TB count'), gj('TB invalidate count'), gj('TB flush count')))
    time.sleep(iv)
