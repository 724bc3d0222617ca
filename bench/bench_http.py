"""HTTP Redeem per second beside an echo route on the same server; uvicorn against granian;
the cost of metrics and the access log.

Servers run in their own processes (`--serve`), the client in another (`--client`): 64
keep-alive HTTP/1.1 connections, each with one request in flight, pre-built request bytes,
responses read by Content-Length and not parsed. `POST /v1/_echo` (the app's benchmark
route, `HttpConfig(echo=True)`) goes through everything a Redeem does (credentials, body
limits, JSON decode, the worker thread, JSON encode, metrics and log line) except the JSON
API call, so Redeem / Echo is the price of the redemption itself. Four servers:

    uvicorn        metrics + access log on (what `serve --http` ships)
    uvicorn-bare   metrics and access log off
    granian        metrics + access log on (granian's embedded server, one worker)
    granian-bare   off

measured in interleaved rounds (best round kept per server and route). Each Redeem redeems
one discount voucher (unlimited quantity) against a new order of 10000 on the memory store.
The access log goes to /dev/null at INFO (formatting and writing are paid; nothing kept).
Targets (issue 11): Redeem >= 0.7 x Echo on the shipped server; (bare - full) / bare
Redeem throughput <= 5%.

    python bench/bench_http.py [--seconds 2] [--rounds 3] [--servers uvicorn,granian,...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time

import structlog

from redemption_core import Discount, DiscountType, Ledger, MemoryStore, VoucherInput
from redemption_core.adapters.feed import ObservedStore
from redemption_core.adapters.grpc.auth import Apps
from redemption_core.adapters.http.app import HttpApp, HttpConfig
from redemption_core.adapters.http.credentials import Credentials
from redemption_core.adapters.logs import configure_logging

APP = ("bench", "bench-token")
CONNECTIONS = 64
SERVERS = ("uvicorn", "uvicorn-bare", "granian", "granian-bare")
REDEEM_BODY = json.dumps({
    "redeemables": [{"object": "voucher", "id": "BENCH"}],
    "order": {"amount": 10000},
}).encode()


def _request(path: str) -> bytes:
    head = (f"POST {path} HTTP/1.1\r\nHost: bench\r\nX-App-Id: {APP[0]}\r\n"
            f"X-App-Token: {APP[1]}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(REDEEM_BODY)}\r\n\r\n")
    return head.encode() + REDEEM_BODY


def make_app(bare: bool) -> HttpApp:
    sink = open(os.devnull, "w")  # noqa: SIM115 - the server's log for its lifetime
    configure_logging("WARNING" if bare else "INFO", sink)
    ledger = Ledger(ObservedStore(MemoryStore()))
    ledger.create_voucher(VoucherInput(
        code="BENCH", discount=Discount(type=DiscountType.AMOUNT, amount_off=500)))
    config = HttpConfig(echo=True, metrics=not bare, access_log=not bare)
    return HttpApp(ledger, Credentials(Apps.of({APP[0]: APP[1]})), config,
                   logger=structlog.get_logger("redemption_core.http").bind())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve(kind: str) -> None:
    """Child process: serve the app on `kind` and print the port."""
    app = make_app(bare=kind.endswith("-bare"))
    port = _free_port()
    if kind.startswith("uvicorn"):
        import uvicorn  # noqa: PLC0415

        from redemption_core.adapters.http.server import uvicorn_config  # noqa: PLC0415

        config = uvicorn_config(app, 1.0)
        config.host, config.port = "127.0.0.1", port
        print(port, flush=True)
        uvicorn.Server(config).run()
        return
    from granian.constants import Interfaces  # noqa: PLC0415
    from granian.server.embed import Server  # noqa: PLC0415

    server = Server(app, address="127.0.0.1", port=port, interface=Interfaces.ASGI,
                    backlog=2048, log_enabled=False)
    print(port, flush=True)
    asyncio.run(server.serve())


async def _connection(port: int, request: bytes, until: float,
                      latencies: list[float]) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    failed = 0
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            lower = head.lower()
            at = lower.index(b"content-length:") + 15
            length = int(lower[at:lower.index(b"\r\n", at)])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if head[9:12] != b"200":
                failed += 1
    finally:
        writer.close()
    return failed


async def _load(port: int, path: str, seconds: float) -> dict[str, float]:
    request = _request(path)
    warm: list[float] = []
    await asyncio.gather(*(_connection(port, request, time.perf_counter() + 0.3, warm)
                           for _ in range(CONNECTIONS)))
    latencies: list[float] = []
    started = time.perf_counter()
    failures = await asyncio.gather(*(
        _connection(port, request, started + seconds, latencies) for _ in range(CONNECTIONS)))
    elapsed = time.perf_counter() - started
    if sum(failures):
        raise SystemExit(f"{sum(failures)} responses were not 200 on {path}")
    latencies.sort()
    return {"rps": len(latencies) / elapsed, "requests": len(latencies) + len(warm),
            "p50_ms": latencies[len(latencies) // 2] * 1000,
            "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000}


def client(port: int, path: str, seconds: float) -> None:
    """Child process: load one route and print its figures as JSON."""
    try:
        import uvloop  # noqa: PLC0415

        uvloop.install()
    except ImportError:
        pass
    print(json.dumps(asyncio.run(_load(port, path, seconds))), flush=True)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of every thread of process `pid` (Linux /proc)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measure(pid: int, port: int, path: str, seconds: float) -> dict[str, float]:
    """One route's figures, with the server's CPU microseconds per request: less swayed
    than throughput by other load on the machine."""
    before = _cpu_seconds(pid)
    done = subprocess.run(
        [sys.executable, __file__, "--client", str(port), "--path", path,
         "--seconds", str(seconds)], capture_output=True, text=True, check=True)
    spent = _cpu_seconds(pid) - before
    figures: dict[str, float] = json.loads(done.stdout)
    figures["cpu_us"] = spent / figures["requests"] * 1e6
    return figures


def main(args: argparse.Namespace) -> None:
    kinds = args.servers.split(",")
    servers: dict[str, tuple[subprocess.Popen[str], int]] = {}
    try:
        for kind in kinds:
            child = subprocess.Popen([sys.executable, __file__, "--serve", kind],
                                     stdout=subprocess.PIPE, text=True)
            assert child.stdout is not None
            servers[kind] = (child, int(child.stdout.readline()))
        time.sleep(1.5)  # let each server finish starting before the first round
        best: dict[tuple[str, str], dict[str, float]] = {}
        for _ in range(args.rounds):
            for kind in kinds:
                for route, path in (("echo", "/v1/_echo"), ("redeem", "/v1/redemptions")):
                    found = _measure(servers[kind][0].pid, servers[kind][1], path, args.seconds)
                    if found["rps"] > best.get((kind, route), {"rps": 0.0})["rps"]:
                        best[(kind, route)] = found
        _report(kinds, best)
    finally:
        for child, _ in servers.values():
            child.terminate()
            child.wait()


def _report(kinds: list[str], best: dict[tuple[str, str], dict[str, float]]) -> None:
    print(f"{'server':<14}{'Echo/s':>8}{'p50':>6}{'p99':>7}{'cpu':>6}{'Redeem/s':>9}{'p50':>6}"
          f"{'p99':>7}{'cpu':>6}{'Redeem/Echo':>12}{'cpu ratio':>10}")
    for kind in kinds:
        echo, redeem = best[(kind, "echo")], best[(kind, "redeem")]
        print(f"{kind:<14}{echo['rps']:>8,.0f}{echo['p50_ms']:>6.1f}{echo['p99_ms']:>7.1f}"
              f"{echo['cpu_us']:>6.0f}{redeem['rps']:>9,.0f}{redeem['p50_ms']:>6.1f}"
              f"{redeem['p99_ms']:>7.1f}{redeem['cpu_us']:>6.0f}"
              f"{redeem['rps'] / echo['rps']:>12.2f}{echo['cpu_us'] / redeem['cpu_us']:>10.2f}")
    print("(p50/p99 in ms; cpu = server CPU microseconds per request; cpu ratio = Echo cpu /"
          " Redeem cpu, the throughput ratio a CPU-bound server would reach)")
    for kind in ("uvicorn", "granian"):
        if (kind, "redeem") in best and (f"{kind}-bare", "redeem") in best:
            full, bare = best[(kind, "redeem")], best[(f"{kind}-bare", "redeem")]
            throughput = (bare["rps"] - full["rps"]) / bare["rps"]
            cpu = (full["cpu_us"] - bare["cpu_us"]) / full["cpu_us"]
            print(f"{kind}: metrics + access log cost {throughput:.1%} of Redeem/s, "
                  f"{cpu:.1%} of its server CPU")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", choices=SERVERS)
    parser.add_argument("--client", type=int, metavar="PORT")
    parser.add_argument("--path", default="/v1/redemptions")
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--servers", default=",".join(SERVERS))
    parsed = parser.parse_args()
    if parsed.serve:
        serve(parsed.serve)
    elif parsed.client:
        client(parsed.client, parsed.path, parsed.seconds)
    else:
        main(parsed)
