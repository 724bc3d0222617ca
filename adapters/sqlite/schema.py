"""Which table holds which entity kind, and which values are copied out of the body.

Every entity row is `seq` (SQLite's rowid: insertion order, for "oldest first"), `id`
(unique: the entity's identity), `version` (compare-and-swap), `body` (the JSON of codec.py)
and one column per unique or index key of the class, so `find` and `select` are index
lookups. Redemptions and rollbacks also copy out every field the list endpoint filters or
sorts on (`record_fields`, DOMAIN.md 7.6), each indexed, so listing never scans.

The SQL that creates these tables lives in migrations.py and never changes once shipped; a
test checks that these specs and the migrated database agree.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from redemption_core.domain.model.campaign import Campaign, PromotionTier
from redemption_core.domain.model.customer import Customer
from redemption_core.domain.model.order import Order
from redemption_core.domain.model.publication import Publication
from redemption_core.domain.model.redemption import Redemption
from redemption_core.domain.model.redemption_rollback import RedemptionRollback
from redemption_core.domain.model.reward import Reward, RewardAssignment
from redemption_core.domain.model.reward_redemption import RewardRedemption
from redemption_core.domain.model.transaction import VoucherTransaction
from redemption_core.domain.model.voucher import Voucher
from redemption_core.domain.read_side.campaign_counters import (
    CampaignCounters,
    CampaignCustomerCounters,
)
from redemption_core.domain.read_side.queries import LedgerRecord, record_fields
from redemption_core.domain.read_side.read_models import CustomerCounters
from redemption_core.domain.read_side.sequences import SequenceEntry, SequenceHead
from redemption_core.domain.use_cases.idempotency import IdempotencyRecord
from redemption_core.domain.use_cases.sessions import SessionLock
from redemption_core.domain.use_cases.validation_rules import RuleAssignment, ValidationRule

from .codec import iso_utc
from .errors import UnknownEntityKind

__all__ = ["RECORD_FIELD_COLUMNS", "TABLES", "ColumnValue", "Table", "table_of"]

ColumnValue = str | None

RECORD_FIELD_COLUMNS: Final = (
    "voucher_code",
    "related_object_id",
    "related_object_parent_id",
    "failure_code",
    "result",
    "customer_id",
    "campaign_name",
    "user_login",
    "tracking_id",
)
"""Fields of `record_fields` stored in a column of the same name, in both record tables.
`id` and `object` need none, and `parent_redemption_id` is the redemptions' `parent_id`."""


@attrs.frozen
class Table:
    """An entity kind's table and the statements the unit of work runs against it.

    Every read returns `id, version, body` followed by the copied columns, so the unit of
    work knows the stored values and a `replace` rewrites only the indexes that changed.
    """

    kind: type[Any]
    name: str
    column_names: tuple[str, ...]
    values: Callable[[Any], tuple[ColumnValue, ...]]
    get_sql: str
    version_sql: str
    insert_sql: str
    find_sql: Mapping[str, str]
    select_sql: Mapping[str, str]
    field_columns: tuple[str, ...] = ()
    """Columns that hold a field's very text (`date`, `result`, ...), so the body leaves
    the field to them (codec.py `columns`)."""

    def field_values(self, values: tuple[ColumnValue, ...]) -> dict[str, ColumnValue]:
        """The `field_columns` among the key-column `values`, by name."""
        if not self.field_columns:
            return {}
        return {
            name: value for name, value in zip(self.column_names, values, strict=True)
            if name in self.field_columns
        }

    def update_sql(self, changed: tuple[str, ...]) -> str:
        """The compare-and-swap UPDATE that also sets the columns named in `changed`.

        Setting a column to its old value would still rewrite every index on it, so only
        changed columns are set.
        """
        return _update_sql(self.name, changed)


@functools.lru_cache(maxsize=512)
def _update_sql(table: str, changed: tuple[str, ...]) -> str:
    # Identifiers come from this module, never from a caller, so formatting them is safe.
    assigned = "".join(f", {column} = ?" for column in changed)
    return f"UPDATE {table} SET version = ?, body = ?{assigned} WHERE id = ? AND version = ?"


