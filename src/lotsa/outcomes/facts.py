"""Joining the facts a report's conditions read (``metrics.Fact``) to its enrolments: each kind
of record is aggregated once per enrolment in a common table expression, and joined to the
enrolments by a left join, so that an enrolment without such records reads no value."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.db.models.sql.constants import LOUTER
from django_cte import CTE, with_cte

from lotsa.outcomes import metrics as m


def with_facts(enrolments: QuerySet[Any], ctx: m.Context, scope: Q) -> QuerySet[Any]:
    """The enrolments with every fact collected in ``ctx``, under the names the conditions read
    them by. ``scope`` keeps each kind of record to those of the report's enrolments (a
    condition on the records' ``enrolment__``); of those, only the records some fact counts are
    read (a record no fact's condition takes changes no fact)."""
    by_records: dict[type[Model], dict[str, Any]] = {}
    counted: dict[type[Model], list[Q]] = {}
    for name, (fact, period) in sorted(ctx.facts.items()):
        by_records.setdefault(fact.records, {})[name] = fact.value(period)
        counted.setdefault(fact.records, []).append(fact.where(period))
    if not by_records:
        return enrolments
    tables = []
    for records, aggregates in by_records.items():
        table = CTE(
            records._default_manager.filter(scope, reduce(or_, counted[records]))
            .values("enrolment_id")
            .annotate(**aggregates)
            .order_by(),
            name=f"facts_{records._meta.model_name}",
        )
        enrolments = table.join(enrolments, pk=table.col.enrolment_id, _join_type=LOUTER).alias(
            **{name: getattr(table.col, name) for name in aggregates}
        )
        tables.append(table)
    return with_cte(*tables, select=enrolments)
