"""The server as a program: shutdown, TLS, and the generated code it is built on.

Goal: SIGTERM drains calls in flight and then closes the store; TLS (and client
certificates) work when configured; the committed stubs are exactly what
`tools/gen_protos.sh` generates and import nothing top-level. Method: `serve` in a thread with
a stop event and a ledger that holds a call at a gate; `serve` in a subprocess signalled with
SIGTERM; certificates made with the `openssl` command (skipped when it is absent).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from redemption_core import MemoryStore, VoucherInput, VoucherType
from redemption_core.adapters.grpc.auth import Apps
from redemption_core.adapters.grpc.serve import (
    add_serve_command,
    config_from_args,
    run_serve,
    serve,
)
from redemption_core.adapters.grpc.server import ServerConfig, TlsFiles, build_server
from redemption_core.domain.model.voucher import Voucher
from redemption_core.domain.use_cases.ledger import Ledger
from tests.grpc.world import (
    APP_ID,
    APP_TOKEN,
    CREDENTIALS,
    World,
    decode_failure,
    make_ledger,
    service,
)

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS_MAX = 10.0


class GatedLedger(Ledger):
    """`get_voucher` waits at a gate: a call that stays in flight until the test opens it."""

    def __init__(self, ledger: Ledger) -> None:
        super().__init__(ledger.store, clock=ledger.clock, ids=ledger.ids)
        self.entered = threading.Event()
        self.gate = threading.Event()

    def get_voucher(self, code: str) -> Voucher:
        self.entered.set()
        self.gate.wait(WAIT_SECONDS_MAX)
        return super().get_voucher(code)


class Announced(io.StringIO):
    """`serve`'s output; `port()` waits for the "listening on" line."""

    def __init__(self) -> None:
        super().__init__()
        self.ready = threading.Event()

    def write(self, text: str) -> int:
        written = super().write(text)
        if "listening on" in text:
            self.ready.set()
        return written

    def port(self) -> int:
        assert self.ready.wait(WAIT_SECONDS_MAX)
        line = next(line for line in self.getvalue().splitlines() if "listening on" in line)
        return int(line.rsplit(":", 1)[1])


def _until_refused(channel: grpc.Channel) -> None:
    """Wait (bounded) until the server refuses new calls: it has begun to stop."""
    stub = World(make_ledger(), channel, 0).stub
    deadline = time.monotonic() + WAIT_SECONDS_MAX
    while time.monotonic() < deadline:
        try:
            stub.GetVoucher(service.GetVoucherRequest(code="X"), metadata=CREDENTIALS, timeout=1)
        except grpc.RpcError as error:
            if error.code() is grpc.StatusCode.UNAVAILABLE:  # type: ignore[attr-defined]
                return
        time.sleep(0.01)
    raise AssertionError("the server kept accepting calls")


