"""A campaign's counters, kept at write time (domain/read_side/campaign_counters.py).

Goal: the counters move with exactly the redemptions the campaign rules count, and a
redemption without a campaign costs nothing more. Method: the in-memory ledger of
`Build`; the rows are read back as stored, and a spying unit of work records which kinds
one redemption asks the store for.
"""

from __future__ import annotations

from typing import Any

import pytest

from redemption_core import RollbackCommand
from redemption_core.domain.model import rules
from redemption_core.domain.read_side.campaign_counters import (
    CampaignCounters,
    CampaignCustomerCounters,
    campaign_customer_id,
)
from redemption_core.domain.read_side.read_models import CountingUnitOfWork
from tests.conftest import Build

COUNTER_KINDS = (CampaignCounters, CampaignCustomerCounters)


class _KindsAsked:
    """A unit of work that notes the kind of every entity asked for, then passes it on."""

    def __init__(self, inner: Any, asked: list[type[Any]]) -> None:
        self._inner = inner
        self._asked = asked

    def get(self, kind: type[Any], entity_id: str) -> Any:
        self._asked.append(kind)
        return self._inner.get(kind, entity_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class TestCampaignCountersMove:
    def test_a_campaign_redemption_and_its_rollback_move_the_counters(self, build: Build):
        """ann redeems a campaign voucher twice, then both are rolled back: the counters
        rise to 2 redemptions and 1 customer, then fall back to nothing."""
        # given
        campaign = build.campaign("Spring", "DISCOUNT_COUPONS")
        build.discount_voucher("S-1", amount_off=100, campaign_id=campaign.id)
        made = [build.redeem(build.use("S-1"), amount=5_000, customer="ann") for _ in range(2)]
        ann = made[0].redemptions[0].customer_id
        assert ann is not None
        pair_id = campaign_customer_id(campaign.id, ann)
        # when
        during = build.stored(CampaignCounters, campaign.id)
        for result in made:
            build.ledger.rollback(RollbackCommand(redemption_id=result.redemptions[0].id))
        # then
        assert during.figures() == (2, 1, 10_000, 200)
        assert build.stored(CampaignCounters, campaign.id).figures() == (0, 0, 0, 0)
        assert build.stored(CampaignCustomerCounters, pair_id).redemptions_count == 0

    def test_a_standalone_voucher_asks_for_no_campaign_counters(self, build: Build,
                                                               monkeypatch):
        """The hot path: a voucher without a campaign reads and writes no counters row."""
        # given
        build.discount_voucher("ALONE", amount_off=100)
        asked: list[type[Any]] = []
        wrapped = CountingUnitOfWork.__init__

        def spying(self: CountingUnitOfWork, inner: Any) -> None:
            wrapped(self, _KindsAsked(inner, asked))

        monkeypatch.setattr(CountingUnitOfWork, "__init__", spying)
        # when
        build.redeem(build.use("ALONE"), amount=5_000, customer="ann")
        # then
        assert asked  # the spy saw the unit of work's reads
        assert not [kind for kind in asked if kind in COUNTER_KINDS]
        assert build.records(CampaignCounters) == []


class TestCampaignCounterValues:
    def test_a_count_below_zero_is_refused(self):
        """Counters are integers, 0 or more: a negative one is a broken invariant."""
        with pytest.raises(rules.FieldError, match="redemptions_count"):
            CampaignCounters(id="camp_1", redemptions_count=-1)

    def test_a_pair_names_its_campaign_and_customer(self):
        """The pair's id is derived from its campaign and customer, nothing else."""
        with pytest.raises(rules.FieldError, match="id"):
            CampaignCustomerCounters(id="other", campaign_id="camp_1", customer_id="cust_1")

    def test_pair_ids_never_collide_whatever_the_ids_hold(self):
        """`a:b` with `c` and `a` with `b:c` are two pairs, so two ids."""
        assert campaign_customer_id("a:b", "c") != campaign_customer_id("a", "b:c")
