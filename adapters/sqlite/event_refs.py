"""Events stored by reference to the records they snapshot, rebuilt exactly on read.

A `LedgerEvent` carries whole snapshots (`redemption`, `rollback`, `reward_redemption`), so
stored as is, each event row would repeat its redemption: about 2 KB of JSON, encoded and
written to the WAL once more per redemption. These records change only in a few fields
after they are created (`Redemption.roll_back`, `RewardRedemption._move`; a rollback never
changes), so the event row keeps the record's id plus those *mutable* fields as they were,
and reading loads the current record (validators run) and puts the remembered values back
with `rules.evolve` (validators run again). The result equals the snapshot appended.

Two rules keep this exact, both enforced by the unit of work:

- A snapshot is stored by reference only when the unit can prove the stored row is that
  very object (it added, replaced or read exactly it in this unit); otherwise the whole
  snapshot is stored, as before, and both forms are read.
- `replace` refuses (`InvariantViolation`) a record whose *fixed* fields differ from the
  stored one, so a future domain transition that changed one could not silently rewrite
  the history of its events.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any, Final

import attrs
import cattrs

from redemption_core.domain.model import rules
from redemption_core.domain.model.errors import InvariantViolation
from redemption_core.domain.model.redemption import Redemption
from redemption_core.domain.model.redemption_rollback import RedemptionRollback
from redemption_core.domain.model.reward_redemption import RewardRedemption

from .schema import table_of

__all__ = ["REFERENCES", "REFERENCE_BY_KIND", "Reference"]


@attrs.frozen
class Reference:
    """How one snapshot field of `LedgerEvent` is stored by reference."""

    field: str
    """The `LedgerEvent` field holding the snapshot."""
    kind: type[Any]
    mutable: tuple[str, ...]
    """The record's fields that may change after creation; `version` always among them."""
    table: str
    key: str
    """The body key of the reference (`<field>_ref`): never a `LedgerEvent` field name."""
    fixed: tuple[str, ...]
    hints: Mapping[str, Any]

    def encode(self, record: Any, converter: cattrs.Converter) -> dict[str, Any]:
        """The reference body: the id and the mutable fields as they are in `record`."""
        body = {"id": record.id}
        for name in self.mutable:
            body[name] = converter.unstructure(getattr(record, name), self.hints[name])
        return body

    def changes(self, body: Any, converter: cattrs.Converter) -> dict[str, Any]:
        """The mutable fields a reference body remembers (strictly structured)."""
        if type(body) is not dict:
            raise TypeError(f"{self.key} must be a JSON object, found {type(body).__name__}")
        extra = set(body) - {"id", *self.mutable}
        if extra:
            raise ValueError(f"{self.key} has unknown fields ({', '.join(sorted(extra))})")
        return {name: converter.structure(body[name], self.hints[name]) for name in self.mutable}

    def rebuild(self, current: Any, changes: dict[str, Any]) -> Any:
        """The snapshot: the current record with its remembered mutable fields put back."""
        return rules.evolve(current, **changes)

    def check_fixed(self, before: Any, after: Any) -> None:
        """Refuse a replacement that changes a field events assume never changes."""
        for name in self.fixed:
            old, new = getattr(before, name), getattr(after, name)
            if old is not new and old != new:
                raise InvariantViolation(
                    f"{self.kind.__name__} {after.id}: field {name!r} changed after creation; "
                    "the SQLite store keeps events by reference and relies on it never changing"
                )


def _reference(field: str, kind: type[Any], mutable: tuple[str, ...]) -> Reference:
    names = tuple(each.name for each in attrs.fields(kind))
    hints = typing.get_type_hints(kind)
    return Reference(
        field=field,
        kind=kind,
        mutable=mutable,
        table=table_of(kind).name,
        key=f"{field}_ref",
        fixed=tuple(name for name in names if name not in mutable),
        hints={name: hints[name] for name in mutable},
    )


REFERENCES: Final = (
    _reference("redemption", Redemption, ("status", "rollbacks", "metadata", "version")),
    _reference("rollback", RedemptionRollback, ("version",)),
    _reference("reward_redemption", RewardRedemption, ("state", "updated_at", "version")),
)
"""Every snapshot field of `LedgerEvent` that is stored by reference when it can be."""

REFERENCE_BY_KIND: Final[Mapping[type[Any], Reference]] = {ref.kind: ref for ref in REFERENCES}

REFERENCE_KEYS: Final = tuple(ref.key for ref in REFERENCES)
