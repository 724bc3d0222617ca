"""Setting up vouchers (DOMAIN.md 15.1), and the helpers every catalog use case shares.

Each function reads and stages through one unit of work and never commits. Input rules that
a domain constructor enforces come back as `invalid_payload` naming the field.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..model import errors, rules
from ..model.campaign import (
    DEFAULT_CODE_CONFIG,
    VOUCHER_TYPE_OF_CAMPAIGN,
    Campaign,
    CodeConfig,
    VoucherTemplate,
)
from ..model.context import RequestContext
from ..model.discount import DiscountEffect
from ..model.rules import FieldError
from ..model.validity import ALWAYS
from ..model.voucher import GiftCredits, LoyaltyPoints, Voucher, VoucherType
from ..ports import UnitOfWork
from ..ports.ids import ALPHANUMERIC
from ..read_side import sequences
from .commands import (
    CodeConfigInput,
    VoucherInput,
)

VOUCHER_ID_LENGTH = 32
CODE_ATTEMPTS_MAX = 10
"""Generated codes that may collide with existing ones before giving up."""


@contextmanager
def payload(prefix: str = "") -> Iterator[None]:
    """Turn a constructor's field rule into `invalid_payload` naming the wire field."""
    try:
        yield
    except FieldError as error:
        # Nested objects name some fields relative to themselves (`amount`) and some
        # from their owner (`gift.effect`): add the prefix only where it is missing.
        field = error.field if error.field.startswith(prefix) else f"{prefix}{error.field}"
        raise errors.InvalidPayload(error.rule, field=field) from error


def not_found(kind: str, ident: str, field: str | None = None) -> errors.ResourceNotFound:
    return errors.ResourceNotFound(
        f"{kind} {ident}", field=field, resource_id=ident, resource_type=kind
    )


# -- vouchers --------------------------------------------------------------------------


def create_voucher(
    uow: UnitOfWork, given: VoucherInput, ctx: RequestContext, path_code: str | None = None
) -> Voucher:
    campaign = _voucher_campaign(uow, given)
    template = campaign.template if campaign is not None else None
    kind = given.type or (template.type if template else VoucherType.DISCOUNT_VOUCHER)
    if campaign is not None and VOUCHER_TYPE_OF_CAMPAIGN.get(campaign.campaign_type) is not kind:
        raise errors.InvalidPayload(
            f"a {kind} cannot join {campaign.campaign_type} campaign {campaign.name}", field="type"
        )
    code = path_code or given.code
    if code is not None and uow.find(Voucher, "code", code) is not None:
        raise errors.DuplicateFound(
            f"voucher {code} already exists",
            field="code",
            resource_id=code,
            resource_type="voucher",
        )
    if code is None:
        config = code_config(given.code_config) if given.code_config else None
        code = generate_code(uow, ctx, config or (template.code_config if template else None))
    voucher = _build_voucher(given, ctx, code, kind, campaign, template)
    uow.add(voucher)
    sequences.append(uow, sequences.VOUCHERS, voucher.id)
    if campaign is not None:
        uow.replace(campaign.count_voucher(ctx.now))
    return voucher


def _voucher_campaign(uow: UnitOfWork, given: VoucherInput) -> Campaign | None:
    if given.campaign_id is not None:
        campaign = uow.get(Campaign, given.campaign_id)
        if campaign is None or campaign.deleted_at is not None:
            raise not_found("campaign", given.campaign_id, "campaign_id")
        return campaign
    if given.campaign is not None:
        campaign = uow.find(Campaign, "name", given.campaign)
        if campaign is None or campaign.deleted_at is not None:
            raise not_found("campaign", given.campaign, "campaign")
        return campaign
    return None


def _build_voucher(
    given: VoucherInput,
    ctx: RequestContext,
    code: str,
    kind: VoucherType,
    campaign: Campaign | None,
    template: VoucherTemplate | None,
) -> Voucher:
    gift = loyalty = None
    discount = given.discount or (template.discount if template else None)
    gift_amount = (
        given.gift_amount
        if given.gift_amount is not None
        else (template.gift_amount if template else None)
    )
    points = (
        given.loyalty_points
        if given.loyalty_points is not None
        else (template.loyalty_points if template else None)
    )
    with payload():
        if kind is VoucherType.GIFT_VOUCHER:
            gift = _gift(
                gift_amount, given.gift_effect or (template.gift_effect if template else None)
            )
        if kind is VoucherType.LOYALTY_CARD:
            if points is None:
                raise FieldError("loyalty_card.points", "is required for a LOYALTY_CARD")
            with payload("loyalty_card."):
                loyalty = LoyaltyPoints(points=points, balance=points)
        quantity = (
            given.quantity
            if given.quantity is not None
            else (template.quantity if template else None)
        )
        return Voucher(
            id="v_" + ctx.ids.new_token(VOUCHER_ID_LENGTH, ALPHANUMERIC),
            code=code,
            type=kind,
            campaign_id=campaign.id if campaign else None,
            campaign=campaign.name if campaign else None,
            category_id=given.category_id,
            category=given.category,
            discount=discount if kind is VoucherType.DISCOUNT_VOUCHER else None,
            gift=gift,
            loyalty_card=loyalty,
            active=True if given.active is None else given.active,
            start_date=given.start_date,
            expiration_date=given.expiration_date,
            validity=given.validity or ALWAYS,
            quantity=quantity,
            metadata=dict(given.metadata or {}),
            additional_info=given.additional_info,
            created_at=ctx.now,
        )


def _gift(amount: int | None, effect: str | None) -> GiftCredits:
    if amount is None:
        raise FieldError("gift.amount", "is required for a GIFT_VOUCHER")
    with payload("gift."):
        return GiftCredits(
            amount=amount,
            balance=amount,
            effect=rules.member(DiscountEffect, effect or "APPLY_TO_ORDER", "gift.effect"),
        )


def code_config(given: CodeConfigInput) -> CodeConfig:
    with payload("code_config."):
        return CodeConfig(
            pattern=given.pattern,
            length=given.length,
            charset=given.charset,
            prefix=given.prefix,
            postfix=given.postfix,
        )


def generate_code(uow: UnitOfWork, ctx: RequestContext, config: CodeConfig | None) -> str:
    """A fresh code from `config` (`#` in a pattern is one random character)."""
    config = config or DEFAULT_CODE_CONFIG
    alphabet = config.charset or ALPHANUMERIC
    for _ in range(CODE_ATTEMPTS_MAX):
        if config.pattern:
            body = "".join(
                ctx.ids.new_token(1, alphabet) if char == "#" else char for char in config.pattern
            )
        else:
            body = ctx.ids.new_token(config.length or 8, alphabet)
        code = f"{config.prefix or ''}{body}{config.postfix or ''}"
        if uow.find(Voucher, "code", code) is None:
            return code
    raise errors.InvalidPayload(
        "the code_config yields no free code; widen the pattern or charset", field="code_config"
    )


def get_voucher(uow: UnitOfWork, code: str) -> Voucher:
    voucher = uow.find(Voucher, "code", code)
    if voucher is None and code.startswith("v_"):
        voucher = uow.get(Voucher, code)
    if voucher is None or voucher.deleted_at is not None:
        raise not_found("voucher", code)
    return voucher
