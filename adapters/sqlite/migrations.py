"""The versioned schema: ordered migration steps, applied when a store opens.

`schema_migrations` records every step applied (version, description, when). Opening a
database runs, in one write transaction, every step newer than the last one recorded, so a
crash mid-migration leaves the database at the previous version. A database whose recorded
version is newer than `SCHEMA_VERSION` was written by a newer release: opening it raises
`SchemaTooNew` before anything is written (not even the switch to WAL).

A shipped step never changes (a test pins each step's digest); a schema change is a new
step appended to `MIGRATIONS`. A step may rewrite bodies too (`json_set`/`json_remove`)
when an entity class gains a required field or loses one, since reading is strict.
Tables are STRICT, so a value of the wrong type cannot be stored by accident (SQLite 3.37+).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Final

import attrs

from .chain import CREATE_COMMITS_TABLE
from .errors import SchemaTooNew, StoreFailure, translate

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SQLITE_VERSION_MIN", "Migration", "prepare_database"]

SQLITE_VERSION_MIN: Final = (3, 37, 0)
"""STRICT tables arrived in SQLite 3.37.0."""

WAL_SWITCH_PAUSE_SECONDS_MIN: Final = 0.001
WAL_SWITCH_PAUSE_SECONDS_MAX: Final = 0.05
"""Bounds of the pause between attempts to switch a contended new file to WAL."""

_SQLITE_BUSY: Final = 5


@attrs.frozen
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


def _entity_table(name: str, columns: str = "") -> str:
    # `seq` is SQLite's rowid: the insertion order "oldest first" needs, kept stable by
    # VACUUM only when declared INTEGER PRIMARY KEY, and free of an index of its own.
    # `id` is the entity's identity (UNIQUE NOT NULL), which every lookup uses.
    return (
        f"CREATE TABLE {name} (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, "
        f"version INTEGER NOT NULL CHECK (version >= 0), body TEXT NOT NULL{columns}) STRICT"
    )


def _record_table(name: str, key_columns: str) -> str:
    """A redemptions-like table: its key columns, then `date` and the list fields."""
    listing = (
        ", date TEXT NOT NULL, voucher_code TEXT, related_object_id TEXT NOT NULL"
        ", related_object_parent_id TEXT, failure_code TEXT, result TEXT NOT NULL"
        ", campaign_name TEXT, user_login TEXT, tracking_id TEXT"
    )
    return _entity_table(name, key_columns + listing)


def _record_indexes(table: str) -> tuple[str, ...]:
    """One index per list filter or sort field (DOMAIN.md 7.6), each ending in `date` so a
    filtered page comes out in date order. Nullable fields get partial indexes: a record
    without the value (most records, for `failure_code`) costs no index write.
    """
    always = ("related_object_id", "result")
    nullable = ("voucher_code", "related_object_parent_id", "failure_code", "customer_id",
                "campaign_name", "user_login", "tracking_id")
    return (
        f"CREATE INDEX {table}_date ON {table} (date)",
        *(f"CREATE INDEX {table}_{column}_date ON {table} ({column}, date)"
          for column in always),
        *(
            f"CREATE INDEX {table}_{column}_date ON {table} ({column}, date) "
            f"WHERE {column} IS NOT NULL"
            for column in nullable
        ),
    )


def _unique(table: str, column: str) -> str:
    # Partial, so entities without the key (NULL) add no index entry; NULLs never clash,
    # like absent keys in the memory store.
    return (
        f"CREATE UNIQUE INDEX {table}_{column} ON {table} ({column}) WHERE {column} IS NOT NULL"
    )


def _index(table: str, column: str) -> str:
    return f"CREATE INDEX {table}_{column} ON {table} ({column}, seq) WHERE {column} IS NOT NULL"


_EVENTS: Final = (
    # `position` is the rowid: assigned under the write lock, so commit order is position
    # order and a reader following `events_after` never skips an event.
    "CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, "
    "version INTEGER NOT NULL CHECK (version >= 0), type TEXT NOT NULL, "
    "created_at TEXT NOT NULL, customer_id TEXT, activity_id TEXT, body TEXT NOT NULL) STRICT",
    _unique("events", "activity_id"),
    "CREATE INDEX events_customer_id ON events (customer_id, position) "
    "WHERE customer_id IS NOT NULL",
)

_INITIAL_SCHEMA: Final = (
    _entity_table("campaigns", ", name TEXT"),
    _unique("campaigns", "name"),
    _entity_table("promotion_tiers", ", campaign_id TEXT"),
    _index("promotion_tiers", "campaign_id"),
    _entity_table("vouchers", ", code TEXT, campaign_id TEXT, holder_id TEXT"),
    _unique("vouchers", "code"),
    _index("vouchers", "campaign_id"),
    _index("vouchers", "holder_id"),
    _entity_table("customers", ", source_id TEXT"),
    _unique("customers", "source_id"),
    _entity_table("orders", ", source_id TEXT, customer_id TEXT"),
    _unique("orders", "source_id"),
    _index("orders", "customer_id"),
    _entity_table("rewards"),
    _entity_table("reward_assignments", ", campaign_reward TEXT, campaign_id TEXT"),
    _unique("reward_assignments", "campaign_reward"),
    _index("reward_assignments", "campaign_id"),
    _entity_table("reward_redemptions", ", redemption_id TEXT"),
    _unique("reward_redemptions", "redemption_id"),
    _entity_table("idempotency_records"),
    _record_table("redemptions", ", parent_id TEXT, customer_id TEXT"),
    _index("redemptions", "parent_id"),
    _index("redemptions", "customer_id"),
    *_record_indexes("redemptions"),
    _record_table("redemption_rollbacks", ", redemption_id TEXT, customer_id TEXT"),
    _index("redemption_rollbacks", "redemption_id"),
    _index("redemption_rollbacks", "customer_id"),
    *_record_indexes("redemption_rollbacks"),
    *_EVENTS,
)

def _counted(table: str) -> tuple[str, ...]:
    """`table`'s row count kept in `record_counts` by triggers, from its current count."""
    return (
        f"INSERT INTO record_counts (name, total) SELECT '{table}', count(*) FROM {table}",
        f"CREATE TRIGGER {table}_counted AFTER INSERT ON {table} BEGIN "
        f"UPDATE record_counts SET total = total + 1 WHERE name = '{table}'; END",
        f"CREATE TRIGGER {table}_uncounted AFTER DELETE ON {table} BEGIN "
        f"UPDATE record_counts SET total = total - 1 WHERE name = '{table}'; END",
    )


