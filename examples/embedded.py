"""The README's embedded example: redeem 2 000 from a 5 000 gift card, then roll it back."""

from redemption_core import (
    Ledger,
    MemoryStore,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    RollbackCommand,
    VoucherInput,
    VoucherType,
)


def main() -> None:
    ledger = Ledger(MemoryStore())
    ledger.create_voucher(
        VoucherInput(code="GIFT-A", type=VoucherType.GIFT_VOUCHER, gift_amount=5000)
    )
    result = ledger.redeem(
        RedeemCommand(
            redeemables=(
                RedeemableInput(object=RedeemableKind.VOUCHER, id="GIFT-A", credits=2000),
            ),
            order=OrderInput(amount=10000),
        )
    )
    redemption = result.redemptions[0]
    gift = redemption.voucher.gift if redemption.voucher else None
    print(f"redeemed {redemption.amount}, balance now {gift.balance if gift else '?'}")
    ledger.rollback(RollbackCommand(redemption_id=redemption.id, reason="refund"))
    card = ledger.get_voucher("GIFT-A").gift
    print(f"rolled back, balance now {card.balance if card else '?'}")


if __name__ == "__main__":
    main()
