"""Identifier sources (DOMAIN.md 2.3, assumption A1).

Ids are `prefix_` + 18 lowercase hex characters: 12 of the millisecond timestamp, so ids
sort by creation time, and 6 of a per-process sequence mixed with randomness, so two ids
made in the same millisecond differ.
"""

from __future__ import annotations

import itertools
import secrets
import threading
import time

HEX_DIGITS_ID = 18
ALPHANUMERIC = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


class RandomIds:
    """Time-ordered, collision-resistant ids for production."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last_ms = 0
        self._sequence = secrets.randbelow(1 << 24)

    def new_id(self, prefix: str) -> str:
        with self._lock:
            now_ms = time.time_ns() // 1_000_000
            # Never go backwards: a clock step back must not reorder ids.
            now_ms = max(now_ms, self._last_ms)
            self._last_ms = now_ms
            self._sequence = (self._sequence + 1) & 0xFFFFFF
            return f"{prefix}_{now_ms & 0xFFFFFFFFFFFF:012x}{self._sequence:06x}"

    def new_token(self, length: int, alphabet: str = ALPHANUMERIC) -> str:
        return "".join(secrets.choice(alphabet) for _ in range(length))


class SequentialIds:
    """Deterministic ids for tests and `replay --deterministic`: a plain counter."""

    def __init__(self, start: int = 1) -> None:
        self._counter = itertools.count(start)
        self._lock = threading.Lock()

    def new_id(self, prefix: str) -> str:
        with self._lock:
            return f"{prefix}_{next(self._counter):018x}"

    def new_token(self, length: int, alphabet: str = ALPHANUMERIC) -> str:
        with self._lock:
            number = next(self._counter)
        digits = []
        for _ in range(length):
            number, index = divmod(number, len(alphabet))
            digits.append(alphabet[index])
        return "".join(reversed(digits))
