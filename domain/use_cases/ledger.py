"""The application service: the embedded Python API of redemption-core.

`Ledger` runs every use case in one unit of work and commits it. A business failure that
must be documented (a failed redemption or rollback) is committed as its `rf_`/`rrf_` record
and then raised; any other error leaves the store untouched.

    ledger = Ledger(MemoryStore())
    ledger.create_voucher(VoucherInput(code="G", type=VoucherType.GIFT_VOUCHER, gift_amount=5000))
    result = ledger.redeem(RedeemCommand(redeemables=(...,), order=OrderInput(amount=10000)))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import attrs

from ..model import errors, limits, rules
from ..model.campaign import Campaign, PromotionTier
from ..model.context import RequestContext
from ..model.customer import Customer
from ..model.events import LedgerEvent
from ..model.redemption import Channel, Redemption
from ..model.redemption_rollback import RedemptionRollback
from ..model.reward import Reward, RewardAssignment
from ..model.rules import FieldError
from ..model.settings import LedgerSettings
from ..model.voucher import Voucher
from ..ports import Clock, IdSource, Store, StoreConflict, UnitOfWork
from ..ports.clock import SystemClock
from ..ports.ids import RandomIds
from ..read_side.activity import ActivityPage, ActivityQuery, ActivityRecords, records_of
from ..read_side.queries import Condition, FieldFilter, Junction, RecordPage, RecordQuery
from ..read_side.read_models import CountingUnitOfWork, CustomerCounters
from ..read_side.summary import CustomerSummary, summary_of
from . import catalog, loyalty, promotions, sessions, validation_rules
from .commands import (
    CampaignInput,
    MemberInput,
    MemberRedemptionCommand,
    RedeemCommand,
    RedeemResult,
    RewardAssignmentInput,
    RewardInput,
    RollbackCommand,
    StackedRollbackResult,
    TierInput,
    VoucherInput,
)
from .idempotency import guard, guard_creation, guard_replay
from .ledger_lifecycle import LifecycleMethods
from .member_redemption import redeem_reward
from .redeem import RedeemFailure, redeem
from .roll_back import RollbackFailure, roll_back_single, roll_back_stack
from .validation import ValidationResult, validate
from .validation_rules import (
    AssignedKind,
    RuleAssignment,
    ValidationRule,
    ValidationRuleInput,
)

T = TypeVar("T")

CONFLICT_RETRIES_MAX = 3
"""Times a unit of work is retried after losing an optimistic-concurrency race."""


def _with_context(
    work: Callable[[UnitOfWork, RequestContext], T], ctx: RequestContext
) -> Callable[[UnitOfWork], T]:
    def run(uow: UnitOfWork) -> T:
        # Read models move in the same unit of work as the records they count.
        counting = CountingUnitOfWork(uow)
        outcome = work(counting, ctx)
        counting.flush()
        return outcome

    return run


def _customer(uow: UnitOfWork, customer_id: str) -> Customer:
    found = uow.get(Customer, customer_id) or uow.find(Customer, "source_id", customer_id)
    if found is None or found.deleted_at is not None:
        raise catalog.not_found("customer", customer_id)
    return found


def _campaign_page(uow: UnitOfWork, customer_id: str, query: ActivityQuery) -> ActivityPage:
    kept: list[LedgerEvent] = []
    cursor = query.starting_after_id
    batch_size = limits.PAGE_SIZE_MAX
    for _ in range(limits.ACTIVITIES_SCANNED_MAX // batch_size):
        batch = uow.customer_events(customer_id, query.for_store(batch_size, cursor))
        for event in batch[:batch_size]:
            if not query.in_campaign(event):
                continue
            if len(kept) == query.limit:
                return ActivityPage(activities=tuple(kept), has_more=True)
            kept.append(event)
        if len(batch) <= batch_size:
            return ActivityPage(activities=tuple(kept), has_more=False)
        cursor = batch[batch_size - 1].activity_id
    field = "campaign_id" if query.campaign_id is not None else "campaign_type"
    raise errors.InvalidQueryParams(
        f"matched too few of the {limits.ACTIVITIES_SCANNED_MAX} activities read for one "
        "page; narrow the dates with start_date/end_date",
        field=field,
    )


def _storable(
    value: object, field: str = "", error: type[errors.RedemptionError] = errors.InvalidPayload
) -> None:
    """Refuse what no store can keep (a lone surrogate, NaN, JSON nested too deep) before any
    store sees it, naming the field: the memory store and SQLite must agree (issue 8, D2)."""
    try:
        rules.check_request(value, field)
    except FieldError as problem:
        raise error(problem.rule, field=problem.field) from problem


def _with_path(given: attrs.AttrsInstance, **path: object) -> dict[str, object]:
    """A catalog request as one object: its path parameters, then the body's fields."""
    fields = {field.name: getattr(given, field.name) for field in attrs.fields(type(given))}
    return {**path, **fields}


