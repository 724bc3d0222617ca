"""Typed Voucherify request bodies, one frozen class per body and nested object.

Attribute names are exactly the keys `spec/openapi-redemptions.json` defines for that body
(allOf composed; for oneOf bodies the union of the branches, with the discriminating field
checked in `__attrs_post_init__`). Keys outside the schema are rejected by the converter.

Typing rules, so the mapping to domain commands never guesses:
- money and points are `int` even where the spec says `number` (DOMAIN.md 2.1);
  `percent_off` and the coin ratios are `Decimal`;
- date-times are aware UTC `datetime`s, birthdates `date`s;
- JSON arrays become tuples, free-form objects (`metadata`) `dict[str, Any]`;
- documented keys that redemption-core does not act on are listed in `IGNORED_KEYS`; those
  with a structured value we do not model are typed `object` and kept as sent.

This module holds no cattrs code: `converter.structure_request` turns JSON into these.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final, Literal, TypeAlias

import attrs

from .converter import RuleError

Metadata: TypeAlias = dict[str, Any]
_Rule: TypeAlias = tuple[str, str]

OrderStatus: TypeAlias = Literal["CREATED", "PAID", "CANCELED", "FULFILLED"]
VoucherType: TypeAlias = Literal["DISCOUNT_VOUCHER", "GIFT_VOUCHER", "LOYALTY_CARD"]
DiscountType: TypeAlias = Literal["AMOUNT", "PERCENT", "FIXED", "UNIT"]
DiscountEffect: TypeAlias = Literal[
    "APPLY_TO_ORDER",
    "APPLY_TO_ITEMS",
    "APPLY_TO_ITEMS_PROPORTIONALLY",
    "APPLY_TO_ITEMS_PROPORTIONALLY_BY_QUANTITY",
    "APPLY_TO_ITEMS_BY_QUANTITY",
    "ADD_MISSING_ITEMS",
    "ADD_NEW_ITEMS",
    "ADD_MANY_ITEMS",
    "ADD_SAME_ITEMS",
]
GiftEffect: TypeAlias = Literal["APPLY_TO_ORDER", "APPLY_TO_ITEMS"]
CampaignType: TypeAlias = Literal[
    "DISCOUNT_COUPONS", "GIFT_VOUCHERS", "LOYALTY_PROGRAM", "PROMOTION", "REFERRAL_PROGRAM"
]
RewardType: TypeAlias = Literal["CAMPAIGN", "COIN", "MATERIAL"]
DayOfWeek: TypeAlias = Literal[0, 1, 2, 3, 4, 5, 6]
TtlUnit: TypeAlias = Literal[
    "DAYS", "HOURS", "MINUTES", "SECONDS", "MILLISECONDS", "MICROSECONDS", "NANOSECONDS"
]


def _sent(instance: object, names: tuple[str, ...]) -> list[str]:
    return [name for name in names if getattr(instance, name) is not None]


def _raise_any(rules: list[_Rule]) -> None:
    if rules:
        raise RuleError(*rules)


# -- customer, order, session ---------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AddressRequest:
    """`Customer.address`."""

    city: str | None = None
    state: str | None = None
    line_1: str | None = None
    line_2: str | None = None
    country: str | None = None
    postal_code: str | None = None


@attrs.frozen(kw_only=True)
class CustomerRequest:
    """`Customer` = `{id, source_id}` + `CustomerBase`."""

    id: str | None = None
    source_id: str | None = None
    name: str | None = None
    description: str | None = None
    email: str | None = None
    phone: str | None = None
    birthday: date | None = None  # Voucherify's deprecated spelling of birthdate
    birthdate: date | None = None
    address: AddressRequest | None = None
    metadata: Metadata | None = None


@attrs.frozen(kw_only=True)
class OrderItemProductRequest:
    """`OrderItem.product`; `price` is cents although the spec says number."""

    id: str | None = None
    source_id: str | None = None
    override: bool | None = None
    name: str | None = None
    metadata: Metadata | None = None
    price: int | None = None


@attrs.frozen(kw_only=True)
class OrderItemSkuRequest:
    """`OrderItem.sku`; `price` is cents although the spec says number."""

    id: str | None = None
    source_id: str | None = None
    override: bool | None = None
    sku: str | None = None
    price: int | None = None
    metadata: Metadata | None = None


@attrs.frozen(kw_only=True)
class OrderItemRequest:
    """`OrderItem` (its `required: ["object"]` names no property: ignored, DOMAIN.md 12)."""

    sku_id: str | None = None
    product_id: str | None = None
    related_object: Literal["product", "sku"] | None = None
    source_id: str | None = None
    quantity: int | None = None
    discount_quantity: int | None = None
    initial_quantity: int | None = None
    amount: int | None = None
    discount_amount: int | None = None
    initial_amount: int | None = None
    price: int | None = None
    product: OrderItemProductRequest | None = None
    sku: OrderItemSkuRequest | None = None
    metadata: Metadata | None = None


@attrs.frozen(kw_only=True)
class OrderRequest:
    """`Order` = `{id}` + `OrderBase`."""

    id: str | None = None
    source_id: str | None = None
    status: OrderStatus | None = None
    amount: int | None = None
    initial_amount: int | None = None
    discount_amount: int | None = None
    items: tuple[OrderItemRequest, ...] | None = None
    metadata: Metadata | None = None


@attrs.frozen(kw_only=True)
class SessionRequest:
    """`Session`; `ttl` is whole units although the spec says number."""

    key: str | None = None
    type: Literal["LOCK"] | None = None
    ttl: int | None = None
    ttl_unit: TtlUnit | None = None


# -- POST /v1/redemptions --------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class GiftCreditsRequest:
    """`RedeemGiftCard.gift`: the credits (cents) to take from the card."""

    credits: int | None = None


@attrs.frozen(kw_only=True)
class RewardPointsRequest:
    """`RedeemLoyaltyCard.reward` and the member redemption's `reward`."""

    id: str | None = None
    points: int | None = None


