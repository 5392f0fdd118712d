"""Markers for tests that run against one of the supported databases only."""

from __future__ import annotations

import pytest
from django.db import connection


def postgresql_only(why: str) -> pytest.MarkDecorator:
    """Run on PostgreSQL only (the suite runs there in CI), saying what SQLite lacks."""
    return pytest.mark.skipif(connection.vendor != "postgresql", reason=why)


def sqlite_only(why: str) -> pytest.MarkDecorator:
    """Run in the SQLite run of the suite only: for tests that do not depend on the database
    and are too slow to repeat in the PostgreSQL run, saying why."""
    return pytest.mark.skipif(connection.vendor != "sqlite", reason=why)
