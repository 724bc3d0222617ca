"""Read models kept at write time agree with the records, on every store.

Goal: the customer counters (domain/read_side/read_models.py), the campaign counters
(domain/read_side/campaign_counters.py) and the list totals that stores keep instead of
counting are always what the records themselves add up to. Method: a Hypothesis program of
redemptions (single and stacked, gift and discount, standalone and campaign vouchers, with
and without a customer), failures (exhausted quantities, too many credits) and rollbacks
(single, stacked, repeated) runs through the `Ledger` on each store of the contract
`harness`; afterwards every customer's maintained counters must equal `summary.summarize`
folded over their records, the campaign's counters the campaign's records scanned as the
validation rules scanned them (tests/support/campaign_figures.py), and the unfiltered list
total the number of records, read through a reopened store. Each example uses codes,
customers and a campaign of its own, so examples share one store safely.
"""

from __future__ import annotations

import contextlib
import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redemption_core import (
    CampaignInput,
    CustomerInput,
    Ledger,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    RollbackCommand,
    VoucherInput,
    VoucherType,
    errors,
)
from redemption_core.domain.model.customer import Customer
from redemption_core.domain.model.discount import Discount, DiscountType
from redemption_core.domain.model.redemption import Redemption
from redemption_core.domain.model.redemption_rollback import RedemptionRollback
from redemption_core.domain.model.voucher import Voucher
from redemption_core.domain.ports.clock import SteppingClock
from redemption_core.domain.read_side.queries import RecordQuery
from redemption_core.domain.read_side.read_models import CustomerCounters
from redemption_core.domain.read_side.summary import summarize
from redemption_core.domain.use_cases.validation_rules import AssignedKind, ValidationRuleInput
from tests.contract import StoreHarness
from tests.support.campaign_figures import (
    kept_customer_count,
    kept_figures,
    scanned_figures,
    standing_redemptions,
)

SCAN = 10_000
CUSTOMERS = ("ann", "ben", "cat")
_runs = itertools.count()

steps = st.lists(
    st.one_of(
        st.tuples(st.just("gift"), st.sampled_from(CUSTOMERS), st.integers(1, 4_000)),
        st.tuples(st.just("discount"), st.sampled_from(CUSTOMERS), st.just(0)),
        st.tuples(st.just("stack"), st.sampled_from(CUSTOMERS), st.integers(1, 2_000)),
        st.tuples(st.just("rollback"), st.integers(0, 9), st.just(0)),
        st.tuples(st.just("rollback_stack"), st.integers(0, 9), st.just(0)),
        st.tuples(st.just("campaign"), st.sampled_from((*CUSTOMERS, None)), st.just(0)),
        st.tuples(st.just("campaign_stack"), st.sampled_from((*CUSTOMERS, None)),
                  st.integers(1, 2_000)),
    ),
    max_size=12,
)


def _gift(code: str, credits: int) -> RedeemableInput:
    return RedeemableInput(object=RedeemableKind.VOUCHER, id=code, credits=credits,
                           gift_sent=True)


def _use(code: str) -> RedeemableInput:
    return RedeemableInput(object=RedeemableKind.VOUCHER, id=code)


