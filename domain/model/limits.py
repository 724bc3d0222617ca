"""Every bound the ledger enforces, with its unit in the name (TigerBeetle: a limit on everything).

Each constant is tested at the bound and one past it.
"""

from typing import Final

REDEEMABLES_PER_REQUEST_MAX: Final = 30
"""Redeemables in one POST /v1/redemptions (spec: maxItems 30)."""

ORDER_ITEMS_MAX: Final = 500
"""Items on one order (OrderCalculated.items maxItems)."""

PAGE_SIZE_MAX: Final = 100
"""`limit` of list endpoints."""

PAGE_NUMBER_MAX: Final = 99
"""`page` of list endpoints (spec: 1-99)."""

METADATA_KEYS_MAX: Final = 100
"""Keys in one metadata object."""

METADATA_BYTES_MAX: Final = 16_384
"""Serialized size of one metadata object (UTF-8 bytes of its compact JSON)."""

JSON_DEPTH_MAX: Final = 20
"""Levels of objects and arrays in one free-form JSON value (metadata, addresses, product
data), the value itself being level 1. Deeper values are refused before anything recurses
into them; 20 keeps a whole request inside protobuf's 100-message nesting limit too."""

REQUEST_DEPTH_MAX: Final = 32
"""Levels of objects and arrays in one whole request (a JSON body, a replay line): the
deepest body (an order item's product metadata) with its metadata at JSON_DEPTH_MAX."""

STRING_LENGTH_MAX: Final = 1_000
"""Characters in one identifier, code, name or free-text field."""

MONEY_MINOR_UNITS_MAX: Final = 10**15
"""Largest amount of money in minor units anywhere in the ledger (10 trillion major units)."""

INTEGER_MAGNITUDE_MAX: Final = 2**63 - 1
"""Largest magnitude of any integer a request carries (SQLite's and protobuf's int64).
Fields have tighter rules of their own (MONEY_MINOR_UNITS_MAX, ...); this one keeps a
4,400-digit integer from reaching code that would print it."""

POINTS_MAX: Final = 10**15
"""Largest number of loyalty points anywhere in the ledger."""

PERCENT_OFF_MAX: Final = 100
"""A percent discount cannot exceed the whole base."""

ROLLBACK_WINDOW_MONTHS: Final = 3
"""A redemption may be rolled back within three calendar months of its date."""

REQUEST_BYTES_MAX: Final = 1_048_576
"""Largest JSON request body accepted by the JSON adapter."""

CAMPAIGN_VOUCHERS_GENERATED_MAX: Final = 1_000
"""Codes one `POST /v1/campaigns` may generate (`vouchers_count`)."""

TIERS_PER_CAMPAIGN_MAX: Final = 100
"""Promotion tiers in one campaign."""

PUBLISH_SCAN_MAX: Final = 10_000
"""Cards of a campaign examined when looking for the next unpublished one."""

IDEMPOTENCY_KEY_LENGTH_MAX: Final = 255
"""Characters in one idempotency key (`request_id` over gRPC)."""

CUSTOMER_RECORDS_SCAN_MAX: Final = 1_000_000
"""Cards of one customer read for the balances still to go of their summary (the counts
are kept at write time and exact); a holder of more cards gets the balances of the first
million (reads stay bounded)."""

EVENTS_PAGE_MAX: Final = 1_000
"""Events returned by one `events_after` read of the outbox."""

ACTIVITIES_SCANNED_MAX: Final = 10_000
"""Activities one page may read when filtering them by campaign."""

RULE_LOGIC_LENGTH_MAX: Final = 1_000
"""Characters in one `logic` expression of a validation rule set."""

RULE_LOGIC_DEPTH_MAX: Final = 20
"""Nested parentheses and negations in one `logic` expression."""

VALIDATION_RULE_DEPTH_MAX: Final = 2
"""Levels of rules in a rule set: a rule and its sub-rules (order items need two)."""

VALIDATION_RULES_PER_SET_MAX: Final = 50
"""Rules in one validation rule set, sub-rules included."""

RULE_CONDITION_VALUES_MAX: Final = 100
"""Values of one condition of a validation rule (`$in: [...]`)."""

RULE_ASSIGNMENTS_PER_OBJECT_MAX: Final = 100
"""Validation rule sets assigned to one voucher, campaign, tier or reward."""

RULE_RECORDS_SCANNED_MAX: Final = 9_900
"""Redemptions one counting rule (`campaign.redemptions.count`, ...) may read; beyond it the
rule cannot be decided and the redemption is refused (fail closed)."""

VALIDATION_RULES_LISTED_MAX: Final = 9_900
"""Rule sets `GET /v1/validation-rules` can page through (99 pages of 100)."""

SESSION_TTL_SECONDS_MAX: Final = 30 * 24 * 3600
"""Longest session lock: 30 days, in whatever `ttl_unit` it is given."""

SESSION_LOCKS_PER_VOUCHER_MAX: Final = 1_000
"""Live session locks on one voucher; a validation that would add one more is refused."""

SESSION_KEY_LENGTH_MAX: Final = 200
"""Characters in a session key (Voucherify generates `ssn_` + 32)."""