def _key_names(kind: type[Any]) -> tuple[str, ...]:
    return (*kind.unique_keys, *kind.index_keys)


def _table(
    kind: type[Any],
    name: str,
    extra_names: tuple[str, ...] = (),
    extra_values: Callable[[Any], tuple[ColumnValue, ...]] | None = None,
) -> Table:
    keys = _key_names(kind)
    names = (*keys, *extra_names)

    def values(entity: Any) -> tuple[ColumnValue, ...]:
        own = tuple(getattr(entity, key) for key in keys)
        return own if extra_values is None else own + extra_values(entity)

    listed = "".join(f", {column}" for column in names)
    placeholders = "".join(", ?" for _ in names)
    read = f"SELECT id, version, body{listed} FROM {name}"
    return Table(
        kind=kind,
        name=name,
        column_names=names,
        values=values,
        get_sql=f"{read} WHERE id = ?",
        version_sql=f"SELECT version FROM {name} WHERE id = ?",
        insert_sql=f"INSERT INTO {name} (id, version, body{listed}) VALUES (?, ?, ?{placeholders})",
        find_sql={key: f"{read} WHERE {key} = ?" for key in kind.unique_keys},
        select_sql={
            key: f"{read} WHERE {key} = ? ORDER BY seq LIMIT ?" for key in kind.index_keys
        },
    )


_FIELD_COLUMNS: Final = (
    "date", "result", "related_object_id", "failure_code", "tracking_id", "parent_id",
    "redemption_id",
)
"""Record-table columns that are, by `record_fields` and the key columns, exactly the
field of the same name as the codec writes it (ISO date, enum value, plain string)."""


def _record_table(kind: type[Any], name: str) -> Table:
    """A redemptions-like table: its keys plus `date` and the list fields not yet columns."""
    keys = _key_names(kind)
    fields = tuple(field for field in RECORD_FIELD_COLUMNS if field not in keys)

    def listing(record: LedgerRecord) -> tuple[ColumnValue, ...]:
        known = record_fields(record)
        return (iso_utc(record.date), *(known[field] for field in fields))

    table = _table(kind, name, ("date", *fields), listing)
    owned = {field.name for field in attrs.fields(kind)}
    return attrs.evolve(table, field_columns=tuple(
        column for column in table.column_names if column in _FIELD_COLUMNS and column in owned
    ))


TABLES: Final[Mapping[type[Any], Table]] = {
    table.kind: table
    for table in (
        _table(Campaign, "campaigns"),
        _table(PromotionTier, "promotion_tiers"),
        _table(Voucher, "vouchers"),
        _table(Customer, "customers"),
        _table(Order, "orders"),
        _table(Reward, "rewards"),
        _table(RewardAssignment, "reward_assignments"),
        _table(RewardRedemption, "reward_redemptions"),
        _table(IdempotencyRecord, "idempotency_records"),
        _table(CustomerCounters, "customer_counters"),
        _table(CampaignCounters, "campaign_counters"),
        _table(CampaignCustomerCounters, "campaign_customer_counters"),
        _table(SequenceHead, "sequence_heads"),
        _table(SequenceEntry, "sequence_entries"),
        _table(VoucherTransaction, "voucher_transactions"),
        _table(Publication, "publications"),
        _table(SessionLock, "session_locks"),
        _table(ValidationRule, "validation_rules"),
        _table(RuleAssignment, "validation_rule_assignments"),
        _record_table(Redemption, "redemptions"),
        _record_table(RedemptionRollback, "redemption_rollbacks"),
    )
}
"""Every entity kind the store holds, by class (events live in their own outbox table)."""


def table_of(kind: type[Any]) -> Table:
    table = TABLES.get(kind)
    if table is None:
        raise UnknownEntityKind(
            f"{kind.__qualname__} has no table; the SQLite store holds only "
            f"{', '.join(sorted(known.__name__ for known in TABLES))}"
        )
    return table