_CUSTOMER_COUNTERS_FROM_RECORDS: Final = (
    # The counters of read_models.py, folded once from the records already stored (after
    # this step the ledger moves them in each unit of work). A stack's parent redemption
    # and a stack's parent rollback count nothing; credits and points count while the
    # redemption stands. The body is the codec's shape of CustomerCounters.
    "INSERT INTO customer_counters (id, version, body) "
    "SELECT customer_id, 0, json_object('redeemed', sum(r), 'failed', sum(f), "
    "'succeeded', sum(s), 'rolled_back', sum(rb), 'rollback_failed', sum(rf), "
    "'rollback_succeeded', sum(rs), 'gift_redeemed_amount', sum(g), "
    "'loyalty_redeemed_points', sum(p)) FROM ("
    " SELECT customer_id, 1 AS r, result = 'FAILURE' AS f, result = 'SUCCESS' AS s,"
    " json_extract(body, '$.status') = 'ROLLED_BACK' AS rb, 0 AS rf, 0 AS rs,"
    " CASE WHEN json_extract(body, '$.status') = 'SUCCEEDED'"
    " AND json_extract(body, '$.voucher.type') = 'GIFT_VOUCHER'"
    " THEN coalesce(json_extract(body, '$.amount'), 0) ELSE 0 END AS g,"
    " CASE WHEN json_extract(body, '$.status') = 'SUCCEEDED'"
    " AND json_extract(body, '$.voucher.type') = 'LOYALTY_CARD'"
    " THEN coalesce(json_extract(body, '$.amount'), 0) ELSE 0 END AS p"
    " FROM redemptions WHERE customer_id IS NOT NULL"
    " AND NOT (result = 'SUCCESS' AND json_extract(body, '$.related_object_type') = 'redemption')"
    " UNION ALL"
    " SELECT customer_id, 0, 0, 0, 0, result = 'FAILURE',"
    " result = 'SUCCESS' AND json_extract(body, '$.related_object_type') <> 'redemption', 0, 0"
    " FROM redemption_rollbacks WHERE customer_id IS NOT NULL"
    ") GROUP BY customer_id"
)

_READ_MODELS: Final = (
    _entity_table("customer_counters"),
    _CUSTOMER_COUNTERS_FROM_RECORDS,
    "CREATE TABLE record_counts (name TEXT PRIMARY KEY NOT NULL, "
    "total INTEGER NOT NULL CHECK (total >= 0)) STRICT, WITHOUT ROWID",
    *_counted("redemptions"),
    *_counted("redemption_rollbacks"),
)


def _backfill(name: str, table: str) -> tuple[str, ...]:
    """Put the rows of an existing `table` in sequence `name`, in insertion order."""
    return (
        f"INSERT INTO sequence_entries (id, version, body) SELECT '{name}@' || "
        f"row_number() OVER (ORDER BY seq), 0, json_object('target_id', id) FROM {table}",
        f"INSERT INTO sequence_heads (id, version, body) SELECT 'seq:{name}', 0, "
        f"json_object('count', count(*)) FROM {table} HAVING count(*) > 0",
    )