@attrs.frozen(kw_only=True)
class VoucherRedeemable:
    """`RedeemVoucher`, `RedeemGiftCard` and `RedeemLoyaltyCard`: they differ only by `gift`
    or `reward`, and the spec's oneOf cannot tell them apart (DOMAIN.md 12)."""

    object: Literal["voucher"] = "voucher"
    id: str
    gift: GiftCreditsRequest | None = None
    reward: RewardPointsRequest | None = None

    def __attrs_post_init__(self) -> None:
        if self.gift is not None and self.reward is not None:
            raise RuleError(("", "must not contain both gift and reward"))


@attrs.frozen(kw_only=True)
class PromotionTierRedeemable:
    """`RedeemPromotionTier`."""

    object: Literal["promotion_tier"] = "promotion_tier"
    id: str


@attrs.frozen(kw_only=True)
class PromotionStackRedeemable:
    """`RedeemPromotionStack`."""

    object: Literal["promotion_stack"] = "promotion_stack"
    id: str


RedeemableRequest: TypeAlias = (
    VoucherRedeemable | PromotionTierRedeemable | PromotionStackRedeemable
)


@attrs.frozen(kw_only=True)
class RedeemOptionsRequest:
    """`options` of the redeem body."""

    expand: tuple[Literal["order", "redemption", "redeemable", "category"], ...] | None = None


@attrs.frozen(kw_only=True)
class RedeemRequest:
    """`RedemptionsRedeemRequestBody` (= `ClientRedemptionsRedeemRequestBody`).

    The 1-30 bound on `redeemables` is the domain's rule (it has its own failure codes).
    """

    redeemables: tuple[RedeemableRequest, ...]
    order: OrderRequest | None = None
    customer: CustomerRequest | None = None
    session: SessionRequest | None = None
    tracking_id: str | None = None
    metadata: Metadata | None = None
    options: RedeemOptionsRequest | None = None


# -- rollbacks -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RollbackRequest:
    """`RedemptionsRollbackCreateRequestBody`; `RedemptionsRollbacksCreateRequestBody` (the
    stacked `/rollbacks`) defines exactly the same keys, so one class serves both."""

    reason: str | None = None
    tracking_id: str | None = None
    customer: CustomerRequest | None = None
    order: OrderRequest | None = None
    metadata: Metadata | None = None


