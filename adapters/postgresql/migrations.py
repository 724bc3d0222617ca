"""The versioned schema: ordered migration steps, applied when a store opens.

The storage is generic: every entity kind lives in `entities` (kind, id, version, JSON
body from the SQLite adapter's codec), with its unique keys in `entity_keys` (the
database enforces them) and its index keys in `entity_index`; a new entity kind or key
needs no schema change. Redemptions and rollbacks also get a `records` row holding the
fields GET /v1/redemptions filters and sorts on. Events live in `events`.

Opening a store takes a transaction-level advisory lock (per schema), reads
`schema_migrations`, refuses a version newer than `SCHEMA_VERSION` before writing
anything, and applies the missing steps in that one transaction: two instances starting
at once apply each step exactly once, and a crash mid-migration leaves the previous version.
A shipped step never changes; a change is a new step appended to `MIGRATIONS`.

Text columns that are compared or sorted use the "C" collation: code-point order and exact
equality, as Python compares strings (the memory store is the reference).
"""

from __future__ import annotations

import hashlib
from typing import Final

import attrs
import psycopg
from psycopg import sql

from .errors import SchemaTooNew

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Migration", "lock_key", "prepare_database"]


@attrs.frozen
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


_TEXT: Final = 'text COLLATE "C"'

_LISTED: Final = (
    "voucher_code", "related_object_id", "related_object_parent_id", "parent_redemption_id",
    "failure_code", "result", "customer_id", "campaign_name", "user_login", "tracking_id",
)
"""Listing fields of `records` (besides kind, id, object and date), each with an index."""

_INITIAL: Final = (
    f"CREATE TABLE entities (kind {_TEXT} NOT NULL, id {_TEXT} NOT NULL, "
    "seq bigint GENERATED ALWAYS AS IDENTITY, version integer NOT NULL CHECK (version >= 0), "
    "body text NOT NULL, PRIMARY KEY (kind, id))",
    # Unique keys: the primary key is the uniqueness the port promises.
    f"CREATE TABLE entity_keys (kind {_TEXT} NOT NULL, name {_TEXT} NOT NULL, "
    f"value {_TEXT} NOT NULL, id {_TEXT} NOT NULL, PRIMARY KEY (kind, name, value))",
    "CREATE INDEX entity_keys_owner ON entity_keys (kind, id)",
    # Index keys, in the owner's insertion order (`seq`): "oldest first".
    f"CREATE TABLE entity_index (kind {_TEXT} NOT NULL, name {_TEXT} NOT NULL, "
    f"value {_TEXT} NOT NULL, seq bigint NOT NULL, id {_TEXT} NOT NULL, "
    "PRIMARY KEY (kind, name, value, seq))",
    "CREATE INDEX entity_index_owner ON entity_index (kind, id)",
    f"CREATE TABLE records (kind {_TEXT} NOT NULL, id {_TEXT} NOT NULL, "
    f"object {_TEXT} NOT NULL, date {_TEXT} NOT NULL, "
    + ", ".join(f"{column} {_TEXT}" for column in _LISTED)
    + ", PRIMARY KEY (kind, id))",
    "CREATE INDEX records_date ON records (date)",
    *(
        f"CREATE INDEX records_{column}_date ON records ({column}, date) "
        f"WHERE {column} IS NOT NULL"
        for column in _LISTED
    ),
    # `seq` is the insertion order; `position` is given after commit by the sequencer
    # (outbox.py), in commit order and without holes.
    "CREATE TABLE events (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
    f"position bigint UNIQUE, id {_TEXT} NOT NULL UNIQUE, "
    "version integer NOT NULL CHECK (version >= 0), "
    f"type {_TEXT} NOT NULL, created_at {_TEXT} NOT NULL, customer_id {_TEXT}, "
    f"activity_id {_TEXT}, body text NOT NULL)",
    "CREATE UNIQUE INDEX events_activity_id ON events (activity_id) "
    "WHERE activity_id IS NOT NULL",
    "CREATE INDEX events_customer_id ON events (customer_id, seq) WHERE customer_id IS NOT NULL",
    "CREATE INDEX events_unpositioned ON events (seq) WHERE position IS NULL",
    "CREATE TABLE outbox_sequencer (singleton boolean PRIMARY KEY DEFAULT true "
    "CHECK (singleton), last_position bigint NOT NULL)",
    "INSERT INTO outbox_sequencer (last_position) VALUES (0)",
    # A compare-and-swap that found another version raises, so the transaction (and a
    # COMMIT pipelined behind it) fails: see session.py.
    "CREATE FUNCTION stale_version(kind text, id text) RETURNS integer LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = format("
    "'%s %s was replaced by another writer first (stale version)', kind, id); END $$",
)

_SNAPSHOTS: Final = (
    # Records of facts (the SQLite adapter's snapshots.py): the states records reference,
    # each stored once under the digest of its text.
    "CREATE TABLE snapshots (digest bytea PRIMARY KEY CHECK (length(digest) = 16), "
    "body text NOT NULL)",
)

def _order_field(name: str) -> str:
    """SQL (json) for field `name` of the order of a redemption body `b`, whichever way the
    body holds it: embedded whole, or a snapshot reference with the fields that differ
    beside it and `$drop` naming those it lacks (the SQLite adapter's snapshots.py
    `resolve`). NULL when the order or the field is absent (a default)."""
    order = "b -> 'order'"
    return (
        f"CASE WHEN json_typeof({order} -> '{name}') IS NOT NULL THEN {order} -> '{name}'"
        f" WHEN {order} ->> '$snap' IS NULL THEN NULL"
        f" WHEN EXISTS (SELECT 1 FROM json_array_elements_text({order} -> '$drop') AS d (v)"
        f" WHERE d.v = '{name}') THEN NULL"
        f" ELSE (SELECT s.body::json -> '{name}' FROM snapshots AS s"
        f" WHERE s.digest = decode({order} ->> '$snap', 'hex')) END"
    )


