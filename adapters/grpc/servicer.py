"""`redemption_core.v1.RedemptionService`: one thin method per RPC over the `Ledger`.

Each method decodes the request into the domain's command, calls the ledger, and encodes
the result; failures are raised as they come and mapped by the interceptor. The calling
application (bound by the interceptor) is the redemption's channel, and `request_id` is the
ledger's idempotency key (catalog calls included, scoped to the calling app). An RPC this
adapter cannot serve raises `CallNotImplemented` (UNIMPLEMENTED) naming what is missing;
every RPC of the proto is served today.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import structlog
from google.protobuf import message_factory

from redemption_core.adapters import activities as activity_view
from redemption_core.adapters.feed import EventFeed, event_json
from redemption_core.domain.model import errors
from redemption_core.domain.model.redemption import Channel, ChannelType
from redemption_core.domain.use_cases.ledger import Ledger
from redemption_core.domain.use_cases.validation_rules import AssignedKind

from . import activities, call, decode, decode_catalog, encode, encode_direct, lists, validations
from ._generated import redemption_service_pb2 as service
from .encode_common import struct, timestamp
from .lifecycle import LifecycleRpcs


def encode_event(ledger: Ledger, position: int, event: Any) -> service.Event:
    """An outbox event as `GET /v1/events` shows it, with `data` and `event_source` as a
    Struct (as `CustomerActivity.data`)."""
    rendered = event_json(ledger, position, event)
    return service.Event(
        position=position,
        id=rendered["id"],
        type=rendered["type"],
        created_at=timestamp(event.created_at),
        group_id=rendered["group_id"],
        customer_id=rendered["customer_id"],
        activity_id=rendered["activity_id"],
        data=struct({"data": rendered["data"], "event_source": rendered["event_source"]}),
    )

SERVICE_NAME = "redemption_core.v1.RedemptionService"
WATCH_BATCH = 100
"""Events read from the outbox at a time by a watcher."""
Context = Any
"""`grpc.ServicerContext` or `grpc.aio.ServicerContext`: the methods never touch it."""


def _channel() -> Channel:
    return Channel(call.current().app_id, ChannelType.API)


def _request_id() -> str:
    return call.current().request_id


def _bind(**fields: Any) -> None:
    structlog.contextvars.bind_contextvars(**fields)


def _idempotency_key(request_id: str) -> str | None:
    key = decode.request_id(request_id)
    if key is not None:
        _bind(idempotency_key=key)
    return key


def _catalog_key(request_id: str) -> dict[str, Any]:
    """A catalog call's idempotency key and the calling app, whose keys it is scoped to."""
    return {"idempotency_key": _idempotency_key(request_id), "channel": _channel()}


