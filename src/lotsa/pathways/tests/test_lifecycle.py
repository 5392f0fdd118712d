from __future__ import annotations

import datetime
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, NotFound
from lotsa.pathways.models import (
    Enrolment,
    EnrolmentEvent,
    Milestone,
    Responsibility,
    UnitProgramme,
)
from lotsa.pathways.services.enrolment_records import record_milestone
from lotsa.pathways.services.lifecycle import (
    decline_referral,
    exit_enrolment,
    pause_enrolment,
    re_enrol,
    resume_enrolment,
    start_enrolment,
    transition_phase,
)
from lotsa.pathways.services.responsibility import hand_over
from lotsa.testing.programmes import installed_programmes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
START = datetime.date(2026, 1, 10)

# A model of the lifecycle's own, so its rules are tested apart from the shipped models' phases.
TRIAL = """
code = "trial"
version = 1
name = { sv = "Prov", da = "Prøve", en = "Trial" }
description = { sv = "En modell för test.", da = "En model til test.", en = "A model for tests." }
start_phase = "intake"
requires_consent = ["participation"]
deadlines = []

[[phases]]
code = "intake"
name = { sv = "Intag", da = "Indtag", en = "Intake" }
description = { sv = "Intag", da = "Indtag", en = "Intake" }

[[phases]]
code = "planning"
name = { sv = "Planering", da = "Planlægning", en = "Planning" }
description = { sv = "Planering", da = "Planlægning", en = "Planning" }

[[phases]]
code = "working"
name = { sv = "Arbete", da = "Arbejde", en = "Working" }
description = { sv = "Arbete", da = "Arbejde", en = "Working" }

[[phases]]
code = "closed"
name = { sv = "Avslutad", da = "Afsluttet", en = "Closed" }
description = { sv = "Avslutad", da = "Afsluttet", en = "Closed" }
terminal = true

[[transitions]]
from = "intake"
to = ["planning"]

[[transitions]]
from = "planning"
to = ["working"]

[[milestones]]
code = "referred"
name = { sv = "Remitterad", da = "Henvist", en = "Referred" }
derived = "referral"

[[milestones]]
code = "started"
name = { sv = "Startad", da = "Startet", en = "Started" }
derived = "start"

[[milestones]]
code = "plan_agreed"
name = { sv = "Plan klar", da = "Plan aftalt", en = "Plan agreed" }

[[milestones]]
code = "exit"
name = { sv = "Avslut", da = "Afslutning", en = "Exit" }
derived = "exit"

[[exit_reasons]]
code = "moved"
name = { sv = "Flyttat", da = "Flyttet", en = "Moved" }
outcome = "moved"

[[decline_reasons]]
code = "not_interested"
name = { sv = "Inte intresserad", da = "Ikke interesseret", en = "Not interested" }
"""


@pytest.fixture
def trial_case(personas: Any, case: Any) -> Iterator[Any]:
    """Enrolments in the trial model at unit A, made as ``case`` makes them."""
    with installed_programmes(trial=TRIAL):
        UnitProgramme.objects.create(unit=personas.unit_a, programme_code="trial")
        yield partial(case, "trial")


def move(personas, enrolment, *phases, day=START, note=""):  # type: ignore[no-untyped-def]
    for phase in phases:
        transition_phase(
            actor=personas.coach_a, enrolment=enrolment, to_phase=phase, day=day, note=note
        )
    return enrolment


@pytest.mark.parametrize(
    ("model", "valid_path", "refused"),
    [
        (
            "ips",
            ["engagement", "profile_and_plan", "job_search", "in_work", "job_search"],
            "closed",
        ),
        ("ips", ["engagement"], "in_work"),
        (
            "amia",
            [
                "inform_and_enrol",
                "mapping",
                "goals_and_motivation",
                "planning",
                "activities",
                "follow_up",
                "mapping",
            ],
            "inform_and_enrol",
        ),
        ("amia", ["inform_and_enrol"], "activities"),
        ("jom", ["preparation", "teaching", "internship", "aftercare"], "teaching"),
        ("jom", [], "internship"),
        ("knut_pv", ["visit_and_investigation"], "referral"),
    ],
)
def test_transitions_follow_the_model(personas, case, model, valid_path, refused) -> None:
    enrolment = case(model, started_on=START)
    move(personas, enrolment, *valid_path, note="Beslut vid uppföljningsmöte")
    assert enrolment.phase == (valid_path[-1] if valid_path else enrolment.programme.start_phase)
    with pytest.raises(DomainError) as error:
        transition_phase(
            actor=personas.coach_a, enrolment=enrolment, to_phase=refused, day=START, note="x"
        )
    assert "to_phase" in error.value.errors
    enrolment.refresh_from_db()
    assert enrolment.phase == (valid_path[-1] if valid_path else enrolment.programme.start_phase)
    changes = EnrolmentEvent.objects.filter(enrolment=enrolment, kind="phase_changed").count()
    assert changes == len(valid_path)