_STANDING_CAMPAIGN_REDEMPTIONS: Final = (
    # What campaign_counters.py counts: a successful redemption that stands, of a campaign
    # (its list column `related_object_parent_id`), never a stack's parent; its order's
    # `amount`, and `total_applied_discount_amount` (the order's applied discount plus its
    # lines'), both 0 when absent.
    "WITH rows AS (SELECT r.related_object_parent_id AS campaign_id, r.customer_id, "
    "e.body::json AS b FROM records AS r JOIN entities AS e ON e.kind = r.kind AND e.id = r.id "
    "WHERE r.kind = 'Redemption' AND r.related_object_parent_id IS NOT NULL "
    "AND r.result = 'SUCCESS'), "
    "standing AS (SELECT campaign_id, customer_id, "
    f"coalesce(({_order_field('amount')}) #>> '{{}}', '0')::numeric AS amount, "
    f"coalesce(({_order_field('applied_discount_amount')}) #>> '{{}}', '0')::numeric "
    "+ (SELECT coalesce(sum((i.value ->> 'applied_discount_amount')::numeric), 0) "
    f"FROM json_array_elements(coalesce(({_order_field('items')}), '[]'::json)) AS i) "
    "AS discounted FROM rows WHERE b ->> 'status' = 'SUCCEEDED' "
    "AND b ->> 'related_object_type' <> 'redemption') "
)

_CAMPAIGN_COUNTERS: Final = (
    # The campaign counters of campaign_counters.py, folded once from the records already
    # stored (after this step the ledger moves them in each unit of work); bodies in the
    # codec's shape of CampaignCounters and CampaignCustomerCounters.
    "INSERT INTO entities (kind, id, version, body) "
    + _STANDING_CAMPAIGN_REDEMPTIONS
    + "SELECT 'CampaignCounters', campaign_id, 0, json_build_object('redemptions_count', "
    "count(*), 'customers_count', count(DISTINCT customer_id), 'orders_amount', sum(amount), "
    "'orders_amount_discounted', sum(discounted))::text FROM standing GROUP BY campaign_id",
    "INSERT INTO entities (kind, id, version, body) "
    + _STANDING_CAMPAIGN_REDEMPTIONS
    + "SELECT 'CampaignCustomerCounters', "
    "length(campaign_id) || ':' || campaign_id || ':' || customer_id, 0, "
    "json_build_object('campaign_id', campaign_id, 'customer_id', customer_id, "
    "'redemptions_count', count(*))::text "
    "FROM standing WHERE customer_id IS NOT NULL GROUP BY campaign_id, customer_id",
)

MIGRATIONS: Final[tuple[Migration, ...]] = (
    Migration(1, "generic entities, unique keys, index keys, records, event outbox", _INITIAL),
    Migration(2, "snapshots: the states records reference, stored once by digest", _SNAPSHOTS),
    Migration(3, "read models: campaign counters for the all-time campaign rules",
              _CAMPAIGN_COUNTERS),
)
"""Every schema step, oldest first; versions are 1, 2, 3, ... without gaps."""

SCHEMA_VERSION: Final = MIGRATIONS[-1].version
"""The newest schema this release knows."""

_MIGRATIONS_TABLE: Final = (
    "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
    "description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
)


def lock_key(schema: str, purpose: str) -> int:
    """A stable signed 64-bit advisory lock key for `purpose` in `schema`."""
    digest = hashlib.blake2b(f"redemption-core:{schema}:{purpose}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def recorded_version(connection: psycopg.Connection[tuple[object, ...]], schema: str) -> int:
    """The newest step recorded in `schema`; 0 when the schema holds no ledger yet."""
    found = connection.execute(
        "SELECT to_regclass(format('%%I.schema_migrations', %s::text)) IS NOT NULL", (schema,)
    ).fetchone()
    if not found or not found[0]:
        return 0
    row = connection.execute(
        sql.SQL("SELECT max(version) FROM {}.schema_migrations").format(sql.Identifier(schema))
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else 0  # type: ignore[call-overload]


def prepare_database(connection: psycopg.Connection[tuple[object, ...]], schema: str) -> None:
    """Refuse a newer schema, then migrate `schema` to `SCHEMA_VERSION` (autocommit conn)."""
    where = f"schema {schema!r}"
    found = recorded_version(connection, schema)
    if found > SCHEMA_VERSION:
        raise SchemaTooNew(where, found, SCHEMA_VERSION)
    if found == SCHEMA_VERSION:
        return
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key(schema, "migrate"),))
        connection.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        connection.execute(_MIGRATIONS_TABLE)
        found = recorded_version(connection, schema)  # another instance may have migrated
        if found > SCHEMA_VERSION:
            raise SchemaTooNew(where, found, SCHEMA_VERSION)
        for step in MIGRATIONS:
            if step.version <= found:
                continue
            for statement in step.statements:
                connection.execute(statement.encode())
            connection.execute(
                "INSERT INTO schema_migrations (version, description) VALUES (%s, %s)",
                (step.version, step.description),
            )