# -- discounts, validity, voucher parts ------------------------------------------------------

_DISCOUNT_KEYS: Final[dict[str, frozenset[str]]] = {
    "AMOUNT": frozenset(
        {"amount_off", "amount_off_formula", "aggregated_amount_limit", "effect", "is_dynamic"}
    ),
    "PERCENT": frozenset(
        {
            "percent_off",
            "percent_off_formula",
            "amount_limit",
            "aggregated_amount_limit",
            "effect",
            "is_dynamic",
        }
    ),
    "FIXED": frozenset({"fixed_amount", "fixed_amount_formula", "effect", "is_dynamic"}),
    # DiscountUnit and DiscountUnitMultiple share type UNIT.
    "UNIT": frozenset(
        {
            "unit_off",
            "unit_off_formula",
            "unit_type",
            "product",
            "sku",
            "units",
            "effect",
            "is_dynamic",
        }
    ),
}
_DISCOUNT_EFFECTS: Final[dict[str, tuple[str, ...]]] = {
    "AMOUNT": (
        "APPLY_TO_ORDER",
        "APPLY_TO_ITEMS",
        "APPLY_TO_ITEMS_PROPORTIONALLY",
        "APPLY_TO_ITEMS_PROPORTIONALLY_BY_QUANTITY",
        "APPLY_TO_ITEMS_BY_QUANTITY",
    ),
    "PERCENT": ("APPLY_TO_ORDER", "APPLY_TO_ITEMS"),
    "FIXED": ("APPLY_TO_ORDER", "APPLY_TO_ITEMS"),
    "UNIT": ("ADD_MISSING_ITEMS", "ADD_NEW_ITEMS", "ADD_MANY_ITEMS", "ADD_SAME_ITEMS"),
}


@attrs.frozen(kw_only=True)
class DiscountRequest:
    """`Discount`: the union of DiscountAmount, DiscountPercent, DiscountFixed, DiscountUnit and
    DiscountUnitMultiple, discriminated by `type` (DOMAIN.md 3.6). A key of another shape
    than `type`'s is rejected, as is an `effect` that shape does not define."""

    type: DiscountType
    effect: DiscountEffect | None = None
    amount_off: int | None = None
    amount_off_formula: str | None = None
    aggregated_amount_limit: int | None = None
    percent_off: Decimal | None = None
    percent_off_formula: str | None = None
    amount_limit: int | None = None
    fixed_amount: int | None = None
    fixed_amount_formula: str | None = None
    unit_off: int | None = None
    unit_off_formula: str | None = None
    unit_type: str | None = None
    product: object | None = None
    sku: object | None = None
    units: object | None = None
    is_dynamic: bool | None = None

    def __attrs_post_init__(self) -> None:
        allowed = _DISCOUNT_KEYS[self.type]
        names = tuple(field.name for field in attrs.fields(DiscountRequest) if field.name != "type")
        rules = [
            (name, f"not allowed when type is {self.type}")
            for name in _sent(self, names)
            if name not in allowed
        ]
        effects = _DISCOUNT_EFFECTS[self.type]
        if self.effect is not None and self.effect not in effects:
            rules.append(("effect", f"must be one of: {', '.join(effects)} (type {self.type})"))
        _raise_any(rules)


@attrs.frozen(kw_only=True)
class ValidityTimeframeRequest:
    """`ValidityTimeframe`: ISO 8601 durations, checked by the domain."""

    duration: str | None = None
    interval: str | None = None


@attrs.frozen(kw_only=True)
class DailyHoursRequest:
    """One item of `ValidityHours.daily`; times are `HH:mm`, checked by the domain."""

    start_time: str | None = None
    days_of_week: tuple[DayOfWeek, ...] | None = None
    expiration_time: str | None = None


@attrs.frozen(kw_only=True)
class ValidityHoursRequest:
    """`ValidityHours`."""

    daily: tuple[DailyHoursRequest, ...] | None = None


