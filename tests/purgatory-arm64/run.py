# SPDX-License-Identifier: GPL-2.0-or-later
"""The cases of tests/purgatory-arm64/run (which builds the purgatory and payload first).

Memory as a kexec_load would leave it, in QEMU virt's RAM (from 1 GiB; -m 4G): the stand-in
kernel, a fake device tree, the purgatory at an odd page, and 32 MiB of data in two segments cut
into adjacent regions as hash-regions.c does, no segment end 2 MiB-aligned, one above 4 GiB.
QEMU starts the CPU at payload.S's pre-purgatory stub, at EL1, or EL2 with virtualization=on.
"""
import argparse
import os
import random
import re
import selectors
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from image import VERBOSE, VERIFY, Purgatory  # noqa: E402

MiB = 1 << 20
UART = 0x09000000
KERNEL = 0x40200000
KERNEL_SIZE = MiB + 0x1000
DTB = 0x48000000
DTB_SIZE = 0x2000
# Anywhere page-aligned: an odd page at EL1, above 4 GiB at EL2 (see prepare()).
PURGATORY_EL1, PURGATORY_EL2 = 0x4A345000, 0x13FF00000
PRE_PURGATORY = KERNEL + 0x400
PATCH_ENTRY, PATCH_VHE = 0x7F0, 0x7F8
# (start, bytes, pieces): 32 MiB in all
SEGMENTS = [(0x50003000, 20 * MiB + 0x5000, 3), (0x1001FF000, 12 * MiB - 0x5000, 2)]
# Not RAM, not a device: QEMU answers with an external abort, which the vectors must report.
HOLE = 0x0C000000

EL1, EL2 = "virt", "virt,virtualization=on"
# A GiB-aligned GiB of RAM nobody wrote (zeros): the one case that maps a 1 GiB block.
BIG = (0x80000000, 1 << 30)


def case(**kw):
    c = dict(machine=EL1, cpu="cortex-a57", vhe=False, flags=VERIFY | VERBOSE, slow=0,
             corrupt=None, expect="boot", console=UART, big=False, reverse=False)
    c.update(kw)
    return c


# slow: purgatory_arm64_slow; corrupt: index of the region to flip a bit in after hashing, or
# "hole" for a region where nothing answers; reverse: regions listed in descending address.
CASES = {
    "el1": case(),
    "el1-a53": case(cpu="cortex-a53"),
    "el2": case(machine=EL2),
    "el2-vhe": case(machine=EL2, cpu="max", vhe=True),
    "el1-corrupt": case(flags=VERIFY, corrupt=3, expect="mismatch"),
    "el2-corrupt": case(machine=EL2, flags=VERIFY, corrupt=5, expect="mismatch"),
    "el2-vhe-corrupt": case(machine=EL2, cpu="max", vhe=True, flags=VERIFY, corrupt=1,
                            expect="mismatch"),
    "el1-corrupt-caches-off": case(flags=VERIFY, slow=1, corrupt=4, expect="mismatch"),
    # A CPU without FP/SIMD has no SHA-2 instructions either: the C path, found by itself.
    "no-sha2-cpu": case(cpu="cortex-a57,vfp=off,neon=off"),
    "no-checks": case(flags=0),
    "no-console": case(flags=VERIFY, console=0),
    "el1-big-unsorted": case(big=True, reverse=True),
    "el2-big-unsorted": case(machine=EL2, big=True, reverse=True),
    "el1-fault": case(flags=VERIFY, corrupt="hole", expect="exception"),
    "el2-fault": case(machine=EL2, flags=VERIFY, corrupt="hole", expect="exception"),
    # The speed matrix: caches on/off x SHA-2 instructions/C, at EL1 and EL2.
    "time-el1-fast": case(),
    "time-el1-caches-off": case(slow=1),
    "time-el1-c": case(slow=2),
    "time-el1-caches-off-c": case(slow=3),
    "time-el2-fast": case(machine=EL2),
    "time-el2-caches-off-c": case(machine=EL2, slow=3),
}
PAYLOAD_RE = re.compile(r"PAYLOAD x0=(\w{16}) x1=(\w{16}) x2=(\w{16}) x3=(\w{16}) el=(\w{16}) "
                        r"sctlr=(\w{16}) daif=(\w{16}) hcr=(\w{16}) END")
