"""Two staff acting on the same enrolment at once: the second change is refused with a clear
message instead of being applied to what the first one already changed.

Each test holds two copies of one enrolment, read before either change, as two requests do."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from lotsa.errors import DomainError
from lotsa.pathways.models import Enrolment, EnrolmentEvent, Milestone
from lotsa.pathways.services.enrolment_records import record_milestone
from lotsa.pathways.services.lifecycle import (
    decline_referral,
    enrol_participant,
    exit_enrolment,
    pause_enrolment,
    start_enrolment,
    transition_phase,
)
from lotsa.pathways.services.responsibility import hand_over

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
START = datetime.date(2026, 1, 10)


def two_copies(enrolment: Enrolment) -> tuple[Enrolment, Enrolment]:
    return Enrolment.objects.get(pk=enrolment.pk), Enrolment.objects.get(pk=enrolment.pk)


def test_a_second_start_from_an_old_copy_is_refused(personas, case) -> None:
    first, second = two_copies(case("ips"))
    start_enrolment(actor=personas.coach_a, enrolment=first, day=START)
    with pytest.raises(DomainError) as error:
        start_enrolment(actor=personas.coach_a, enrolment=second, day=START)
    assert "changed" in error.value.errors["day"][0]
    assert EnrolmentEvent.objects.filter(enrolment=first, kind="started").count() == 1
    second.refresh_from_db()
    assert second.status == "active"


def test_a_start_after_a_decline_is_refused(personas, case) -> None:
    first, second = two_copies(case("ips"))
    decline_referral(
        actor=personas.coach_a, enrolment=first, day=START, reason="other", note="Flyttat"
    )
    with pytest.raises(DomainError):
        start_enrolment(actor=personas.coach_a, enrolment=second, day=START)
    second.refresh_from_db()
    assert second.status == "declined" and second.start_date is None


def test_two_moves_from_the_same_phase_do_not_both_pass(personas, case) -> None:
    first, second = two_copies(case("ips", started_on=START))
    transition_phase(actor=personas.coach_a, enrolment=first, to_phase="engagement", day=START)
    with pytest.raises(DomainError) as error:
        transition_phase(actor=personas.coach_a, enrolment=second, to_phase="engagement", day=START)
    assert "to_phase" in error.value.errors
    assert EnrolmentEvent.objects.filter(enrolment=first, kind="phase_changed").count() == 1


def test_a_pause_after_an_exit_is_refused(personas, case) -> None:
    first, second = two_copies(case("ips", started_on=START))
    exit_enrolment(actor=personas.coach_a, enrolment=first, day=START, reason="moved")
    with pytest.raises(DomainError):
        pause_enrolment(actor=personas.coach_a, enrolment=second, day=START)
    second.refresh_from_db()
    assert second.status == "exited"


def test_two_handovers_at_once_do_not_both_pass(personas, case) -> None:
    first, second = two_copies(case("ips", started_on=START))
    hand_over(actor=personas.coach_a, enrolment=first, to_staff=personas.colleague_a, day=START)
    with pytest.raises(DomainError) as error:
        hand_over(
            actor=personas.coach_a, enrolment=second, to_staff=personas.team_leader_a, day=START
        )
    assert "to_staff" in error.value.errors


def test_the_same_milestone_twice_at_once_is_refused_not_an_error(personas, case) -> None:
    first, second = two_copies(case("ips", started_on=START))
    record_milestone(actor=personas.coach_a, enrolment=first, code="plan_agreed", day=START)
    with pytest.raises(DomainError):
        record_milestone(actor=personas.coach_a, enrolment=second, code="plan_agreed", day=START)
    assert Milestone.objects.filter(enrolment=first, code="plan_agreed").count() == 1


def test_the_database_keeps_one_open_enrolment_per_unit_and_model(personas, case) -> None:
    enrolment = case("ips")
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            participant=enrolment.participant,
            unit=enrolment.unit,
            programme_model="ips",
            referral_date=START,
        )
    # An ended enrolment does not count.
    exit_enrolment(
        actor=personas.coach_a,
        enrolment=start_enrolment(actor=personas.coach_a, enrolment=enrolment, day=START),
        day=START,
        reason="moved",
    )
    again = enrol_participant(
        actor=personas.coach_a,
        participant=enrolment.participant,
        unit=enrolment.unit,
        programme_model="ips",
        referral_date=START,
    )
    assert again.status == "referred"


def test_a_duplicate_referral_the_check_missed_is_refused_field_by_field(
    personas, case, monkeypatch
) -> None:
    """When a simultaneous referral passed the check too, the constraint refuses the second."""
    from lotsa.pathways.services import lifecycle

    enrolment = case("ips")
    monkeypatch.setattr(lifecycle, "_open_enrolment_exists", lambda *args: False)
    with pytest.raises(DomainError) as error:
        enrol_participant(
            actor=personas.coach_a,
            participant=enrolment.participant,
            unit=enrolment.unit,
            programme_model="ips",
            referral_date=START,
        )
    assert "already has an open enrolment" in error.value.errors["programme_model"][0]
    assert Enrolment.objects.filter(participant=enrolment.participant).count() == 1
