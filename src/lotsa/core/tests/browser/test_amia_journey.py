"""Journey 2: a caseworker of a joint Försäkringskassan–Arbetsförmedlingen team takes an AMiA
participant from the handover through mapping, goals, plan and follow-up to an exit with an end
state."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from lotsa.pathways.models import Enrolment, FollowUp
from lotsa.people.models import Consent
from lotsa.testing.factories import TEST_PASSWORD, EnrolmentFactory

pytestmark = pytest.mark.django_db(transaction=True)
PHASES = (
    "inform_and_enrol", "mapping", "goals_and_motivation", "planning", "activities", "follow_up",
    "exit_and_path",
)  # fmt: skip
# Milestones recorded on reaching a phase.
MILESTONES = {
    "goals_and_motivation": "mapping_completed",
    "activities": "plan_agreed",
    "follow_up": "ali_start",
    "exit_and_path": "ali_end",
}


def test_a_joint_team_caseworker_takes_an_amia_case_from_handover_to_exit(
    personas: Any, visit: Any
) -> None:
    today = timezone.localdate()
    enrolment = EnrolmentFactory(
        unit=personas.joint_team, responsible_staff=personas.fk_caseworker,
        programme_model="amia", phase="handover", status="referred", start_date=None,
        referral_date=today, phase_since=today,
    )  # fmt: skip
    Consent.objects.create(
        participant=enrolment.participant, kind="participation", given_on=today,
        given_to=personas.fk, recorded_by=personas.fk_caseworker,
    )  # fmt: skip
    page = visit.page
    visit.sign_in(personas.fk_caseworker.username, TEST_PASSWORD)
    visit.go(f"/cases/{enrolment.pk}/")
    assert "Överlämning" in page.locator("main").inner_text()

    visit.act("start")
    enrolment.refresh_from_db()
    assert enrolment.status == "active"
    for phase in (
        PHASES[PHASES.index(enrolment.phase) + 1 :] if enrolment.phase in PHASES else PHASES
    ):
        visit.act(
            "transition",
            lambda panel, p=phase: panel.get_by_label("Ny fas").select_option(p),
        )
        if phase in MILESTONES:
            code = MILESTONES[phase]
            visit.act(
                "milestone",
                lambda panel, c=code: panel.get_by_label("Milstolpe").select_option(c),
            )
        if phase == "planning":
            visit.act("plan", lambda panel: (
                panel.get_by_label("Långsiktigt mål").fill("Ett arbete inom handeln på halvtid"),
                panel.get_by_label("Delmål").fill("Praktik i butik\nStegvis ökad tid"),
            ))  # fmt: skip
    assert "7. Avslut och vägval" in page.locator("main").inner_text()
    assert "Ett arbete inom handeln på halvtid" in page.locator("main").inner_text()

    visit.act("follow_up", lambda panel: panel.get_by_label("Status vid uppföljningen").select_option(
        "ninety_days_after_ali:work"))  # fmt: skip
    assert FollowUp.objects.get(enrolment=enrolment).status == "work"
    visit.act("exit", lambda panel: panel.get_by_label("Skäl för avslut").select_option("work"))
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    assert (enrolment.status, enrolment.exit_reason, enrolment.end_date) == (
        "exited",
        "work",
        today,
    )
    text = page.locator("main").inner_text()
    assert "Avslutad" in text and "Arbete – Åter i egen försörjning" in text  # reason – end state
