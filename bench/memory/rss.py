#!/usr/bin/env python3
"""Resident memory of one daemon as a VRRP backup, with its breakdown, in throw-away namespaces.

Reuses bench/failover/failover_bench.py's lab (hub bridge + nodes A and B in namespaces named hdfb-*-PID-RANDOM,
removed on exit) and configuration generator: A (priority 200) is master, B (priority 100) hears its adverts
(VRRPv3, 1 s); 1000 instances spread over 4 interfaces as in the failover bench's resource rows. After --settle
seconds B's /proc/PID/status (VmRSS, RssAnon, RssFile, threads) and smaps_rollup are read.

Extra environment for the daemon (e.g. DOTNET_GCgen0size=...) is passed with --env NAME=VALUE; both nodes get it.
Usage (root): bench/memory/run.sh --hadaemon BIN [--instances 1,1000] [--settle 20] [--env NAME=VALUE ...]
              [--spread N] [--dump-smaps PREFIX] [--label TEXT]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "failover"))
import failover_bench as fb  # noqa: E402  (the lab and config generator, not copied)

STATUS_KEYS = ("VmRSS", "RssAnon", "RssFile", "RssShmem", "VmHWM", "Threads")
ROLLUP_KEYS = ("Rss", "Pss", "Private_Clean", "Private_Dirty", "Shared_Clean", "Anonymous")


def status(pid: int) -> dict[str, int]:
    text = Path(f"/proc/{pid}/status").read_text()
    out = {}
    for key in STATUS_KEYS:
        m = re.search(rf"^{key}:\s+(\d+)", text, re.M)
        out[key] = int(m.group(1)) if m else 0
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    for key in ROLLUP_KEYS:
        m = re.search(rf"^{key}:\s+(\d+)", rollup, re.M)
        out["rollup_" + key] = int(m.group(1)) if m else 0
    return out


def binary_rss(pid: int, binary: str) -> int:
    """KiB resident of the executable's own mappings (text, rodata, data): what AOT size options can change."""
    total, inside = 0, False
    real = os.path.realpath(binary)
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            inside = line.rstrip().endswith(real)
        elif inside and line.startswith("Rss:"):
            total += int(line.split()[1])
    return total


def measure(binary: str, instances: int, settle: float, work: Path, dump: str | None) -> dict[str, float]:
    profile = fb.Profile("v3 1 s", 3, 1.0, False)
    interfaces = 4 if instances > 1 else 1
    with fb.Lab(interfaces):
        ca, cb = work / "ma.conf", work / "mb.conf"
        ca.write_text(fb.config(profile, 200, instances, interfaces))
        cb.write_text(fb.config(profile, 100, instances, interfaces))
        a, b = fb.Daemon("hadaemon", binary, fb.NODE_A, ca, work), fb.Daemon("hadaemon", binary, fb.NODE_B, cb, work)
        try:
            a.start()
            b.start()
            time.sleep(settle)
            if b.proc.poll() is not None:
                raise RuntimeError(f"B exited with {b.proc.returncode}")
            pid = b.proc.pid
            # `ip netns exec` execs the daemon, so the Popen pid is the daemon's.
            out = status(pid)
            out["binary_rss"] = binary_rss(pid, binary)
            out["thread_names"] = sorted(Path(f"/proc/{pid}/task/{t}/comm").read_text().strip()
                                         for t in os.listdir(f"/proc/{pid}/task"))
            if dump:
                Path(f"{dump}-{instances}.smaps").write_text(Path(f"/proc/{pid}/smaps").read_text())
            out["load1"] = os.getloadavg()[0]
            return out
        finally:
            a.stop()
            b.stop()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hadaemon", required=True)
    ap.add_argument("--instances", default="1,1000")
    ap.add_argument("--settle", type=float, default=20.0)
    ap.add_argument("--env", action="append", default=[], help="NAME=VALUE for the daemon")
    ap.add_argument("--label", default="")
    ap.add_argument("--spread", type=int, default=0,
                    help="also run the failover bench's 1000-instance first->last VIP spread N times (GC pause check)")
    ap.add_argument("--dump-smaps", help="write B's /proc/PID/smaps to DUMP-INSTANCES.smaps")
    args = ap.parse_args()
    if os.geteuid() != 0:
        print("run as root (network namespaces)", file=sys.stderr)
        return 2
    for kv in args.env:
        name, _, value = kv.partition("=")
        os.environ[name] = value
    with tempfile.TemporaryDirectory(prefix="hdmem-") as tmp:
        try:
            for n in [int(x) for x in args.instances.split(",") if x]:
                r = measure(args.hadaemon, n, args.settle, Path(tmp), args.dump_smaps)
                mib = lambda k: r[k] / 1024  # noqa: E731
                print(f"{args.label or '-'} | {n} | VmRSS {mib('VmRSS'):.1f} | RssAnon {mib('RssAnon'):.1f} | "
                      f"RssFile {mib('RssFile'):.1f} | binary {mib('binary_rss'):.1f} | threads {r['Threads']} | "
                      f"HWM {mib('VmHWM'):.1f} | load {r['load1']:.1f}", flush=True)
                print(json.dumps({"label": args.label, "instances": n, **r}), file=sys.stderr, flush=True)
            spreads = [fb.spread("hadaemon", args.hadaemon, Path(tmp)) for _ in range(args.spread)]
            if spreads:
                print(f"{args.label or '-'} | 1000-instance VIP spread ms | {fb.fmt(spreads)} (min / median / max) | "
                      f"load {os.getloadavg()[0]:.1f}", flush=True)
                print(json.dumps({"label": args.label, "spread_ms": spreads}), file=sys.stderr, flush=True)
        finally:
            fb.Lab.destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
