"""`/metrics` in Prometheus text format (prometheus_client), one registry per server.

- `redemption_core_http_requests_total{route,method,status}` and
  `redemption_core_http_request_duration_seconds{route,method}`: `route` is the path
  template (`/v1/redemptions/{redemptionId}`), never the path, so ids cannot blow up the
  series count; a path no route matches is `unmatched`.
- `redemption_core_grpc_calls_total{method,code}` and
  `redemption_core_grpc_call_duration_seconds{method}`: the gRPC server's calls, when it
  runs in the same process (`serve --http ... --listen ...`).
- `redemption_core_store_transact_duration_seconds`: how long a unit of work spent in the
  store's `transact`, group-commit wait included (what a request pays for its commit).
- `redemption_core_store_commit_batches_total`, `..._commit_works_total`,
  `..._commit_works_failed_total` and the gauge `..._commit_works_queued`: the SQLite
  group committer's counters (`GroupCommitStats`); works / batches is the mean batch size.
- `redemption_core_session_locks_held`: live session locks (DOMAIN.md 16.2), counted at
  scrape time from the store's live-lock index (`SessionLock.live_voucher_id`), on the
  vouchers this process has locked since it started (`LockedVouchers`): one bounded index
  query per such voucher, none once their locks end. See docs/decisions.md, "Session locks
  on /metrics", for what it cannot see.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from redemption_core.adapters.feed import ObservedStore
from redemption_core.domain.model import limits
from redemption_core.domain.ports import Clock, UnitOfWork
from redemption_core.domain.use_cases.sessions import SessionLock

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
)


class _GroupCommitCollector(Collector):
    """Reads the store's group-commit counters at scrape time (a store without them: none)."""

    def __init__(self, store: ObservedStore) -> None:
        self._store = store

    def collect(self) -> Iterator[Metric]:
        read = getattr(self._store.inner, "group_commit_stats", None)
        if read is None:
            return
        stats = read()
        prefix = "redemption_core_store_commit"
        yield CounterMetricFamily(
            f"{prefix}_batches", "Physical transactions the group committer committed",
            value=stats.batches_committed,
        )
        yield CounterMetricFamily(
            f"{prefix}_works", "Units of work committed (works / batches = mean batch size)",
            value=stats.works_committed,
        )
        yield CounterMetricFamily(
            f"{prefix}_works_failed", "Units of work whose batch failed to commit",
            value=stats.works_failed,
        )
        yield GaugeMetricFamily(
            f"{prefix}_works_queued", "Units of work waiting for the committer now",
            value=stats.works_queued,
        )


LOCKED_VOUCHERS_MAX = 1024
"""How many vouchers with possibly-live locks a scrape looks at (the most recently locked)."""