K = TypeVar("K")


def _load(uow: UnitOfWork, kind: type[K], entity_id: str) -> K:
    found = uow.get(kind, entity_id)  # type: ignore[type-var]
    if found is None:
        raise errors.InvariantViolation(f"{kind.__name__} {entity_id} vanished")
    loaded: K = found
    return loaded


_ASSIGNED_KINDS: dict[type, AssignedKind] = {
    Voucher: AssignedKind.VOUCHER,
    Campaign: AssignedKind.CAMPAIGN,
    PromotionTier: AssignedKind.PROMOTION_TIER,
}

M = TypeVar("M", Voucher, Campaign, PromotionTier)


def _with_rules(uow: UnitOfWork, ctx: RequestContext, made: M, rule_ids: Sequence[str]) -> M:
    """Assign the rule sets a creation body names (`validation_rules`) in its unit of work."""
    for rule_id in rule_ids:
        validation_rules.assign(uow, rule_id, _ASSIGNED_KINDS[type(made)], made.id, ctx)
    return made


class Ledger(LifecycleMethods):
    """Redeem, roll back, and set up the catalog; one method per documented endpoint."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Clock | None = None,
        ids: IdSource | None = None,
        settings: LedgerSettings | None = None,
    ) -> None:
        self.store = store
        self.clock: Clock = clock or SystemClock()
        self.ids: IdSource = ids or RandomIds()
        self.settings = settings or LedgerSettings()

    def _context(
        self, channel: Channel | None = None, request_id: str | None = None
    ) -> RequestContext:
        return RequestContext(
            now=self.clock.now(),
            ids=self.ids,
            settings=self.settings,
            channel=channel or self.settings.channel,
            request_id=request_id,
        )

    def _run(
        self,
        work: Callable[[UnitOfWork, RequestContext], T],
        channel: Channel | None = None,
        request_id: str | None = None,
    ) -> T:
        """Run `work` in a unit of work and commit; retry a lost compare-and-swap race."""
        for _ in range(CONFLICT_RETRIES_MAX):
            try:
                context = self._context(channel, request_id)
                return self.store.transact(_with_context(work, context))
            except StoreConflict:
                continue
        raise errors.StoreBusy(f"gave up after {CONFLICT_RETRIES_MAX} concurrent-update conflicts")

    # -- redemptions --------------------------------------------------------------------

    def redeem(
        self,
        command: RedeemCommand,
        idempotency_key: str | None = None,
        request_id: str | None = None,
    ) -> RedeemResult:
        """POST /v1/redemptions."""
        _storable(command)
        _storable(idempotency_key, "idempotency_key")
        work = guard("redeem", idempotency_key, command, redeem)
        outcome = self._run(work, command.channel, request_id)
        if isinstance(outcome, RedeemFailure):
            raise outcome.error
        return outcome

    def rollback(
        self,
        command: RollbackCommand,
        idempotency_key: str | None = None,
        request_id: str | None = None,
    ) -> RedemptionRollback:
        """POST /v1/redemptions/{id}/rollback."""
        _storable(command)
        _storable(idempotency_key, "idempotency_key")
        work = guard("rollback", idempotency_key, command, roll_back_single)
        outcome = self._run(work, command.channel, request_id)
        if isinstance(outcome, RollbackFailure):
            raise outcome.error
        return outcome

    def rollback_stack(
        self,
        command: RollbackCommand,
        idempotency_key: str | None = None,
        request_id: str | None = None,
    ) -> StackedRollbackResult:
        """POST /v1/redemptions/{id}/rollbacks."""
        _storable(command)
        _storable(idempotency_key, "idempotency_key")
        work = guard("rollbacks", idempotency_key, command, roll_back_stack)
        outcome = self._run(work, command.channel, request_id)
        if isinstance(outcome, RollbackFailure):
            raise outcome.error
        return outcome

    def redeem_reward(
        self,
        command: MemberRedemptionCommand,
        idempotency_key: str | None = None,
        request_id: str | None = None,
    ) -> Redemption:
        """POST /v1/loyalties/{campaignId}/members/{memberId}/redemption (campaign optional)."""
        _storable(command)
        _storable(idempotency_key, "idempotency_key")
        work = guard("member_redemption", idempotency_key, command, redeem_reward)
        outcome = self._run(work, command.channel, request_id)
        if isinstance(outcome, RedeemFailure):
            raise outcome.error
        return outcome

    # -- queries ------------------------------------------------------------------------

    def list_redemptions(self, query: RecordQuery, customer: str | None = None) -> RecordPage:
        """GET /v1/redemptions. `customer` is an id or a source id; unknown gives nothing."""
        _storable(query, "", errors.InvalidQueryParams)
        _storable(customer, "customer", errors.InvalidQueryParams)
        with self.store.unit_of_work() as uow:
            if customer is not None:
                found = uow.get(Customer, customer) or uow.find(Customer, "source_id", customer)
                if found is None:
                    return RecordPage(records=(), total=0)
                only = FieldFilter("customer_id", Condition.IS, (found.id,))
                query = attrs.evolve(query, filters=(*query.filters, only))
                if query.junction is Junction.OR and len(query.filters) > 1:
                    raise errors.InvalidQueryParams(
                        "customer cannot be combined with filters[junction]=or", field="customer"
                    )
            return uow.query_records(query)

    def voucher_redemptions(self, code: str, limit: int, page: int) -> tuple[Voucher, RecordPage]:
        """GET /v1/vouchers/{code}/redemption: the voucher's history, newest first."""
        _storable(code, "code")
        with self.store.unit_of_work() as uow:
            voucher = catalog.get_voucher(uow, code)
            mine = FieldFilter("related_object_id", Condition.IS, (voucher.id,))
            try:
                query = RecordQuery(filters=(mine,), limit=limit, page=page)
            except FieldError as error:
                raise errors.InvalidQueryParams(error.rule, field=error.field) from error
            return voucher, uow.query_records(query)

    def customer_activities(self, customer_id: str, query: ActivityQuery) -> ActivityPage:
        """GET /v1/customers/{customerId}/activity (id or source id).

        The store pages by type and dates; campaign filters are applied here, reading on
        with the cursor (at most ACTIVITIES_SCANNED_MAX activities) until the page is full.
        """
        _storable(customer_id, "customer_id")
        _storable(query, "", errors.InvalidQueryParams)
        with self.store.unit_of_work() as uow:
            customer = _customer(uow, customer_id)
            if not query.filters_campaigns:
                found = uow.customer_events(customer.id, query)
                return ActivityPage(
                    activities=tuple(found[: query.limit]), has_more=len(found) > query.limit
                )
            return _campaign_page(uow, customer.id, query)

    def activity_records(self, events: Sequence[LedgerEvent]) -> tuple[ActivityRecords, ...]:
        """What each activity is about (`activity.records_of`): a page's worth of events
        in at most one unit of work and two store reads."""
        return records_of(events, self.store.unit_of_work)

    def get_customer(self, customer_id: str) -> tuple[Customer, CustomerSummary]:
        """GET /v1/customers/{customerId} (id or source id), with its redemption summary."""
        _storable(customer_id, "customer_id")
        with self.store.unit_of_work() as uow:
            customer = _customer(uow, customer_id)
            summary = summary_of(
                uow.get(CustomerCounters, customer.id) or CustomerCounters(id=customer.id),
                uow.select(Voucher, "holder_id", customer.id, limits.CUSTOMER_RECORDS_SCAN_MAX),
            )
        return customer, summary

    def events_after(self, position: int, limit: int) -> Sequence[tuple[int, LedgerEvent]]:
        """The outbox: up to `limit` events after `position`, in commit order."""
        if not 1 <= limit <= limits.EVENTS_PAGE_MAX:
            raise errors.InvalidQueryParams(
                f"must be from 1 to {limits.EVENTS_PAGE_MAX}", field="limit"
            )
        with self.store.unit_of_work() as uow:
            return uow.events_after(position, limit)

    def get_redemption(self, redemption_id: str) -> Redemption | RedemptionRollback:
        """GET /v1/redemptions/{id}: a redemption or a rollback, by id."""
        _storable(redemption_id, "redemption_id")
        with self.store.unit_of_work() as uow:
            found: Redemption | RedemptionRollback | None
            if redemption_id.startswith(("rr_", "rrf_")):
                found = uow.get(RedemptionRollback, redemption_id)
            else:
                found = uow.get(Redemption, redemption_id)
        if found is None:
            raise catalog.not_found("redemption", redemption_id)
        return found

    # -- catalog ------------------------------------------------------------------------
    # Every catalog call takes an idempotency key too (AIP-155): a retry with the same key
    # and request returns what the first call created (read back as it is now). The guarded
    # request is one object, its path parameters beside the body's fields, so a conflict
    # names `gift_amount` or `campaign_id` (not a tuple position) and the record's `request`
    # is a JSON object in every store (D1: SQLite could not store a tuple's list).

    def create_voucher(
        self,
        given: VoucherInput,
        code: str | None = None,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> Voucher:
        """POST /v1/vouchers and POST /v1/vouchers/{code}."""
        _storable(given)
        _storable(code, "code")
        _storable(idempotency_key, "idempotency_key")
        work = guard_creation(
            "create_voucher",
            idempotency_key,
            attrs.evolve(given, code=code or given.code),
            channel,
            lambda uow, ctx: _with_rules(
                uow, ctx, catalog.create_voucher(uow, given, ctx, code), given.validation_rules
            ),
            ids=lambda made: (made.id,),
            load=lambda uow, ids: _load(uow, Voucher, ids[0]),
        )
        return self._run(work, channel)

    def get_voucher(self, code: str) -> Voucher:
        """GET /v1/vouchers/{code}."""
        _storable(code, "code")
        with self.store.unit_of_work() as uow:
            return catalog.get_voucher(uow, code)

    def create_campaign(
        self,
        given: CampaignInput,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> tuple[Campaign, Sequence[PromotionTier]]:
        """POST /v1/campaigns: the campaign and, for a PROMOTION, its tiers."""
        _storable(given)
        _storable(idempotency_key, "idempotency_key")

        def work(uow: UnitOfWork, ctx: RequestContext) -> tuple[Campaign, Sequence[PromotionTier]]:
            campaign = _with_rules(
                uow, ctx, promotions.create_campaign(uow, given, ctx), given.validation_rules
            )
            tiers = promotions.tiers_of(uow, campaign.id)
            for tier, asked in zip(tiers, given.tiers or (), strict=False):
                _with_rules(uow, ctx, tier, asked.validation_rules)
            return campaign, tiers

        def load(uow: UnitOfWork, ids: tuple[str, ...]) -> tuple[Campaign, Sequence[PromotionTier]]:
            campaign = _load(uow, Campaign, ids[0])
            return campaign, promotions.tiers_of(uow, campaign.id)

        guarded = guard_creation(
            "create_campaign",
            idempotency_key,
            given,
            channel,
            work,
            ids=lambda made: (made[0].id,),
            load=load,
        )
        return self._run(guarded, channel)

    def create_tier(
        self,
        campaign_id: str,
        given: TierInput,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> tuple[PromotionTier, Campaign]:
        """POST /v1/promotions/{campaignId}/tiers: the tier and its campaign."""
        _storable(given)
        _storable(campaign_id, "campaign_id")
        _storable(idempotency_key, "idempotency_key")

        def work(uow: UnitOfWork, ctx: RequestContext) -> tuple[PromotionTier, Campaign]:
            tier = promotions.create_tier(uow, campaign_id, given, ctx)
            _with_rules(uow, ctx, tier, given.validation_rules)
            return tier, _load(uow, Campaign, campaign_id)

        def load(uow: UnitOfWork, ids: tuple[str, ...]) -> tuple[PromotionTier, Campaign]:
            tier = _load(uow, PromotionTier, ids[0])
            return tier, _load(uow, Campaign, tier.campaign_id)

        guarded = guard_creation(
            "create_tier",
            idempotency_key,
            _with_path(given, campaign_id=campaign_id),
            channel,
            work,
            ids=lambda made: (made[0].id,),
            load=load,
        )
        return self._run(guarded, channel)

    def create_reward(
        self,
        given: RewardInput,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> Reward:
        """POST /v1/rewards."""
        _storable(given)
        _storable(idempotency_key, "idempotency_key")
        work = guard_creation(
            "create_reward",
            idempotency_key,
            given,
            channel,
            lambda uow, ctx: loyalty.create_reward(uow, given, ctx),
            ids=lambda made: (made.id,),
            load=lambda uow, ids: _load(uow, Reward, ids[0]),
        )
        return self._run(work, channel)

    def assign_rewards(
        self,
        campaign_id: str,
        items: Sequence[RewardAssignmentInput],
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> list[RewardAssignment]:
        """POST /v1/loyalties/{campaignId}/rewards."""
        _storable(tuple(items))
        _storable(campaign_id, "campaign_id")
        _storable(idempotency_key, "idempotency_key")
        work = guard_creation(
            "assign_rewards",
            idempotency_key,
            {"campaign_id": campaign_id, "assignments": tuple(items)},
            channel,
            lambda uow, ctx: loyalty.assign_rewards(uow, campaign_id, items, ctx),
            ids=lambda made: tuple(item.id for item in made),
            load=lambda uow, ids: [_load(uow, RewardAssignment, item) for item in ids],
        )
        return self._run(work, channel)

    def publish_member(
        self,
        campaign_id: str,
        given: MemberInput,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> Voucher:
        """POST /v1/loyalties/{campaignId}/members."""
        _storable(given)
        _storable(campaign_id, "campaign_id")
        _storable(idempotency_key, "idempotency_key")
        work = guard_creation(
            "publish_member",
            idempotency_key,
            _with_path(given, campaign_id=campaign_id),
            channel,
            lambda uow, ctx: loyalty.publish_member(uow, campaign_id, given, ctx),
            ids=lambda made: (made.id,),
            load=lambda uow, ids: _load(uow, Voucher, ids[0]),
        )
        return self._run(work, channel)

    # -- validations, sessions, validation rules (DOMAIN.md 16) ---------------------------

    def validate(
        self,
        command: RedeemCommand,
        idempotency_key: str | None = None,
        request_id: str | None = None,
    ) -> ValidationResult:
        """POST /v1/validations: the redemption decision as a dry run; writes nothing but a
        session lock. With a session and an idempotency key, a retry re-validates under the
        session key the first call opened (a generated key included)."""

        def work(uow: UnitOfWork, ctx: RequestContext, first: tuple[str, ...]) -> ValidationResult:
            given = command
            if first and command.session is not None:
                given = attrs.evolve(command, session=attrs.evolve(command.session, key=first[0]))
            return validate(uow, given, ctx)

        guarded = guard_replay(
            "validate",
            idempotency_key,
            command,
            command.channel,
            work,
            ids=lambda made: (made.session.key,) if made.session else (),
        )
        if command.session is None:
            # Nothing to write: a read-only unit of work (a snapshot; no writer lock taken).
            with self.store.unit_of_work() as uow:
                return guarded(uow, self._context(command.channel, request_id))
        return self._run(guarded, command.channel, request_id)

    def release_session(self, code: str, session_key: str) -> None:
        """DELETE /v1/vouchers/{code}/sessions/{sessionKey}."""
        self._run(lambda uow, ctx: sessions.release(uow, code, session_key, ctx.now))

    def create_validation_rule(
        self,
        given: ValidationRuleInput,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> ValidationRule:
        """POST /v1/validation-rules."""
        work = guard_creation(
            "create_validation_rule",
            idempotency_key,
            given,
            channel,
            lambda uow, ctx: validation_rules.create_rule(uow, given, ctx),
            ids=lambda made: (made.id,),
            load=lambda uow, ids: _load(uow, ValidationRule, ids[0]),
        )
        return self._run(work, channel)

    def get_validation_rule(self, rule_id: str) -> ValidationRule:
        """GET /v1/validation-rules/{id}."""
        with self.store.unit_of_work() as uow:
            return validation_rules.get_rule(uow, rule_id)

    def list_validation_rules(self, limit: int, page: int) -> tuple[list[ValidationRule], int]:
        """GET /v1/validation-rules: a page of live rule sets (oldest first) and the total."""
        with self.store.unit_of_work() as uow:
            return validation_rules.list_rules(uow, limit, page)

    def update_validation_rule(self, rule_id: str, given: ValidationRuleInput) -> ValidationRule:
        """PUT /v1/validation-rules/{id}."""
        return self._run(lambda uow, ctx: validation_rules.update_rule(uow, rule_id, given, ctx))

    def delete_validation_rule(self, rule_id: str) -> None:
        """DELETE /v1/validation-rules/{id}: the rule set and its assignments."""
        self._run(lambda uow, ctx: validation_rules.delete_rule(uow, rule_id, ctx))

    def assign_validation_rule(
        self,
        rule_id: str,
        kind: AssignedKind,
        object_id: str,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> RuleAssignment:
        """POST /v1/validation-rules/{id}/assignments."""
        work = guard_creation(
            "assign_validation_rule",
            idempotency_key,
            # An object, as every guarded request: its members name what a reuse changed.
            {"validation_rule_id": rule_id, "related_object_type": kind,
             "related_object_id": object_id},
            channel,
            lambda uow, ctx: validation_rules.assign(uow, rule_id, kind, object_id, ctx),
            ids=lambda made: (made.id,),
            load=lambda uow, ids: _load(uow, RuleAssignment, ids[0]),
        )
        return self._run(work, channel)

    def validation_rule_assignments(self, rule_id: str) -> Sequence[RuleAssignment]:
        """GET /v1/validation-rules/{id}/assignments."""
        with self.store.unit_of_work() as uow:
            return validation_rules.assignments_of(uow, rule_id)
