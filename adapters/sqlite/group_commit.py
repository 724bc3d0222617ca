"""Group commit: many callers' units of work in one durable transaction.

One committer thread owns the write connection. `submit(work)` queues the work and blocks
its caller. The committer takes every queued work (at most `BATCH_WORKS_MAX`), opens one
`BEGIN IMMEDIATE` transaction and runs each work inside its own SAVEPOINT:

- a work that returns is released into the transaction;
- a work that raises is rolled back to its savepoint, so only its own writes vanish, and
  its exception goes to its caller alone.

Before COMMIT, a batch that wrote anything appends its row to the commit chain (chain.py:
one hash over the statements its kept works wrote); after COMMIT the new head goes to the
head file (head_file.py) before any caller is woken, so the head file covers every
acknowledged write. Then the callers are woken with their results: an acknowledged result
is durable (with synchronous=FULL). With synchronous=FULL one fsync now
serves the whole batch instead of one per caller, which is where the throughput with many
callers comes from.

If BEGIN or COMMIT fails (lock timeout, I/O), every work of the batch gets the translated
error and nothing of the batch is written. If the engine itself abandons the transaction
mid-batch (it does on disk-full and I/O errors), the works already run get the error too
and the rest of the batch is retried in a fresh transaction.

Works run one after another on the committer thread: a slow work delays everyone queued
behind it, and a work must not call `transact` itself (that would wait for itself).
"""

from __future__ import annotations

import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, Final, Generic, TypeVar, cast

import attrs
import structlog

from redemption_core.domain.model.errors import StoreUnavailable

from . import chain
from .chain import Head, WriteJournal
from .codec import EntityCodec
from .errors import SQLiteStoreError, StoreClosed, StoreFailure, translate
from .unit_of_work import SQLiteUnitOfWork

__all__ = ["BATCH_WORKS_MAX", "QUEUE_WORKS_MAX", "GroupCommitStats", "GroupCommitter"]

T = TypeVar("T")

BATCH_WORKS_MAX: Final = 64
"""Works committed in one transaction: bounds the latency a batch adds to its first caller."""

QUEUE_WORKS_MAX: Final = 1_024
"""Works waiting for the committer; further callers block until there is room."""

_SAVEPOINT: Final = "redemption_core_work"


def _log() -> Any:
    return structlog.get_logger("redemption_core.sqlite")


class _Job(Generic[T]):
    """One caller's work and, once the batch is committed, its outcome."""

    def __init__(self, work: Callable[[SQLiteUnitOfWork], T]) -> None:
        self.work = work
        self._value: T | None = None
        self._error: BaseException | None = None
        self.is_finished = False
        # A held lock the caller blocks on: cheaper than an Event for a one-shot wake-up.
        self._done = threading.Lock()
        self._done.acquire()

    def succeed(self, value: T) -> None:
        self._value = value
        self.is_finished = True
        self._done.release()

    def fail(self, error: BaseException) -> None:
        self._error = error
        self.is_finished = True
        self._done.release()

    def outcome(self) -> T:
        self._done.acquire()
        if self._error is not None:
            raise self._error
        # succeed() stored the value before releasing the lock.
        return cast(T, self._value)


@attrs.frozen
class _Outcome:
    value: Any = None
    error: BaseException | None = None


@attrs.frozen
class GroupCommitStats:
    """Counters since the store opened (for benchmarks and diagnostics)."""

    batches_committed: int
    works_committed: int
    works_failed: int
    works_queued: int
    """Works waiting for the committer right now."""

    @property
    def works_per_batch_mean(self) -> float:
        if self.batches_committed == 0:
            return 0.0
        return self.works_committed / self.batches_committed


