"""`redemption-core serve` processes on one PostgreSQL schema, and a retrying gRPC client.

Shared by tests/postgresql/test_serve_instances.py and bench/bench_postgres.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, Final

import grpc

from redemption_core.adapters.grpc._generated import redemption_service_pb2_grpc as service_grpc

APP_ID: Final = "load-app"
APP_TOKEN: Final = "load-token"
CREDENTIALS: Final = (("x-app-id", APP_ID), ("x-app-token", APP_TOKEN))
START_TIMEOUT_S: Final = 60.0
CALL_TIMEOUT_S: Final = 15.0
RETRY_PAUSE_S: Final = 0.05
RETRY_DEADLINE_S: Final = 90.0
RETRIED: Final = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
"""Retried with the same request id: the call may or may not have run; the id decides."""


class Instance:
    """One `serve` process; `address` once it printed where it listens."""

    def __init__(self, store_url: str, workers: int = 16) -> None:
        environment = dict(os.environ, REDEMPTION_CORE_APPS=json.dumps({APP_ID: APP_TOKEN}))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "redemption_core.adapters.cli", "serve",
             "--listen", "127.0.0.1:0", "--store", store_url, "--workers", str(workers),
             "--log-level", "WARNING", "--grace", "2"],
            # The log (standard error) joins the output: one pipe, read to the end below.
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment,
        )
        self.address = self._wait_for_address()
        # Read the log from now on: a pipe nobody reads fills up and stalls the server on
        # its next log line; the lines kept show what an unexpected error was.
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()
        self.channel = grpc.insecure_channel(self.address)
        self.stub = service_grpc.RedemptionServiceStub(self.channel)

    def _wait_for_address(self) -> str:
        assert self.process.stdout is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError(f"serve exited with {self.process.wait()} before listening")
            if "listening on" in line:
                return line.rsplit(" ", 1)[-1].strip()
        raise RuntimeError("serve did not start listening in time")

    def _drain(self) -> None:
        assert self.process.stdout is not None
        with contextlib.suppress(ValueError):  # the pipe closed by `stop`
            for line in self.process.stdout:
                self.lines.append(line.rstrip("\n"))

    def error_lines(self) -> list[str]:
        """The JSON log lines at level error or above (the drivers' own plain lines, warnings
        about connections they dropped, are left out)."""
        found = []
        for line in list(self.lines):
            try:
                level = json.loads(line).get("level", "")
            except (ValueError, AttributeError):
                continue
            if level in ("error", "critical", "exception"):
                found.append(line)
        return found

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no drain, no close; what a crashed host looks like to the database."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        self.channel.close()
        if self.alive:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self._reader.join(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()


def start_instances(store_url: str, count: int, workers: int = 16) -> list[Instance]:
    started: list[Instance] = []
    try:
        for _ in range(count):
            started.append(Instance(store_url, workers))
    except BaseException:
        for instance in started:
            instance.stop()
        raise
    return started


def call_with_retries(
    instances: list[Instance], first: int, rpc: str, request: Any,
    on_retry: Callable[[grpc.StatusCode], None] | None = None,
) -> Any:
    """Call `rpc` on `instances[first]`, moving to the next instance and retrying the same
    request (same request id) while the answer is UNAVAILABLE, until RETRY_DEADLINE_S.
    Business failures raise `grpc.RpcError` for the caller to read."""
    deadline = time.monotonic() + RETRY_DEADLINE_S
    index = first
    while True:
        instance = instances[index % len(instances)]
        try:
            return getattr(instance.stub, rpc)(request, metadata=CREDENTIALS,
                                               timeout=CALL_TIMEOUT_S)
        except grpc.RpcError as error:
            code = error.code()  # type: ignore[attr-defined]
            if code not in RETRIED or time.monotonic() > deadline:
                raise
            if on_retry is not None:
                on_retry(code)
            index += 1
            time.sleep(RETRY_PAUSE_S)
