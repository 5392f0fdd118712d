"""Tampering with the audit trail as the database's owner could, for the tests that must find it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection


@contextmanager
def as_database_owner() -> Iterator[Any]:
    """A cursor of someone who owns the tables and sets the append-only trigger aside."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The rows the test wrote have foreign-key checks pending until commit; the
            # trigger cannot be set aside while they are.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
