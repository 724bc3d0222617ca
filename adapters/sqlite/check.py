"""`redemption-core check`: everything a database can be verified against, read-only.

1. the files (open_check.file_findings): empty, missing or truncated main file;
2. every page: `PRAGMA integrity_check` (b-trees, indexes, free list, NOT NULL, CHECK);
3. the commit chain: seq 1, 2, 3, ... without a gap, each link the hash of the one before
   and its digest, and the head file agreeing (open_check.compare_heads);
4. the snapshots records reference (snapshots.py): each text matches its digest, so one
   referenced only by an event or an order row is verified too;
5. the ledger identities (ledger_check.py);
6. the read models: each customer's and campaign's kept counters against what the records
   read for 5 add up to (read_model_check.py).

The database is opened read-only (`mode=ro`): checking never changes it, not even by a
checkpoint, and can run while a server writes (each step reads one consistent snapshot).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Final

import attrs

from . import chain, open_check, snapshots
from .head_file import HeadFileDamaged, head_file_path, read_head_file
from .ledger_check import tally_ledger
from .read_model_check import ReadModelTally

__all__ = ["CheckReport", "check_database"]

INTEGRITY_ERRORS_MAX: Final = 100
"""Problems `integrity_check` lists before it stops."""

FINDINGS_SHOWN_MAX: Final = 20
"""Findings printed per part; the summary counts the rest."""


@attrs.define
class Part:
    """One part of the check: its name, what it covered, what it found."""

    name: str
    covered: str = ""
    findings: list[str] = attrs.field(factory=list)


@attrs.define
class CheckReport:
    path: str
    parts: list[Part] = attrs.field(factory=list)

    @property
    def healthy(self) -> bool:
        return not any(part.findings for part in self.parts)

    def lines(self) -> list[str]:
        """The printed summary: a line per part, its findings indented, then the verdict."""
        out = [f"redemption-core check: {self.path}"]
        for part in self.parts:
            verdict = "ok" if not part.findings else f"{len(part.findings)} FINDINGS"
            covered = f" ({part.covered})" if part.covered else ""
            out.append(f"  {part.name}: {verdict}{covered}")
            out.extend(f"    - {text}" for text in part.findings[:FINDINGS_SHOWN_MAX])
            hidden = len(part.findings) - FINDINGS_SHOWN_MAX
            if hidden > 0:
                out.append(f"    ... and {hidden} more")
        total = sum(len(part.findings) for part in self.parts)
        out.append("healthy" if total == 0 else f"DAMAGED: {total} findings")
        return out


def check_database(path: str) -> CheckReport:
    """Run every check on the database at `path`; never raises for what it finds."""
    report = CheckReport(path)
    files = Part("files", findings=open_check.file_findings(path))
    report.parts.append(files)
    if not Path(path).is_file():
        files.findings.append("there is no database file")
    if files.findings:
        return report  # nothing in the file can be trusted to read
    try:
        connection = sqlite3.connect(
            Path(path).absolute().as_uri() + "?mode=ro", uri=True, isolation_level=None
        )
    except sqlite3.Error as error:
        files.findings.append(f"cannot open: {error}")
        return report
    try:
        for step in (_pages, _chain, _snapshots):
            report.parts.append(step(connection, path))
        report.parts.extend(_ledger(connection, path))
    finally:
        connection.close()
    return report


def _guarded(part: Part, error: sqlite3.Error) -> Part:
    part.findings.append(f"cannot read: {error} ({getattr(error, 'sqlite_errorname', '?')})")
    return part


def _pages(connection: sqlite3.Connection, _: str) -> Part:
    part = Part("pages")
    try:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        rows = connection.execute(f"PRAGMA integrity_check({INTEGRITY_ERRORS_MAX:d})").fetchall()
    except sqlite3.Error as error:
        return _guarded(part, error)
    part.covered = f"{pages} pages"
    part.findings.extend(str(row[0]) for row in rows if row[0] != "ok")
    return part


def _chain(connection: sqlite3.Connection, path: str) -> Part:
    part = Part("commit chain")
    head_path = head_file_path(path)
    try:
        # The head file first: commits made meanwhile only put the database further ahead.
        recorded = read_head_file(head_path)
    except HeadFileDamaged as error:
        part.findings.append(str(error))
        recorded = None
    try:
        if not chain.has_commits_table(connection):
            part.covered = "none yet: the schema predates it; open the store once to start it"
            return part
        connection.execute("BEGIN")
        try:
            own = _links(connection, part)
            if recorded is not None:
                problem = open_check.compare_heads(connection, own, recorded)
                if problem is not None:
                    part.findings.append(problem)
        finally:
            connection.execute("ROLLBACK")
    except sqlite3.Error as error:
        return _guarded(part, error)
    if recorded is None and own.seq > 0 and not part.findings:
        part.findings.append(f"the head file {head_path} is missing")
    at = "no head file" if recorded is None else f"head file at {recorded.seq}"
    part.covered = f"{own.seq} commits, {at}"
    return part


def _links(connection: sqlite3.Connection, part: Part) -> chain.Head:
    """Walk every commit row; the head it ends at."""
    expected, previous = 1, chain.GENESIS
    for seq, digest, link in chain.walk(connection):
        if seq != expected:
            part.findings.append(f"commits {expected} to {seq - 1} are missing")
        elif chain.link(previous, digest) != link:
            part.findings.append(f"the chain is broken at commit {seq}")
        expected, previous = seq + 1, link
    return chain.Head(expected - 1, previous)


def _snapshots(connection: sqlite3.Connection, _: str) -> Part:
    part = Part("snapshots")
    try:
        known = connection.execute(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'snapshots'"
        ).fetchone()
        if known is None:
            part.covered = "none: the schema predates them"
            return part
        count = 0
        for digest, body in connection.execute("SELECT digest, body FROM snapshots ORDER BY seq"):
            count += 1
            if snapshots.digest_of(str(body).encode()) != bytes(digest):
                part.findings.append(f"snapshot {bytes(digest).hex()} does not match its digest")
    except sqlite3.Error as error:
        return _guarded(part, error)
    part.covered = f"{count} snapshots"
    return part


def _ledger(connection: sqlite3.Connection, _: str) -> list[Part]:
    part = Part("ledger identities")
    counters = Part("read models")
    read_models = ReadModelTally()
    try:
        tally = tally_ledger(connection, read_models)
    except sqlite3.Error as error:
        return [_guarded(part, error)]
    except Exception as error:  # a row the domain refuses (CorruptRow) is a finding too
        part.findings.append(f"a record cannot be read: {error}")
        return [part]
    part.covered = (f"{tally.vouchers} vouchers, {tally.redemptions} redemptions, "
                    f"{tally.rollbacks} rollbacks")
    part.findings.extend(tally.findings)
    counters.covered = (f"counters of {read_models.customers_read} customers and "
                        f"{read_models.campaigns_read} campaigns")
    counters.findings.extend(read_models.findings)
    return [part, counters]
