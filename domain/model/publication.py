"""Publications: vouchers handed to a customer, who becomes their holder (DOMAIN.md 17.4)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

import attrs

from . import rules
from .rules import FieldError


@attrs.frozen(kw_only=True)
class Publication:
    """One publication (`pub_…`): the customer, the vouchers published, and how."""

    unique_keys: ClassVar[tuple[str, ...]] = ("source_id",)
    index_keys: ClassVar[tuple[str, ...]] = ("customer_id",)

    id: str = attrs.field(validator=rules.identifier)
    customer_id: str = attrs.field(validator=rules.identifier)
    tracking_id: str | None = attrs.field(default=None, validator=rules.text)
    voucher_ids: tuple[str, ...]
    campaign_id: str | None = None
    source_id: str | None = attrs.field(default=None, validator=rules.text)
    channel: str = attrs.field(default="API", validator=rules.identifier)
    metadata: Mapping[str, Any] = attrs.field(factory=dict, validator=rules.metadata)
    position: int = attrs.field(default=0, validator=rules.count)
    created_at: datetime = attrs.field(validator=rules.utc_datetime)
    version: int = 0

    def __attrs_post_init__(self) -> None:
        if not self.voucher_ids:
            raise FieldError("vouchers", "a publication publishes at least one voucher")
