"""Redeem calls per second over gRPC, beside an empty Echo call on the same server.

The server runs in one process (`--serve sync|aio`), the client in another (`--client`),
with 8 and then 64 calls in flight (`--in-flight`; grpc.aio client, pre-serialized
requests, responses left as bytes so the client's cost is the same for both calls). Echo
is registered on the same server with the same options, interceptor and authentication
as `RedemptionService`, so the ratio Redeem / Echo is the price of the redemption itself:
decode, ledger, encode. Both server kinds are measured in the same run, in interleaved
rounds (best round kept). Logging is at WARNING (no per-call line) for both calls.
Target (issues 5 and 9): Redeem >= 0.7 x Echo, at 8 and at 64 calls in flight.

    python bench/bench_grpc.py [--seconds 2] [--rounds 3] [--kinds sync,aio]

Each Redeem redeems one discount voucher (unlimited quantity) against a new order of 10000,
on the memory store. The table also shows the server's CPU time per call (Linux /proc) and
their ratio, Echo / Redeem: what Redeem / Echo would be if the server's CPU were the only
limit. On a shared machine it is the steadier of the two ratios.

Measured on the 2-CPU development machine (grpcio 1.85.1, CPython 3.11) while other jobs
ran (load average 3-6), three runs each, Redeem/Echo (CPU Echo/Redeem):

    in flight  server   before (issue 9, 1st round)             after (direct response bytes)
    8          sync     0.51 (0.51) 0.67 (0.37) 0.59 (0.50)     0.55 (0.55) 0.36 (0.40) 0.48 (0.52)
    8          aio      0.54 (0.51) 0.59 (0.50) 0.55 (0.58)     0.53 (0.59) 0.58 (0.57) 0.69 (0.66)
    64         sync     0.52 (0.42) 0.44 (0.37) 0.38 (0.32)     0.52 (0.47) 0.75 (0.96) 0.43 (0.39)
    64         aio      0.52 (0.48) 0.58 (0.55) 0.63 (0.61)     0.74 (0.70) 0.55 (0.64) 0.53 (0.71)

Neither server meets 0.7 reliably. In process (CPU time, min of 15 interleaved repeats)
the adapter's own part of a Redeem went from 14 us decoding + 51 us encoding to 11 + 30;
the ledger's redeem on the memory store costs about 135 us, and the rest is gRPC's own,
the same for Echo. A handler that only spins for 200 us reaches 0.5-0.75 of Echo on the
thread-pool server and 0.4-0.7 on grpc.aio at 64 in flight, so 0.7 needs the whole Redeem
handler well under 200 us: mostly a cheaper ledger (docs/decisions.md, "gRPC Redeem speed").
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import subprocess
import sys
import time
from typing import Any

import grpc
import grpc.aio
import structlog

from redemption_core import Discount, DiscountType, Ledger, MemoryStore, VoucherInput
from redemption_core.adapters.grpc._generated import common_pb2, order_pb2, redemption_pb2
from redemption_core.adapters.grpc._generated import redemption_service_pb2 as service
from redemption_core.adapters.grpc.auth import Apps
from redemption_core.adapters.grpc.server import (
    WORKERS_DEFAULT,
    ServerConfig,
    build_aio_server,
    build_server,
)

APP = ("bench", "bench-token")
ECHO_SERVICE = "redemption_core.bench.v1.Echo"
ECHO_METHOD = f"/{ECHO_SERVICE}/Echo"
REDEEM_METHOD = "/redemption_core.v1.RedemptionService/Redeem"
IN_FLIGHT_DEFAULT = "8,64"
WARM_UP_CALLS = 200


def echo(request: bytes, context: Any) -> bytes:
    return b""


async def echo_async(request: bytes, context: Any) -> bytes:
    return b""


def _ledger() -> Ledger:
    ledger = Ledger(MemoryStore())
    ledger.create_voucher(
        VoucherInput(code="BENCH", discount=Discount(type=DiscountType.AMOUNT, amount_off=500))
    )
    return ledger


def serve(kind: str, workers: int) -> None:
    """Run a server on a free port, print the port, stop when standard input closes."""
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    apps = Apps.of(dict([APP]))
    config = ServerConfig(address="127.0.0.1:0", workers=workers)
    if kind == "sync":
        echo_service = {"Echo": grpc.unary_unary_rpc_method_handler(echo)}
        built = build_server(_ledger(), apps, config, extra_services={ECHO_SERVICE: echo_service})
        built.server.start()
        print(built.port, flush=True)
        sys.stdin.read()
        built.server.stop(0).wait()
        return

    async def run() -> None:
        echo_service = {"Echo": grpc.unary_unary_rpc_method_handler(echo_async)}
        built = await build_aio_server(
            _ledger(), apps, config, extra_services={ECHO_SERVICE: echo_service}
        )
        await built.server.start()
        print(built.port, flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        await built.server.stop(0)

    asyncio.run(run())


def _redeem_bytes() -> bytes:
    return service.RedeemRequest(
        redeemables=[
            redemption_pb2.RedeemableInput(object=common_pb2.REDEEMABLE_OBJECT_VOUCHER, id="BENCH")
        ],
        order=order_pb2.OrderInput(amount=10000),
    ).SerializeToString()


async def _client(port: int, method: str, seconds: float, in_flight: int) -> dict[str, float]:
    body = _redeem_bytes() if method == REDEEM_METHOD else b""
    metadata = (("x-app-id", APP[0]), ("x-app-token", APP[1]))
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        call = channel.unary_unary(method)
        for _ in range(WARM_UP_CALLS):  # connections, caches
            await call(body, metadata=metadata)
        done = 0
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < deadline:
                await call(body, metadata=metadata)
                done += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(in_flight)))
        elapsed = time.perf_counter() - started
    return {"calls": done, "seconds": elapsed, "rate": done / elapsed}


def client(port: int, method: str, seconds: float, in_flight: int) -> None:
    print(json.dumps(asyncio.run(_client(port, method, seconds, in_flight))), flush=True)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc; 0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measure(
    port: int, pid: int, method: str, seconds: float, in_flight: int
) -> tuple[float, float]:
    """(calls per second, server CPU microseconds per call) of one client run."""
    before = _cpu_seconds(pid)
    done = subprocess.run(
        [sys.executable, __file__, "--client", str(port), "--method", method,
         "--seconds", str(seconds), "--in-flight", str(in_flight)],
        capture_output=True, text=True, check=True, timeout=seconds * 10 + 60,
    )
    result = json.loads(done.stdout)
    calls = result["calls"] + WARM_UP_CALLS
    return result["rate"], (_cpu_seconds(pid) - before) / calls * 1e6


def bench(
    kinds: list[str], seconds: float, rounds: int, workers: int, in_flight: int
) -> dict[str, dict[str, float]]:
    servers = {}
    for kind in kinds:
        process = subprocess.Popen(
            [sys.executable, __file__, "--serve", kind, "--workers", str(workers)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        assert process.stdout is not None
        servers[kind] = (process, int(process.stdout.readline()))
    best = {kind: dict.fromkeys(("echo", "redeem", "echo_cpu", "redeem_cpu"), 0.0)
            for kind in kinds}
    try:
        for _ in range(rounds):
            for kind, (process, port) in servers.items():
                for name, method in (("echo", ECHO_METHOD), ("redeem", REDEEM_METHOD)):
                    rate, cpu = _measure(port, process.pid, method, seconds, in_flight)
                    if rate > best[kind][name]:
                        best[kind][name], best[kind][f"{name}_cpu"] = rate, cpu
    finally:
        for process, _ in servers.values():
            assert process.stdin is not None
            process.stdin.close()
            process.wait(timeout=30)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kinds", default="sync,aio")
    parser.add_argument("--workers", type=int, default=WORKERS_DEFAULT,
                        help="threads of the thread-pool server")
    parser.add_argument("--serve", choices=("sync", "aio"), help=argparse.SUPPRESS)
    parser.add_argument("--client", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--method", help=argparse.SUPPRESS)
    parser.add_argument("--in-flight", default=IN_FLIGHT_DEFAULT,
                        help="calls in flight, comma-separated (issue 9: 8 and 64)")
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.workers)
        return
    if args.client:
        client(args.client, args.method, args.seconds, int(args.in_flight))
        return
    for in_flight in (int(part) for part in args.in_flight.split(",")):
        results = bench(args.kinds.split(","), args.seconds, args.rounds, args.workers,
                        in_flight)
        _print(results, in_flight, args)


def _print(results: dict[str, dict[str, float]], in_flight: int,
           args: argparse.Namespace) -> None:
    print(f"{in_flight} calls in flight, client and server in separate processes "
          f"({os.cpu_count()} CPUs), best of {args.rounds} rounds of {args.seconds:g} s")
    print(f"{'server':<8}{'Echo calls/s':>14}{'Redeem calls/s':>16}{'Redeem/Echo':>13}"
          f"{'server CPU us/call (Echo, Redeem)':>36}{'CPU Echo/Redeem':>17}")
    for kind, rates in results.items():
        ratio = rates["redeem"] / rates["echo"]
        cpu = f"{rates['echo_cpu']:.0f}, {rates['redeem_cpu']:.0f}"
        # What the ratio would be if the server's CPU were all that limited it: steadier
        # than the rates on a shared machine, where other processes take CPU in bursts.
        cpu_ratio = rates["echo_cpu"] / rates["redeem_cpu"] if rates["redeem_cpu"] else 0.0
        print(f"{kind:<8}{rates['echo']:>14,.0f}{rates['redeem']:>16,.0f}{ratio:>13.2f}{cpu:>36}"
              f"{cpu_ratio:>17.2f}")


if __name__ == "__main__":
    main()
