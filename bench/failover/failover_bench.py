#!/usr/bin/env python3
"""Failover benchmark: keepalived pair vs hadaemon pair, measured from the wire.

Each run builds three network namespaces (a hub with a bridge, node A, node B), starts the same daemon on both
nodes with the same configuration text (A priority 200, B priority 100), waits for A to be master, then breaks A
(link down, kill -9, or SIGTERM) and measures on B, from a capture on the hub's bridge and `ip monitor`:

  advert  last advert of A -> first advert of B
  vip     last advert of A -> VIP present on B (ip -ts monitor address in B)
  garp    last advert of A -> first gratuitous ARP / unsolicited NA from B for the VIP

The RFC floor is 3 x advert_int + skew after A's last advert (skew alone after a priority-0 advert).
Results go to a markdown table with the ratio hadaemon / keepalived per row. Also measures the first->last VIP
spread of 1000 instances (4 interfaces x 250 VRIDs) and RSS / CPU over an idle window with 1 and 1000 instances.

Everything runs in namespaces named hdfb-*-PID-RANDOM that are removed on exit; nothing touches the host's own network.
Run as root: bench/failover/run.sh  (see README "Performance").
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Unique per run: other test runs may create namespaces at the same time.
_SUFFIX = f"{os.getpid()}-{os.urandom(2).hex()}"
HUB, NODE_A, NODE_B = f"hdfb-hub-{_SUFFIX}", f"hdfb-a-{_SUFFIX}", f"hdfb-b-{_SUFFIX}"
NAMESPACES = (HUB, NODE_A, NODE_B)
PORT_LETTER = {NODE_A: "a", NODE_B: "b"}


@dataclasses.dataclass(frozen=True)
class Profile:
    name: str
    version: int
    advert_int: float
    ipv6: bool

    @property
    def vip(self) -> str:
        return "fd88::100" if self.ipv6 else "10.88.0.100"

    def floor_ms(self, mode: str) -> float:
        # Backup priority 100. v2: skew (256-p)/256 s; v3: (256-p) x interval / 256.
        skew = (256 - 100) / 256 * (1.0 if self.version == 2 else self.advert_int)
        return 1000 * (skew if mode == "sigterm" else 3 * self.advert_int + skew)


PROFILES = [
    Profile("v2 1 s", 2, 1.0, False),
    Profile("v3 0.1 s", 3, 0.1, False),
    Profile("v3 0.01 s", 3, 0.01, False),
    Profile("v3 IPv6 0.1 s", 3, 0.1, True),
]
MODES = ["linkdown", "kill9", "sigterm"]


def sh(*args: str, check: bool = True, capture: bool = True) -> str:
    r = subprocess.run(args, check=False, capture_output=capture, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({r.returncode}): {r.stderr}")
    return r.stdout if capture else ""


def ip(ns: str, *args: str, check: bool = True) -> str:
    return sh("ip", "-n", ns, *args, check=check)


class Lab:
    """hub/br0 <- veth -> eth0 of A and B; addresses 10.88.0.1/.2 and fd88::1/::2."""

    def __init__(self, interfaces: int = 1):
        self.interfaces = interfaces

    def __enter__(self) -> "Lab":
        self.destroy()
        for ns in NAMESPACES:
            sh("ip", "netns", "add", ns)
            ip(ns, "link", "set", "lo", "up")
        for i in range(self.interfaces):
            br = f"br{i}"
            ip(HUB, "link", "add", br, "type", "bridge", "mcast_snooping", "0", "forward_delay", "0")
            ip(HUB, "link", "set", br, "up")
            for node, host in ((NODE_A, 1), (NODE_B, 2)):
                port = f"{PORT_LETTER[node]}{i}"
                ip(HUB, "link", "add", port, "type", "veth", "peer", "name", f"eth{i}", "netns", node)
                ip(HUB, "link", "set", port, "master", br, "up")
                ip(node, "addr", "add", f"10.{88 + i}.0.{host}/24", "dev", f"eth{i}")
                ip(node, "addr", "add", f"fd{88 + i:x}::{host}/64", "dev", f"eth{i}", "nodad")
                ip(node, "link", "set", f"eth{i}", "up")
        # IPv6 link-locals need DAD to finish before VRRPv3/IPv6 can send from them.
        time.sleep(2.2)
        return self

    def __exit__(self, *exc) -> None:
        self.destroy()

    @staticmethod
    def destroy() -> None:
        for ns in NAMESPACES:
            sh("ip", "netns", "del", ns, check=False)


@dataclasses.dataclass
class Daemon:
    kind: str
    binary: str
    ns: str
    conf: Path
    workdir: Path
    proc: subprocess.Popen | None = None

    def start(self) -> None:
        tag = f"{self.kind}-{self.ns}"
        self.log = open(self.workdir / f"{tag}.log", "w")
        self.pidfile = self.workdir / f"{tag}.pid"
        self.vrrp_pidfile = self.workdir / f"{tag}.vrrp.pid"
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", self.ns, self.binary, "-n", "-l", "-P", "-f", str(self.conf),
             "-p", str(self.pidfile), "-r", str(self.vrrp_pidfile)],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def pids(self) -> list[int]:
        """The daemon's processes: keepalived has a parent and a VRRP child, hadaemon one process."""
        pids = [self.proc.pid] if self.proc else []
        try:
            pids.append(int(self.vrrp_pidfile.read_text().strip()))
        except (OSError, ValueError):
            pass
        return sorted(set(pids))

    def signal(self, sig: int) -> None:
        for pid in (self.pids() if sig == signal.SIGKILL else [self.proc.pid]):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.signal(signal.SIGKILL)
                self.proc.wait(timeout=5)
        for pid in self.pids():  # an orphaned keepalived child, if any
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.log.close()


