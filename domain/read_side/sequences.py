"""Ordered lists kept through the generic store port: a head (how many) and one entry per
position, so a page of the newest (or of those after a cursor) costs one read per item,
whatever the list's length (DOMAIN.md 17: a card's transactions, the voucher, customer and
publication lists).

The store port offers `get`, `find` and `select` (oldest first, from the start) but no
offset or reverse order; a sequence turns "the n-th newest" into `get(entry id)`. Every
store keeps it without knowing what it is. Writers are serialized by the store, and a
concurrent writer that appends the same position loses the compare-and-swap on the head.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import attrs

from ..model import rules
from ..ports import UnitOfWork

VOUCHERS = "vouchers"
CUSTOMERS = "customers"
PUBLICATIONS = "publications"


def transactions_of(voucher_id: str) -> str:
    """The name of a voucher's transaction sequence."""
    return f"vtx:{voucher_id}"


@attrs.frozen(kw_only=True)
class SequenceHead:
    """How many entries a sequence holds (`id` = `seq:` + its name)."""

    unique_keys: ClassVar[tuple[str, ...]] = ()
    index_keys: ClassVar[tuple[str, ...]] = ()

    id: str = attrs.field(validator=rules.identifier)
    count: int = attrs.field(default=0, validator=rules.count)
    version: int = 0


@attrs.frozen(kw_only=True)
class SequenceEntry:
    """The entity at one position of a sequence (`id` = name + `@` + position)."""

    unique_keys: ClassVar[tuple[str, ...]] = ()
    index_keys: ClassVar[tuple[str, ...]] = ()

    id: str = attrs.field(validator=rules.identifier)
    target_id: str = attrs.field(validator=rules.identifier)
    version: int = 0


def _head_id(name: str) -> str:
    return f"seq:{name}"


def entry_id(name: str, position: int) -> str:
    return f"{name}@{position}"


def length(uow: UnitOfWork, name: str) -> int:
    head = uow.get(SequenceHead, _head_id(name))
    return head.count if head is not None else 0


def append(uow: UnitOfWork, name: str, target_id: str) -> int:
    """Stage `target_id` at the next position of `name`; that position (1-based)."""
    head = uow.get(SequenceHead, _head_id(name))
    if head is None:
        head = SequenceHead(id=_head_id(name), count=1)
        uow.add(head)
    else:
        head = SequenceHead(id=head.id, count=head.count + 1, version=head.version + 1)
        uow.replace(head)
    uow.add(SequenceEntry(id=entry_id(name, head.count), target_id=target_id))
    return head.count


def target(uow: UnitOfWork, name: str, position: int) -> str | None:
    entry = uow.get(SequenceEntry, entry_id(name, position))
    return entry.target_id if entry is not None else None


def walk(
    uow: UnitOfWork, name: str, start: int, descending: bool, last: int | None = None
) -> Iterator[tuple[int, str]]:
    """(position, target id) from `start` towards the oldest (descending) or the newest;
    `last` is the sequence's length when the caller has read it already."""
    if last is None:
        last = length(uow, name)
    step = -1 if descending else 1
    position = start
    while 1 <= position <= last:
        found = target(uow, name, position)
        if found is not None:
            yield position, found
        position += step