class RedemptionServicer(LifecycleRpcs):
    """The service's RPCs, each named as in the proto (the lifecycle's in lifecycle.py)."""

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger
        self._feed = EventFeed(ledger)

    def _key(self, request_id: str) -> dict[str, Any]:
        return _catalog_key(request_id)

    # -- redemptions --------------------------------------------------------------------

    def Redeem(self, request: service.RedeemRequest, context: Context) -> bytes:
        bound = call.current()
        channel = Channel(bound.app_id, ChannelType.API)
        command = decode.redeem_command(request, channel, validations.session_input)
        result = self._ledger.redeem(
            command, _idempotency_key(request.request_id), request_id=bound.request_id
        )
        _bind(redemption_ids=encode.redemption_ids(result))
        return encode_direct.redeem_response(result)

    def RollbackRedemption(
        self, request: service.RollbackRedemptionRequest, context: Context
    ) -> service.RollbackRedemptionResponse:
        command = decode.rollback_command(request, _channel())
        made = self._ledger.rollback(
            command, _idempotency_key(request.request_id), request_id=_request_id()
        )
        _bind(redemption_ids=[made.id])
        return service.RollbackRedemptionResponse(rollback=encode.rollback(made))

    def RollbackStackedRedemptions(
        self, request: service.RollbackStackedRedemptionsRequest, context: Context
    ) -> service.RollbackStackedRedemptionsResponse:
        command = decode.rollback_command(request, _channel())
        result = self._ledger.rollback_stack(
            command, _idempotency_key(request.request_id), request_id=_request_id()
        )
        _bind(redemption_ids=encode.redemption_ids(result))
        return encode.stacked_rollback_response(result)

    def GetRedemption(
        self, request: service.GetRedemptionRequest, context: Context
    ) -> service.GetRedemptionResponse:
        found = self._ledger.get_redemption(decode.required(request.redemption_id, "redemption_id"))
        return encode.get_redemption_response(found)

    def ListRedemptions(
        self, request: service.ListRedemptionsRequest, context: Context
    ) -> service.ListRedemptionsResponse:
        query = lists.record_query(request)
        page = self._ledger.list_redemptions(query, customer=decode.optional(request, "customer"))
        return lists.list_response(page, query)

    def ListVoucherRedemptions(
        self, request: service.ListVoucherRedemptionsRequest, context: Context
    ) -> service.ListVoucherRedemptionsResponse:
        size, number = lists.page_size(request.page_size), lists.page_number(request.page_token)
        code = decode.required(request.code, "code")
        voucher, page = self._ledger.voucher_redemptions(code, size, number)
        return lists.voucher_history_response(voucher, page, number, size)

    def RedeemLoyaltyReward(
        self, request: service.RedeemLoyaltyRewardRequest, context: Context
    ) -> service.RedeemLoyaltyRewardResponse:
        command = lists.member_redemption_command(request, _channel())
        made = self._ledger.redeem_reward(
            command, _idempotency_key(request.request_id), request_id=_request_id()
        )
        _bind(redemption_ids=[made.id])
        return service.RedeemLoyaltyRewardResponse(redemption=encode.redemption(made))

    def ListCustomerActivities(
        self, request: service.ListCustomerActivitiesRequest, context: Context
    ) -> service.ListCustomerActivitiesResponse:
        customer_id = decode.required(request.customer_id, "customer_id")
        asked = activities.activity_request(request)
        return activities.response(activity_view.page(self._ledger, customer_id, asked))

    # -- events -------------------------------------------------------------------------

    def WatchEvents(
        self, request: service.WatchEventsRequest, context: Context
    ) -> Iterator[service.WatchEventsResponse]:
        """The outbox after `after_position`, then each event as it commits, until the
        client cancels or the server stops (each watcher holds one worker thread)."""
        if request.after_position < 0:
            raise errors.InvalidPayload("must be 0 or more", field="after_position")
        follow = self._feed.follow(
            request.after_position, WATCH_BATCH, lambda: not context.is_active()
        )
        for position, event in follow:
            yield service.WatchEventsResponse(event=encode_event(self._ledger, position, event))

    # -- catalog ------------------------------------------------------------------------

    def CreateVoucher(
        self, request: service.CreateVoucherRequest, context: Context
    ) -> service.CreateVoucherResponse:
        with decode.fields_under("voucher."):
            given = decode_catalog.voucher_input(decode_catalog.body(request, "voucher"))
            made = self._ledger.create_voucher(given, **_catalog_key(request.request_id))
        return service.CreateVoucherResponse(voucher=encode.voucher(made))

    def GetVoucher(
        self, request: service.GetVoucherRequest, context: Context
    ) -> service.GetVoucherResponse:
        found = self._ledger.get_voucher(decode.required(request.code, "code"))
        return service.GetVoucherResponse(voucher=encode.voucher(found))

    def CreateCampaign(
        self, request: service.CreateCampaignRequest, context: Context
    ) -> service.CreateCampaignResponse:
        with decode.fields_under("campaign."):
            given = decode_catalog.campaign_input(decode_catalog.body(request, "campaign"))
            made, tiers = self._ledger.create_campaign(given, **_catalog_key(request.request_id))
        return service.CreateCampaignResponse(campaign=encode.campaign(made, tiers))

    def CreatePromotionTier(
        self, request: service.CreatePromotionTierRequest, context: Context
    ) -> service.CreatePromotionTierResponse:
        campaign_id = decode.required(request.campaign_id, "campaign_id")
        with decode.fields_under("promotion_tier."):
            given = decode_catalog.tier_input(decode_catalog.body(request, "promotion_tier"))
            tier, campaign = self._ledger.create_tier(
                campaign_id, given, **_catalog_key(request.request_id)
            )
        return service.CreatePromotionTierResponse(
            promotion_tier=encode.promotion_tier(tier, campaign)
        )

    def CreateReward(
        self, request: service.CreateRewardRequest, context: Context
    ) -> service.CreateRewardResponse:
        with decode.fields_under("reward."):
            given = decode_catalog.reward_input(decode_catalog.body(request, "reward"))
            made = self._ledger.create_reward(given, **_catalog_key(request.request_id))
        return service.CreateRewardResponse(reward=encode.reward(made))

    def CreateRewardAssignments(
        self, request: service.CreateRewardAssignmentsRequest, context: Context
    ) -> service.CreateRewardAssignmentsResponse:
        campaign_id = decode.required(request.campaign_id, "campaign_id")
        made = self._ledger.assign_rewards(
            campaign_id,
            decode_catalog.assignment_inputs(request),
            **_catalog_key(request.request_id),
        )
        return service.CreateRewardAssignmentsResponse(
            reward_assignments=[encode.reward_assignment(item) for item in made]
        )

    def CreateLoyaltyMember(
        self, request: service.CreateLoyaltyMemberRequest, context: Context
    ) -> service.CreateLoyaltyMemberResponse:
        campaign_id = decode.required(request.campaign_id, "campaign_id")
        with decode.fields_under("member."):
            given = decode_catalog.member_input(decode_catalog.body(request, "member"))
            card = self._ledger.publish_member(
                campaign_id, given, **_catalog_key(request.request_id)
            )
        return service.CreateLoyaltyMemberResponse(voucher=encode.voucher(card))

    # -- validations, sessions, validation rules (DOMAIN.md 16) -------------------------

    def Validate(
        self, request: service.ValidateRequest, context: Context
    ) -> service.ValidateResponse:
        command = validations.validate_command(request, _channel())
        result = self._ledger.validate(
            command, _idempotency_key(request.request_id), request_id=_request_id()
        )
        return validations.validate_response(result)

    def ReleaseSession(
        self, request: service.ReleaseSessionRequest, context: Context
    ) -> service.ReleaseSessionResponse:
        code = decode.required(request.code, "code")
        self._ledger.release_session(code, decode.required(request.session_key, "session_key"))
        return service.ReleaseSessionResponse()

    def CreateValidationRule(
        self, request: service.CreateValidationRuleRequest, context: Context
    ) -> service.CreateValidationRuleResponse:
        given = validations.rule_input(request, creating=True)
        made = self._ledger.create_validation_rule(given, **_catalog_key(request.request_id))
        return service.CreateValidationRuleResponse(
            validation_rule=validations.validation_rule(made)
        )

    def GetValidationRule(
        self, request: service.GetValidationRuleRequest, context: Context
    ) -> service.GetValidationRuleResponse:
        rule_id = decode.required(request.validation_rule_id, "validation_rule_id")
        found = self._ledger.get_validation_rule(rule_id)
        return service.GetValidationRuleResponse(validation_rule=validations.validation_rule(found))

    def ListValidationRules(
        self, request: service.ListValidationRulesRequest, context: Context
    ) -> service.ListValidationRulesResponse:
        found, total = self._ledger.list_validation_rules(
            *validations.page(request.limit, request.page)
        )
        return service.ListValidationRulesResponse(
            validation_rules=[validations.validation_rule(rule) for rule in found], total=total
        )

    def UpdateValidationRule(
        self, request: service.UpdateValidationRuleRequest, context: Context
    ) -> service.UpdateValidationRuleResponse:
        rule_id = decode.required(request.validation_rule_id, "validation_rule_id")
        given = validations.rule_input(request, creating=False)
        updated = self._ledger.update_validation_rule(rule_id, given)
        return service.UpdateValidationRuleResponse(
            validation_rule=validations.validation_rule(updated)
        )

    def DeleteValidationRule(
        self, request: service.DeleteValidationRuleRequest, context: Context
    ) -> service.DeleteValidationRuleResponse:
        rule_id = decode.required(request.validation_rule_id, "validation_rule_id")
        self._ledger.delete_validation_rule(rule_id)
        return service.DeleteValidationRuleResponse()

    def CreateValidationRuleAssignment(
        self, request: service.CreateValidationRuleAssignmentRequest, context: Context
    ) -> service.CreateValidationRuleAssignmentResponse:
        rule_id = decode.required(request.validation_rule_id, "validation_rule_id")
        kind = validations.RULE_OBJECT.decode(request.related_object_type, "related_object_type")
        object_id = decode.required(request.related_object_id, "related_object_id")
        made = self._ledger.assign_validation_rule(
            rule_id, kind or AssignedKind.VOUCHER, object_id, **_catalog_key(request.request_id)
        )
        return service.CreateValidationRuleAssignmentResponse(
            assignment=validations.assignment(made)
        )

    def ListValidationRuleAssignments(
        self, request: service.ListValidationRuleAssignmentsRequest, context: Context
    ) -> service.ListValidationRuleAssignmentsResponse:
        rule_id = decode.required(request.validation_rule_id, "validation_rule_id")
        limit, number = validations.page(request.limit, request.page)
        found = list(self._ledger.validation_rule_assignments(rule_id))
        start = (number - 1) * limit
        return service.ListValidationRuleAssignmentsResponse(
            assignments=[validations.assignment(item) for item in found[start : start + limit]],
            total=len(found),
        )


ENCODED_RESPONSES = frozenset({"Redeem"})
"""RPCs whose servicer method returns the response's bytes (`encode_direct`), not a message."""


def _as_is(response: bytes) -> bytes:
    return response


def method_handlers(servicer: Any) -> dict[str, grpc.RpcMethodHandler[Any, Any]]:
    """One handler per RPC of the proto's service (unary, or server-streaming for
    WatchEvents), bound to the servicer's method of the same name (a missing method fails
    here, at start-up)."""
    descriptor = service.DESCRIPTOR.services_by_name["RedemptionService"]
    handlers = {}
    for method in descriptor.methods:
        # The messages live in the files the service imports (lifecycle.proto's too).
        request_class = message_factory.GetMessageClass(method.input_type)
        response_class = message_factory.GetMessageClass(method.output_type)
        make = (grpc.unary_stream_rpc_method_handler if method.server_streaming
                else grpc.unary_unary_rpc_method_handler)
        handlers[method.name] = make(
            getattr(servicer, method.name),
            request_deserializer=request_class.FromString,
            response_serializer=(
                _as_is if method.name in ENCODED_RESPONSES else response_class.SerializeToString
            ),
        )
    return handlers