class _Program:
    """One example: its own vouchers and customers, the records it made."""

    def __init__(self, ledger: Ledger, run: int) -> None:
        self.ledger = ledger
        self.run = run
        self.made: list[str] = []
        self.stacks: list[str] = []
        self.gift_code, self.discount_code = f"G{run}", f"D{run}"
        ledger.create_voucher(VoucherInput(code=self.gift_code, type=VoucherType.GIFT_VOUCHER,
                                           gift_amount=6_000))
        ledger.create_voucher(VoucherInput(
            code=self.discount_code, quantity=3,
            discount=Discount(type=DiscountType.AMOUNT, amount_off=100)))
        # A campaign of two vouchers: one limited (its failures count for nothing), one
        # taking a share of the order, so stacked children carry different snapshots.
        self.campaign, _ = ledger.create_campaign(CampaignInput(
            name=f"Campaign {run}", campaign_type="DISCOUNT_COUPONS"))
        self.campaign_code, self.campaign_percent_code = f"C{run}", f"P{run}"
        ledger.create_voucher(VoucherInput(
            code=self.campaign_code, quantity=4, campaign_id=self.campaign.id,
            discount=Discount(type=DiscountType.AMOUNT, amount_off=300)))
        ledger.create_voucher(VoucherInput(
            code=self.campaign_percent_code, campaign_id=self.campaign.id,
            discount=Discount(type=DiscountType.PERCENT, percent_off=Decimal(10))))

    def customer(self, name: str) -> str:
        return f"{name}-{self.run}"

    def redeem(self, who: str | None, *redeemables: RedeemableInput) -> None:
        customer = CustomerInput(source_id=self.customer(who)) if who is not None else None
        command = RedeemCommand(redeemables=redeemables, order=OrderInput(amount=5_000),
                                customer=customer)
        try:
            result = self.ledger.redeem(command)
        except errors.RedemptionError:
            return  # a failure is recorded (rf_) and counted like any record
        self.made.extend(record.id for record in result.redemptions if result.parent is None)
        if result.parent is not None:
            self.stacks.append(result.parent.id)

    def roll_back(self, index: int, stacked: bool) -> None:
        targets = self.stacks if stacked else self.made
        if not targets:
            return
        command = RollbackCommand(redemption_id=targets[index % len(targets)])
        try:
            if stacked:
                self.ledger.rollback_stack(command)
            else:
                self.ledger.rollback(command)
        except errors.RedemptionError:
            return  # a repeated rollback is a recorded failure (rrf_)

    def step(self, kind: str, who: Any, amount: int) -> None:
        if kind == "gift":
            self.redeem(who, _gift(self.gift_code, amount))
        elif kind == "discount":
            self.redeem(who, _use(self.discount_code))
        elif kind == "stack":
            self.redeem(who, _use(self.discount_code), _gift(self.gift_code, amount))
        elif kind == "campaign":
            self.redeem(who, _use(self.campaign_code))
        elif kind == "campaign_stack":
            self.redeem(who, _use(self.campaign_code), _use(self.campaign_percent_code),
                        _gift(self.gift_code, amount))
        else:
            self.roll_back(who, stacked=kind == "rollback_stack")


def _recomputed(uow: Any, customer_id: str) -> tuple[int, ...]:
    summary = summarize(
        uow.select(Redemption, "customer_id", customer_id, SCAN),
        uow.select(RedemptionRollback, "customer_id", customer_id, SCAN),
        uow.select(Voucher, "holder_id", customer_id, SCAN),
    )
    return (
        summary.total_redeemed, summary.total_failed, summary.total_succeeded,
        summary.total_rolled_back, summary.total_rollback_failed,
        summary.total_rollback_succeeded, summary.gift_redeemed_amount,
        summary.loyalty_redeemed_points,
    )


def _record_count(uow: Any) -> int:
    """Every record, counted one page at a time (the reference for the kept total)."""
    seen = 0
    for page in range(1, 100):
        found = uow.query_records(RecordQuery(limit=100, page=page)).records
        seen += len(found)
        if len(found) < 100:
            return seen
    raise AssertionError("more records than this test makes")


def _assert_campaign_counters_equal_the_records(uow: Any, campaign_id: str) -> None:
    assert kept_figures(uow, campaign_id) == scanned_figures(uow, campaign_id)
    standing = Counter(
        record.customer_id for record in standing_redemptions(uow, campaign_id)
        if record.customer_id is not None
    )
    for customer_id, count in standing.items():
        assert kept_customer_count(uow, campaign_id, customer_id) == count, customer_id


class TestMaintainedReadModels:
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None,
              max_examples=15)
    @given(program=steps)
    def test_counters_equal_the_records_after_any_sequence(
        self, harness: StoreHarness, program: list[tuple[str, Any, int]]
    ) -> None:
        """After any redemptions, failures and rollbacks, each customer's maintained
        counters equal the summary folded over their records, the campaign's counters
        its records scanned, and the kept list total equals the records counted."""
        # given a fresh part of the store and a random program
        run = _Program(Ledger(harness.open()), next(_runs))

        # when the program runs
        for kind, who, amount in program:
            run.step(kind, who, amount)

        # then the read models agree with the records, read through a reopened store
        with harness.reopen().unit_of_work() as uow:
            for name in CUSTOMERS:
                found = uow.find(Customer, "source_id", run.customer(name))
                if found is None:
                    continue
                counters = uow.get(CustomerCounters, found.id) or CustomerCounters(id=found.id)
                assert counters.counts() == _recomputed(uow, found.id), name
            _assert_campaign_counters_equal_the_records(uow, run.campaign.id)
            page = uow.query_records(RecordQuery(limit=1))
            assert page.total == _record_count(uow)


