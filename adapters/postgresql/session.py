"""How a unit of work's statements reach the server: few round trips, one transaction.

The server is a network hop away, and on a busy host every round trip costs more than the
statement, so a `Session` sends statements in pipelines (libpq pipeline mode):

- BEGIN is not sent on its own: it goes with the unit's first statement;
- under `transact` (`write_behind`), writes are held and sent with the next read, or with
  COMMIT: a redemption is two round trips (BEGIN + its first read; the writes + COMMIT),
  not eight. A write that breaks a constraint therefore raises at that next read or at
  commit, still inside the unit and before anything is acknowledged; a stale
  compare-and-swap raises in the server (`stale_version()`, SQLSTATE 40001), so a pipelined
  COMMIT behind it never commits;
- `unit_of_work()` writes through (each write is sent at once), so a conflict raises at the
  write that caused it, as the port describes.

If the first batch of a unit fails because its pooled connection died while idle (the
server restarted), nothing had been sent on it, so the batch is replayed on a fresh one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, Final

import psycopg
from psycopg import pq

from redemption_core.domain.model.errors import StoreBusy

from .errors import StoreClosed, is_disconnect, translate

__all__ = ["Row", "Session"]

Row = tuple[Any, ...]
Connection = psycopg.Connection[Row]
Statement = tuple[bytes, Any, str]

REPLAYS_MAX: Final = 3
"""Fresh connections tried for a unit's first batch before the server counts as down."""


class Session:
    """One transaction's statements on one connection; see the module docstring."""

    def __init__(
        self,
        connection: Connection,
        begin: str,
        *,
        write_behind: bool,
        reconnect: Callable[[Connection], Connection],
    ) -> None:
        self.connection = connection
        self._begin: Statement = (begin.encode(), None, "starting a transaction")
        self._write_behind = write_behind
        self._reconnect = reconnect
        self._begun = False
        self._ended = False
        self._pending: list[Statement] = []

    def rows(self, statement: str, params: Any, doing: str) -> list[Row]:
        """Send what is pending and `statement`; the rows `statement` returned."""
        cursor = self._send([(statement.encode(), params, doing)])
        return cursor.fetchall() if cursor is not None and cursor.description else []

    def write(self, statement: str, params: Any, doing: str) -> None:
        """Send `statement` now, or hold it for the next batch under `write_behind`."""
        self._live()
        if self._write_behind:
            self._pending.append((statement.encode(), params, doing))
        else:
            self._send([(statement.encode(), params, doing)])

    def commit(self) -> None:
        """Send what is pending and COMMIT, in one round trip."""
        if not self._begun and not self._pending:
            self._ended = True
            return  # nothing was ever read or written: no transaction to end
        try:
            self._send([(b"COMMIT", None, "committing")])
        except StoreBusy as error:
            raise StoreBusy(f"{error}; the outcome of this call is unknown, retry it with the "
                            "same idempotency key") from error
        finally:
            self._ended = True

    def rollback(self) -> None:
        """Discard the transaction and what is pending; a broken connection is left as is."""
        self._pending.clear()
        self._ended = True
        if self.connection.info.transaction_status in (
            pq.TransactionStatus.INTRANS, pq.TransactionStatus.INERROR
        ):
            with contextlib.suppress(psycopg.Error):  # broken: the pool discards it
                self.connection.execute(b"ROLLBACK")

    def _live(self) -> None:
        if self._ended:
            raise StoreClosed("this unit of work has ended")

    def _send(self, statements: list[Statement]) -> psycopg.Cursor[Row] | None:
        self._live()
        batch = [*([] if self._begun else [self._begin]), *self._pending, *statements]
        self._pending = []
        for attempt in range(REPLAYS_MAX + 1):
            try:
                cursor = _run(self.connection, batch)
            except psycopg.Error as error:
                if self._begun or not is_disconnect(error) or attempt == REPLAYS_MAX:
                    raise translate(error, _doing(batch)) from error
                self.connection = self._reconnect(self.connection)
                continue
            self._begun = True
            return cursor
        raise AssertionError("unreachable")


def _run(connection: Connection, batch: list[Statement]) -> psycopg.Cursor[Row] | None:
    """Execute `batch` (one pipeline if several); the last statement's cursor."""
    if len(batch) == 1:
        statement, params, _ = batch[0]
        return connection.execute(statement, params)
    with connection.pipeline():
        cursors = [connection.execute(statement, params) for statement, params, _ in batch]
    return cursors[-1]


def _doing(batch: list[Statement]) -> str:
    what = batch[-1][2]
    others = len(batch) - 1
    return f"{what} (with {others} statement{'s' if others != 1 else ''} sent before it)"