class _Watched:
    """A unit of work that notes the voucher of every live `SessionLock` it stages."""

    def __init__(self, inner: UnitOfWork, seen: Callable[[str], None]) -> None:
        self._inner = inner
        self._seen = seen

    def add(self, entity: Any) -> None:
        self._note(entity)
        self._inner.add(entity)

    def replace(self, entity: Any) -> None:
        self._note(entity)
        self._inner.replace(entity)

    def _note(self, entity: Any) -> None:
        if isinstance(entity, SessionLock) and entity.released_at is None:
            self._seen(entity.voucher_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class LockedVouchers(Collector):
    """The gauge of live session locks.

    The store can list a voucher's live locks from an index, but not all live locks at
    once, and sessions append no events. So every unit of work run through the server's
    store is watched for locks it opens, and a scrape asks the live-lock index of just those
    vouchers (≤ `LOCKED_VOUCHERS_MAX`, each ≤ `SESSION_LOCKS_PER_VOUCHER_MAX` rows), counts
    the locks that hold at the ledger's clock, and forgets a voucher with none left on two
    scrapes running.
    Releases, redemptions and expiry by any process show at the next scrape; locks opened by
    another process or before this one started, on vouchers this one never locked, do not.
    """

    def __init__(self, store: ObservedStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self._mutex = threading.Lock()
        self._vouchers: OrderedDict[str, int] = OrderedDict()
        self._touched = 0
        self._scraped = 0
        store.work_wrappers.append(self.watch)

    def watch(self, work: Callable[[UnitOfWork], Any]) -> Callable[[UnitOfWork], Any]:
        return lambda uow: work(_Watched(uow, self._seen))

    def _seen(self, voucher_id: str) -> None:
        with self._mutex:
            self._touched += 1
            self._vouchers[voucher_id] = self._touched
            self._vouchers.move_to_end(voucher_id)
            while len(self._vouchers) > LOCKED_VOUCHERS_MAX:
                self._vouchers.popitem(last=False)

    def held(self) -> int:
        with self._mutex:
            watched = list(self._vouchers.items())
            # A voucher noted after the previous scrape began may be in a unit of work not
            # committed yet: it is only forgotten once a whole scrape interval has passed.
            before, self._scraped = self._scraped, self._touched
        now = self._clock.now()
        held = 0
        ended: list[tuple[str, int]] = []
        with self._store.unit_of_work() as uow:
            for voucher_id, touched in watched:
                live = uow.select(SessionLock, "live_voucher_id", voucher_id,
                                  limits.SESSION_LOCKS_PER_VOUCHER_MAX)
                holding = sum(1 for found in live if found.holds_at(now))
                held += holding
                if holding == 0 and touched <= before:
                    ended.append((voucher_id, touched))
        with self._mutex:
            for voucher_id, touched in ended:
                # Locked again since we read it: keep watching.
                if self._vouchers.get(voucher_id) == touched:
                    del self._vouchers[voucher_id]
        return held

    def collect(self) -> Iterator[Metric]:
        yield GaugeMetricFamily(
            "redemption_core_session_locks_held",
            "Live session locks (unexpired, not released or consumed) on the vouchers this "
            f"process has locked since it started (at most {LOCKED_VOUCHERS_MAX} vouchers, "
            "the latest), read from the store's live-lock index at scrape time",
            value=self.held(),
        )


class Metrics:
    """The server's metrics; `observe` is called once per request."""

    def __init__(self, store: ObservedStore, clock: Clock) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._requests = Counter(
            "redemption_core_http_requests", "HTTP requests by route template, method, status",
            ["route", "method", "status"], registry=self.registry,
        )
        self._latency = Histogram(
            "redemption_core_http_request_duration_seconds",
            "HTTP request latency by route template and method",
            ["route", "method"], buckets=LATENCY_BUCKETS, registry=self.registry,
        )
        transact = Histogram(
            "redemption_core_store_transact_duration_seconds",
            "Seconds a unit of work spent in Store.transact, group-commit wait included",
            buckets=LATENCY_BUCKETS, registry=self.registry,
        )
        store.observers.append(transact.observe)
        self._rpcs = Counter(
            "redemption_core_grpc_calls", "gRPC calls by method and status code",
            ["method", "code"], registry=self.registry,
        )
        self._rpc_latency = Histogram(
            "redemption_core_grpc_call_duration_seconds", "gRPC call latency by method",
            ["method"], buckets=LATENCY_BUCKETS, registry=self.registry,
        )
        self.registry.register(_GroupCommitCollector(store))
        self.session_locks = LockedVouchers(store, clock)
        self.registry.register(self.session_locks)
        # Children cached by label values: labels() builds a tuple key and takes a lock.
        self._counters: dict[tuple[str, str, int], Any] = {}
        self._histograms: dict[tuple[str, str], Any] = {}

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        counter = self._counters.get((route, method, status))
        if counter is None:
            counter = self._requests.labels(route, method, str(status))
            self._counters[(route, method, status)] = counter
        counter.inc()
        histogram = self._histograms.get((route, method))
        if histogram is None:
            histogram = self._latency.labels(route, method)
            self._histograms[(route, method)] = histogram
        histogram.observe(seconds)

    def observe_rpc(self, method: str, code: str, seconds: float) -> None:
        """One gRPC call of the server running beside HTTP (from its worker threads)."""
        self._rpcs.labels(method, code).inc()
        self._rpc_latency.labels(method).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)