@attrs.frozen(kw_only=True)
class GiftRequest:
    """`Gift` as sent to create a gift card; `amount` is the initial credits (cents)."""

    amount: int | None = None
    subtracted_amount: int | None = None
    balance: int | None = None
    effect: GiftEffect | None = None


@attrs.frozen(kw_only=True)
class SimpleLoyaltyCardRequest:
    """`SimpleLoyaltyCard`, the `loyalty_card` of `VoucherCreateLoyaltyCard`: only `points`
    means something on creation; the rest are response fields the schema reuses."""

    points: int | None = None
    balance: int | None = None
    next_expiration_date: str | None = None
    next_expiration_points: int | None = None
    pending_points: int | None = None
    expired_points: int | None = None
    subtracted_points: int | None = None


@attrs.frozen(kw_only=True)
class LoyaltyCardRequest:
    """`CampaignLoyaltyCard`, the `loyalty_card` of a loyalty campaign's voucher template."""

    points: int | None = None
    expiration_rules: object | None = None


@attrs.frozen(kw_only=True)
class VoucherRedemptionRequest:
    """`redemption` of a voucher or template: `quantity` null = unlimited."""

    quantity: int | None = None


@attrs.frozen(kw_only=True)
class CodeConfigRequest:
    """`CodeConfig`; `length` is a whole number although the spec says number."""

    length: int | None = None
    charset: str | None = None
    prefix: str | None = None
    postfix: str | None = None
    pattern: str | None = None
    initial_count: int | None = None


_PAYLOAD_OF_VOUCHER_TYPE: Final[dict[str, str]] = {
    "DISCOUNT_VOUCHER": "discount",
    "GIFT_VOUCHER": "gift",
    "LOYALTY_CARD": "loyalty_card",
}


def _voucher_payload_rules(voucher: object, voucher_type: str, prefix: str) -> list[_Rule]:
    """The object `voucher_type` needs must be there; the other two must not."""
    wanted = _PAYLOAD_OF_VOUCHER_TYPE[voucher_type]
    rules: list[_Rule] = []
    if getattr(voucher, wanted) is None:
        rules.append((prefix + wanted, f"required for type {voucher_type}"))
    for other in _PAYLOAD_OF_VOUCHER_TYPE.values():
        if other != wanted and getattr(voucher, other) is not None:
            rules.append((prefix + other, f"not allowed when type is {voucher_type}"))
    return rules


# -- POST /v1/vouchers, /v1/vouchers/{code} ----------------------------------------------------


@attrs.frozen(kw_only=True)
class VoucherCreateRequest:
    """`VouchersCreateRequestBody` (`code` or `code_config`) and, without those two keys,
    `VouchersCreateWithSpecificCodeRequestBody`. `type` defaults to DISCOUNT_VOUCHER and
    decides which of `discount`, `gift`, `loyalty_card` is required (DOMAIN.md 15.1)."""

    code: str | None = None
    type: VoucherType | None = None
    campaign: str | None = None
    campaign_id: str | None = None
    category: str | None = None
    category_id: str | None = None
    start_date: datetime | None = None
    expiration_date: datetime | None = None
    validity_timeframe: ValidityTimeframeRequest | None = None
    validity_day_of_week: tuple[DayOfWeek, ...] | None = None
    validity_hours: ValidityHoursRequest | None = None
    active: bool | None = None
    additional_info: str | None = None
    metadata: Metadata | None = None
    validation_rules: object | None = None
    redemption: VoucherRedemptionRequest | None = None
    discount: DiscountRequest | None = None
    gift: GiftRequest | None = None
    loyalty_card: SimpleLoyaltyCardRequest | None = None
    code_config: CodeConfigRequest | None = None

    def __attrs_post_init__(self) -> None:
        _raise_any(_voucher_payload_rules(self, self.type or "DISCOUNT_VOUCHER", ""))


# -- POST /v1/promotions/{campaignId}/tiers ----------------------------------------------------


@attrs.frozen(kw_only=True)
class PromotionTierActionRequest:
    """`action` of a promotion tier."""

    discount: DiscountRequest | None = None


