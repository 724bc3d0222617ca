"""What the bad-input checks of issue 8 cost a single redemption (memory store).

Prints redemptions per CPU-second, embedded (`Ledger.redeem`) and through the JSON API,
each with the checks as shipped and with them switched off in the same process (the
baseline: `rules.check_request` and the converter's free-JSON check replaced by no-ops),
and the ratio checked/unchecked. Rates are the best of interleaved rounds, so a burst
of load from another process hits both alike.

    python bench/bench_input_checks.py [--seconds 6]
"""

from __future__ import annotations

import argparse
import gc
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import structlog

from redemption_core import (
    CustomerInput,
    Ledger,
    MemoryStore,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    VoucherInput,
    VoucherType,
)
from redemption_core.adapters.json import converter
from redemption_core.adapters.json.api import JsonApi
from redemption_core.domain.model import rules

structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

ROUNDS = 5
COMMAND = RedeemCommand(
    redeemables=(RedeemableInput(object=RedeemableKind.VOUCHER, id="GIFT", credits=1,
                                 gift_sent=True),),
    order=OrderInput(amount=1_000),
    customer=CustomerInput(source_id="alice"),
    metadata={"shop": "north"},
)
BODY = {
    "redeemables": [{"object": "voucher", "id": "GIFT", "gift": {"credits": 1}}],
    "order": {"amount": 1_000},
    "customer": {"source_id": "alice"},
    "metadata": {"shop": "north"},
}


def _ledger() -> Ledger:
    ledger = Ledger(MemoryStore())
    ledger.create_voucher(VoucherInput(code="GIFT", type=VoucherType.GIFT_VOUCHER,
                                       gift_amount=10**12))
    return ledger


@contextmanager
def checks_off() -> Iterator[None]:
    """The checks replaced by no-ops for the duration (the baseline)."""
    check_request, json_value = rules.check_request, converter._json_value
    rules.check_request = lambda value, field="": None
    converter._json_value = lambda value: None
    try:
        yield
    finally:
        rules.check_request, converter._json_value = check_request, json_value


def rate(operation: Callable[[], Any], seconds: float) -> float:
    """Operations per CPU-second over about `seconds` of this process's CPU (as in
    bench_json_api: CPU time, so another process's load does not count)."""
    gc.collect()
    count = 0
    started = time.process_time()
    while True:
        for _ in range(50):
            operation()
        count += 50
        now = time.process_time()
        if now >= started + seconds:
            return count / (now - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=6.0)
    args = parser.parse_args()
    ledger, api = _ledger(), JsonApi(_ledger())
    operations: dict[str, Callable[[], Any]] = {
        "embedded": lambda: ledger.redeem(COMMAND),
        "json": lambda: api.call("POST", "/v1/redemptions", None, BODY),
    }
    best: dict[tuple[str, bool], float] = {}
    share = args.seconds / ROUNDS / (2 * len(operations))
    for _ in range(ROUNDS):
        for name, operation in operations.items():
            for checked in (True, False):
                if checked:
                    found = rate(operation, share)
                else:
                    with checks_off():
                        found = rate(operation, share)
                best[name, checked] = max(best.get((name, checked), 0.0), found)
    for name in operations:
        on, off = best[name, True], best[name, False]
        print(f"{name:9} checked {on:8.0f}/s  unchecked {off:8.0f}/s  ratio {on / off:.3f}")


if __name__ == "__main__":
    main()
