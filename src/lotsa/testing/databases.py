"""Markers for tests of what only one of the supported databases has."""

from __future__ import annotations

import pytest
from django.db import connection


def postgresql_only(why: str) -> pytest.MarkDecorator:
    """Run on PostgreSQL only (the suite runs there in CI), saying what SQLite lacks."""
    return pytest.mark.skipif(connection.vendor != "postgresql", reason=why)
