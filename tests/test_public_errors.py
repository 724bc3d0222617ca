"""`redemption_core.errors`: the public module an embedding service catches errors from.

Goal: the import the README shows (`from redemption_core.errors import RedemptionError`)
works, every exception class of the domain's hierarchy is there under its own name (the
very class, not a copy, so an `except` catches what the ledger raises), and nothing is
forgotten when the hierarchy grows. Method: import the module, compare it with the domain's
module by reflection, and catch a real failure of a `Ledger`.
"""

from __future__ import annotations

import inspect

import pytest

import redemption_core
from redemption_core import (
    Ledger,
    MemoryStore,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    VoucherInput,
    VoucherType,
)
from redemption_core.domain.model import errors as domain_errors
from redemption_core.errors import GiftAmountExceeded, RedeemableRejected, RedemptionError


def _domain_exception_names() -> set[str]:
    return {
        name
        for name, value in vars(domain_errors).items()
        if inspect.isclass(value)
        and issubclass(value, Exception)
        and value.__module__ == domain_errors.__name__
    }


class TestPublicErrorsModule:
    def test_every_domain_exception_is_exported_under_its_own_name(self) -> None:
        """Each exception class of `domain/errors.py` is in `redemption_core.errors.__all__`."""
        # given / when
        exported = set(redemption_core.errors.__all__)

        # then (a new class in domain/errors.py must be added to redemption_core/errors.py)
        assert _domain_exception_names() <= exported

    def test_the_exports_are_the_classes_the_ledger_raises(self) -> None:
        """Re-exported, not copied: each name is the domain's own class object."""
        # given / when / then
        for name in _domain_exception_names():
            assert getattr(redemption_core.errors, name) is getattr(domain_errors, name)

    def test_every_name_listed_exists(self) -> None:
        """`__all__` names nothing the module lacks (a star import would fail)."""
        # given / when / then
        for name in redemption_core.errors.__all__:
            assert hasattr(redemption_core.errors, name), name

    def test_the_package_attribute_is_the_public_module(self) -> None:
        """`redemption_core.errors` (attribute) and `import redemption_core.errors` agree."""
        # given / when / then
        assert redemption_core.errors.__name__ == "redemption_core.errors"
        assert redemption_core.errors.RedemptionError is RedemptionError


class TestCatchingALedgerFailure:
    def test_a_gift_card_overdraft_is_caught_by_its_public_class(self) -> None:
        """Redeeming more than the balance raises `GiftAmountExceeded`, a `RedemptionError`
        carrying its code, status and the recorded failed redemption."""
        # given a gift card of 50.00
        ledger = Ledger(MemoryStore())
        ledger.create_voucher(
            VoucherInput(code="GIFT-A", type=VoucherType.GIFT_VOUCHER, gift_amount=5000)
        )
        command = RedeemCommand(
            redeemables=(RedeemableInput(object=RedeemableKind.VOUCHER, id="GIFT-A",
                                         credits=6000),),
            order=OrderInput(amount=10000),
        )

        # when 60.00 is redeemed
        with pytest.raises(RedemptionError) as raised:
            ledger.redeem(command)

        # then
        assert isinstance(raised.value, GiftAmountExceeded)
        assert isinstance(raised.value, RedeemableRejected)
        assert (raised.value.code, raised.value.http_status) == ("gift_amount_exceeded", 400)
        assert (raised.value.resource_id or "").startswith("rf_")