class TestIdempotentCatalogOnEachStore:
    def test_a_keyed_voucher_creation_replays_on_every_store(self, harness: StoreHarness):
        """The same key and request twice: one voucher, the same id, on every store."""
        # given
        ledger = Ledger(harness.open())
        given_voucher = VoucherInput(code="K-1", type=VoucherType.GIFT_VOUCHER, gift_amount=10)
        first = ledger.create_voucher(given_voucher, idempotency_key="k-1")
        # when
        again = Ledger(harness.reopen()).create_voucher(given_voucher, idempotency_key="k-1")
        # then
        assert again.id == first.id

    def test_the_key_with_another_code_is_refused_naming_the_field(self, harness):
        """The same key for another code: idempotency_key_reused on `code`."""
        # given
        ledger = Ledger(harness.open())
        ledger.create_voucher(VoucherInput(code="K-2", gift_amount=10,
                                           type=VoucherType.GIFT_VOUCHER), idempotency_key="k-2")
        # when
        with pytest.raises(errors.IdempotencyKeyReused) as refused:
            ledger.create_voucher(VoucherInput(code="K-3", gift_amount=10,
                                               type=VoucherType.GIFT_VOUCHER),
                                  idempotency_key="k-2")
        # then
        assert refused.value.field == "code"


class TestMetadataIsJsonOnEachStore:
    @pytest.mark.parametrize("value", [float("nan"), float("inf")])
    def test_a_number_json_cannot_hold_is_refused_before_any_store(self, harness, value):
        """NaN or infinity in metadata: invalid_payload naming `metadata.x`, nothing stored."""
        # given
        ledger = Ledger(harness.open())
        # when
        with pytest.raises(errors.InvalidPayload) as refused:
            ledger.create_voucher(VoucherInput(code="NAN", type=VoucherType.GIFT_VOUCHER,
                                               gift_amount=1, metadata={"x": value}))
        # then
        assert refused.value.field == "metadata.x"
        with pytest.raises(errors.NotFound):
            Ledger(harness.reopen()).get_voucher("NAN")

    def test_an_integer_past_64_bits_reads_back_exactly(self, harness):
        """Metadata holds any JSON integer; every store gives it back unchanged."""
        # given
        big = 2**70 + 1
        ledger = Ledger(harness.open())
        # when
        ledger.create_voucher(VoucherInput(code="BIG", type=VoucherType.GIFT_VOUCHER,
                                           gift_amount=1, metadata={"n": big}))
        # then
        assert Ledger(harness.reopen()).get_voucher("BIG").metadata == {"n": big}


_pages = st.tuples(
    st.lists(st.integers(0, 20), min_size=1, max_size=15),  # each record's second
    st.none() | st.integers(-1, 21), st.none() | st.integers(-1, 21),  # the window
    st.booleans(), st.integers(1, 5), st.integers(1, 4),  # order, limit, page
)


class TestUnfilteredPages:
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None,
              max_examples=15)
    @given(case=_pages)
    def test_an_unfiltered_page_is_the_reference_slice(self, harness, case):
        """Records at any dates (ties included), any window, order and page: the page and
        its total are those of `RecordQuery.matches`/`sort_key` over every record."""
        # given records at chosen seconds, on a part of the store of their own
        seconds, after, before, descending, limit, page = case
        start = datetime(2030 + next(_runs), 1, 1, tzinfo=UTC)
        clock = SteppingClock(start)
        ledger = Ledger(harness.open(), clock=clock)
        ledger.create_voucher(VoucherInput(code=f"P{start.year}", quantity=None,
                                           discount=Discount(type=DiscountType.AMOUNT,
                                                             amount_off=1)))
        made = []
        for second in seconds:
            clock.set(start + timedelta(seconds=second))
            made.extend(ledger.redeem(RedeemCommand(
                redeemables=(_use(f"P{start.year}"),), order=OrderInput(amount=100))
            ).redemptions)
        window = {
            "created_after": start + timedelta(seconds=after) if after is not None else None,
            "created_before": start + timedelta(seconds=before) if before is not None else None,
        }
        query = RecordQuery(descending=descending, limit=limit, page=page, **window)
        # when the page is read, within this example's year only
        year = RecordQuery(created_after=start - timedelta(seconds=1),
                           created_before=start + timedelta(days=1))
        with harness.reopen().unit_of_work() as uow:
            assert uow.query_records(attrs.evolve(year, limit=100)).total == len(made)
            bounded = attrs.evolve(
                query,
                created_after=max(filter(None, (query.created_after, year.created_after))),
                created_before=min(filter(None, (query.created_before, year.created_before))),
            )
            found = uow.query_records(bounded)
        # then it is the reference slice of what this example made
        matching = sorted((record for record in made if bounded.matches(record, {})),
                          key=lambda record: (record.date, record.id), reverse=descending)
        expected = matching[bounded.offset: bounded.offset + limit]
        assert [record.id for record in found.records] == [record.id for record in expected]
        assert found.total == len(matching)


