"""Business failures of the redemption ledger, one class per Voucherify failure code.

A business failure is returned to the caller and, where the spec says so, recorded as a
failed redemption (`rf_`) or rollback (`rrf_`). A broken invariant is a bug and raises
`InvariantViolation`, which is never mapped to a failure code.

Each leaf carries its wire `code` (Voucherify's `key` / `failure_code`) and the HTTP status
of DOMAIN.md section 10.3. Transport status codes other than HTTP (gRPC) live in the adapter
that needs them, never here.
"""

from __future__ import annotations

from typing import ClassVar


class InvariantViolation(Exception):
    """Our own code broke a rule it guarantees; never a caller's mistake."""


class RedemptionError(Exception):
    """Root of every business failure; `code` is the stable wire key."""

    code: ClassVar[str] = ""
    http_status: ClassVar[int] = 400
    message: ClassVar[str] = ""

    def __init__(
        self,
        details: str = "",
        *,
        field: str | None = None,
        resource_id: str | None = None,
        resource_type: str | None = None,
        redeemable_type: str | None = None,
        redeemable_id: str | None = None,
    ) -> None:
        self.details = details
        self.field = field
        self.resource_id = resource_id
        self.resource_type = resource_type
        self.redeemable_type = redeemable_type
        self.redeemable_id = redeemable_id
        super().__init__(details)

    def __str__(self) -> str:
        where = f" ({self.field})" if self.field else ""
        tail = f": {self.details}" if self.details else ""
        return f"{self.code}{where}: {self.message}{tail}"

    def with_record(self, resource_id: str, resource_type: str) -> RedemptionError:
        """Point the error at the failed record (`rf_`/`rrf_`) that documents it."""
        self.resource_id = resource_id
        self.resource_type = resource_type
        return self


# -- intermediate classes --------------------------------------------------------------


class InvalidRequest(RedemptionError):
    """The request itself is malformed; nothing is recorded."""


class NotFound(RedemptionError):
    """A resource named by the request does not exist."""

    http_status = 404


class Conflict(RedemptionError):
    """The request clashes with something that already exists."""

    http_status = 409


class RedeemableRejected(RedemptionError):
    """A redeemable may not be redeemed now; recorded as a failed redemption."""


class RollbackRejected(RedemptionError):
    """A redemption may not be rolled back; recorded as a failed rollback."""


class Unavailable(RedemptionError):
    """The store could not serve the request now; retrying may succeed."""

    http_status = 503


# -- request shape ---------------------------------------------------------------------


class InvalidPayload(InvalidRequest):
    code = "invalid_payload"
    message = "Invalid payload"


class InvalidQueryParams(InvalidRequest):
    code = "invalid_query_params"
    message = "Invalid query params"


class DuplicatedRedeemables(InvalidRequest):
    code = "duplicated_redeemables"
    message = "Duplicated redeemables"


class InvalidRedeemables(InvalidRequest):
    code = "invalid_redeemables"
    message = "Invalid redeemables"


class InvalidRedemption(InvalidRequest):
    code = "invalid_redemption"
    message = "Invalid redemption"


class InvalidRedemptionParent(InvalidRequest):
    code = "invalid_redemption_parent"
    message = "Invalid redemption parent"


class AmbiguousTrackingId(InvalidRequest):
    code = "ambiguous_tracking_id"
    message = "Ambiguous tracking id"


class InvalidValidationRules(InvalidRequest):
    code = "invalid_validation_rules"
    message = "invalid validation rules"


class IdempotencyKeyReused(InvalidRequest):
    """The same idempotency key arrived with a different request body."""

    code = "idempotency_key_reused"
    message = "Idempotency key was used with a different request"
    http_status = 409


# -- missing things --------------------------------------------------------------------


class ResourceNotFound(NotFound):
    code = "not_found"
    message = "Resource not found"


class DuplicateFound(Conflict):
    code = "duplicate_found"
    message = "Duplicate found"


# -- redeemable checks (DOMAIN.md 9.1-9.4) ---------------------------------------------


class VoucherDisabled(RedeemableRejected):
    code = "voucher_disabled"
    message = "voucher is disabled"


class VoucherNotActive(RedeemableRejected):
    code = "voucher_not_active"
    message = "voucher not active"


class VoucherExpired(RedeemableRejected):
    code = "voucher_expired"
    message = "voucher expired"


class VoucherNotActiveNow(RedeemableRejected):
    code = "voucher_not_active_now"
    message = "voucher not active now"


class PromotionInactive(RedeemableRejected):
    code = "promotion_inactive"
    message = "Inactive Promotion"


class PromotionNotActiveNow(RedeemableRejected):
    code = "promotion_not_active_now"
    message = "promotion not active now"


class QuantityExceeded(RedeemableRejected):
    code = "quantity_exceeded"
    message = "quantity exceeded"