_CATALOG_LIFECYCLE: Final = (
    # DOMAIN.md 17: ordered lists (domain/sequences.py), card transactions, publications.
    _entity_table("sequence_heads"),
    _entity_table("sequence_entries"),
    _entity_table("voucher_transactions"),
    _entity_table("publications", ", source_id TEXT, customer_id TEXT"),
    _unique("publications", "source_id"),
    _index("publications", "customer_id"),
    *_backfill("vouchers", "vouchers"),
    *_backfill("customers", "customers"),
)

_VALIDATIONS: Final = (
    # DOMAIN.md 16: session locks and validation rules. Ended locks, deleted rule sets and
    # their assignments keep their rows with NULL index columns (partial indexes skip them).
    _entity_table("session_locks", ", voucher_session TEXT, live_voucher_id TEXT, live_key TEXT"),
    _unique("session_locks", "voucher_session"),
    _index("session_locks", "live_voucher_id"),
    _index("session_locks", "live_key"),
    _entity_table("validation_rules", ", listed TEXT"),
    _index("validation_rules", "listed"),
    _entity_table(
        "validation_rule_assignments", ", rule_object TEXT, live_rule_id TEXT, live_object TEXT"
    ),
    _unique("validation_rule_assignments", "rule_object"),
    _index("validation_rule_assignments", "live_rule_id"),
    _index("validation_rule_assignments", "live_object"),
)

_SNAPSHOTS: Final = (
    # Records of facts (snapshots.py): the states records reference, each stored once under
    # the digest of its text. Existing rows keep their embedded snapshots and read as before.
    # A rowid table: bodies are appended in order and fill their pages; only the digest
    # index takes the random inserts (a table keyed by the digest left a fifth unused).
    "CREATE TABLE snapshots (seq INTEGER PRIMARY KEY, "
    "digest BLOB NOT NULL UNIQUE CHECK (length(digest) = 16), body TEXT NOT NULL) STRICT",
)

def _order_field(name: str) -> str:
    """SQL for field `name` of redemption `r`'s order, whichever way the row holds it:
    embedded whole (before schema 6), or a snapshot reference with the fields that differ
    beside it and `$drop` naming those it lacks (snapshots.py `resolve`). NULL when the
    order or the field is absent (a default), as reading the row would leave it."""
    inline = f"'$.order.{name}'"
    reference = "'$.order.\"$snap\"'"
    return (
        f"CASE WHEN json_type(r.body, {inline}) IS NOT NULL THEN json_extract(r.body, {inline})"
        f" WHEN json_type(r.body, {reference}) IS NULL THEN NULL"
        " WHEN EXISTS (SELECT 1 FROM json_each(r.body, '$.order.\"$drop\"') AS d"
        f" WHERE d.value = '{name}') THEN NULL"
        f" ELSE (SELECT json_extract(s.body, '$.{name}') FROM snapshots AS s"
        f" WHERE hex(s.digest) = upper(json_extract(r.body, {reference}))) END"
    )


_STANDING_CAMPAIGN_REDEMPTIONS: Final = (
    # What campaign_counters.py counts: a successful redemption that stands, of a campaign
    # (its list column `related_object_parent_id`), never a stack's parent; its order's
    # `amount`, and `total_applied_discount_amount` (the order's applied discount plus its
    # lines'), both 0 when absent.
    "WITH standing AS (SELECT r.related_object_parent_id AS campaign_id, r.customer_id,"
    f" coalesce({_order_field('amount')}, 0) AS amount,"
    f" coalesce({_order_field('applied_discount_amount')}, 0)"
    " + (SELECT coalesce(sum(json_extract(i.value, '$.applied_discount_amount')), 0)"
    f" FROM json_each(coalesce({_order_field('items')}, '[]')) AS i) AS discounted"
    " FROM redemptions AS r WHERE r.related_object_parent_id IS NOT NULL"
    " AND r.result = 'SUCCESS' AND json_extract(r.body, '$.status') = 'SUCCEEDED'"
    " AND json_extract(r.body, '$.related_object_type') <> 'redemption') "
)