class _Transaction:
    """Statements on the committer's connection."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def run(self, statement: str, doing: str) -> None:
        try:
            self.connection.execute(statement)
        except sqlite3.Error as error:
            raise translate(error, doing) from error

    @property
    def is_open(self) -> bool:
        return self.connection.in_transaction

    def end_savepoint(self, keep: bool) -> None:
        if not self.is_open:
            return  # the engine already rolled everything back; the batch notices
        if keep:
            self.run(f"RELEASE {_SAVEPOINT}", "keeping a work's writes")
            return
        self.run(f"ROLLBACK TO {_SAVEPOINT}", "discarding a work's writes")
        self.run(f"RELEASE {_SAVEPOINT}", "discarding a work's writes")

    def abandon(self, reason: BaseException) -> None:
        """Roll the whole transaction back (if the engine has not); `reason` stays the error."""
        if not self.is_open:
            return
        try:
            self.connection.execute("ROLLBACK")
        except sqlite3.Error as error:
            reason.add_note(f"rolling the batch back failed too: {error}")


class GroupCommitter:
    """The committer thread and its queue; `submit` is safe from any thread."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        codec: EntityCodec,
        *,
        on_commit: Callable[[Head], None],
        batch_works_max: int = BATCH_WORKS_MAX,
        queue_works_max: int = QUEUE_WORKS_MAX,
    ) -> None:
        if not 1 <= batch_works_max <= queue_works_max:
            raise ValueError("need 1 <= batch_works_max <= queue_works_max")
        self._transaction = _Transaction(connection)
        self._codec = codec
        self._on_commit = on_commit
        self._batch_works_max = batch_works_max
        self._queue_works_max = queue_works_max
        self._pending: deque[_Job[Any]] = deque()
        self._lock = threading.Lock()
        self._has_work = threading.Condition(self._lock)
        self._has_room = threading.Condition(self._lock)
        self._closing = False
        # True from a batch the disk refused until the next committed one: the log gets
        # one line when writes start failing and one when they work again, not one a batch.
        self._refused = False
        self._counts = [0, 0, 0]  # batches committed, works committed, works failed
        # A daemon, so a store the program forgot to close cannot keep the process alive;
        # a batch cut off at exit was never acknowledged, and SQLite rolls it back.
        self._thread = threading.Thread(
            target=self._serve, name="redemption-core-group-commit", daemon=True
        )
        self._thread.start()

    # -- callers' side ------------------------------------------------------------------

    def submit(self, work: Callable[[SQLiteUnitOfWork], T]) -> T:
        """Run `work` in the next batch; return its result once the batch is committed."""
        if threading.get_ident() == self._thread.ident:
            raise SQLiteStoreError("transact() called inside a work: it would wait for itself")
        job = _Job(work)
        with self._lock:
            while len(self._pending) >= self._queue_works_max and not self._closing:
                self._has_room.wait()
            if self._closing:
                raise StoreClosed("the store is closed")
            self._pending.append(job)
            self._has_work.notify()
        return job.outcome()

    def close(self) -> None:
        """Refuse new works, commit every queued one, stop the thread and close the connection."""
        with self._lock:
            self._closing = True
            self._has_work.notify()
            self._has_room.notify_all()
        if threading.get_ident() != self._thread.ident:
            self._thread.join()

    def stats(self) -> GroupCommitStats:
        with self._lock:
            queued = len(self._pending)
        batches, committed, failed = self._counts
        return GroupCommitStats(batches, committed, failed, queued)

    # -- committer thread ---------------------------------------------------------------

    def _serve(self) -> None:
        try:
            while batch := self._next_batch():
                try:
                    self._run_batch(batch)
                except BaseException as error:
                    self._bail_out(batch, error)
        finally:
            self._transaction.connection.close()

    def _bail_out(self, batch: Sequence[_Job[Any]], error: BaseException) -> None:
        """A bug in the committer itself: no caller may wait forever, none may see success."""
        self._transaction.abandon(error)
        for job in batch:
            if not job.is_finished:
                failure = StoreFailure(f"the group committer failed: {error!r}")
                failure.__cause__ = error
                self._finish(job, _Outcome(error=failure))

    def _next_batch(self) -> list[_Job[Any]]:
        """The queued works, up to the batch limit; empty once closing and drained."""
        with self._lock:
            while not self._pending and not self._closing:
                self._has_work.wait()
            count = min(len(self._pending), self._batch_works_max)
            batch = [self._pending.popleft() for _ in range(count)]
            self._has_room.notify_all()
            return batch

    def _run_batch(self, batch: Sequence[_Job[Any]]) -> None:
        connection = self._transaction.connection
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            self._fail_all(batch, error, "starting a batch")
            return
        done: list[tuple[_Job[Any], _Outcome]] = []
        written = WriteJournal()
        for position, job in enumerate(batch):
            outcome, journal = self._run_one(job)
            if not self._transaction.is_open:
                self._recover(done, job, outcome, batch[position + 1 :])
                return
            if outcome.error is None:
                written.extend(journal)
            done.append((job, outcome))
        try:
            head = chain.append_commit(connection, written) if written else None
            connection.execute("COMMIT")
        except sqlite3.Error as error:  # nothing of the batch is durable: tell every caller
            self._transaction.abandon(error)
            self._fail_all(batch, error, f"committing a batch of {len(batch)} works")
            return
        self._counts[0] += 1
        if self._refused:
            self._refused = False
            _log().warning("sqlite.writes_resumed", batch_works=len(batch))
        if head is not None:
            self._on_commit(head)
        for job, outcome in done:
            self._finish(job, outcome)

    def _run_one(self, job: _Job[Any]) -> tuple[_Outcome, WriteJournal]:
        """Run one work in its savepoint; its exception is its outcome, not the batch's.

        The journal holds what the work wrote; it joins the batch's only if the work is kept.
        """
        journal = WriteJournal()
        try:
            self._transaction.run(f"SAVEPOINT {_SAVEPOINT}", "starting a work")
        except Exception as error:
            return _Outcome(error=error), journal
        uow = SQLiteUnitOfWork(
            self._transaction.connection, self._codec, self._transaction.end_savepoint, journal
        )
        try:
            return self._attempt(job, uow), journal
        finally:
            uow.release()

    def _attempt(self, job: _Job[Any], uow: SQLiteUnitOfWork) -> _Outcome:
        try:
            value = job.work(uow)
        except BaseException as error:  # delivered to the caller, who re-raises it
            try:
                uow.abort()
            except Exception as cleanup:
                # The savepoint could not be undone, so the batch's state is unknown.
                self._transaction.abandon(cleanup)
                return _Outcome(error=cleanup)
            return _Outcome(error=error)
        if not uow.is_open:
            # The work ended its unit itself; like the memory store, a second commit refuses.
            return _Outcome(error=StoreClosed("this unit of work is already closed"))
        try:
            uow.commit()
        except Exception as error:
            # RELEASE failed: whether the work's writes are in the batch is unknown.
            self._transaction.abandon(error)
            return _Outcome(error=error)
        return _Outcome(value=value)

    def _recover(
        self,
        done: list[tuple[_Job[Any], _Outcome]],
        job: _Job[Any],
        outcome: _Outcome,
        rest: Sequence[_Job[Any]],
    ) -> None:
        """The transaction is gone: works run so far lost their writes; retry the rest."""
        cause = outcome.error or StoreFailure("the batch transaction ended unexpectedly")
        for earlier, _ in done:
            lost = StoreFailure(f"the batch was rolled back by the database engine: {cause}")
            lost.__cause__ = cause
            self._finish(earlier, _Outcome(error=lost))
        self._finish(job, _Outcome(error=cause))
        if rest:
            self._run_batch(rest)

    def _fail_all(self, batch: Sequence[_Job[Any]], error: sqlite3.Error, doing: str) -> None:
        for job in batch:
            # Each caller gets its own exception object: one object raised in several
            # threads at once would share, and garble, its traceback.
            failure = translate(error, doing)
            failure.__cause__ = error
            if isinstance(failure, StoreUnavailable) and not self._refused:
                self._refused = True
                _log().error("sqlite.writes_refused", reason=str(failure),
                             error=getattr(error, "sqlite_errorname", type(error).__name__))
            self._finish(job, _Outcome(error=failure))

    def _finish(self, job: _Job[Any], outcome: _Outcome) -> None:
        if outcome.error is None:
            self._counts[1] += 1
            job.succeed(outcome.value)
        else:
            self._counts[2] += 1
            job.fail(outcome.error)