class TestGracefulShutdown:
    def test_a_call_in_flight_finishes_before_the_store_is_closed(self) -> None:
        """Stop requested mid-call: new calls refused, the held call succeeds, store closed."""
        # given
        ledger = GatedLedger(make_ledger())
        ledger.create_voucher(
            VoucherInput(code="HELD", type=VoucherType.GIFT_VOUCHER, gift_amount=10)
        )
        stop, out = threading.Event(), Announced()
        config = ServerConfig(address="127.0.0.1:0", workers=4)
        server = threading.Thread(
            target=serve, args=(ledger, Apps.of({APP_ID: APP_TOKEN}), config),
            kwargs={"stop": stop, "out": out, "grace_seconds": WAIT_SECONDS_MAX},
        )
        server.start()
        with grpc.insecure_channel(f"127.0.0.1:{out.port()}") as channel:
            stub = World(ledger, channel, 0).stub
            held = stub.GetVoucher.future(service.GetVoucherRequest(code="HELD"),
                                          metadata=CREDENTIALS, timeout=WAIT_SECONDS_MAX)
            assert ledger.entered.wait(WAIT_SECONDS_MAX)
            # when
            stop.set()
            with grpc.insecure_channel(f"127.0.0.1:{out.port()}") as other:
                _until_refused(other)
            ledger.gate.set()
            answer = held.result()
        server.join(WAIT_SECONDS_MAX)
        # then
        assert answer.voucher.code == "HELD"
        assert not server.is_alive()
        assert "stopped; store closed" in out.getvalue()
        with pytest.raises(Exception, match="closed"), ledger.store.unit_of_work():
            pass

    def test_sigterm_stops_the_serving_process_cleanly(self, tmp_path: Path) -> None:
        """A real process: SIGTERM -> exit status 0, store closed."""
        # given
        script = tmp_path / "serve_memory.py"
        script.write_text(
            "from redemption_core import Ledger, MemoryStore\n"
            "from redemption_core.adapters.grpc.auth import Apps\n"
            "from redemption_core.adapters.grpc.serve import serve\n"
            "from redemption_core.adapters.grpc.server import ServerConfig\n"
            f"serve(Ledger(MemoryStore()), Apps.of({{{APP_ID!r}: {APP_TOKEN!r}}}),\n"
            "      ServerConfig(address='127.0.0.1:0'))\n",
            encoding="utf-8",
        )
        with subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                              text=True, cwd=tmp_path) as process:
            assert process.stdout is not None
            port = int(process.stdout.readline().rsplit(":", 1)[1])
            with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
                world = World(make_ledger(), channel, port)
                served = world.failure("GetVoucher", service.GetVoucherRequest(code="X"))
            # when
            process.send_signal(signal.SIGTERM)
            status = process.wait(WAIT_SECONDS_MAX)
            said = process.stdout.read()
        # then
        assert served.reason == "not_found"
        assert status == 0
        assert "stopped; store closed" in said


