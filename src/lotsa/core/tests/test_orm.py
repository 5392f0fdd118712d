from __future__ import annotations

from typing import Any

from django.db.models import IntegerField
from django.db.models.expressions import Col, Expression

from lotsa.core.orm import _column_identity
from lotsa.pathways.models import Enrolment

generic_identity = Expression.__dict__["identity"].func


def selected_columns() -> list[Col]:
    """The columns an ordered read of cases with their people, unit and staff selects, as the
    compiler makes them (table aliases included)."""
    query = (
        Enrolment.objects.select_related("participant", "unit__organisation", "responsible_staff")
        .filter(responsible_staff__isnull=False)
        .order_by("participant__last_name")
        .query
    )
    compiler = query.get_compiler("default")
    compiler.setup_query()
    return [expression for expression, _sql, _alias in compiler.select]


def test_a_column_is_identified_as_django_identifies_it() -> None:
    columns = selected_columns()
    assert len(columns) > 40
    no_alias: Any = None  # as Django makes some columns; the stubs want a table alias
    variants = [
        *columns,
        *(Col(column.alias, column.target) for column in columns),
        *(Col(no_alias, column.target) for column in columns),
        *(Col(column.alias, column.target, IntegerField()) for column in columns),
        *(column.relabeled_clone({column.alias: "T9"}) for column in columns),
    ]
    for column in variants:
        assert _column_identity(column) == generic_identity(column)


def test_columns_installed_with_the_direct_identity_hash_and_compare_as_before() -> None:
    assert Col.__dict__["identity"].func is _column_identity
    first, second = selected_columns(), selected_columns()
    for a, b in zip(first, second, strict=True):
        assert a == b and hash(a) == hash(b)
    assert len(set(first)) == len({generic_identity(column) for column in first})
    assert first[0] != first[1]


def test_a_subclass_of_a_column_keeps_the_generic_identity() -> None:
    class LabelledCol(Col):
        def __init__(self, alias: str, target: Any, label: str) -> None:
            super().__init__(alias, target)
            self.label = label

    target = Enrolment._meta.get_field("phase")
    column = LabelledCol("pathways_enrolment", target, "phase")
    assert column.identity == generic_identity(column)
    assert ("label", "phase") in column.identity
