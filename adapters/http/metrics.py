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
Session locks are not counted: the ledger holds none yet (README, "Accepted but not acted on").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from redemption_core.adapters.feed import ObservedStore

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


class Metrics:
    """The server's metrics; `observe` is called once per request."""

    def __init__(self, store: ObservedStore) -> None:
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
