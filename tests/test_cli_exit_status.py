"""What the `redemption-core` program tells a shell: its version and its exit statuses.

Goal: a script can branch on `call`'s exit status (0 for 2xx, 4 for 4xx, 5 for 5xx, the
response printed in every case), read `--version`, and see `serve` refuse an address it
cannot listen on with one line on standard error and exit status 2, never a traceback.
Method: `main([...])` in-process where the exit status is all that matters; real processes
of the console script where standard error and the exit status are the subject; a port is
taken by a listening socket of the test itself.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest
import structlog

import redemption_core
from redemption_core.adapters.cli import (
    CLIENT_ERROR_EXIT,
    SERVER_ERROR_EXIT,
    call_exit_status,
    main,
)
from redemption_core.adapters.grpc.listen import ListenError, check_address, split_address
from redemption_core.adapters.grpc.serve import add_serve_command, run_serve

GIFT_CARD = {"type": "GIFT_VOUCHER", "gift": {"amount": 5000}}
APPS = json.dumps({"app": "token"})


@pytest.fixture(autouse=True)
def _restore_structlog() -> Iterator[None]:
    """`main` configures structlog for the program; give the next test the defaults back."""
    yield
    structlog.reset_defaults()


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port on 127.0.0.1 that a socket of this test listens on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def _program() -> list[str]:
    installed = shutil.which("redemption-core", path=str(Path(sys.executable).parent))
    return [installed] if installed else [sys.executable, "-m", "redemption_core.adapters.cli"]


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "REDEMPTION_CORE_APPS": APPS}
    return subprocess.run(
        [*_program(), *argv], capture_output=True, text=True, timeout=60, check=False,
        env=environment,
    )


class TestVersion:
    def test_the_package_knows_its_installed_version(self) -> None:
        """`redemption_core.__version__` is the distribution's version from its metadata."""
        # given / when
        installed = version("redemption-core")

        # then
        assert redemption_core.__version__ == installed
        assert redemption_core.__version__[0].isdigit()

    def test_the_program_prints_its_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`redemption-core --version` prints `redemption-core X.Y.Z` and exits 0."""
        # given / when
        with pytest.raises(SystemExit) as raised:
            main(["--version"], out=io.StringIO())

        # then
        assert raised.value.code == 0
        assert capsys.readouterr().out == f"redemption-core {redemption_core.__version__}\n"


class TestCallExitStatus:
    def test_a_success_exits_0(self) -> None:
        """A 200 exits 0."""
        # given / when
        status = main(["call", "POST", "/v1/vouchers/G", "--data", json.dumps(GIFT_CARD),
                       "--store", "memory"], out=io.StringIO())
        # then
        assert status == 0

    def test_a_refused_request_exits_4_and_still_prints_the_body(self) -> None:
        """A 404 exits 4 (`CLIENT_ERROR_EXIT`); the Error body is printed all the same."""
        # given
        out = io.StringIO()
        # when
        status = main(["call", "GET", "/v1/vouchers/NOPE", "--store", "memory"], out=out)
        # then
        assert status == CLIENT_ERROR_EXIT == 4
        printed = json.loads(out.getvalue())
        assert (printed["status"], printed["body"]["key"]) == (404, "not_found")

    def test_a_business_failure_exits_4(self) -> None:
        """A 400 invalid payload exits 4 as well: every 4xx is the caller's to fix."""
        # given / when
        status = main(["call", "POST", "/v1/redemptions", "--data", "{}", "--store", "memory"],
                      out=io.StringIO())
        # then
        assert status == CLIENT_ERROR_EXIT

    @pytest.mark.parametrize(
        ("http_status", "exit_status"),
        [(200, 0), (204, 0), (400, 4), (404, 4), (409, 4), (499, 4), (500, 5), (503, 5)],
    )
    def test_each_class_of_http_status_has_its_exit_status(
        self, http_status: int, exit_status: int
    ) -> None:
        """2xx -> 0, 4xx -> 4, 5xx -> 5 (`SERVER_ERROR_EXIT`), HTTPie's convention."""
        # given / when / then
        assert call_exit_status(http_status) == exit_status
        assert SERVER_ERROR_EXIT == 5

    def test_the_installed_program_exits_4_on_a_404(self) -> None:
        """A shell sees exit status 4 and the body on standard output."""
        # given / when
        done = _run("call", "GET", "/v1/vouchers/NOPE", "--store", "memory")
        # then
        assert done.returncode == 4, done.stderr
        assert json.loads(done.stdout)["status"] == 404

    def test_the_help_documents_the_exit_statuses(self) -> None:
        """`call --help` says what each exit status means."""
        # given / when
        done = _run("call", "--help")
        # then
        assert done.returncode == 0
        assert "4 for a 4xx" in done.stdout
        assert "5 for a 5xx" in done.stdout


