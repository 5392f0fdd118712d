"""Database expressions more than one app builds its reads from."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Subquery
from django.db.models.functions import Coalesce


def correlated_count(records: QuerySet[Any], by: str) -> Coalesce:
    """How many of ``records`` (filtered on an ``OuterRef``) there are for the outer row, 0 for
    none. A subquery grouped by the correlated field ``by`` reads only the outer row's records
    through their index; a join would make the outer query group everything it reads."""
    counted = records.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)
