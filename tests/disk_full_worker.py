"""A child process for tests/test_sqlite_integrity.py: write until the system refuses, then again.

    python tests/disk_full_worker.py DB_PATH CARD_CODE

Opens the seeded store behind the JSON API (logs as JSON lines on standard error, like
the programs), then caps the size of any file this process may write (RLIMIT_FSIZE, the
kernel's file size limit: writes past it fail with EFBIG, as they fail with ENOSPC or
EDQUOT on a full disk or quota) at what the database files hold now. It redeems one credit
at a time from the card until a call is refused, reads the card, lifts the cap (space came
back) and redeems once more, without reopening anything. It prints one JSON line:
`{"successes", "refused", "balance_after_refusal", "resumed"}`.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from typing import Any

from redemption_core.adapters.json.api import JsonApi
from redemption_core.adapters.logs import configure_logging
from redemption_core.adapters.sqlite import SQLiteStore
from redemption_core.domain.use_cases.ledger import Ledger

ATTEMPTS_MAX = 20_000


def redeem_one_credit(api: JsonApi, code: str) -> Any:
    body = {"redeemables": [{"object": "voucher", "id": code, "gift": {"credits": 1}}],
            "order": {"amount": 100}}
    return api.call("POST", "/v1/redemptions", None, body)


def main() -> None:
    path, code = sys.argv[1:3]
    configure_logging("INFO")
    store = SQLiteStore(path)
    api = JsonApi(Ledger(store))
    sizes = [os.path.getsize(name) for name in (path, path + "-wal") if os.path.exists(name)]
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (max(sizes), hard))
    successes, refused = 0, None
    for _ in range(ATTEMPTS_MAX):
        response = redeem_one_credit(api, code)
        if response.status != 200:
            refused = {"status": response.status, "body": response.body}
            break
        successes += 1
    card = api.call("GET", f"/v1/vouchers/{code}")
    resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
    resumed = redeem_one_credit(api, code)
    store.close()
    print(json.dumps({
        "successes": successes,
        "refused": refused,
        "balance_after_refusal": card.body["gift"]["balance"],
        "resumed": resumed.status,
    }))


if __name__ == "__main__":
    main()
