"""The reference for the kept campaign counters: the campaign's records, scanned and folded.

The fold reads what `rule_check._records` read before the counters existed (successful
redemptions, filtered by the campaign's list field, kept when SUCCEEDED) and sums them as
`rule_check._campaign_figure` does, so a test comparing it with `CampaignCounters` shows
the counters mean what the scan meant.
"""

from __future__ import annotations

from typing import Any

from redemption_core import (
    CampaignInput,
    CustomerInput,
    Ledger,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    RedeemResult,
    RollbackCommand,
    VoucherInput,
    VoucherType,
    errors,
)
from redemption_core.domain.model.discount import Discount, DiscountType
from redemption_core.domain.model.redemption import Redemption, RedemptionStatus
from redemption_core.domain.read_side.campaign_counters import (
    CampaignCounters,
    CampaignCustomerCounters,
    campaign_customer_id,
)
from redemption_core.domain.read_side.queries import Condition, FieldFilter, RecordQuery

PAGE_SIZE = 100
PAGES_MAX = 100


def standing_redemptions(uow: Any, campaign_id: str) -> list[Redemption]:
    """The campaign's successful redemptions not rolled back, every page of them."""
    wanted = (
        FieldFilter("related_object_parent_id", Condition.IS, (campaign_id,)),
        FieldFilter("result", Condition.IS, ("SUCCESS",)),
        FieldFilter("object", Condition.IS, ("redemption",)),
    )
    found: list[Redemption] = []
    for page in range(1, PAGES_MAX + 1):
        result = uow.query_records(RecordQuery(filters=wanted, limit=PAGE_SIZE, page=page))
        found.extend(
            record for record in result.records
            if isinstance(record, Redemption) and record.status is RedemptionStatus.SUCCEEDED
        )
        if page * PAGE_SIZE >= result.total:
            return found
    raise AssertionError("more records than these tests make")


def scanned_figures(uow: Any, campaign_id: str) -> tuple[int, int, int, int]:
    """(redemptions, distinct customers, orders' amount, orders' applied discount)."""
    records = standing_redemptions(uow, campaign_id)
    return (
        len(records),
        len({record.customer_id for record in records if record.customer_id}),
        sum(record.order.amount or 0 for record in records if record.order),
        sum(record.order.total_applied_discount_amount for record in records if record.order),
    )


def kept_figures(uow: Any, campaign_id: str) -> tuple[int, int, int, int]:
    """The campaign's maintained counters (all zero when none were ever kept)."""
    kept = uow.get(CampaignCounters, campaign_id) or CampaignCounters(id=campaign_id)
    return kept.figures()


def kept_customer_count(uow: Any, campaign_id: str, customer_id: str) -> int:
    pair = uow.get(CampaignCustomerCounters, campaign_customer_id(campaign_id, customer_id))
    return pair.redemptions_count if pair is not None else 0


def _use(code: str, credits: int | None = None) -> RedeemableInput:
    return RedeemableInput(object=RedeemableKind.VOUCHER, id=code, credits=credits,
                           gift_sent=credits is not None)


def campaign_history(ledger: Ledger) -> list[str]:
    """A small history of two campaigns' redemptions (single, stacked with a standalone
    card, with and without a customer, failed, rolled back singly and as a stack, a
    customer's only one rolled back), made with the current code; the campaigns' ids."""
    spring, _ = ledger.create_campaign(CampaignInput(name="Spring",
                                                     campaign_type="DISCOUNT_COUPONS"))
    autumn, _ = ledger.create_campaign(CampaignInput(name="Autumn",
                                                     campaign_type="DISCOUNT_COUPONS"))
    for code, campaign in (("S-1", spring), ("S-2", spring), ("A-1", autumn)):
        ledger.create_voucher(VoucherInput(
            code=code, campaign_id=campaign.id, quantity=3,
            discount=Discount(type=DiscountType.AMOUNT, amount_off=100)))
    ledger.create_voucher(VoucherInput(code="CARD", type=VoucherType.GIFT_VOUCHER,
                                       gift_amount=9_000))

    def redeem(who: str | None, *redeemables: RedeemableInput) -> RedeemResult | None:
        customer = CustomerInput(source_id=who) if who is not None else None
        try:
            return ledger.redeem(RedeemCommand(redeemables=redeemables, customer=customer,
                                               order=OrderInput(amount=5_000)))
        except errors.RedemptionError:
            return None  # recorded as a failure, which counts for nothing

    single = redeem("ann", _use("S-1"))
    redeem("ann", _use("S-1"))
    redeem(None, _use("A-1"))
    stack = redeem("ben", _use("S-1"), _use("S-2"), _use("CARD", 700))
    redeem("cat", _use("S-2"), _use("A-1"))
    redeem("cat", _use("S-1"), _use("S-1"))  # refused: one voucher twice
    redeem("eve", _use("S-1"))  # a recorded failure: S-1's quantity is used up
    kept = redeem("dan", _use("S-2"))
    redeem("dan", _use("CARD", 20_000))  # refused: more credits than the card holds
    assert single is not None and stack is not None and stack.parent is not None
    assert kept is not None
    ledger.rollback(RollbackCommand(redemption_id=single.redemptions[0].id))
    ledger.rollback_stack(RollbackCommand(redemption_id=stack.parent.id))
    return [spring.id, autumn.id]
