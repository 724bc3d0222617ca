"""Customers, upserted from the `customer` object of a request (DOMAIN.md 7.1)."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

import attrs

from . import rules


@attrs.frozen(kw_only=True)
class Customer:
    """A redeeming person, known by `id` and optionally by the merchant's `source_id`."""

    unique_keys: ClassVar[tuple[str, ...]] = ("source_id",)
    index_keys: ClassVar[tuple[str, ...]] = ()

    id: str = attrs.field(validator=rules.identifier)
    source_id: str | None = attrs.field(default=None, validator=rules.text)
    name: str | None = attrs.field(default=None, validator=rules.text)
    email: str | None = attrs.field(default=None, validator=rules.text)
    phone: str | None = attrs.field(default=None, validator=rules.text)
    description: str | None = attrs.field(default=None, validator=rules.text)
    birthdate: str | None = attrs.field(default=None, validator=rules.text)
    address: Mapping[str, Any] | None = None
    metadata: Mapping[str, Any] = attrs.field(factory=dict, validator=rules.metadata)
    created_at: datetime = attrs.field(validator=rules.utc_datetime)
    updated_at: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    deleted_at: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    """Set by a delete: a tombstone, kept so history stays readable (DOMAIN.md 17)."""
    version: int = 0

    def update(self, at: datetime, changes: Mapping[str, Any]) -> Customer:
        """Apply the attributes a request sent (upsert); unchanged data keeps the version."""
        relevant = {key: value for key, value in changes.items() if getattr(self, key) != value}
        if not relevant:
            return self
        return rules.evolve(self, **relevant, updated_at=at, version=self.version + 1)


@functools.lru_cache(maxsize=65_536)
def tracking_id(source_id: str, secret: bytes) -> str:
    """A stable opaque token for a customer source id (assumption in DOMAIN.md 2.3).

    Cached: the same customers come back again and again, and an HMAC is not free.
    """
    digest = hmac.new(secret, source_id.encode(), hashlib.sha256).digest()[:16]
    return "track_" + base64.b64encode(digest).decode()
