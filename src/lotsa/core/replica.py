"""Reports and exports read from a PostgreSQL streaming replica, when one is configured.

A report counts over every record of many units; on a replica it takes nothing from the
primary, which serves the case pages and takes every write. Only reads that ask for it go there,
inside ``reading_from_replica()``: the report pages, the records behind their figures and their
exports. Every other page reads from the primary, so that whoever has just saved something sees
it on the next page (a replica is a moment behind the primary), and every write, audit entries
included, goes to the primary, where it would go anyway: a replica refuses writes.

A replica that does not answer is no reason for a report to fail: the reports then read from the
primary, and try the replica again after a while (see docs/deployment.md).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

# How long a process reads its reports from the primary after the replica failed to answer.
RETRY_AFTER_SECONDS = 30.0

_reading_from: ContextVar[str | None] = ContextVar("reading_from", default=None)
_unanswered_until: dict[str, float] = {}

T = TypeVar("T")


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Reads inside the block go to the replica, when one is configured and answers; writes
    still go to the primary. For reports and exports only: what the viewer has just changed
    may not have reached the replica yet."""
    alias = settings.READ_REPLICA
    if alias is None or not _answers(alias):
        yield
        return
    token = _reading_from.set(alias)
    try:
        yield
    finally:
        _reading_from.reset(token)


def streamed_from_replica(items: Iterable[T]) -> Iterator[T]:
    """``items`` read from the replica as they are taken: a streamed export reads its rows after
    its view has returned, outside the view's ``reading_from_replica()``."""
    iterator = iter(items)
    while True:
        with reading_from_replica():
            try:
                item = next(iterator)
            except StopIteration:
                return
        yield item


def replica_in_use() -> str | None:
    """The alias reads go to now, if it is the replica's."""
    return _reading_from.get()


def _answers(alias: str) -> bool:
    if time.monotonic() < _unanswered_until.get(alias, 0.0):
        return False
    connection = connections[alias]
    try:
        # A connection kept from an earlier request is checked once per request, as every
        # connection is (CONN_HEALTH_CHECKS); a new one is opened here.
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as error:
        _unanswered_until[alias] = time.monotonic() + RETRY_AFTER_SECONDS
        logger.warning(
            "The replica does not answer (%s): reports read from the primary for %d seconds.",
            error,
            RETRY_AFTER_SECONDS,
        )
        return False
    return True


class ReplicaRouter:
    """Reads inside ``reading_from_replica()`` go to the replica, all else to the primary.

    A read inside a transaction on the primary stays there even inside the block: it belongs
    to a write (the audit trail's head, say) and must see what the transaction sees."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        alias = _reading_from.get()
        if alias is not None and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return alias
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # The replica holds the primary's rows: a row read from either may refer to the other's.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # A replica takes its tables from the primary and refuses to change them itself.
        return db == DEFAULT_DB_ALIAS


def wait_for_replica(alias: str, *, timeout: float = 30.0) -> None:
    """Wait until the replica has replayed everything written on the primary so far: for a
    benchmark or test that has just written data and is about to read it there."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        (written,) = cursor.fetchone()
    target = _record_end(_lsn(written))
    deadline = time.monotonic() + timeout
    with connections[alias].cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn()::text")
            (replayed,) = cursor.fetchone()
            if replayed is not None and _lsn(replayed) >= target:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"The replica replayed up to {replayed}, not yet {written}.")
            time.sleep(0.05)


WAL_PAGE = 8192
WAL_PAGE_HEADERS = (24, 40)  # a page's header; the first page of a segment has a longer one


def _lsn(text: str) -> int:
    high, low = text.split("/")
    return int(high, 16) << 32 | int(low, 16)


def _record_end(insert_position: int) -> int:
    """Where the last record written ends. The primary names the place the next record goes,
    which is past the header when a page has just begun; the replica names where the last one
    it replayed ends, before that header."""
    offset = insert_position % WAL_PAGE
    return insert_position - offset if offset in WAL_PAGE_HEADERS else insert_position
