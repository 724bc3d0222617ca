"""The typed request forms of idempotency fingerprints equal the reflected ones.

Method: Hypothesis builds random redeem, rollback and member-redemption commands; each
command's typed form (request_forms.py) must serialise exactly like the attrs-reflected
form earlier releases recorded, so a key recorded before an upgrade still replays and a
changed request is still refused on the same field.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from redemption_core.domain.model.order import OrderStatus
from redemption_core.domain.model.redemption import Channel, ChannelType
from redemption_core.domain.use_cases.commands import (
    CustomerInput,
    MemberRedemptionCommand,
    OrderInput,
    OrderItemInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    RollbackCommand,
)
from redemption_core.domain.use_cases.idempotency import canonical, catalog_form

texts = st.none() | st.text(max_size=5)
amounts = st.none() | st.integers(min_value=0, max_value=10**9)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner,
                                                                   max_size=2),
    max_leaves=5,
)
metadata = st.none() | st.dictionaries(st.text(max_size=4), json_values, max_size=3)
channels = st.none() | st.builds(Channel, texts, st.sampled_from(ChannelType))
customers = st.none() | st.builds(
    CustomerInput, id=texts, source_id=texts, name=texts, email=texts, metadata=metadata,
    address=metadata,
)
items = st.builds(
    OrderItemInput, source_id=texts, product_id=texts, quantity=amounts, price=amounts,
    product=metadata, metadata=metadata,
)
orders = st.none() | st.builds(
    OrderInput, id=texts, source_id=texts, status=st.none() | st.sampled_from(OrderStatus),
    amount=amounts, items=st.none() | st.lists(items, max_size=2).map(tuple), metadata=metadata,
)
redeemables = st.builds(
    RedeemableInput, object=st.sampled_from(RedeemableKind), id=st.text(min_size=1, max_size=5),
    credits=amounts, reward_id=texts, points=amounts, gift_sent=st.booleans(),
    reward_sent=st.booleans(),
)
commands = st.one_of(
    st.builds(
        RedeemCommand, redeemables=st.lists(redeemables, min_size=1, max_size=3).map(tuple),
        order=orders, customer=customers, tracking_id=texts, metadata=metadata, channel=channels,
    ),
    st.builds(
        RollbackCommand, redemption_id=st.text(min_size=1, max_size=5), reason=texts,
        tracking_id=texts, customer=customers, order=orders, metadata=metadata,
        channel=channels,
    ),
    st.builds(
        MemberRedemptionCommand, member_id=st.text(min_size=1, max_size=5), campaign_id=texts,
        reward_id=texts, points=amounts, order=orders, metadata=metadata, channel=channels,
    ),
)


def _text(plain: Any) -> str:
    return json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class TestTypedRequestForms:
    @given(commands)
    def test_a_typed_form_serialises_like_the_reflected_form(self, command: Any) -> None:
        """Same JSON text, hence the same SHA-256 fingerprint as earlier releases."""
        # given a command
        # when its typed form is taken
        plain, _ = canonical(command)

        # then it equals the reflected one, field for field and byte for byte (a redemption
        # without a session leaves the member out, as before sessions existed)
        reflected = catalog_form(command)
        if reflected.get("session", ...) is None:
            del reflected["session"]
        assert plain == reflected
        assert _text(plain) == _text(reflected)
