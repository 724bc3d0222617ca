"""The Redeem response written directly (`encode_direct`) is byte for byte the message the
reference encoder (`encode.redeem_response`) builds, serialized deterministically.

Goal: the direct writer changes nothing on the wire. Method: the parity world (a stack of
every kind of redeemable for a card holder, with metadata, a tier and a reward) and a few
single redemptions with the parts the stack lacks (order items with products, a customer,
multi-key and nested metadata, an inapplicable redeemable), each encoded both ways.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from redemption_core.adapters.grpc import encode, encode_direct, wire_format
from redemption_core.domain.model.discount import Discount, DiscountType
from redemption_core.domain.use_cases.commands import (
    CustomerInput,
    OrderInput,
    OrderItemInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    RedeemResult,
    VoucherInput,
)
from redemption_core.domain.use_cases.sessions import SessionInput
from tests.conftest import Build
from tests.grpc.test_parity import _world


def _same(made: RedeemResult) -> None:
    expected = encode.redeem_response(made).SerializeToString(deterministic=True)
    assert encode_direct.redeem_response(made) == expected


class TestTheDirectRedeemResponse:
    def test_a_stack_of_every_redeemable_kind_is_the_same_bytes(self, build: Build) -> None:
        _same(_world(build)["result"])

    def test_items_a_customer_and_nested_metadata_are_the_same_bytes(
        self, build: Build
    ) -> None:
        # given a discount voucher and an order with product and sku items
        build.ledger.create_voucher(VoucherInput(
            code="TEN", discount=Discount(type=DiscountType.PERCENT, percent_off=Decimal("12.5"),
                                          amount_limit=700),
            metadata={"z": 1, "a": [1, "two", None, True, {"deep": 2.5}], "m": {"k": "v"}},
        ))
        items = (
            OrderItemInput(product_id="p1", quantity=2, price=1500,
                           product={"name": "Mug", "price": 1500, "metadata": {"x": 1}}),
            OrderItemInput(sku_id="s1", quantity=1, amount=700, sku={"sku": "S-1"}),
        )
        command = RedeemCommand(
            redeemables=(RedeemableInput(object=RedeemableKind.VOUCHER, id="TEN"),),
            order=OrderInput(items=items, metadata={"b": 2, "a": 1, "": "empty", "ab": 3, "é": 4}),
            customer=CustomerInput(source_id="bob", name="Bob", metadata={"vip": True}),
            tracking_id="t-1", metadata={"till": 3, "note": "ünïcode", "neg": -5},
        )
        # when / then
        _same(build.ledger.redeem(command))

    def test_a_gift_and_a_fixed_discount_are_the_same_bytes(self, build: Build) -> None:
        build.gift_card("GIFT", 5000)
        build.discount_voucher("FIX", "FIXED", fixed_amount=300)
        _same(build.redeem(build.use_gift("GIFT", 700), build.use("FIX"), amount=2_000,
                           customer="carol"))

    def test_a_stack_that_used_a_session_lock_is_the_same_bytes(self, build: Build) -> None:
        # given a lock on the gift card only
        build.gift_card("GIFT", 5000)
        build.discount_voucher("FIX", "FIXED", fixed_amount=300)
        lock = SessionInput(key="cart")
        build.ledger.validate(RedeemCommand(redeemables=(build.use_gift("GIFT", 700),),
                                            order=OrderInput(amount=2_000), session=lock))
        # when both are redeemed with the session
        made = build.redeem(build.use_gift("GIFT", 700), build.use("FIX"), amount=2_000,
                            session=lock)
        # then the gift's child and the parent carry it, and the bytes agree
        assert [child.session_key for child in made.redemptions] == ["cart", None]
        _same(made)


class TestTheWireFormat:
    @pytest.mark.parametrize("number", [1, 127, 128, 16_383, 16_384, 2**31, 2**63 - 1, -1,
                                        -(2**63)])
    def test_varints_are_protobufs(self, number: int) -> None:
        from google.protobuf import wrappers_pb2

        expected = wrappers_pb2.Int64Value(value=number).SerializeToString()
        assert b"\x08" + wire_format.varint(number) == expected

    def test_json_objects_are_structs_serialized_deterministically(self) -> None:
        from google.protobuf import struct_pb2

        keys = ["", "a", "ab", "abc", "b", "B", "é", "ée", "z" * 200, "\U0001f600", "a\x00"]
        value = {key: [index, {key: None, "t": True, "f": 0.5}] for index, key in enumerate(keys)}
        expected = struct_pb2.Struct()
        expected.update(value)
        assert wire_format.json_object(value) == expected.SerializeToString(deterministic=True)