class TestServeCannotListen:
    def test_an_address_in_use_is_one_line_and_exit_2(self, taken_port: int) -> None:
        """The port is taken: `cannot listen on ADDRESS: address already in use`, exit 2."""
        # given
        address = f"127.0.0.1:{taken_port}"
        # when
        done = _run("serve", "--store", "memory", "--listen", address)
        # then
        assert done.returncode == 2
        assert done.stdout == ""
        assert done.stderr == (
            f"redemption-core serve: cannot listen on {address}: address already in use\n"
        )

    @pytest.mark.parametrize(
        ("address", "reason"),
        [
            ("no-such-host.invalid:50051", "cannot resolve host 'no-such-host.invalid'"),
            ("127.0.0.1:99999", "the port must be a number from 0 to 65535"),
            ("127.0.0.1:http", "the port must be a number from 0 to 65535"),
            ("localhost", "give host:port"),
        ],
    )
    def test_a_bad_address_is_one_line_and_exit_2(self, address: str, reason: str) -> None:
        """An unknown host, a port out of range or no port: one line naming it, exit 2."""
        # given / when
        done = _run("serve", "--store", "memory", "--listen", address)
        # then
        assert done.returncode == 2
        [line] = done.stderr.splitlines()
        assert line.startswith(f"redemption-core serve: cannot listen on {address}: {reason}")
        assert "Traceback" not in done.stderr

    def test_a_tls_file_that_is_not_pem_is_one_line_and_exit_2(self, tmp_path: Path) -> None:
        """`--tls-key` that is not a PEM private key: one line naming the file, exit 2."""
        # given
        junk = tmp_path / "junk.pem"
        junk.write_text("not a key\n")
        # when
        done = _run("serve", "--store", "memory", "--listen", "127.0.0.1:0",
                    "--tls-cert", str(junk), "--tls-key", str(junk))
        # then
        assert done.returncode == 2
        assert done.stderr == (
            f"redemption-core serve: cannot listen on 127.0.0.1:0: {junk} is not a PEM "
            "private key\n"
        )

    def test_the_store_is_closed_when_the_server_cannot_listen(
        self, taken_port: int, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """In-process: exit status 2, the line on standard error, and the store closed."""
        # given
        monkeypatch.setenv("REDEMPTION_CORE_APPS", APPS)
        store = redemption_core.MemoryStore()
        parser = argparse.ArgumentParser()
        add_serve_command(parser.add_subparsers(dest="command"))
        arguments = parser.parse_args(["serve", "--listen", f"127.0.0.1:{taken_port}"])
        # when
        status = run_serve(arguments, store)
        # then
        assert status == 2
        assert "address already in use" in capsys.readouterr().err
        with pytest.raises(Exception, match="closed"), store.unit_of_work():
            pass


class TestListenAddress:
    @pytest.mark.parametrize(
        ("address", "host", "port"),
        [("127.0.0.1:50051", "127.0.0.1", 50051), ("[::1]:0", "::1", 0), (":7000", "", 7000)],
    )
    def test_an_address_is_a_host_and_a_port(self, address: str, host: str, port: int) -> None:
        """`host:port`, `[v6]:port` and `:port` (every interface) are understood."""
        # given / when / then
        assert split_address(address) == (host, port)

    def test_a_free_address_passes_the_check(self) -> None:
        """Port 0 on the loopback can always be bound: no error."""
        # given / when / then
        check_address("127.0.0.1:0")

    def test_the_error_names_the_address_and_the_reason(self, taken_port: int) -> None:
        """`ListenError` is an `OSError` whose text names both."""
        # given / when
        with pytest.raises(ListenError) as raised:
            check_address(f"127.0.0.1:{taken_port}")
        # then
        assert isinstance(raised.value, OSError)
        assert str(raised.value) == (
            f"cannot listen on 127.0.0.1:{taken_port}: address already in use"
        )
