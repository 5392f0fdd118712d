"""What motivational interviewing and the reports back hold about a person: in the register
extract while kept, and blanked when the closed case's time has passed."""

from __future__ import annotations

import pytest

from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.services import lifecycle
from lotsa.people.extract.views import Format, register_extract
from lotsa.retention.services import erase_due
from lotsa.testing.clock import TODAY, Clock
from lotsa.testing.personas import KnutTeam
from lotsa.worktraining.models import (
    BehaviourActionPlan,
    MotivationAssessment,
    ReportBack,
    Stage,
    TargetBehaviour,
)
from lotsa.worktraining.services.motivation import (
    MotivationInput,
    assess_motivation,
    make_action_plan,
    save_target_behaviour,
)
from lotsa.worktraining.services.report_back import ReportBackText, write_report_back

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def recorded(knut_team: KnutTeam) -> KnutTeam:
    actor, enrolment = knut_team.work_supervisor, knut_team.enrolment
    behaviour = save_target_behaviour(
        actor=actor, enrolment=enrolment, problem="Dålig närvaro", behaviour="Närvara", day=TODAY
    )
    assess_motivation(
        actor=actor,
        behaviour=behaviour,
        values=MotivationInput(
            assessed_on=TODAY, stage=Stage.PREPARATION, sbk_situation="Sena kvällar", notes="Orolig"
        ),
    )
    make_action_plan(actor=actor, behaviour=behaviour, made_on=TODAY, steps="Väckarklocka")
    write_report_back(
        actor=actor,
        enrolment=enrolment,
        text=ReportBackText(TODAY, TODAY, "Kommer i tid.", "Fortsätter."),
    )
    return knut_team


def test_the_register_extract_holds_the_behaviours_stages_plans_and_reports_back(
    recorded: KnutTeam,
) -> None:
    extract = register_extract(
        recorded.team_leader,
        recorded.enrolment.participant,
        Format.JSON,
        organisations={recorded.municipality.pk},
    )
    [enrolment] = extract["enrolments"]
    [behaviour] = enrolment["motivation"]
    assert behaviour["behaviour"] == "Närvara"
    assert [a["notes"] for a in behaviour["assessments"]] == ["Orolig"]
    assert [p["steps"] for p in behaviour["action_plans"]] == ["Väckarklocka"]
    assert [r["development"] for r in enrolment["reports_back"]] == ["Kommer i tid."]


def test_erasure_blanks_what_was_written(recorded: KnutTeam, clock: Clock) -> None:
    enrolment = recorded.enrolment
    reason = next(iter(registry().programmes["knut_pv"].exit_reasons))
    lifecycle.exit_enrolment(
        actor=recorded.work_supervisor, enrolment=enrolment, day=TODAY, reason=reason
    )
    clock.move_to(TODAY.replace(year=TODAY.year + 6))
    erase_due(today=clock.today(), dry_run=False)
    assert list(TargetBehaviour.objects.values_list("problem", "behaviour")) == [("", "")]
    assessment = MotivationAssessment.objects.get()
    assert (assessment.stage, assessment.notes, assessment.sbk_situation) == (
        Stage.PREPARATION,
        "",
        "",
    )
    assert BehaviourActionPlan.objects.get().steps == ""
    report = ReportBack.objects.get()
    assert (report.content, report.development, report.next_steps) == ({}, "", "")
