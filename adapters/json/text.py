"""JSON text in: the one strict parser of request text (`call --data`, replay lines).

Python's `json.loads` accepts what JSON does not (`NaN`, `Infinity`, `-Infinity`), turns
`1e400` into infinity, and fails with errors that are not `JSONDecodeError` on hostile
input (RecursionError on deep nesting, ValueError on an integer of 4,301+ digits). Here
every such text is an `invalid_payload` naming the rule, never a traceback (issue 8, D3/D4).
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

from redemption_core.domain.model import errors, limits

_NOT_FINITE = "NaN and Infinity are not JSON numbers; send a finite number"


class _NotJson(ValueError):
    """Raised by the parse hooks; turned into `invalid_payload` by `parse_json`."""


def _refuse_constant(name: str) -> Any:
    raise _NotJson(f"{name}: {_NOT_FINITE}")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _NotJson(f"{text[:40]} is out of the range of a double: {_NOT_FINITE}")
    return number


def parse_json(text: str, field: str = "$") -> Any:
    """`text` as JSON values, or `InvalidPayload` on `field` saying why it is not JSON."""
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError as error:
        raise errors.InvalidPayload(
            f"not JSON: {error.msg} at position {error.pos}", field=field
        ) from error
    except _NotJson as error:
        raise errors.InvalidPayload(str(error), field=field) from error
    except RecursionError as error:
        raise errors.InvalidPayload(
            f"nests objects and arrays too deep to parse (a request may nest "
            f"{limits.REQUEST_DEPTH_MAX} levels)",
            field=field,
        ) from error
    except ValueError as error:
        # The one other ValueError of json.loads: an integer longer than Python converts.
        raise errors.InvalidPayload(
            f"an integer has more than {sys.get_int_max_str_digits()} digits", field=field
        ) from error
