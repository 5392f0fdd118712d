"""Simultaneous employer edits and profile versions on PostgreSQL, each thread on its own
connection: of two made from the same version one passes, and the other is refused with a clear
message, never a 500 or a silent overwrite."""

from __future__ import annotations

import datetime

import pytest

from lotsa.employment.models import Employer, VocationalProfile
from lotsa.employment.services import EMPLOYER_FIELDS, change_employer, save_profile
from lotsa.errors import EditConflict
from lotsa.pathways.models import Enrolment
from lotsa.testing.databases import postgresql_only
from lotsa.testing.races import at_once, refused

pytestmark = [
    pytest.mark.django_db(transaction=True),
    postgresql_only("SQLite runs one writer at a time"),
]
START = datetime.date(2026, 1, 10)


def test_two_simultaneous_employer_edits_do_not_both_pass(personas, employer) -> None:
    names = ["Första AB", "Andra AB"]
    fields = {name: getattr(employer, name) for name in EMPLOYER_FIELDS}
    results = at_once(
        2,
        lambda i: change_employer(
            actor=personas.coach_a,
            employer=Employer.objects.get(pk=employer.pk),
            version=1,
            **fields | {"name": names[i]},
        ),
    )
    (conflict,) = refused(results)
    assert isinstance(conflict, EditConflict)
    (saved,) = [r for r in results if isinstance(r, Employer)]
    assert Employer.objects.get(pk=employer.pk).name == saved.name


def test_two_simultaneous_profiles_get_the_next_two_numbers_or_one_is_refused(
    personas, case
) -> None:
    enrolment = case("ips", started_on=START)

    def write(version: int | None) -> list[object]:
        return at_once(
            2,
            lambda i: save_profile(
                actor=personas.coach_a,
                enrolment=Enrolment.objects.get(pk=enrolment.pk),
                version=version,
                written_on=START,
                strengths=f"Styrka {i}",
            ),
        )

    assert not refused(write(None))
    (conflict,) = refused(write(2))
    assert isinstance(conflict, EditConflict)
    numbers = VocationalProfile.objects.filter(enrolment=enrolment).values_list(
        "version", flat=True
    )
    assert sorted(numbers) == [1, 2, 3]