_CAMPAIGN_COUNTERS: Final = (
    # The campaign counters of campaign_counters.py, folded once from the records already
    # stored (after this step the ledger moves them in each unit of work). The bodies are
    # the codec's shape of CampaignCounters and CampaignCustomerCounters.
    _entity_table("campaign_counters"),
    _entity_table("campaign_customer_counters"),
    # A reference names its snapshot in hex; this index (dropped below) finds it by that.
    "CREATE INDEX snapshots_hex ON snapshots (hex(digest))",
    "INSERT INTO campaign_counters (id, version, body) "
    + _STANDING_CAMPAIGN_REDEMPTIONS
    + "SELECT campaign_id, 0, json_object('redemptions_count', count(*), "
    "'customers_count', count(DISTINCT customer_id), 'orders_amount', sum(amount), "
    "'orders_amount_discounted', sum(discounted)) FROM standing GROUP BY campaign_id",
    "INSERT INTO campaign_customer_counters (id, version, body) "
    + _STANDING_CAMPAIGN_REDEMPTIONS
    + "SELECT length(campaign_id) || ':' || campaign_id || ':' || customer_id, 0, "
    "json_object('campaign_id', campaign_id, 'customer_id', customer_id, "
    "'redemptions_count', count(*)) "
    "FROM standing WHERE customer_id IS NOT NULL GROUP BY campaign_id, customer_id",
    "DROP INDEX snapshots_hex",
)

MIGRATIONS: Final[tuple[Migration, ...]] = (
    Migration(1, "entity tables, key and list indexes, event outbox", _INITIAL_SCHEMA),
    # Self-contained: one new table, no body rewritten. A database migrated from version 1
    # starts its chain at the first commit after the migration (chain.py).
    Migration(2, "commit chain: sequence and running hash of every commit", (
        CREATE_COMMITS_TABLE,
    )),
    Migration(3, "read models: customer counters, record counts", _READ_MODELS),
    Migration(4, "catalog lifecycle: sequences, voucher transactions, publications",
              _CATALOG_LIFECYCLE),
    Migration(5, "session locks, validation rules and their assignments", _VALIDATIONS),
    Migration(6, "snapshots: the states records reference, stored once by digest", _SNAPSHOTS),
    Migration(7, "read models: campaign counters for the all-time campaign rules",
              _CAMPAIGN_COUNTERS),
)
"""Every schema step, oldest first; versions are 1, 2, 3, ... without gaps."""

SCHEMA_VERSION: Final = MIGRATIONS[-1].version
"""The newest schema this release knows."""

_CREATE_MIGRATIONS_TABLE: Final = (
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY NOT NULL, "
    "description TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT"
)


def recorded_version(connection: sqlite3.Connection) -> int:
    """The newest migration recorded in the database; 0 for a database we never touched."""
    tables = connection.execute(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if tables[0] == 0:
        return 0
    found = connection.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
    return int(found) if found is not None else 0


def prepare_database(connection: sqlite3.Connection, path: str, busy_timeout_ms: int) -> None:
    """Refuse a newer schema, switch the file to WAL, then migrate it to `SCHEMA_VERSION`."""
    if sqlite3.sqlite_version_info < SQLITE_VERSION_MIN:
        wanted = ".".join(str(part) for part in SQLITE_VERSION_MIN)
        raise StoreFailure(f"SQLite {sqlite3.sqlite_version} is too old; {wanted} or newer needed")
    try:
        _refuse_newer(connection, path, recorded_version(connection))
        _use_wal(connection, path, busy_timeout_ms)
        if recorded_version(connection) < SCHEMA_VERSION:
            _migrate(connection, path)
    except sqlite3.Error as error:
        raise translate(error, f"preparing database {path}") from error


def _use_wal(connection: sqlite3.Connection, path: str, busy_timeout_ms: int) -> None:
    """Switch to WAL, retrying while another process holds the lock the switch needs.

    SQLite answers a contended switch with SQLITE_BUSY at once, without its busy handler,
    so processes opening a new file together would fail; this waits, as long as
    busy_timeout allows, like any other lock wait.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000
    pause = WAL_SWITCH_PAUSE_SECONDS_MIN
    while True:
        try:
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            break
        except sqlite3.OperationalError as error:
            if getattr(error, "sqlite_errorcode", None) != _SQLITE_BUSY:
                raise
            if time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, WAL_SWITCH_PAUSE_SECONDS_MAX)
    if str(mode).lower() != "wal":
        raise StoreFailure(f"{path}: cannot use write-ahead logging (journal mode {mode!r})")


def _refuse_newer(connection: sqlite3.Connection, path: str, found: int) -> None:
    if found > SCHEMA_VERSION:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise SchemaTooNew(path, found, SCHEMA_VERSION)


def _migrate(connection: sqlite3.Connection, path: str) -> None:
    """Apply the missing steps in one write transaction (another process may race us)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        found = recorded_version(connection)
        _refuse_newer(connection, path, found)
        connection.execute(_CREATE_MIGRATIONS_TABLE)
        _apply(connection, [step for step in MIGRATIONS if step.version > found])
        connection.execute("COMMIT")
    finally:
        if connection.in_transaction:
            connection.execute("ROLLBACK")


def _apply(connection: sqlite3.Connection, steps: Sequence[Migration]) -> None:
    for step in steps:
        for statement in step.statements:
            connection.execute(statement)
        connection.execute(
            "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
            (step.version, step.description, datetime.now(UTC).isoformat(timespec="microseconds")),
        )