def config(profile: Profile, priority: int, instances: int = 1, interfaces: int = 1) -> str:
    lines = ["global_defs {", f"    vrrp_version {profile.version}", "}"]
    per_if = max(1, instances // interfaces)
    for n in range(instances):
        i, vrid = divmod(n, per_if)
        vrid += 1
        vip = (f"fd{88 + i:x}::{vrid + 256:x}" if profile.ipv6 else f"10.{88 + i}.{1 + vrid // 250}.{vrid % 250 + 1}")
        if instances == 1:
            vip = profile.vip
        lines += [f"vrrp_instance VI_{n} {{", f"    interface eth{i}", f"    virtual_router_id {vrid}",
                  f"    priority {priority}", f"    advert_int {profile.advert_int}",
                  "    virtual_ipaddress {", f"        {vip}/{64 if profile.ipv6 else 24}", "    }", "}"]
    return "\n".join(lines) + "\n"


def holds(ns: str, vip: str) -> bool:
    return f" {vip}/" in ip(ns, "-o", "addr", "show", check=False)


def wait_until(pred, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.01)


def capture_times(pcap: Path, profile: Profile, a_src: str, b_src: str) -> tuple[float, float, float | None]:
    """(last advert of A before B's first, first advert of B, first GARP/NA of B for the VIP) in epoch seconds."""
    src_field = "ipv6.src" if profile.ipv6 else "ip.src"
    out = sh("tshark", "-r", str(pcap), "-Y", "vrrp", "-T", "fields", "-e", "frame.time_epoch", "-e", src_field)
    adverts = [(float(t), s) for t, s in (l.split("\t") for l in out.splitlines() if "\t" in l)]
    first_b = next((t for t, s in adverts if s == b_src), None)
    if first_b is None:
        raise RuntimeError("B never advertised")
    last_a = max((t for t, s in adverts if s == a_src and t <= first_b), default=None)
    if last_a is None:
        raise RuntimeError("no advert from A captured")
    if profile.ipv6:
        flt = f"icmpv6.type == 136 && icmpv6.nd.na.target_address == {profile.vip}"
    else:
        flt = f"arp.src.proto_ipv4 == {profile.vip} && arp.dst.proto_ipv4 == {profile.vip}"
    out = sh("tshark", "-r", str(pcap), "-Y", flt, "-T", "fields", "-e", "frame.time_epoch")
    garps = [float(t) for t in out.split()]
    garp = next((t for t in garps if t >= first_b), None)
    return last_a, first_b, garp


def added_at(line: str) -> float | None:
    """Epoch seconds of an `ip -ts monitor address` line that adds an address, else None."""
    m = re.match(r"\[(\S+)\] (?!Deleted)\S+ \S+\s+inet", line)
    if not m:
        return None
    # ip -ts prints local time with microseconds
    return time.mktime(time.strptime(m.group(1)[:19], "%Y-%m-%dT%H:%M:%S")) + float("0." + m.group(1)[20:])


def vip_time(monitor_out: str, vip: str) -> float | None:
    return next((added_at(l) for l in monitor_out.splitlines() if f" {vip}/" in l and added_at(l)), None)


def one_run(kind: str, binary: str, profile: Profile, mode: str, work: Path) -> dict[str, float | None]:
    with Lab():
        confs = {}
        for node, prio in ((NODE_A, 200), (NODE_B, 100)):
            confs[node] = work / f"{node}.conf"
            confs[node].write_text(config(profile, prio))
        a = Daemon(kind, binary, NODE_A, confs[NODE_A], work)
        b = Daemon(kind, binary, NODE_B, confs[NODE_B], work)
        try:
            a.start()
            wait_until(lambda: holds(NODE_A, profile.vip), 10 * profile.advert_int + 5, "A never became master")
            b.start()
            time.sleep(max(0.5, 5 * profile.advert_int))
            pcap = work / "cap.pcap"
            tcpdump = subprocess.Popen(["ip", "netns", "exec", HUB, "tcpdump", "-i", "br0", "-U", "--immediate-mode", "-n", "-w", str(pcap),
                                        "--time-stamp-precision=micro", "ip proto 112 or ip6 proto 112 or arp or icmp6"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            tcpdump.stderr.readline()  # "listening on br0 ...": the capture is armed
            monitor = subprocess.Popen(["ip", "-n", NODE_B, "-ts", "monitor", "address"], stdout=subprocess.PIPE, text=True)
            time.sleep(max(0.5, 3 * profile.advert_int))
            if mode == "linkdown":
                ip(HUB, "link", "set", "a0", "down")
            elif mode == "kill9":
                a.signal(signal.SIGKILL)
            else:
                a.signal(signal.SIGTERM)
            wait_until(lambda: holds(NODE_B, profile.vip), 10 * profile.advert_int + 5, "B never took the VIP")
            time.sleep(0.3 + (0 if profile.ipv6 else 0))
            tcpdump.send_signal(signal.SIGINT)
            tcpdump.wait(timeout=5)
            monitor.terminate()
            mon_out = monitor.communicate(timeout=5)[0]
            a_src = "fe80" if profile.ipv6 else "10.88.0.1"
            b_src = "fe80" if profile.ipv6 else "10.88.0.2"
            if profile.ipv6:  # link-local sources: look them up
                a_src = link_local(NODE_A)
                b_src = link_local(NODE_B)
            last_a, first_b, garp = capture_times(pcap, profile, a_src, b_src)
            vip_at = vip_time(mon_out, profile.vip)
            return {
                "advert": 1000 * (first_b - last_a),
                "vip": None if vip_at is None else 1000 * (vip_at - last_a),
                "garp": None if garp is None else 1000 * (garp - last_a),
            }
        finally:
            a.stop()
            b.stop()


def link_local(ns: str) -> str:
    out = ip(ns, "-6", "-o", "addr", "show", "dev", "eth0", "scope", "link")
    return out.split()[3].split("/")[0]


def rss_cpu(kind: str, binary: str, instances: int, window: float, work: Path) -> tuple[float, float]:
    """(RSS MiB summed over the daemon's processes, % of one core) for node B as backup over `window` seconds."""
    profile = Profile("v3 1 s", 3, 1.0, False)
    interfaces = 4 if instances > 1 else 1
    with Lab(interfaces):
        ca, cb = work / "ra.conf", work / "rb.conf"
        ca.write_text(config(profile, 200, instances, interfaces))
        cb.write_text(config(profile, 100, instances, interfaces))
        a, b = Daemon(kind, binary, NODE_A, ca, work), Daemon(kind, binary, NODE_B, cb, work)
        try:
            a.start()
            b.start()
            time.sleep(6)
            ticks0 = sum(cpu_ticks(p) for p in b.pids())
            time.sleep(window)
            ticks1 = sum(cpu_ticks(p) for p in b.pids())
            rss = sum(rss_kib(p) for p in b.pids()) / 1024
            return rss, 100 * (ticks1 - ticks0) / os.sysconf("SC_CLK_TCK") / window
        finally:
            a.stop()
            b.stop()


def spread(kind: str, binary: str, work: Path) -> float:
    """1000 instances on 4 interfaces: ms between the first and the last VIP B adds after A is killed."""
    profile = Profile("v3 1 s", 3, 1.0, False)
    with Lab(4):
        ca, cb = work / "sa.conf", work / "sb.conf"
        ca.write_text(config(profile, 200, 1000, 4))
        cb.write_text(config(profile, 100, 1000, 4))
        a, b = Daemon(kind, binary, NODE_A, ca, work), Daemon(kind, binary, NODE_B, cb, work)
        try:
            a.start()
            time.sleep(6)
            b.start()
            time.sleep(4)
            monitor = subprocess.Popen(["ip", "-n", NODE_B, "-ts", "monitor", "address"], stdout=subprocess.PIPE, text=True)
            time.sleep(0.5)
            a.signal(signal.SIGKILL)
            time.sleep(8)
            monitor.terminate()
            out = monitor.communicate(timeout=5)[0]
            times = [t for t in map(added_at, out.splitlines()) if t is not None]
            return 1000 * (max(times) - min(times)) if len(times) > 1 else float("nan")
        finally:
            a.stop()
            b.stop()


def cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except OSError:
        return 0


def rss_kib(pid: int) -> int:
    try:
        m = re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
        return int(m.group(1)) if m else 0
    except OSError:
        return 0


def fmt(values: list[float]) -> str:
    v = [x for x in values if x is not None]
    if not v:
        return "n/a"
    return f"{min(v):.1f} / {statistics.median(v):.1f} / {max(v):.1f}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hadaemon", required=True)
    ap.add_argument("--keepalived", default="/usr/sbin/keepalived")
    ap.add_argument("-n", "--runs", type=int, default=5)
    ap.add_argument("--out", default="bench/results/failover.md")
    ap.add_argument("--profiles", default=",".join(p.name for p in PROFILES))
    ap.add_argument("--modes", default=",".join(MODES))
    ap.add_argument("--idle-window", type=float, default=30.0)
    ap.add_argument("--skip-scale", action="store_true", help="skip the 1000-instance spread and resource rows")
    args = ap.parse_args()
    if os.geteuid() != 0:
        print("run as root (network namespaces)", file=sys.stderr)
        return 2
    daemons = {"keepalived": args.keepalived, "hadaemon": args.hadaemon}
    profiles = [p for p in PROFILES if p.name in args.profiles.split(",")]
    modes = args.modes.split(",")
    rows = []
    with tempfile.TemporaryDirectory(prefix="hdfb-") as tmp:
        work = Path(tmp)
        try:
            for profile in profiles:
                for mode in modes:
                    res = {}
                    for kind, binary in daemons.items():
                        runs = []
                        for i in range(args.runs):
                            try:
                                runs.append(one_run(kind, binary, profile, mode, work))
                            except Exception as e:  # noqa: BLE001 - a failed run is reported, not fatal
                                print(f"  {kind} {profile.name} {mode} run {i}: {e}", file=sys.stderr)
                        res[kind] = runs
                        print(f"{profile.name:14} {mode:8} {kind:10} advert {fmt([r['advert'] for r in runs])}"
                              f"  vip {fmt([r['vip'] for r in runs])}  garp {fmt([r['garp'] for r in runs])}", flush=True)
                    rows.append((profile, mode, res))
            scale = {}
            if not args.skip_scale:
                for kind, binary in daemons.items():
                    scale[kind] = {
                        "spread": spread(kind, binary, work),
                        "idle1": rss_cpu(kind, binary, 1, args.idle_window, work),
                        "idle1000": rss_cpu(kind, binary, 1000, args.idle_window, work),
                    }
                    print(kind, scale[kind], flush=True)
        finally:
            Lab.destroy()
    write_report(Path(args.out), rows, scale, args.runs)
    print(f"wrote {args.out}")
    return 0


def write_report(out: Path, rows, scale, runs: int) -> None:
    def med(runs_, key):
        v = [r[key] for r in runs_ if r.get(key) is not None]
        return statistics.median(v) if v else None

    lines = [
        "# Failover benchmark: hadaemon vs keepalived 2.2.7",
        "",
        f"Generated by `bench/failover/run.sh` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{runs} runs per cell, milliseconds as min / median / max, measured from a capture on the LAN bridge "
        "(adverts, GARP/NA) and `ip -ts monitor address` on the new master (VIP). All times start at the old "
        "master's last advert. Floor = RFC 3 x advert_int + skew (skew alone for SIGTERM, which sends priority 0). "
        "Ratio = hadaemon median / keepalived median (below 1 = hadaemon faster).",
        "",
        "| profile | failure | floor | metric | keepalived | hadaemon | ratio |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for profile, mode, res in rows:
        for metric in ("advert", "vip", "garp"):
            k, h = res.get("keepalived", []), res.get("hadaemon", [])
            mk, mh = med(k, metric), med(h, metric)
            ratio = f"{mh / mk:.2f}" if mk and mh else "n/a"
            lines.append(f"| {profile.name} | {mode} | {profile.floor_ms(mode):.1f} | {metric} | "
                         f"{fmt([r[metric] for r in k])} | {fmt([r[metric] for r in h])} | {ratio} |")
    if scale:
        lines += ["", "## 1000 instances and resources", "",
                  "| measure | keepalived | hadaemon | ratio |", "| --- | --- | --- | --- |"]
        def row(name, f):
            k, h = f(scale["keepalived"]), f(scale["hadaemon"])
            lines.append(f"| {name} | {k:.1f} | {h:.1f} | {h / k:.2f} |" if k else f"| {name} | {k} | {h} | n/a |")
        row("first->last VIP spread, 1000 instances (ms)", lambda s: s["spread"])
        row("RSS, 1 instance, backup (MiB)", lambda s: s["idle1"][0])
        row("CPU, 1 instance, backup, 1 s adverts (% core)", lambda s: s["idle1"][1])
        row("RSS, 1000 instances, backup (MiB)", lambda s: s["idle1000"][0])
        row("CPU, 1000 instances, backup, 1 s adverts (% core)", lambda s: s["idle1000"][1])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