class GiftAmountExceeded(RedeemableRejected):
    code = "gift_amount_exceeded"
    message = "gift amount exceeded"


class LoyaltyCardPointsExceeded(RedeemableRejected):
    code = "loyalty_card_points_exceeded"
    message = "loyalty card points exceeded"


class InvalidCustomer(RedeemableRejected):
    code = "invalid_customer"
    message = "Customer must be a holder of a loyalty card."


class MissingCustomer(RedeemableRejected):
    code = "missing_customer"
    message = "missing customer"


class InvalidOrder(RedeemableRejected):
    code = "invalid_order"
    message = "invalid order"


class InvalidAmount(RedeemableRejected):
    code = "invalid_amount"
    message = "invalid amount"


class MissingAmount(RedeemableRejected):
    code = "missing_amount"
    message = "missing amount"


class MissingOrder(RedeemableRejected):
    code = "missing_order"
    message = "missing order"


class MissingOrderItems(RedeemableRejected):
    code = "missing_order_items"
    message = "missing order items"


class MissingOrderItemsAmount(RedeemableRejected):
    code = "missing_order_items_amount"
    message = "missing order items amount"


class MissingReward(RedeemableRejected):
    code = "missing_reward"
    message = "A reward is required when redeeming a LOYALTY_CARD"


class InvalidGift(RedeemableRejected):
    code = "invalid_gift"
    message = "invalid gift"


class NoApplicableRedeemables(RedeemableRejected):
    code = "no_applicable_redeemables"
    message = "No applicable redeemables"


class MultipleRequests(RedeemableRejected):
    code = "multiple_requests"
    message = "multiple requests"


class VoucherAlreadyPublished(RedeemableRejected):
    code = "voucher_already_published"
    message = "voucher already published"


class NoVoucherSuitableForPublication(RedeemableRejected):
    code = "no_voucher_suitable_for_publication"
    message = "no voucher suitable for publication"


class InvalidVoucher(RedeemableRejected):
    code = "invalid_voucher"
    message = "invalid voucher"


# Validation-rule failures (DOMAIN.md 16.3): the key names the group of the failing rule,
# the message is the rule's own `error.message` when it has one.


class RulesViolated(RedeemableRejected):
    """A redeemable's validation rules do not hold; `rule_message` replaces the generic
    message (the rule's or the rule set's `error.message`)."""

    def __init__(
        self, details: str = "", *, rule_message: str | None = None, **where: str | None
    ) -> None:
        super().__init__(details, **where)
        if rule_message:
            # Per instance (the class's generic text is a ClassVar): the wire body and the
            # `rf_` record both read `message`.
            vars(self)["message"] = rule_message


class CustomerRulesViolated(RulesViolated):
    code = "customer_rules_violated"
    message = "customer does not match validation rules"


class OrderRulesViolated(RulesViolated):
    code = "order_rules_violated"
    message = "order does not match validation rules"


class RedemptionRulesViolated(RulesViolated):
    code = "redemption_rules_violated"
    message = "redemption does not match validation rules"


class MetadataValidationFailed(RedeemableRejected):
    code = "metadata_validation_failed"
    message = "metadata validation failed"


class ReferrerNotPermittedToRedeem(RedeemableRejected):
    code = "referrer_not_permitted_to_redeem"
    message = "referrer not permitted to redeem"


class Forbidden(RedemptionError):
    code = "forbidden"
    message = "forbidden"
    http_status = 403


# -- rollback checks (DOMAIN.md 6.2) ---------------------------------------------------


class AlreadyRolledBack(RollbackRejected):
    code = "already_rolled_back"
    message = "Already rolled back"


class InvalidRollbackParams(RollbackRejected):
    code = "invalid_rollback_params"
    message = "Invalid rollback params"


class RollbackCustomerMismatch(RollbackRejected):
    code = "invalid_customer"
    message = "customer is not related with redemption"


class RollbackOrderMismatch(RollbackRejected):
    code = "invalid_order"
    message = "order is not related with redemption"


# -- store -----------------------------------------------------------------------------


class StoreBusy(Unavailable):
    """The store's write lock was not granted in time; nothing was written. Retry."""

    code = "store_busy"
    message = "The store is busy; nothing was written, retry the request"


class StoreUnavailable(Unavailable):
    """The store cannot write now (disk full, quota, a failed write); retry later.

    Reads keep working; writes succeed again as soon as the cause is gone (no restart).
    """

    code = "store_unavailable"
    message = "The store cannot write now; retry the request later"


def leaf_classes(root: type[RedemptionError] = RedemptionError) -> list[type[RedemptionError]]:
    """Every concrete failure class (those with a code), depth first."""
    found: list[type[RedemptionError]] = []
    for sub in root.__subclasses__():
        if sub.code:
            found.append(sub)
        found.extend(leaf_classes(sub))
    return found
