"""Idempotent retries of redeem and rollbacks (STYLE P8).

Goal: show that replaying a request with the same idempotency key and the same fields returns
the first outcome without applying it again (a result, or the same recorded failure), that
the same key with different fields is refused with `idempotency_key_reused` naming the first
differing field, and that a request that wrote nothing keeps no key, so a corrected retry
proceeds. Method: use cases through the embedded `Ledger`, given/when/then.
"""

from __future__ import annotations

import pytest

from redemption_core import CampaignInput, Redemption, RollbackCommand, errors


class TestIdempotentRedeem:
    def test_a_replayed_redemption_returns_the_first_result_and_charges_once(self, build):
        """Same key, same request: the same redemption, the card charged once."""
        # given
        build.gift_card("G", 5000)
        first = build.redeem(build.use_gift("G", 1000), amount=5000, idempotency_key="k-1")
        # when
        again = build.redeem(build.use_gift("G", 1000), amount=5000, idempotency_key="k-1")
        # then
        assert again == first
        card = build.voucher("G")
        assert card.gift is not None
        assert (card.gift.balance, card.redeemed_quantity) == (4000, 1)

    def test_the_same_key_with_other_fields_is_refused_naming_the_field(self, build):
        """Same key, other credits: 409 idempotency_key_reused on `redeemables[0].credits`."""
        # given
        build.gift_card("G", 5000)
        build.redeem(build.use_gift("G", 1000), amount=5000, idempotency_key="k-1")
        # when
        with pytest.raises(errors.IdempotencyKeyReused) as raised:
            build.redeem(build.use_gift("G", 2000), amount=5000, idempotency_key="k-1")
        # then
        assert (raised.value.http_status, raised.value.field) == (409,
                                                                  "redeemables[0].credits")
        card = build.voucher("G")
        assert card.gift is not None
        assert card.gift.balance == 4000

    def test_a_replayed_failure_is_the_same_recorded_failure(self, build):
        """A refused request replayed: the same code and the same `rf_`, no second record."""
        # given
        build.gift_card("G", 500)
        with pytest.raises(errors.GiftAmountExceeded) as first:
            build.redeem(build.use_gift("G", 1000), amount=5000, idempotency_key="k-2")
        # when
        with pytest.raises(errors.GiftAmountExceeded) as again:
            build.redeem(build.use_gift("G", 1000), amount=5000, idempotency_key="k-2")
        # then
        assert again.value.resource_id == first.value.resource_id
        assert len(build.records(Redemption)) == 1

    def test_a_request_that_wrote_nothing_keeps_no_key(self, build):
        """A malformed request (duplicates) then its correction under the same key."""
        # given
        build.gift_card("G", 5000)
        with pytest.raises(errors.DuplicatedRedeemables):
            build.redeem(build.use_gift("G", 1), build.use_gift("G", 1), amount=5000,
                         idempotency_key="k-3")
        # when
        result = build.redeem(build.use_gift("G", 1), amount=5000, idempotency_key="k-3")
        # then
        assert result.redemptions[0].amount == 1

    def test_different_keys_are_different_requests(self, build):
        """Two keys, one request body: two redemptions."""
        # given
        build.gift_card("G", 5000)
        # when
        build.redeem(build.use_gift("G", 1000), amount=5000, idempotency_key="a")
        build.redeem(build.use_gift("G", 1000), amount=5000, idempotency_key="b")
        # then
        assert build.voucher("G").redeemed_quantity == 2


class TestIdempotentRollback:
    def test_a_replayed_rollback_returns_the_first_rollback(self, build, ledger):
        """Same key: the same `rr_`, credits given back once; a new key is already_rolled_back."""
        # given
        build.gift_card("G", 5000)
        redemption = build.redeem(build.use_gift("G", 1000), amount=5000).redemptions[0]
        command = RollbackCommand(redemption_id=redemption.id)
        first = ledger.rollback(command, idempotency_key="r-1")
        # when
        again = ledger.rollback(command, idempotency_key="r-1")
        # then
        assert again == first
        card = build.voucher("G")
        assert card.gift is not None
        assert card.gift.balance == 5000
        with pytest.raises(errors.AlreadyRolledBack):
            ledger.rollback(command, idempotency_key="r-2")

    def test_a_replayed_stacked_rollback_returns_the_first_result(self, build, ledger):
        """`/rollbacks` under one key twice: one stacked rollback."""
        # given
        build.discount_voucher("A", amount_off=1)
        build.discount_voucher("B", amount_off=1)
        parent = build.redeem(build.use("A"), build.use("B"), amount=10).parent
        command = RollbackCommand(redemption_id=parent.id)
        first = ledger.rollback_stack(command, idempotency_key="s-1")
        # when
        again = ledger.rollback_stack(command, idempotency_key="s-1")
        # then
        assert again == first
        assert build.voucher("A").redeemed_quantity == 0


class TestIdempotentCatalog:
    def test_a_campaign_created_twice_with_one_key_is_created_once(self, ledger):
        """Given a key, when creating a campaign twice, then one campaign and the same id."""
        # given
        given = CampaignInput(name="Spring", campaign_type="PROMOTION")
        # when
        first, _ = ledger.create_campaign(given, idempotency_key="c-1")
        again, _ = ledger.create_campaign(given, idempotency_key="c-1")
        # then
        assert again.id == first.id

    def test_the_key_with_another_campaign_is_refused_naming_the_field(self, ledger):
        """The same key for another name: idempotency_key_reused naming `name`, nothing made."""
        # given
        ledger.create_campaign(
            CampaignInput(name="Spring", campaign_type="PROMOTION"), idempotency_key="c-2"
        )
        # when
        with pytest.raises(errors.IdempotencyKeyReused) as raised:
            ledger.create_campaign(
                CampaignInput(name="Summer", campaign_type="PROMOTION"), idempotency_key="c-2"
            )
        # then
        assert raised.value.field == "name"
        with pytest.raises(errors.DuplicateFound):
            ledger.create_campaign(CampaignInput(name="Spring", campaign_type="PROMOTION"))
