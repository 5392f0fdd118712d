"""Counting the SQL a page costs, the same way on both databases."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

# PostgreSQL appends to the audit trail in one statement; SQLite in five (within a test's
# transaction: a savepoint, read the chain's head, write the entry, move the head, release the
# savepoint). A pinned count holds on both when an append counts as one.
SQLITE_APPEND_EXTRA = 4


def statements(captured: CaptureQueriesContext) -> int:
    appends = sum(
        1 for query in captured.captured_queries
        if query["sql"].startswith('INSERT INTO "audit_auditentry"')
    )  # fmt: skip
    return len(captured) - SQLITE_APPEND_EXTRA * appends


def page_queries(client: Any, url: str) -> int:
    """The statements one GET of the page runs; the page must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return statements(captured)