def test_an_unknown_phase_is_refused(personas, trial_case) -> None:
    enrolment = trial_case(started_on=START)
    with pytest.raises(DomainError, match="Unknown phase"):
        transition_phase(actor=personas.coach_a, enrolment=enrolment, to_phase="moon", day=START)


def test_knut_pv_steps_may_be_skipped_or_repeated_with_a_recorded_decision(personas, case) -> None:
    enrolment = case("knut_pv", started_on=START)
    move(personas, enrolment, "visit_and_investigation")
    with pytest.raises(DomainError) as error:
        move(personas, enrolment, "adapted_work")
    assert "note" in error.value.errors
    move(
        personas,
        enrolment,
        "adapted_work",
        "lighter_work_training",
        "placement",
        note="Beslutat med deltagaren",
    )
    assert enrolment.phase == "placement"
    assert Milestone.objects.filter(
        enrolment=enrolment, code="adapted_work_start", derived=True
    ).exists()


@pytest.mark.parametrize(
    "phases_before",
    [
        [],
        ["preparation"],
        ["preparation", "teaching"],
        ["preparation", "teaching", "internship"],
        ["preparation", "teaching", "internship", "aftercare"],
    ],
)
def test_jom_re_referral_from_every_phase_needs_a_joint_decision(
    personas, case, phases_before
) -> None:
    enrolment = case("jom", started_on=START)
    move(personas, enrolment, *phases_before)
    with pytest.raises(DomainError) as error:
        move(personas, enrolment, "re_referred")
    assert "note" in error.value.errors
    move(personas, enrolment, "re_referred", note="Fælles beslutning med jobcentret")
    assert enrolment.phase == "re_referred"
    event = EnrolmentEvent.objects.get(enrolment=enrolment, to_phase="re_referred")
    assert event.note == "Fælles beslutning med jobcentret"
    exit_enrolment(actor=personas.coach_a, enrolment=enrolment, day=START, reason="re_referred")
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.phase, enrolment.outcome) == (
        "exited",
        "closed",
        enrolment.programme.exit_reasons["re_referred"].outcome,
    )


def test_a_model_needing_consent_cannot_start_without_it(personas, trial_case) -> None:
    enrolment = trial_case(consent=False)
    with pytest.raises(DomainError) as error:
        start_enrolment(actor=personas.coach_a, enrolment=enrolment, day=START)
    assert "consent" in error.value.errors["day"][0]
    enrolment.refresh_from_db()
    assert enrolment.status == "referred" and enrolment.start_date is None


def test_a_declined_referral_needs_a_reason(personas, trial_case) -> None:
    enrolment = trial_case()
    with pytest.raises(DomainError) as error:
        decline_referral(actor=personas.coach_a, enrolment=enrolment, day=START, reason="")
    assert "reason" in error.value.errors
    with pytest.raises(DomainError) as error:
        decline_referral(
            actor=personas.coach_a, enrolment=enrolment, day=START, reason="other", note=" "
        )
    assert "note" in error.value.errors
    reason = next(iter(enrolment.programme.decline_reasons))
    decline_referral(
        actor=personas.coach_a, enrolment=enrolment, day=START, reason=reason, note="Ville inte"
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.decline_reason, enrolment.end_date) == (
        "declined",
        reason,
        START,
    )
    assert not Responsibility.objects.filter(enrolment=enrolment, ends_on__isnull=True).exists()


def test_exit_sets_the_outcome_class_and_re_enrolment_keeps_history(personas, trial_case) -> None:
    enrolment = trial_case(started_on=START)
    with pytest.raises(DomainError):
        re_enrol(actor=personas.coach_a, enrolment=enrolment, referral_date=START)
    exit_enrolment(
        actor=personas.coach_a,
        enrolment=enrolment,
        day=datetime.date(2026, 3, 1),
        reason="moved",
        income_sources=["salary"],
        employment_status="in_work",
    )
    enrolment.refresh_from_db()
    assert (enrolment.outcome, enrolment.phase, enrolment.exit_income_sources) == (
        "moved",
        "closed",
        ["salary"],
    )
    assert Milestone.objects.get(enrolment=enrolment, code="exit").occurred_on == datetime.date(
        2026, 3, 1
    )
    with pytest.raises(DomainError):
        re_enrol(
            actor=personas.coach_a, enrolment=enrolment, referral_date=datetime.date(2026, 2, 1)
        )
    again = re_enrol(
        actor=personas.coach_a, enrolment=enrolment, referral_date=datetime.date(2026, 4, 1)
    )
    assert again.pk != enrolment.pk and again.previous_enrolment == enrolment
    assert again.status == "referred" and again.phase == "intake"
    assert Enrolment.objects.filter(participant=enrolment.participant).count() == 2