REPORT_RE = re.compile(r"kexec purgatory: (\d+) KiB checked in (\d+) ms \(caches (on|off), (.*)\)")
MISMATCH_RE = re.compile(r"kexec purgatory: SHA-256 mismatch in region (\d+) at (0x\w+)")
EXCEPTION_RE = re.compile(r"kexec purgatory: unexpected exception (\d+) \(ESR (0x\w+), "
                          r"ELR (0x\w+), FAR (0x\w+)")


def regions_of(data):
    """The (address, bytes) regions: kernel, dtb, then each segment in its pieces."""
    regions = [(KERNEL, data["kernel"]), (DTB, data["dtb"])]
    for (start, size, pieces), blob in zip(SEGMENTS, data["segments"]):
        cut = -(-size // pieces // 4096) * 4096
        for off in range(0, size, cut):
            regions.append((start + off, blob[off:off + cut]))
    return regions


def prepare(build, c, data, work):
    corrupt = c["corrupt"]
    kernel = bytearray(data["kernel"])
    purgatory_at = PURGATORY_EL2 if c["machine"] == EL2 else PURGATORY_EL1
    with open(os.path.join(build, "purgatory", "purgatory.elf"), "rb") as f:
        purg = Purgatory(f.read())
    kernel[PATCH_ENTRY:PATCH_ENTRY + 8] = (purgatory_at + purg.entry).to_bytes(8, "little")
    kernel[PATCH_VHE:PATCH_VHE + 8] = int(c["vhe"]).to_bytes(8, "little")
    data = dict(data, kernel=bytes(kernel))
    regions = regions_of(data)
    if corrupt == "hole":
        regions.insert(1, (HOLE, b"\0" * 4096))
    if c["big"]:
        regions.append((BIG[0], data["big"]))
    hashed = sorted(regions, reverse=True) if c["reverse"] else regions
    purg.fill(KERNEL, DTB, c["console"], c["flags"], hashed)
    purg.set_u32("purgatory_arm64_slow", c["slow"])

    files = {"purgatory": (purgatory_at, purg.buf), "kernel": (KERNEL, data["kernel"]),
             "dtb": (DTB, data["dtb"])}
    for i, ((start, _, _), blob) in enumerate(zip(SEGMENTS, data["segments"])):
        files["segment%d" % i] = (start, blob)
    if isinstance(corrupt, int):
        # After hashing, as a stray DMA would: one bit of the middle of that region.
        addr, blob = regions[corrupt]
        where = addr + len(blob) // 2
        for key, (start, content) in files.items():
            if start <= where < start + len(content):
                content = bytearray(content)
                content[where - start] ^= 0x01
                files[key] = (start, bytes(content))
    args = []
    for key, (start, content) in files.items():
        path = os.path.join(work, key + ".bin")
        with open(path, "wb") as f:
            f.write(content)
        args += ["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (path, start)]
    args += ["-device", "loader,addr=0x%x,cpu-num=0" % PRE_PURGATORY]
    return ["qemu-system-aarch64", "-M", c["machine"], "-accel", "tcg", "-cpu", c["cpu"],
            "-m", "4G",
            "-nodefaults", "-display", "none", "-monitor", "none", "-serial", "stdio",
            "-semihosting-config", "enable=on,target=native"] + args


def run_qemu(cmd, expect, timeout):
    """Console text and seconds from start until the expected outcome (or the timeout)."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    text, seen, end = "", None, t0 + timeout
    try:
        while time.monotonic() < end:
            if sel.select(timeout=0.2):
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                text += chunk.decode(errors="replace")
            if seen is None and (PAYLOAD_RE.search(text) or MISMATCH_RE.search(text)
                                 or EXCEPTION_RE.search(text)):
                seen = time.monotonic() - t0
                # A halt never ends: give a wrong "kernel" a second to show up anyway.
                end = min(end, time.monotonic() + (5 if expect == "boot" else 1))
    finally:
        proc.kill()
        proc.wait()
    return text, seen


def check(c, text):
    expect, slow = c["expect"], c["slow"]
    payload, report = PAYLOAD_RE.search(text), REPORT_RE.search(text)
    if not c["console"]:
        text = text.replace("PAYLOAD", "")
        if "kexec purgatory" in text:
            return "the purgatory wrote to a console it was not given"
    if expect != "boot":
        if payload:
            return "the kernel ran"
        if expect == "mismatch" and not MISMATCH_RE.search(text):
            return "no mismatch message"
        if expect == "exception" and not EXCEPTION_RE.search(text):
            return "no exception report"
        return None
    if not payload:
        return "the kernel never ran"
    x0, x1, x2, x3, el, sctlr, daif, hcr = (int(v, 16) for v in payload.groups())
    if x0 != DTB or x1 or x2 or x3:
        return "wrong registers: x0=%#x x1=%#x x2=%#x x3=%#x" % (x0, x1, x2, x3)
    if el != (2 if c["machine"] == EL2 else 1):
        return "entered at EL%d" % el
    if sctlr & 0x5:
        return "MMU or D-cache still on: SCTLR %#x" % sctlr
    if daif != 0x3C0:
        return "interrupts not masked: DAIF %#x" % daif
    if bool(hcr & (1 << 34)) != c["vhe"]:
        return "HCR_EL2.E2H is not what the case asked for: HCR %#x" % hcr
    if c["flags"] & VERBOSE and c["console"]:
        if not report:
            return "no timing report"
        want = ("caches off" if slow & 1 else "caches on",
                "C SHA-256" if slow & 2 or "neon=off" in c["cpu"] else "SHA-2 instructions")
        got = ("caches " + report.group(3), report.group(4))
        if got != want:
            return "took the wrong path: %s, %s" % got
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("cases", nargs="*")
    opts = ap.parse_args()
    if opts.list:
        print("\n".join(CASES))
        return 0
    names = opts.cases or list(CASES)
    rng = random.Random(2024)
    kernel = bytearray(rng.randbytes(KERNEL_SIZE))
    with open(os.path.join(opts.build, "payload.bin"), "rb") as f:
        payload = f.read()
    kernel[:len(payload)] = payload
    data = {"kernel": bytes(kernel),
            "dtb": b"\xd0\x0d\xfe\xed" + rng.randbytes(DTB_SIZE - 4),
            "segments": [rng.randbytes(size) for (_, size, _) in SEGMENTS]}
    if any(CASES[n]["big"] for n in names):
        data["big"] = bytes(BIG[1])  # QEMU's RAM starts zeroed: nothing to load
    work = os.path.join(opts.build, "work")
    os.makedirs(work, exist_ok=True)

    failed = 0
    for name in names:
        c = CASES[name]
        text, seen = run_qemu(prepare(opts.build, c, data, work), c["expect"], opts.timeout)
        err = check(c, text)
        report = REPORT_RE.search(text)
        note = ""
        if report:
            note = ": %s KiB in %s ms (caches %s, %s)" % report.groups()
        elif MISMATCH_RE.search(text):
            note = ": halted, mismatch in region %s at %s" % MISMATCH_RE.search(text).groups()
        elif EXCEPTION_RE.search(text):
            note = ": halted, exception %s ESR %s ELR %s FAR %s" % EXCEPTION_RE.search(
                text).groups()
        wall = " (%.1f s)" % seen if seen is not None else ""
        if err:
            failed += 1
            print("FAIL %s%s: %s" % (name, wall, err))
            with open(os.path.join(work, name + ".log"), "w") as f:
                f.write(text)
            print("  console: %s" % os.path.join(work, name + ".log"))
        else:
            print("PASS %s%s%s" % (name, wall, note))
        sys.stdout.flush()
    print("purgatory-arm64: %d passed, %d failed" % (len(names) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
