#!/usr/bin/env python3
# hmp.py SOCK CMD...: run HMP commands on a monitor socket, print the output
import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.settimeout(20)
def rd():
    b = b''
    while not b.endswith(b'(qemu) '):
        b += s.recv(65536)
    return b.decode(errors='replace')
rd()
for c in sys.argv[2:]:
    s.sendall(c.encode() + b'\n'); print(rd().replace('(qemu) ', ''))
