"""Plan versions saved at the same moment on PostgreSQL, each thread on its own connection."""

from __future__ import annotations

import datetime

import pytest

from lotsa.casework.services import PlanInput, revise_plan
from lotsa.errors import EditConflict
from lotsa.pathways.models import Enrolment
from lotsa.testing.databases import postgresql_only
from lotsa.testing.races import at_once, refused

pytestmark = [
    pytest.mark.django_db(transaction=True),
    postgresql_only("SQLite runs one writer at a time"),
]
START = datetime.date(2026, 1, 10)


def test_simultaneous_versions_get_the_next_numbers(personas, case) -> None:
    enrolment = case("ips", started_on=START)
    results = at_once(
        4,
        lambda i: revise_plan(
            actor=personas.coach_a,
            enrolment=Enrolment.objects.get(pk=enrolment.pk),
            plan=PlanInput(f"Mål {i}"),
        ),
    )
    assert not refused(results)
    assert sorted(enrolment.plan_revisions.values_list("number", flat=True)) == [1, 2, 3, 4]


def test_two_simultaneous_edits_of_one_plan_do_not_lose_one_silently(personas, case) -> None:
    enrolment = case("ips", started_on=START)
    results = at_once(
        2,
        lambda i: revise_plan(
            actor=personas.coach_a,
            enrolment=Enrolment.objects.get(pk=enrolment.pk),
            plan=PlanInput(f"Mål {i}"),
            based_on=0,
        ),
    )
    errors = refused(results)
    assert len(errors) == 1 and isinstance(errors[0], EditConflict)
    assert enrolment.plan_revisions.count() == 1
