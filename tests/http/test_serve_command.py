"""`redemption-core serve --http`: a real process serving HTTP (and gRPC beside it when
`--listen` is given), stopped by SIGTERM with the calls in flight drained."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import grpc
import httpx

from redemption_core.adapters.grpc._generated import redemption_service_pb2 as service
from redemption_core.adapters.grpc._generated import redemption_service_pb2_grpc as stubs

WAIT_SECONDS_MAX = 30
APPS = {"shop": "s3cret"}
HEADERS = {"X-App-Id": "shop", "X-App-Token": "s3cret"}


def _serve(tmp_path: Path, *flags: str) -> subprocess.Popen[str]:
    apps = tmp_path / "apps.json"
    apps.write_text(json.dumps(APPS), encoding="utf-8")
    command = [sys.executable, "-m", "redemption_core.adapters.cli", "serve", "--http",
               "127.0.0.1:0", "--store", f"sqlite:{tmp_path / 'ledger.db'}", "--apps",
               str(apps), "--log-level", "WARNING", *flags]
    environment = {key: value for key, value in os.environ.items()
                   if key != "REDEMPTION_CORE_APPS"}
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=tmp_path,
                            env=environment)


def _address(line: str) -> str:
    return line.strip().rsplit(" ", 1)[1]


class TestServeHttp:
    def test_sigterm_drains_a_request_in_flight_then_closes_the_store(
        self, tmp_path: Path
    ) -> None:
        """A request half sent when SIGTERM arrives is still answered; the process exits 0."""
        with _serve(tmp_path) as process:
            assert process.stdout is not None
            url = _address(process.stdout.readline())
            port = int(url.rsplit(":", 1)[1])
            body = json.dumps({"type": "GIFT_VOUCHER", "gift": {"amount": 5000}}).encode()
            with socket.create_connection(("127.0.0.1", port)) as raw:
                raw.sendall(b"POST /v1/vouchers/HELD HTTP/1.1\r\nHost: x\r\n"
                            b"X-App-Id: shop\r\nX-App-Token: s3cret\r\n"
                            b"Content-Type: application/json\r\n"
                            + f"Content-Length: {len(body)}\r\n\r\n".encode() + body[:10])
                # Answered after the half request's bytes arrived: the server has read them.
                assert httpx.get(url + "/health").status_code == 200
                process.send_signal(signal.SIGTERM)
                raw.sendall(body[10:])
                status_line = raw.makefile("rb").readline()
            status = process.wait(WAIT_SECONDS_MAX)
            said = process.stdout.read()
        assert status_line.startswith(b"HTTP/1.1 200")
        assert status == 0 and "stopped; store closed" in said

    def test_http_and_grpc_serve_one_ledger_in_one_process(self, tmp_path: Path) -> None:
        """With `--listen`, the gRPC server runs beside HTTP on the same store, its calls
        counted in the HTTP server's `/metrics`."""
        with _serve(tmp_path, "--listen", "127.0.0.1:0") as process:
            assert process.stdout is not None
            grpc_port = int(process.stdout.readline().rsplit(":", 1)[1])
            url = _address(process.stdout.readline())
            with httpx.Client(base_url=url, headers=HEADERS, timeout=30) as client:
                made = client.post("/v1/vouchers/GIFT-A",
                                   json={"type": "GIFT_VOUCHER", "gift": {"amount": 5000}})
            with grpc.insecure_channel(f"127.0.0.1:{grpc_port}") as channel:
                read = stubs.RedemptionServiceStub(channel).GetVoucher(
                    service.GetVoucherRequest(code="GIFT-A"),
                    metadata=(("x-app-id", "shop"), ("x-app-token", "s3cret")))
            metrics = httpx.get(url + "/metrics").text
            process.send_signal(signal.SIGTERM)
            status = process.wait(WAIT_SECONDS_MAX)
        assert made.status_code == 200
        assert read.voucher.code == "GIFT-A"
        assert ('redemption_core_grpc_calls_total{code="OK",'
                'method="/redemption_core.v1.RedemptionService/GetVoucher"} 1.0') in metrics
        assert status == 0

    def test_a_bad_address_is_refused_with_a_message(self, tmp_path: Path) -> None:
        """`--http nonsense` exits non-zero naming the flag."""
        apps = tmp_path / "apps.json"
        apps.write_text(json.dumps(APPS), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "redemption_core.adapters.cli", "serve", "--http", "nohost",
             "--store", "memory", "--apps", str(apps)],
            capture_output=True, text=True, timeout=WAIT_SECONDS_MAX, check=False)
        assert done.returncode != 0
        assert "--http: expected HOST:PORT" in done.stderr