@attrs.frozen(kw_only=True)
class PromotionTierCreateRequest:
    """`PromotionsTiersCreateRequestBody` (= `PromotionTierCreate`) and the campaign's
    `promotion.tiers[]` (`PromotionTierCreateParams`): the two differ only in
    `validation_rule_assignments` vs `validation_rules`, both accepted and ignored, and
    DOMAIN.md 15.3 documents `validation_rules` for the tier endpoint too."""

    name: str | None = None
    banner: str | None = None
    action: PromotionTierActionRequest | None = None
    metadata: Metadata | None = None
    hierarchy: int | None = None
    active: bool | None = None
    start_date: datetime | None = None
    expiration_date: datetime | None = None
    validity_timeframe: ValidityTimeframeRequest | None = None
    validity_day_of_week: tuple[DayOfWeek, ...] | None = None
    validity_hours: ValidityHoursRequest | None = None
    category: str | None = None
    category_id: str | None = None
    validation_rules: object | None = None
    validation_rule_assignments: object | None = None


# -- POST /v1/campaigns ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CampaignVoucherRequest:
    """The `voucher` template: the union of DiscountCouponsCampaignVoucher,
    ReferralCampaignVoucher, GiftCampaignVoucher and CampaignLoyaltyVoucher. Which payload
    it needs follows from the campaign's `campaign_type`, checked by CampaignCreateRequest."""

    type: VoucherType | None = None
    discount: DiscountRequest | None = None
    gift: GiftRequest | None = None
    loyalty_card: LoyaltyCardRequest | None = None
    redemption: VoucherRedemptionRequest | None = None
    code_config: CodeConfigRequest | None = None
    is_referral_code: bool | None = None


@attrs.frozen(kw_only=True)
class CampaignPromotionRequest:
    """`promotion` of a PROMOTION campaign."""

    tiers: tuple[PromotionTierCreateRequest, ...] | None = None


_VOUCHER_TYPE_OF_CAMPAIGN: Final[dict[str, str]] = {
    "DISCOUNT_COUPONS": "DISCOUNT_VOUCHER",
    "REFERRAL_PROGRAM": "DISCOUNT_VOUCHER",
    "GIFT_VOUCHERS": "GIFT_VOUCHER",
    "LOYALTY_PROGRAM": "LOYALTY_CARD",
}
# Keys that only some branches of CampaignsCreateRequestBody define.
_CAMPAIGN_KEY_BRANCHES: Final[dict[str, frozenset[str]]] = {
    "voucher": frozenset(_VOUCHER_TYPE_OF_CAMPAIGN),
    "promotion": frozenset({"PROMOTION"}),
    "referral_program": frozenset({"REFERRAL_PROGRAM"}),
    # CampaignsCreateLoyaltyCampaign is built on CampaignsCreateBase, without validation rules.
    "validation_rules": frozenset(
        {"DISCOUNT_COUPONS", "REFERRAL_PROGRAM", "GIFT_VOUCHERS", "PROMOTION"}
    ),
}


