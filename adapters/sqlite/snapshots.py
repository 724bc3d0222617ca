"""Records of facts: the state a record saw is stored once and referenced by its digest.

A redemption shows the voucher, order and customer as they were right after it (and its
event the customer and the order before it). Embedded whole, those snapshots were most of
every row: the order twice (its own row and the redemption's copy), the customer three
times, the voucher's unchanging definition once per redemption. Here each snapshot is a
row of `snapshots` keyed by the BLAKE2b-128 digest of its JSON text, written once
(`INSERT ... ON CONFLICT DO NOTHING`), and a record keeps `{"$snap": "<hex digest>"}`
plus the few fields that change with every redemption (`INLINE_FIELDS`: a voucher's
counters and balances), so one voucher definition serves all its redemptions.

Content addressing makes the versions append-only by construction: a snapshot never
changes, a changed state is another digest, and a text read back is checked against its
digest, so a damaged or substituted snapshot is refused (`BodyError`), never shown.

Orders and customers are stored the same way in their own tables (their row body is a
reference too): the order a redemption priced and the order row are one text.

A reference is resolved where the class says such a state may be (the structure hooks of
the kinds in `INLINE_FIELDS`, codec.py), JSON to JSON before the object is built, so the
domain classes and the wire never see the difference, a `$snap` key in free-form
metadata stays data, and a row written before this (snapshots inline) reads exactly as
it did.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any, Final, Protocol

from redemption_core.domain.model.campaign import Campaign, PromotionTier
from redemption_core.domain.model.customer import Customer
from redemption_core.domain.model.order import Order
from redemption_core.domain.model.voucher import Voucher

__all__ = [
    "DROP_KEY",
    "INLINE_FIELDS",
    "REFERENCE_KEY",
    "SHARED_ROW_KINDS",
    "Keeper",
    "UnitSnapshots",
    "digest_of",
    "resolve",
    "split",
]

REFERENCE_KEY: Final = "$snap"
"""The body key of a reference; `$` cannot start an attrs field name, so never a field."""
DROP_KEY: Final = "$drop"
"""Beside a reference: the fields of the referenced state this one does not have."""

INLINE_FIELDS: Final[Mapping[type[Any], frozenset[str]]] = {
    # Every redemption moves these; the rest of a voucher changes only by a catalog call.
    Voucher: frozenset({
        "gift", "loyalty_card", "redeemed_quantity", "redeemed_amount", "redeemed_points",
        "updated_at", "version",
    }),
    Order: frozenset(),
    Customer: frozenset(),
    Campaign: frozenset(),
    PromotionTier: frozenset(),
}
"""The kinds stored as snapshots when embedded in another row, and the fields each keeps
inline beside its reference."""

SHARED_ROW_KINDS: Final = frozenset({Order, Customer})
"""Kinds whose own row body is a reference too, to the very text records embed."""

DIGEST_SIZE: Final = 16


def digest_of(text: bytes) -> bytes:
    return hashlib.blake2b(text, digest_size=DIGEST_SIZE).digest()


class Keeper(Protocol):
    """Where one unit of work keeps its snapshots (the SQLite unit of work)."""

    def keep_snapshot(self, digest: bytes, text: bytes) -> None:
        """Store `text` under `digest` unless it is stored already."""

    def kept_before(self, entity_id: str) -> tuple[bytes, dict[str, Any]] | None:
        """The last snapshot of `entity_id` this unit referenced: digest and fields."""

    def remember_kept(self, entity_id: str, digest: bytes, fields: dict[str, Any]) -> None:
        """`entity_id`'s snapshot `digest` (of `fields`) may be the base of a later delta."""


class UnitSnapshots:
    """One unit of work's snapshots (the `SnapshotStore` codec.py reads and writes through):
    each digest written once per unit, and the last snapshot of each entity remembered as
    the base of a later delta. `write(digest, text)` and `read(digest)` run the store's SQL
    inside the unit's transaction."""

    def __init__(
        self, write: Callable[[bytes, str], None], read: Callable[[bytes], str | None]
    ) -> None:
        self._write = write
        self._read = read
        self._kept: set[bytes] = set()
        self._kept_by_id: dict[str, tuple[bytes, dict[str, Any]]] = {}

    def keep_snapshot(self, digest: bytes, text: bytes) -> None:
        if digest not in self._kept:
            self._write(digest, text.decode())
            self._kept.add(digest)

    def kept_before(self, entity_id: str) -> tuple[bytes, dict[str, Any]] | None:
        return self._kept_by_id.get(entity_id)

    def remember_kept(self, entity_id: str, digest: bytes, fields: dict[str, Any]) -> None:
        self._kept_by_id[entity_id] = (digest, fields)

    def snapshot_text(self, digest: bytes) -> str | None:
        return self._read(digest)


def split(
    fields: dict[str, Any], inline: frozenset[str], encode: Callable[[Any], bytes],
    keeper: Keeper, *, delta: bool = True,
) -> dict[str, Any]:
    """The reference that replaces `fields`; what it references is handed to `keeper`.

    A state that differs little from one this unit already stored of the same entity (the
    order before a redemption, beside the order after it) is a delta against that one:
    the reference, the fields that differ, and `$drop`, the fields it does not have.
    `delta=False` (a row's own body, whose id and version must be checkable) never is.
    """
    if inline:
        base = {name: value for name, value in fields.items() if name not in inline}
        reference = {REFERENCE_KEY: ""}
        reference.update((name, value) for name, value in fields.items() if name in inline)
    else:
        base, reference = fields, {REFERENCE_KEY: ""}
    text = encode(base)
    digest = digest_of(text)
    entity_id = base.get("id")
    if type(entity_id) is str and not inline:
        prior = keeper.kept_before(entity_id)
        if delta and prior is not None and prior[0] != digest:
            changes = _delta(prior, base)
            if len(encode(changes)) < len(text):
                return changes
        keeper.remember_kept(entity_id, digest, base)
    keeper.keep_snapshot(digest, text)
    reference[REFERENCE_KEY] = digest.hex()
    return reference


def _delta(prior: tuple[bytes, dict[str, Any]], fields: dict[str, Any]) -> dict[str, Any]:
    digest, before = prior
    delta: dict[str, Any] = {REFERENCE_KEY: digest.hex()}
    dropped = [name for name in before if name not in fields]
    if dropped:
        delta[DROP_KEY] = dropped
    delta.update(
        (name, value) for name, value in fields.items()
        if name not in before or before[name] != value
    )
    return delta


def resolve(node: dict[str, Any], load: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """The fields a stored reference stands for: its snapshot (`load` returns a fresh dict
    for a hex digest, or raises), less its `$drop` fields, with the fields written beside
    the reference. Called only where the class says a snapshot may be (codec.py), so a
    `$snap` key in free-form metadata is data, never a reference."""
    reference = node[REFERENCE_KEY]
    if type(reference) is not str:
        raise ValueError(f"{REFERENCE_KEY} must be a hex digest string")
    base = load(reference)
    if REFERENCE_KEY in base:
        raise ValueError(f"snapshot {reference} is itself a reference")
    dropped = node.get(DROP_KEY, [])
    if type(dropped) is not list:
        raise ValueError(f"{DROP_KEY} must be a list of field names")
    for name in dropped:
        if type(name) is not str or name not in base:
            raise ValueError(f"{DROP_KEY} names {name!r}, not a field of its base")
        del base[name]
    base.update(
        (name, value) for name, value in node.items() if name not in (REFERENCE_KEY, DROP_KEY)
    )
    return base
