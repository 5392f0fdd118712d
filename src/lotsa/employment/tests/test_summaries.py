"""Enrolment.first_employer_contact_on is a summary the services keep so that reports read a
column; it must always equal what the employer contacts say."""

from __future__ import annotations

import datetime
import random

import pytest

from lotsa.employment.queries import (
    first_face_to_face_employer_contact,
    stale_first_employer_contacts,
)
from lotsa.employment.services import record_employer_contact
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services.lifecycle import start_enrolment

pytestmark = pytest.mark.django_db

REFERRED = datetime.date(2026, 1, 5)


def recomputed() -> dict[int, tuple[datetime.date | None, datetime.date | None]]:
    rows = Enrolment.objects.annotate(expected=first_face_to_face_employer_contact())
    return {
        pk: (kept, expected)
        for pk, kept, expected in rows.values_list("pk", "first_employer_contact_on", "expected")
    }


def contact(personas, employer, day, enrolments, *, face_to_face=True):  # type: ignore[no-untyped-def]
    return record_employer_contact(
        actor=personas.coach_a,
        employer=employer,
        unit=personas.unit_a,
        occurred_on=day,
        purpose="present_candidate",
        face_to_face=face_to_face,
        enrolments=enrolments,
    )


def test_the_first_contact_counts_from_the_start_and_face_to_face_only(
    personas, case, employer
) -> None:
    enrolment = case("ips", referred_on=REFERRED)
    contact(personas, employer, datetime.date(2026, 1, 8), [enrolment])
    assert enrolment.first_employer_contact_on is None  # not started yet
    start_enrolment(actor=personas.coach_a, enrolment=enrolment, day=datetime.date(2026, 1, 10))
    assert enrolment.first_employer_contact_on is None  # the contact came before the start
    contact(personas, employer, datetime.date(2026, 1, 20), [enrolment], face_to_face=False)
    assert enrolment.first_employer_contact_on is None
    contact(personas, employer, datetime.date(2026, 1, 25), [enrolment])
    contact(personas, employer, datetime.date(2026, 1, 15), [enrolment])  # recorded late
    enrolment.refresh_from_db()
    assert enrolment.first_employer_contact_on == datetime.date(2026, 1, 15)


def test_a_start_recorded_after_the_contacts_takes_the_first_one_on_or_after_it(
    personas, case, employer
) -> None:
    enrolment = case("ips", referred_on=REFERRED)
    for day in (6, 9, 12):
        contact(personas, employer, datetime.date(2026, 1, day), [enrolment])
    start_enrolment(actor=personas.coach_a, enrolment=enrolment, day=datetime.date(2026, 1, 9))
    assert Enrolment.objects.get(pk=enrolment.pk).first_employer_contact_on == datetime.date(
        2026, 1, 9
    )


@pytest.mark.parametrize("seed", range(4))
def test_the_kept_day_equals_a_recomputation_after_every_change(
    personas, case, employer, seed
) -> None:
    rng = random.Random(seed)
    enrolments = [case("ips", referred_on=REFERRED) for _ in range(3)]
    started: set[int] = set()
    for _step in range(25):
        if rng.random() < 0.2 and len(started) < len(enrolments):
            chosen = rng.choice([e for e in enrolments if e.pk not in started])
            day = REFERRED + datetime.timedelta(days=rng.randint(0, 40))
            start_enrolment(actor=personas.coach_a, enrolment=chosen, day=day)
            started.add(chosen.pk)
        else:
            day = REFERRED + datetime.timedelta(days=rng.randint(0, 50))
            linked = rng.sample(enrolments, rng.randint(1, len(enrolments)))
            contact(personas, employer, day, linked, face_to_face=rng.random() < 0.7)
        for pk, (kept, expected) in recomputed().items():
            assert kept == expected, (seed, _step, pk)
        assert not stale_first_employer_contacts(Enrolment.objects.all()).exists()
    assert any(kept for kept, _expected in recomputed().values())


def test_a_stale_summary_is_found(personas, case, employer) -> None:
    enrolment = case("ips", referred_on=REFERRED)
    start_enrolment(actor=personas.coach_a, enrolment=enrolment, day=REFERRED)
    contact(personas, employer, datetime.date(2026, 1, 12), [enrolment])
    every = Enrolment.objects.all()
    assert not stale_first_employer_contacts(every).exists()
    for wrong in (None, datetime.date(2026, 1, 13)):
        Enrolment.objects.filter(pk=enrolment.pk).update(first_employer_contact_on=wrong)
        assert list(stale_first_employer_contacts(every).values_list("pk", flat=True)) == [
            enrolment.pk
        ]