@attrs.frozen(kw_only=True)
class CampaignCreateRequest:
    """`CampaignsCreateRequestBody`: the union of its five branches, discriminated by the
    required `campaign_type`. `active` is not in the schema's CampaignsCreateBase but
    DOMAIN.md 15.2 documents it (default true), so it is accepted."""

    name: str | None = None
    description: str | None = None
    campaign_type: CampaignType = "DISCOUNT_COUPONS"
    """The spec's default (DOMAIN.md 17): an omitted campaign_type is DISCOUNT_COUPONS."""
    type: Literal["AUTO_UPDATE", "STATIC", "STANDALONE"] | None = None
    join_once: bool | None = None
    auto_join: bool | None = None
    use_voucher_metadata_schema: bool | None = None
    vouchers_count: int | None = None
    active: bool | None = None
    start_date: datetime | None = None
    expiration_date: datetime | None = None
    validity_timeframe: ValidityTimeframeRequest | None = None
    validity_day_of_week: tuple[DayOfWeek, ...] | None = None
    validity_hours: ValidityHoursRequest | None = None
    activity_duration_after_publishing: str | None = None
    category_id: str | None = None
    category: str | None = None
    metadata: Metadata | None = None
    access_settings: object | None = None
    validation_rules: object | None = None
    voucher: CampaignVoucherRequest | None = None
    referral_program: object | None = None
    promotion: CampaignPromotionRequest | None = None

    def __attrs_post_init__(self) -> None:
        rules = [
            (name, f"not allowed when campaign_type is {self.campaign_type}")
            for name in _sent(self, tuple(_CAMPAIGN_KEY_BRANCHES))
            if self.campaign_type not in _CAMPAIGN_KEY_BRANCHES[name]
        ]
        if self.voucher is not None and self.campaign_type in _VOUCHER_TYPE_OF_CAMPAIGN:
            rules.extend(self._template_rules(self.voucher))
        _raise_any(rules)

    def _template_rules(self, voucher: CampaignVoucherRequest) -> list[_Rule]:
        expected = _VOUCHER_TYPE_OF_CAMPAIGN[self.campaign_type]
        rules = _voucher_payload_rules(voucher, expected, "voucher.")
        if voucher.type is not None and voucher.type != expected:
            rules.append(
                ("voucher.type", f"must be {expected} for campaign_type {self.campaign_type}")
            )
        if voucher.is_referral_code is not None and self.campaign_type != "REFERRAL_PROGRAM":
            rules.append(
                (
                    "voucher.is_referral_code",
                    f"not allowed when campaign_type is {self.campaign_type}",
                )
            )
        return rules


# -- POST /v1/rewards --------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RewardCampaignParametersRequest:
    """`parameters.campaign` (digital reward): `balance` is cents or points to add.

    `type` is not in the request schema; it is the campaign type the Reward object echoes
    (`RewardTypeCampaign`), accepted so a fetched reward can be sent back."""

    id: str
    balance: int | None = None
    type: Literal["DISCOUNT_COUPONS", "GIFT_VOUCHERS", "LOYALTY_PROGRAM"] | None = None


@attrs.frozen(kw_only=True)
class RewardCoinParametersRequest:
    """`parameters.coin` (pay with points). The spec types the ratios as strings, the SDK
    one as a number, Voucherify's examples send integers: numbers and numeric strings."""

    exchange_ratio: Decimal
    points_ratio: Decimal


@attrs.frozen(kw_only=True)
class RewardProductParametersRequest:
    """`parameters.product` (material reward)."""

    id: str
    sku_id: str | None = None


_PARAMETER_OF_REWARD_TYPE: Final[dict[str, str]] = {
    "CAMPAIGN": "campaign",
    "COIN": "coin",
    "MATERIAL": "product",
}


@attrs.frozen(kw_only=True)
class RewardParametersRequest:
    """`parameters`: exactly one of the three branch objects."""

    campaign: RewardCampaignParametersRequest | None = None
    coin: RewardCoinParametersRequest | None = None
    product: RewardProductParametersRequest | None = None

    def __attrs_post_init__(self) -> None:
        sent = _sent(self, ("campaign", "coin", "product"))
        if len(sent) != 1:
            raise RuleError(("", "must contain exactly one of: campaign, coin, product"))

    @property
    def reward_type(self) -> RewardType:
        """The reward type the one member sent implies."""
        if self.campaign is not None:
            return "CAMPAIGN"
        if self.coin is not None:
            return "COIN"
        return "MATERIAL"


@attrs.frozen(kw_only=True)
class RewardAttributesRequest:
    """`attributes` of a material reward."""

    image_url: str | None = None
    description: str | None = None


@attrs.frozen(kw_only=True)
class RewardCreateRequest:
    """`RewardsCreateRequestBody`: digital, material or pay-with-points, told apart by the
    member of `parameters`. `type` is not in the schema but Voucherify's examples send it
    (DOMAIN.md 15.4); when sent it must agree with `parameters`."""

    name: str | None = None
    type: RewardType | None = None
    parameters: RewardParametersRequest
    metadata: Metadata | None = None
    stock: int | None = None
    attributes: RewardAttributesRequest | None = None

    def __attrs_post_init__(self) -> None:
        implied = self.parameters.reward_type
        rules: list[_Rule] = []
        if self.type is not None and self.type != implied:
            wanted = _PARAMETER_OF_REWARD_TYPE[self.type]
            rules.append((f"parameters.{wanted}", f"required for type {self.type}"))
        if implied != "MATERIAL":
            rules.extend(
                (name, f"allowed only for MATERIAL rewards, not {implied}")
                for name in _sent(self, ("stock", "attributes"))
            )
        _raise_any(rules)


