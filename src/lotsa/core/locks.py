"""One run at a time across every app server of an installation, for the periodic commands.

Two servers may both run the timers of the periodic commands (reminders, audit checkpoints); the
second to start finds the lock taken and does nothing, so no one gets the same e-mail twice. On
PostgreSQL the lock is a session advisory lock, which every server sees (it needs PgBouncer in
session mode, as docs/deployment.md says); the embedded SQLite database serves one machine, so a
lock on a file beside it does.
"""

from __future__ import annotations

import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection


def _advisory_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(f"lotsa:{name}".encode()).digest()[:8], "big", signed=True)


@contextmanager
def held_alone(name: str) -> Iterator[bool]:
    """Whether this process alone runs the work named ``name`` now: ``True`` inside the block
    when it took the lock, ``False`` when another process holds it."""
    if connection.vendor == "postgresql":
        key = _advisory_key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            row = cursor.fetchone()
        held = bool(row and row[0])
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    lock_file = Path(settings.DATA_DIR) / f".{name}.lock"
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