class _ScanRefused(AssertionError):
    """A records scan was asked for where the kept counters must answer."""


class _NoScanUnitOfWork:
    """A unit of work that refuses `query_records` and passes everything else through."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def query_records(self, query: RecordQuery) -> Any:
        raise _ScanRefused(f"records scanned: {query}")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _NoScanStore:
    """The harness's store, each of its units of work refusing to scan records."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    @contextlib.contextmanager
    def unit_of_work(self) -> Iterator[Any]:
        with self._inner.unit_of_work() as uow:
            yield _NoScanUnitOfWork(uow)

    def transact(self, work: Callable[[Any], Any]) -> Any:
        return self._inner.transact(lambda uow: work(_NoScanUnitOfWork(uow)))

    def close(self) -> None:
        self._inner.close()


ALL_TIME_CAMPAIGN_RULES = (
    "campaign.redemptions.count", "campaign.redemptions.customers_count",
    "campaign.orders.amount", "campaign.orders.amount_discounted",
)


def _governed_campaign_voucher(
    ledger: Ledger, code: str, rule: str, conditions: dict[str, Any]
) -> str:
    """A discount voucher `code` in a campaign of its own, governed by one rule `rule`."""
    campaign, _ = ledger.create_campaign(CampaignInput(
        name=f"Campaign of {code}", campaign_type="DISCOUNT_COUPONS"))
    ledger.create_voucher(VoucherInput(
        code=code, campaign_id=campaign.id,
        discount=Discount(type=DiscountType.AMOUNT, amount_off=10)))
    rule_set = ledger.create_validation_rule(ValidationRuleInput(name=rule, rules={
        "1": {"name": rule, "conditions": conditions}}))
    ledger.assign_validation_rule(rule_set.id, AssignedKind.CAMPAIGN, campaign.id)
    return code


class TestAllTimeCampaignRulesReadTheCounters:
    def test_an_all_time_count_decides_without_scanning_the_records(
        self, harness: StoreHarness
    ) -> None:
        """`campaign.redemptions.count` at most 2: the third redemption is refused and,
        once one is rolled back, allowed again, on a store that refuses every scan."""
        # given a campaign voucher whose campaign allows two standing redemptions
        run = next(_runs)
        ledger = Ledger(_NoScanStore(harness.open()))  # type: ignore[arg-type]
        code = _governed_campaign_voucher(ledger, f"L{run}", "campaign.redemptions.count",
                                          {"$less_than_or_equal": [2]})
        command = RedeemCommand(redeemables=(_use(code),), order=OrderInput(amount=100))
        first = ledger.redeem(command)
        ledger.redeem(command)

        # when a third is asked for, then again after a rollback
        refused = ledger.validate(command)
        ledger.rollback(RollbackCommand(redemption_id=first.redemptions[0].id))
        allowed = ledger.validate(command)

        # then the rule decided both from the counters, and no scan was made
        assert refused.error is not None
        assert refused.error.code == "redemption_rules_violated"
        assert allowed.valid

    @pytest.mark.parametrize("name", ALL_TIME_CAMPAIGN_RULES)
    def test_each_all_time_campaign_rule_holds_without_a_scan(
        self, harness: StoreHarness, name: str
    ) -> None:
        """Every all-time campaign figure comes from the kept counters: validating and
        redeeming under such a rule never scans the records."""
        # given a campaign voucher redeemed once, under a rule over `name`
        run = next(_runs)
        ledger = Ledger(_NoScanStore(harness.open()))  # type: ignore[arg-type]
        code = _governed_campaign_voucher(ledger, f"F{run}", name, {"$more_than": [0]})
        command = RedeemCommand(redeemables=(_use(code),), order=OrderInput(amount=100),
                                customer=CustomerInput(source_id=f"figures-{run}"))
        ledger.redeem(command)

        # when the next redemption is validated and made
        verdict = ledger.validate(command)
        ledger.redeem(command)

        # then it holds (nothing scanned, or _ScanRefused would have been raised)
        assert verdict.valid