# -- POST /v1/loyalties/{campaignId}/rewards (a JSON array of these) --------------------------


@attrs.frozen(kw_only=True)
class LoyaltyPointsRequest:
    """`parameters.loyalty` of a reward assignment: the points one redemption costs."""

    points: int | None = None


@attrs.frozen(kw_only=True)
class RewardAssignmentParametersRequest:
    """`parameters` of a reward assignment."""

    loyalty: LoyaltyPointsRequest | None = None


@attrs.frozen(kw_only=True)
class RewardAssignmentItemRequest:
    """`LoyaltiesRewardsCreateAssignmentItemRequestBody`: the digital-or-material branch has
    `parameters`, the coin branch `validation_rules`; the body is a JSON array of these
    (`structure_request(list[RewardAssignmentItemRequest], body)`)."""

    reward: str
    parameters: RewardAssignmentParametersRequest | None = None
    validation_rules: object | None = None

    def __attrs_post_init__(self) -> None:
        if self.parameters is not None and self.validation_rules is not None:
            raise RuleError(("validation_rules", "not allowed together with parameters"))


# -- loyalty members -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class LoyaltyMemberCreateRequest:
    """`LoyaltiesMembersCreateRequestBody` = `{voucher}` + `CreatePublicationBase`.
    `customer` is required; Voucherify also takes a plain id or source id string."""

    voucher: str | None = None
    source_id: str | None = None
    customer: CustomerRequest | str
    metadata: Metadata | None = None
    channel: str | None = None


@attrs.frozen(kw_only=True)
class MemberRedemptionRequest:
    """`LoyaltiesMembersRedemptionRedeemRequestBody`. A missing `reward` or `order` is a
    business failure with its own code (`missing_reward`, `missing_order`), not a shape error."""

    reward: RewardPointsRequest | None = None
    order: OrderRequest | None = None
    metadata: Metadata | None = None


IGNORED_KEYS: Final[dict[str, tuple[str, ...]]] = {
    "RedeemRequest": ("options",),
    "OrderRequest": ("initial_amount", "discount_amount"),
    "OrderItemRequest": (
        "discount_quantity",
        "initial_quantity",
        "discount_amount",
        "initial_amount",
    ),
    "OrderItemProductRequest": ("override",),
    "OrderItemSkuRequest": ("override",),
    "DiscountRequest": (
        "amount_off_formula",
        "percent_off_formula",
        "fixed_amount_formula",
        "unit_off_formula",
        "aggregated_amount_limit",
        "is_dynamic",
        "unit_off",
        "unit_type",
        "product",
        "sku",
        "units",
    ),
    "GiftRequest": ("subtracted_amount", "balance"),
    "SimpleLoyaltyCardRequest": (
        "balance",
        "next_expiration_date",
        "next_expiration_points",
        "pending_points",
        "expired_points",
        "subtracted_points",
    ),
    "LoyaltyCardRequest": ("expiration_rules",),
    "CodeConfigRequest": ("initial_count",),
    "PromotionTierCreateRequest": ("validation_rule_assignments",),
    "CampaignCreateRequest": (
        "join_once",
        "auto_join",
        "use_voucher_metadata_schema",
        "activity_duration_after_publishing",
        "access_settings",
        "referral_program",
    ),
    "CampaignVoucherRequest": ("is_referral_code",),
    "RewardCampaignParametersRequest": ("type",),
    "RewardAssignmentItemRequest": ("validation_rules",),
    "LoyaltyMemberCreateRequest": ("source_id", "channel"),
}
"""Request class name -> documented keys accepted but not acted on (listed in the README).

Each is validated as far as the schema types it and then left out of the domain command.
"""
