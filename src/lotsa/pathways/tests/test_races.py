"""Simultaneous requests on PostgreSQL, each thread on its own connection: of two changes to
one enrolment only one passes, and the other is refused with a clear message, never a 500."""

from __future__ import annotations

import datetime

import pytest

from lotsa.pathways.models import Enrolment, EnrolmentEvent
from lotsa.pathways.services.lifecycle import enrol_participant, start_enrolment, transition_phase
from lotsa.testing.databases import postgresql_only
from lotsa.testing.races import at_once, refused

pytestmark = [
    pytest.mark.django_db(transaction=True),
    postgresql_only("SQLite runs one writer at a time"),
]
START = datetime.date(2026, 1, 10)


def test_six_simultaneous_starts_write_one(personas, case) -> None:
    enrolment = case("ips")
    results = at_once(
        6,
        lambda _i: start_enrolment(
            actor=personas.coach_a, enrolment=Enrolment.objects.get(pk=enrolment.pk), day=START
        ),
    )
    assert len(refused(results)) == 5
    assert EnrolmentEvent.objects.filter(enrolment=enrolment, kind="started").count() == 1


def test_two_simultaneous_moves_do_not_both_pass(personas, case) -> None:
    enrolment = case("ips", started_on=START)
    phases = ["engagement", "engagement"]
    results = at_once(
        2,
        lambda i: transition_phase(
            actor=personas.coach_a,
            enrolment=Enrolment.objects.get(pk=enrolment.pk),
            to_phase=phases[i],
            day=START,
        ),
    )
    assert len(refused(results)) == 1
    assert EnrolmentEvent.objects.filter(enrolment=enrolment, kind="phase_changed").count() == 1


def test_eight_simultaneous_referrals_leave_one_open_enrolment(personas, case) -> None:
    ended = case("ips", started_on=START)
    from lotsa.pathways.services.lifecycle import exit_enrolment

    exit_enrolment(actor=personas.coach_a, enrolment=ended, day=START, reason="moved")
    results = at_once(
        8,
        lambda _i: enrol_participant(
            actor=personas.coach_a,
            participant=ended.participant,
            unit=personas.unit_a,
            programme_model="ips",
            referral_date=START,
        ),
    )
    errors = refused(results)
    assert len(errors) == 7
    assert all("programme_model" in error.errors for error in errors)
    assert Enrolment.objects.filter(participant=ended.participant, status="referred").count() == 1