def _openssl(*arguments: str) -> None:
    subprocess.run(["openssl", *arguments], check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A self-signed server certificate for localhost and a self-signed client one."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    for name, subject in (("server", "/CN=localhost"), ("client", "/CN=app_test")):
        _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                 "-nodes", "-days", "1", "-subj", subject,
                 "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                 "-keyout", str(folder / f"{name}.key"), "-out", str(folder / f"{name}.pem"))
    yield folder


def _tls_call(port: int, folder: Path, with_client_certificate: bool) -> str:
    chain = key = None
    if with_client_certificate:
        chain, key = (folder / "client.pem").read_bytes(), (folder / "client.key").read_bytes()
    credentials = grpc.ssl_channel_credentials(
        root_certificates=(folder / "server.pem").read_bytes(),
        private_key=key, certificate_chain=chain,
    )
    with grpc.secure_channel(f"localhost:{port}", credentials) as channel:
        try:
            World(make_ledger(), channel, port).call("GetVoucher", service.GetVoucherRequest())
        except grpc.RpcError as error:
            if error.code() is grpc.StatusCode.UNAVAILABLE:  # type: ignore[attr-defined]
                return "UNAVAILABLE"
            return decode_failure(error).reason
    raise AssertionError("the call succeeded")


class TestTls:
    @pytest.mark.parametrize("client_ca", [False, True], ids=["server TLS", "mutual TLS"])
    def test_a_tls_server_serves_clients_that_trust_it(
        self, certificates: Path, client_ca: bool
    ) -> None:
        """The call reaches the service (its INVALID_ARGUMENT comes back) over TLS."""
        # given
        tls = TlsFiles(certificate=certificates / "server.pem", key=certificates / "server.key",
                       client_ca=certificates / "client.pem" if client_ca else None)
        built = build_server(make_ledger(), Apps.of({APP_ID: APP_TOKEN}),
                             ServerConfig(address="127.0.0.1:0", tls=tls))
        built.server.start()
        try:
            # when
            reason = _tls_call(built.port, certificates, with_client_certificate=client_ca)
        finally:
            built.server.stop(None).wait()
        # then
        assert reason == "invalid_payload"

    def test_mutual_tls_refuses_a_client_without_a_certificate(self, certificates: Path) -> None:
        """Client CA configured, no client certificate: the connection fails (UNAVAILABLE)."""
        # given
        tls = TlsFiles(certificate=certificates / "server.pem", key=certificates / "server.key",
                       client_ca=certificates / "client.pem")
        built = build_server(make_ledger(), Apps.of({APP_ID: APP_TOKEN}),
                             ServerConfig(address="127.0.0.1:0", tls=tls))
        built.server.start()
        try:
            # when
            outcome = _tls_call(built.port, certificates, with_client_certificate=False)
        finally:
            built.server.stop(None).wait()
        # then
        assert outcome == "UNAVAILABLE"


class TestGeneratedCode:
    def test_the_committed_stubs_are_what_the_generator_makes(self, tmp_path: Path) -> None:
        """tools/gen_protos.sh into a temporary folder: byte-identical to _generated/."""
        # given
        committed = ROOT / "adapters" / "grpc" / "_generated"
        environment = {**os.environ, "GEN_OUT": str(tmp_path), "PYTHON": sys.executable}
        # when
        subprocess.run(["bash", str(ROOT / "tools" / "gen_protos.sh")], check=True,
                       capture_output=True, env=environment, timeout=120)
        # then
        made = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
        kept = {path.name: path.read_bytes() for path in committed.iterdir() if path.is_file()}
        assert made == kept

    def test_the_stubs_import_nothing_top_level(self) -> None:
        """A fresh interpreter imports the adapter; no `redemption_core.v1` or bare `*_pb2`."""
        # given
        code = (
            "import sys, redemption_core.adapters.grpc.server\n"
            "bad = [m for m in sys.modules if m.startswith('redemption_core.v1')"
            " or (m.endswith('_pb2') and '.' not in m)]\n"
            "print(bad)\n"
        )
        # when
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, cwd=ROOT.parent, timeout=60)
        # then
        assert done.stdout.strip() == "[]"


def _serve_arguments(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_serve_command(parser.add_subparsers(dest="command"))
    return parser.parse_args(["serve", *argv])


class TestServeCommand:
    def test_the_serve_options_become_the_server_configuration(self, tmp_path: Path) -> None:
        """--listen, --workers and the TLS files reach ServerConfig; SQLite is the default."""
        # given
        arguments = _serve_arguments("--listen", "0.0.0.0:7000", "--workers", "3",
                                     "--tls-cert", "c.pem", "--tls-key", "k.pem")
        # when
        config = config_from_args(arguments)
        # then
        assert (config.address, config.workers) == ("0.0.0.0:7000", 3)
        assert config.tls == TlsFiles(certificate=Path("c.pem"), key=Path("k.pem"))
        # The store default is the CLI's: sqlite at $REDEMPTION_CORE_DB (see adapters/cli.py).
        assert arguments.store is None

    def test_a_certificate_without_its_key_is_refused(self) -> None:
        """--tls-cert alone: the command stops with a message."""
        # given
        arguments = _serve_arguments("--tls-cert", "c.pem")
        # when / then
        with pytest.raises(SystemExit, match="--tls-cert and --tls-key go together"):
            config_from_args(arguments)

    def test_without_applications_the_command_stops_and_closes_the_store(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """No --apps and no REDEMPTION_CORE_APPS: a message naming both; the store closed."""
        # given
        monkeypatch.delenv("REDEMPTION_CORE_APPS", raising=False)
        store = MemoryStore()
        # when
        with pytest.raises(SystemExit, match="REDEMPTION_CORE_APPS"):
            run_serve(_serve_arguments("--log-level", "WARNING"), store)
        # then
        with pytest.raises(Exception, match="closed"), store.unit_of_work():
            pass
