"""The catalog lists (GET /v1/vouchers, /v1/customers, /v1/publications, DOMAIN.md 17):
newest first by default, a page of `limit`, and the total that match.

They walk the list's sequence (creation order) and skip tombstones. The total needs every
match counted, so one listing reads at most `LIST_SCAN_MAX` entries and says so beyond.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, Generic, TypeVar

import attrs

from ..model import errors
from ..model.campaign import Campaign
from ..model.customer import Customer
from ..model.publication import Publication
from ..model.voucher import Voucher
from ..ports import UnitOfWork
from ..use_cases.catalog_commands import ListQuery
from . import sequences

LIST_SCAN_MAX = 100_000
"""Entries one listing may read (the total counts every match)."""

T = TypeVar("T")


@attrs.frozen
class ListPage(Generic[T]):
    items: tuple[T, ...]
    total: int
    has_more: bool


def _within(moment: datetime | None, after: datetime | None, before: datetime | None) -> bool:
    if after is None and before is None:
        return True
    if moment is None:
        return False
    return (after is None or moment > after) and (before is None or moment < before)


def _entities(uow: UnitOfWork, name: str, kind: type[T], descending: bool) -> Iterator[T]:
    start = sequences.length(uow, name) if descending else 1
    for read, (_, target_id) in enumerate(sequences.walk(uow, name, start, descending)):
        if read == LIST_SCAN_MAX:
            raise errors.InvalidQueryParams(
                f"the list holds more than {LIST_SCAN_MAX} entries to scan; add filters",
                field="limit",
            )
        found: Any = uow.get(kind, target_id)
        if found is not None and getattr(found, "deleted_at", None) is None:
            yield found


def _paged(
    matches: Iterator[T], query: ListQuery, sort_key: Callable[[T], Any] | None
) -> ListPage[T]:
    skip = (query.page - 1) * query.limit
    if sort_key is not None:
        ordered = sorted(matches, key=sort_key, reverse=query.descending)
        return ListPage(
            tuple(ordered[skip : skip + query.limit]),
            len(ordered),
            len(ordered) > skip + query.limit,
        )
    kept: list[T] = []
    total = 0
    for item in matches:
        total += 1
        if skip < total <= skip + query.limit:
            kept.append(item)
    return ListPage(tuple(kept), total, total > skip + len(kept))


def _text_key(name: str) -> Callable[[Any], Any]:
    return lambda item: (getattr(item, name) or "", item.created_at, item.id)


def _voucher_filter(uow: UnitOfWork, query: ListQuery) -> Callable[[Voucher], bool]:
    campaign_id = query.campaign_id
    if query.campaign is not None:
        campaign = uow.find(Campaign, "name", query.campaign)
        campaign_id = campaign.id if campaign is not None else "\0none"
    holder = None
    if query.customer is not None:
        customer = uow.get(Customer, query.customer) or uow.find(
            Customer, "source_id", query.customer
        )
        holder = customer.id if customer is not None else "\0none"

    def keep(voucher: Voucher) -> bool:
        return (
            (campaign_id is None or voucher.campaign_id == campaign_id)
            and (query.category is None or voucher.category == query.category)
            and (holder is None or voucher.holder_id == holder)
            and _within(voucher.created_at, query.created_after, query.created_before)
            and _within(voucher.updated_at, query.updated_after, query.updated_before)
        )

    return keep


def vouchers(uow: UnitOfWork, query: ListQuery) -> ListPage[Voucher]:
    keep = _voucher_filter(uow, query)
    found = (
        voucher
        for voucher in _entities(uow, sequences.VOUCHERS, Voucher, query.descending)
        if keep(voucher)
    )
    sort_key = None if query.order_by == "created_at" else _text_key(query.order_by)
    return _paged(found, query, sort_key)


def customers(uow: UnitOfWork, query: ListQuery) -> ListPage[Customer]:
    found = (
        customer
        for customer in _entities(uow, sequences.CUSTOMERS, Customer, query.descending)
        if (query.email is None or customer.email == query.email)
        and _within(customer.created_at, query.created_after, query.created_before)
        and _within(customer.updated_at, query.updated_after, query.updated_before)
    )
    sort_key = None if query.order_by == "created_at" else _text_key(query.order_by)
    return _paged(found, query, sort_key)


def publications(uow: UnitOfWork, query: ListQuery) -> ListPage[Publication]:
    campaign_id = None
    if query.campaign is not None:
        campaign = uow.find(Campaign, "name", query.campaign)
        campaign_id = campaign.id if campaign is not None else "\0none"
    voucher_id = None
    if query.voucher is not None:
        voucher = uow.find(Voucher, "code", query.voucher)
        voucher_id = voucher.id if voucher is not None else "\0none"
    found = (
        publication
        for publication in _entities(uow, sequences.PUBLICATIONS, Publication, query.descending)
        if (campaign_id is None or publication.campaign_id == campaign_id)
        and (query.customer is None or publication.customer_id == query.customer)
        and (voucher_id is None or voucher_id in publication.voucher_ids)
    )
    sort_key = None if query.order_by == "created_at" else _text_key(query.order_by)
    return _paged(found, query, sort_key)
