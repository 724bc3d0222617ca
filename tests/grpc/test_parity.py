"""The protobuf messages mirror the documented JSON field for field.

Goal: for every object the JSON adapter renders (`adapters/json/wire.py`), the gRPC encoder
builds a message with a field of the same name for every JSON key, holding the same value:
JSON `null` is an unset field, dates are Timestamps at the same millisecond, enum strings
are the enum value behind its prefix, metadata is a Struct with the same content. Method:
one world with every kind of redeemable (discount, gift, loyalty pay-with-points, tier),
redeemed as a stack by a card holder and rolled back; each domain object is rendered both
ways and the JSON walked key by key against the message; so is every activity of the card
holder's feed (GET /v1/customers/{id}/activity).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from redemption_core.adapters.grpc import activities, encode
from redemption_core.adapters.json import activities as json_activities
from redemption_core.adapters.json import queries, wire
from redemption_core.domain.model.reward import RewardAssignment
from redemption_core.domain.use_cases.commands import CampaignInput, RollbackCommand, TierInput
from tests.conftest import Build


def _timestamp_text(message: Any) -> str:
    moment = message.ToDatetime(tzinfo=UTC)
    return wire.date(moment) or ""


def _scalar(value: Any, message: Message, field: FieldDescriptor, path: str) -> None:
    got = getattr(message, field.name)
    if field.type == FieldDescriptor.TYPE_ENUM:
        name = field.enum_type.values_by_number[got].name
        assert name.endswith("_" + str(value).upper()), f"{path}: {name} is not {value}"
    else:
        assert got == value, f"{path}: {got!r} != {value!r}"


def _one(value: Any, message: Message, field: FieldDescriptor, path: str) -> None:
    """`value` (the JSON) against the singular field `field` of `message`."""
    if value is None:
        if field.has_presence:
            assert not message.HasField(field.name), f"{path}: set, JSON has null"
        return
    if field.message_type is None:
        _scalar(value, message, field, path)
        return
    assert message.HasField(field.name), f"{path}: unset, JSON has {value!r}"
    _item(value, getattr(message, field.name), path)


def _item(value: Any, message: Any, path: str) -> None:
    kind = message.DESCRIPTOR.full_name
    if kind == "google.protobuf.Timestamp":
        assert _timestamp_text(message) == value, path
    elif kind == "google.protobuf.Struct":
        assert json_format.MessageToDict(message) == value, path
    else:
        mirrors(value, message, path)


def _repeated(value: list[Any], message: Message, field: FieldDescriptor, path: str) -> None:
    items = getattr(message, field.name)
    assert len(items) == len(value), f"{path}: {len(items)} items, JSON has {len(value)}"
    for index, (given, got) in enumerate(zip(value, items, strict=True)):
        if field.message_type is None:
            assert got == given or field.enum_type is not None, f"{path}[{index}]"
        else:
            _item(given, got, f"{path}[{index}]")


def mirrors(json_value: dict[str, Any], message: Message, path: str = "$") -> None:
    """Every key of `json_value` is a field of `message` holding the same value."""
    fields = message.DESCRIPTOR.fields_by_name
    for key, value in json_value.items():
        where = f"{path}.{key}"
        field = fields.get(key)
        assert field is not None, f"{where}: no such field in {message.DESCRIPTOR.full_name}"
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            entries = getattr(message, key)
            assert set(entries) == set(value), where
            for entry_key, entry in value.items():
                mirrors(entry, entries[entry_key], f"{where}[{entry_key}]")
        elif field.is_repeated:
            _repeated(value or [], message, field, where)
        else:
            _one(value, message, field, where)


def _world(build: Build) -> dict[str, Any]:
    """Every kind of redeemable, redeemed as one stack by the card holder, then rolled back."""
    build.discount_voucher("TEN", "PERCENT", percent_off="12.5", amount_limit=900,
                           metadata={"shop": "north", "rank": 2})
    build.gift_card("GIFT", 5000)
    card, coin = build.loyalty_card("CARD", 800)
    tier = build.tier("five off", amount_off=500)
    result = build.redeem(
        build.use("TEN"), build.use_gift("GIFT", 1000), build.use_points("CARD", coin, 100),
        build.use_tier(tier), amount=20_000, customer="alice", metadata={"till": 3},
    )
    assert result.parent is not None
    stack = build.ledger.rollback_stack(RollbackCommand(redemption_id=result.parent.id,
                                                        reason="returned"))
    return {"result": result, "stack": stack, "card": card, "coin": coin, "tier": tier}


class TestMessagesMirrorTheJson:
    def test_a_stacked_redeem_response_mirrors_its_json(self, build: Build) -> None:
        """RedeemResponse = the JSON of POST /v1/redemptions, children, parent and order."""
        # given
        made = _world(build)["result"]
        # when
        message = encode.redeem_response(made)
        # then
        mirrors(wire.redeem_result(made), message)
        assert len(message.redemptions) == 4

    def test_a_stacked_rollback_response_mirrors_its_json(self, build: Build) -> None:
        """RollbackStackedRedemptionsResponse = the JSON of POST .../rollbacks."""
        # given
        stack = _world(build)["stack"]
        # when / then
        mirrors(wire.stacked_rollback(stack), encode.stacked_rollback_response(stack))

    def test_a_redemption_read_back_mirrors_its_json_with_rollback_modes(
        self, build: Build
    ) -> None:
        """GetRedemption's redemption = the JSON of GET /v1/redemptions/{id}."""
        # given
        parent = _world(build)["result"].parent
        found = build.ledger.get_redemption(parent.id)
        # when / then
        mirrors(wire.redemption(found, read=True), encode.redemption(found, read=True))

    def test_catalog_objects_mirror_their_json(self, build: Build) -> None:
        """A loyalty card, its campaign, a COIN reward and its assignment."""
        # given
        world = _world(build)
        card = build.voucher("CARD")
        assignments = build.records(RewardAssignment)
        # when / then
        mirrors(wire.voucher(card) or {}, encode.voucher(card))
        mirrors(wire.reward(world["coin"]), encode.reward(world["coin"]))
        assert assignments
        for assignment in assignments:
            mirrors(wire.reward_assignment(assignment), encode.reward_assignment(assignment))

    def test_customer_activities_mirror_their_json(self, build: Build) -> None:
        """CustomerActivity = an entry of GET /v1/customers/{id}/activity, `data` included."""
        # given the stack and its rollback: one activity per child, parent and rollback
        _world(build)
        asked = queries.activity_request({"limit": ["100"]})
        page = json_activities.page(build.ledger, "alice", asked)
        # when / then
        assert len(page.activities) == 10
        for index, found in enumerate(page.activities):
            message = activities.customer_activity(found)
            mirrors(json_activities.activity(found), message, f"$[{index}]")
            assert message.HasField("data")

    def test_the_checker_notices_a_value_that_differs(self, build: Build) -> None:
        """The walk itself: a changed amount in the message is caught."""
        # given
        made = _world(build)["result"]
        message = encode.redeem_response(made)
        message.redemptions[1].amount += 1
        # when / then
        with pytest.raises(AssertionError, match=r"redemptions\[1\]\.amount"):
            mirrors(wire.redeem_result(made), message)

    def test_a_campaign_with_tiers_mirrors_its_json(self, build: Build) -> None:
        """CreateCampaign's campaign = the JSON of POST /v1/campaigns for a PROMOTION."""
        # given
        made, tiers = build.ledger.create_campaign(
            CampaignInput(name="Spring", campaign_type="PROMOTION", metadata={"a": [1, "b"]},
                          start_date=datetime(2026, 3, 1, tzinfo=UTC),
                          tiers=(TierInput(name="one"), TierInput(name="two")))
        )
        # when / then
        mirrors(wire.campaign(made, tiers), encode.campaign(made, tiers))
        mirrors(wire.promotion_tier(tiers[0], made) or {}, encode.tier(tiers[0], made))
