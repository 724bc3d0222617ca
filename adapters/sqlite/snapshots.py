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

The expansion is JSON to JSON, before the row is structured, so the domain classes and
the wire never see the difference, and a row written before this (snapshots inline) reads
exactly as it did.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any, Final

from redemption_core.domain.model.campaign import Campaign, PromotionTier
from redemption_core.domain.model.customer import Customer
from redemption_core.domain.model.order import Order
from redemption_core.domain.model.voucher import Voucher

__all__ = [
    "INLINE_FIELDS",
    "REFERENCE_KEY",
    "SHARED_ROW_KINDS",
    "digest_of",
    "expand",
    "split",
]

REFERENCE_KEY: Final = "$snap"
"""The body key of a reference; `$` cannot start an attrs field name, so never a field."""

_MARK: Final = f'"{REFERENCE_KEY}"'
"""A body holding no reference is read without walking it."""

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


def split(
    fields: dict[str, Any], inline: frozenset[str], encode: Callable[[Any], bytes],
    keep: Callable[[bytes, bytes], None],
) -> dict[str, Any]:
    """The reference that replaces `fields`: its stored part is handed to `keep`."""
    if inline:
        base = {name: value for name, value in fields.items() if name not in inline}
        reference = {REFERENCE_KEY: ""}
        reference.update((name, value) for name, value in fields.items() if name in inline)
    else:
        base, reference = fields, {REFERENCE_KEY: ""}
    text = encode(base)
    digest = digest_of(text)
    keep(digest, text)
    reference[REFERENCE_KEY] = digest.hex()
    return reference


def holds_references(body: str) -> bool:
    return _MARK in body


def expand(node: Any, load: Callable[[str], dict[str, Any]]) -> Any:
    """`node` (freshly decoded JSON, changed in place) with every reference replaced by
    the fields it stands for. `load` returns a fresh dict for a hex digest, or raises."""
    if type(node) is dict:
        reference = node.get(REFERENCE_KEY)
        if reference is not None:
            if type(reference) is not str:
                raise ValueError(f"{REFERENCE_KEY} must be a hex digest string")
            base = load(reference)
            del node[REFERENCE_KEY]
            base.update(node)  # the inline fields, written after the reference
            node = base
        for name, value in node.items():
            if type(value) is dict or type(value) is list:
                node[name] = expand(value, load)
        return node
    if type(node) is list:
        for index, value in enumerate(node):
            if type(value) is dict or type(value) is list:
                node[index] = expand(value, load)
    return node
