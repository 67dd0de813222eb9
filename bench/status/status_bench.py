#!/usr/bin/env python3
"""Status endpoint benchmark: scrape time of a real daemon with 1 and 1000 MASTER instances.

One network namespace (hdsb-PID-RANDOM) with four veth interfaces (peers in the same namespace); hadaemon runs there with N instances (250 VRIDs
per interface, one VIP each) and `hadaemon_status_listen 127.0.0.1:9165` (the namespace's own loopback). Once every
instance is MASTER, curl fetches /metrics and /status repeatedly, one at a time and then 50 at once, and the
wall time of each request is recorded by one client process inside the namespace (connect + request + snapshot on the event loop + rendering + transfer).
Results go to bench/results/status.md. The namespace is removed on exit; nothing touches the host's network.
Run as root: bench/status/run.sh [BINARY]
"""
from __future__ import annotations

import concurrent.futures
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NS = f"hdsb-{os.getpid()}-{os.urandom(2).hex()}"


def sh(*args: str, check: bool = True) -> str:
    return subprocess.run(args, check=check, capture_output=True, text=True).stdout


def ip(*args: str) -> str:
    return sh("ip", "-n", NS, *args)


def config(instances: int) -> str:
    text = ["global_defs {\n hadaemon_status_listen 127.0.0.1:9165\n}\n"]
    for n in range(instances):
        text.append(f"vrrp_instance VI_{n} {{\n interface eth{n // 250}\n virtual_router_id {n % 250 + 1}\n"
                    f" priority 100\n advert_int 1\n virtual_ipaddress {{\n 10.{100 + n // 250}.{n % 250}.1/24\n }}\n}}\n")
    return "".join(text)


def client(path: str, requests: int, clients: int) -> list[float]:
    """Runs this script's --client mode inside the namespace: one process, `clients` threads, times in ms."""
    out = sh("ip", "netns", "exec", NS, sys.executable, __file__, "--client", path, str(requests), str(clients))
    return [float(x) for x in out.split()]


def client_main(path: str, requests: int, clients: int) -> None:
    import http.client

    def one(_: int) -> float:
        start = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", 9165, timeout=30)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        if response.status != 200 or not body:
            raise RuntimeError(f"{path}: HTTP {response.status}")
        return (time.perf_counter() - start) * 1000

    with concurrent.futures.ThreadPoolExecutor(max_workers=clients) as pool:
        print(" ".join(f"{t:.3f}" for t in pool.map(one, range(requests))))


def curl_times(path: str, requests: int) -> tuple[list[float], list[float]]:
    """One curl process fetching `requests` times: time to first byte (connect, snapshot, rendering, headers) and
    total per transfer, in ms, as curl itself measures them (no client-side parsing in the way)."""
    url = f"http://127.0.0.1:9165{path}"
    args = ["ip", "netns", "exec", NS, "curl", "-s", "-w", "%{time_starttransfer} %{time_total}\\n"]
    for _ in range(requests):
        args += ["-o", "/dev/null", url]
    rows = [line.split() for line in sh(*args).splitlines() if line.strip()]
    return [float(r[0]) * 1000 for r in rows], [float(r[1]) * 1000 for r in rows]


def size_of(path: str) -> int:
    return int(sh("ip", "netns", "exec", NS, "curl", "-s", "-o", "/dev/null", "-w", "%{size_download}", f"http://127.0.0.1:9165{path}"))


def masters(path: str = "/metrics") -> int:
    out = sh("ip", "netns", "exec", NS, "curl", "-s", f"http://127.0.0.1:9165{path}", check=False)
    return sum(1 for line in out.splitlines() if line.startswith("keepalived_vrrp_state{") and line.endswith(" 2"))


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def measure(binary: str, instances: int, work: Path) -> list[tuple[str, str, list[float], int]]:
    conf = work / f"n{instances}.conf"
    conf.write_text(config(instances))
    log = open(work / f"n{instances}.log", "w")
    daemon = subprocess.Popen(["ip", "netns", "exec", NS, binary, "-n", "-l", "-G", "-f", str(conf),
                               "-p", str(work / f"n{instances}.pid")], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while masters() < instances:
            if time.time() > deadline or daemon.poll() is not None:
                raise RuntimeError(f"{instances} instances did not all become MASTER (see {log.name})")
            time.sleep(0.5)
        rows = []
        for path in ("/metrics", "/status"):
            client(path, 10, 1)  # warm-up (JIT, page cache)
            size = size_of(path)
            rows.append((path, "1 client, 200 requests", client(path, 200, 1), size))
            rows.append((path, "50 clients, 500 requests", client(path, 500, 50), size))
            first_byte, total = curl_times(path, 200)
            rows.append((path, "curl, 200 requests: first byte", first_byte, size))
            rows.append((path, "curl, 200 requests: whole body", total, size))
        return rows
    finally:
        daemon.terminate()
        try:
            daemon.wait(10)
        except subprocess.TimeoutExpired:
            daemon.kill()
        log.close()


def main() -> int:
    binary = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[2] / "packaging/out/bin/hadaemon")
    out = Path(__file__).resolve().parents[1] / "results" / "status.md"
    sh("ip", "netns", "add", NS)
    try:
        ip("link", "set", "lo", "up")
        for n in range(4):
            # veth pairs with both ends here (this kernel has no dummy driver): carrier is up, adverts go nowhere.
            ip("link", "add", f"eth{n}", "type", "veth", "peer", "name", f"peer{n}")
            ip("addr", "add", f"192.168.{n}.1/24", "dev", f"eth{n}")
            ip("link", "set", f"peer{n}", "up")
            ip("link", "set", f"eth{n}", "up")
        with tempfile.TemporaryDirectory(prefix="hdsb-") as tmp:
            results = {n: measure(binary, n, Path(tmp)) for n in (1, 1000)}
        load = os.getloadavg()
        lines = [
            "# Status endpoint: scrape time of a running daemon (`bench/status/run.sh`)",
            "",
            f"Binary: `{os.path.relpath(binary)}`; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
            f"{os.cpu_count()} cores, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end.",
            "Every instance MASTER, one VIP each, 250 VRIDs per interface. Times are wall time per request in ms, measured",
            "by one Python client process inside the namespace (connect, request, snapshot on the event loop, rendering,",
            "transfer over loopback, reading the whole body); with 50 clients the requests overlap (shared snapshots).",
            "The curl rows are curl's own timings of sequential requests: the first byte is the server's share",
            "(connect, snapshot, rendering, headers), the whole body adds the transfer.",
            "",
            "| instances | path | clients | size | p50 ms | p95 ms | max ms |",
            "| ---: | --- | --- | ---: | ---: | ---: | ---: |",
        ]
        for n, rows in results.items():
            for path, mode, times, size in rows:
                lines.append(f"| {n} | `{path}` | {mode} | {size / 1024:.0f} KiB | {statistics.median(times):.2f} | "
                             f"{pct(times, 95):.2f} | {max(times):.2f} |")
        out.write_text("\n".join(lines) + "\n")
        print("\n".join(lines))
        return 0
    finally:
        sh("ip", "netns", "del", NS, check=False)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--client":
        client_main(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        sys.exit(0)
    sys.exit(main())
