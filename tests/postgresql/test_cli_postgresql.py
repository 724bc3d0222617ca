"""The command line on PostgreSQL: `--store postgresql://…`, `REDEMPTION_CORE_DB` as a URL,
and one clear line when the server cannot be used."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from redemption_core.adapters.cli import default_store_spec, main
from tests.postgresql import database


class TestStoreUrls:
    def test_call_writes_through_a_postgresql_url_and_reads_back(self, schema):
        """Create a voucher with one command, read it with another: same database."""
        url = f"{database.dsn()}?schema={schema}"
        main(["call", "POST", "/v1/vouchers/PG-1", "--store", url,
              "--data", '{"type": "GIFT_VOUCHER", "gift": {"amount": 700}}'], io.StringIO())
        out = io.StringIO()
        main(["call", "GET", "/v1/vouchers/PG-1", "--store", url], out)
        answer = json.loads(out.getvalue())
        assert (answer["status"], answer["body"]["gift"]["balance"]) == (200, 700)

    def test_the_database_variable_accepts_a_postgresql_url(self, monkeypatch):
        """`REDEMPTION_CORE_DB=postgresql://…` is the store; a path stays a SQLite file."""
        monkeypatch.setenv("REDEMPTION_CORE_DB", "postgresql://ledger@db/ledger")
        assert default_store_spec() == "postgresql://ledger@db/ledger"
        monkeypatch.setenv("REDEMPTION_CORE_DB", "ledger.db")
        assert default_store_spec() == "sqlite:ledger.db"


class TestUnusableServer:
    def test_an_unreachable_server_is_one_line_and_a_nonzero_exit(self):
        """Nothing listens on port 1: one line on standard error naming it, exit 1."""
        done = subprocess.run(
            [sys.executable, "-m", "redemption_core.adapters.cli", "call", "GET",
             "/v1/vouchers/X", "--store", "postgresql://postgres:secret@127.0.0.1:1/postgres"],
            capture_output=True, text=True, timeout=60, check=False,
        )
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 1
        assert len(lines) == 1 and "127.0.0.1:1/postgres" in lines[0], lines
        assert "secret" not in done.stderr

    def test_a_bad_store_setting_names_it(self):
        """`pool_max=1` is refused before connecting, naming the rule."""
        with pytest.raises(SystemExit, match="pool_max must be at least 2"):
            main(["call", "GET", "/v1/vouchers/X", "--store",
                  "postgresql://postgres@127.0.0.1:1/postgres?pool_max=1"], io.StringIO())
