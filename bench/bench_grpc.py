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
on the memory store. The table also shows the server's CPU time per call (Linux /proc).

Measured on the 2-CPU development machine (grpcio 1.85.1, CPython 3.11), three runs:

    server  Echo/s  Redeem/s  Redeem/Echo  server CPU us/call (Echo, Redeem)
    sync     4,613     2,265         0.49       130, 345
    sync     4,243     1,548         0.36       185, 559
    sync     4,403     2,142         0.49         -, -
    aio      2,694     2,298         0.85       283, 484
    aio      3,277     1,806         0.55       283, 485
    aio      5,290     1,921         0.36         -, -

The thread-pool server is what `serve` ships: its Redeem throughput is as high or higher and
it costs less CPU per Redeem; the aio server's Echo swings between 2,400 and 5,300 calls/s
from run to run, which is what moves its ratio. Neither meets the 0.7 target: inside the
server a Redeem spends about 190 us in the servicer (about 120 us of it in the ledger's
redeem on the memory store, about 40 us decoding and encoding) plus about 90 us more gRPC
work than an Echo for its larger response, against about 200 us for a whole Echo call.
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
