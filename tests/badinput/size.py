"""How many generated cases each bad-input test runs, and how many ran.

Kept out of conftest.py: pytest imports a conftest under its own module name, so a counter
there would not be the one the tests import.
"""

from __future__ import annotations

import os
from collections import Counter

from hypothesis import settings

CASES: Counter[str] = Counter()
"""Generated cases run, per surface (`json`, `grpc`)."""

BADINPUT_VARIABLE = "REDEMPTION_CORE_BADINPUT"


def examples() -> int:
    """Cases per (endpoint or RPC, store): `REDEMPTION_CORE_BADINPUT`, else by profile."""
    given = os.environ.get(BADINPUT_VARIABLE)
    if given:
        return int(given)
    profile = settings.default
    if profile.max_examples <= 10:
        return 3
    return 60 if profile.max_examples >= 400 else 12