def test_someone_already_enrolled_in_the_model_at_the_unit_cannot_be_referred_again(
    personas, trial_case
) -> None:
    from lotsa.pathways.services.lifecycle import enrol_participant

    enrolment = trial_case(started_on=START)
    with pytest.raises(DomainError) as error:
        enrol_participant(
            actor=personas.coach_a,
            participant=enrolment.participant,
            unit=personas.unit_a,
            programme_model="trial",
            referral_date=START,
        )
    assert "already has an open enrolment" in error.value.errors["programme_model"][0]
    assert Enrolment.objects.filter(participant=enrolment.participant).count() == 1


def test_dates_in_the_wrong_order_are_refused(personas, trial_case) -> None:
    enrolment = trial_case(referred_on=datetime.date(2026, 2, 1))
    with pytest.raises(DomainError) as error:
        start_enrolment(actor=personas.coach_a, enrolment=enrolment, day=datetime.date(2026, 1, 20))
    assert "day" in error.value.errors
    start_enrolment(actor=personas.coach_a, enrolment=enrolment, day=datetime.date(2026, 2, 3))
    move(personas, enrolment, "planning", day=datetime.date(2026, 2, 10))
    with pytest.raises(DomainError):
        move(personas, enrolment, "working", day=datetime.date(2026, 2, 9))
    with pytest.raises(DomainError):
        exit_enrolment(
            actor=personas.coach_a,
            enrolment=enrolment,
            day=datetime.date(2026, 2, 1),
            reason="moved",
        )
    with pytest.raises(DomainError):
        record_milestone(
            actor=personas.coach_a,
            enrolment=enrolment,
            code="plan_agreed",
            day=datetime.date(2099, 1, 1),
        )


def test_pause_and_resume(personas, trial_case) -> None:
    enrolment = trial_case(started_on=START)
    pause_enrolment(
        actor=personas.coach_a,
        enrolment=enrolment,
        day=datetime.date(2026, 2, 1),
        note="Sjukhusvistelse",
    )
    with pytest.raises(DomainError):
        move(personas, enrolment, "planning", day=datetime.date(2026, 2, 2))
    resume_enrolment(actor=personas.coach_a, enrolment=enrolment, day=datetime.date(2026, 3, 1))
    assert enrolment.status == "active" and enrolment.phase_since == datetime.date(2026, 3, 1)


def test_hand_over_and_shared_responsibility_keep_history(personas, trial_case) -> None:
    enrolment = trial_case(started_on=START)
    hand_over(
        actor=personas.coach_a,
        enrolment=enrolment,
        to_staff=personas.colleague_a,
        day=datetime.date(2026, 2, 1),
    )
    hand_over(
        actor=personas.colleague_a,
        enrolment=enrolment,
        to_staff=personas.team_leader_a,
        day=datetime.date(2026, 2, 5),
        share=True,
    )
    rows = list(
        Responsibility.objects.filter(enrolment=enrolment)
        .order_by("starts_on")
        .values_list("staff__username", "ends_on")
    )
    assert rows == [
        ("coach_a", datetime.date(2026, 2, 1)),
        ("colleague_a", None),
        ("leader_a", None),
    ]
    enrolment.refresh_from_db()
    assert enrolment.responsible_staff == personas.colleague_a
    with pytest.raises(DomainError):
        hand_over(
            actor=personas.coach_a,
            enrolment=enrolment,
            to_staff=personas.coach_b,
            day=datetime.date(2026, 2, 6),
        )


def test_work_on_a_case_is_for_its_own_unit(personas, trial_case) -> None:
    enrolment = trial_case(started_on=START)
    for outsider in (personas.coach_b, personas.manager_a, personas.analyst):
        with pytest.raises(NotFound):
            move(
                personas.__class__(**{**personas.__dict__, "coach_a": outsider}),
                enrolment,
                "planning",
            )
    assert (
        AuditEntry.objects.filter(
            event=AuditEvent.ACCESS_DENIED, participant_id=enrolment.participant_id
        ).count()
        == 3
    )


def test_every_change_is_audited(personas, trial_case) -> None:
    enrolment = trial_case(started_on=START)
    move(personas, enrolment, "planning")
    record_milestone(actor=personas.coach_a, enrolment=enrolment, code="plan_agreed", day=START)
    events = list(
        AuditEntry.objects.filter(participant_id=enrolment.participant_id).values_list(
            "event", flat=True
        )
    )
    assert events.count(AuditEvent.ENROLMENT_UPDATED) == 2  # start and the phase change
    assert AuditEvent.MILESTONE_RECORDED in events
    update = (
        AuditEntry.objects.filter(event=AuditEvent.ENROLMENT_UPDATED).order_by("-sequence").first()
    )
    assert update.changes["phase"] == ["intake", "planning"]
