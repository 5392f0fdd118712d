"""The work-training records in the person's register extract, and their texts and
self-ratings erased with the case's content when its time is up."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.services import lifecycle
from lotsa.people.extract.views import Format, register_extract
from lotsa.retention import services as retention
from lotsa.testing.clock import TODAY, Clock
from lotsa.testing.personas import KnutTeam
from lotsa.worktraining.models import AbilityEntry, AnalysisSummary, WorkTask, WorkTrainingReferral
from lotsa.worktraining.services.analysis import (
    EntryInput,
    record_work_analysis,
    write_analysis_summary,
)
from lotsa.worktraining.services.referral import ReferralDetails, save_work_referral
from lotsa.worktraining.tests.records_helpers import task, work_unit

pytestmark = pytest.mark.django_db

__all__ = ["task", "work_unit"]

DAY = TODAY - datetime.timedelta(days=10)
NEEDS = "Behöver komma igång efter lång sjukskrivning."


def _records(team: KnutTeam, task: WorkTask) -> None:
    save_work_referral(
        actor=team.work_supervisor,
        enrolment=team.enrolment,
        details=ReferralDetails(
            commissioner="fk",
            commissioner_name="Handläggare Berg",
            received_on=DAY,
            stated_needs=NEEDS,
            requested_services=["work_trial"],
            to_train_or_test="Uthållighet.",
            participant_category="regular",
        ),
    )
    analysis = record_work_analysis(
        actor=team.work_supervisor,
        enrolment=team.enrolment,
        task=task,
        observed_on=DAY,
        purpose="sick_leave_basis",
        entries=[EntryInput("endurance", self_rating=4, observed_level=1, observation="Trött.")],
    )
    write_analysis_summary(
        actor=team.work_supervisor,
        enrolment=team.enrolment,
        written_on=DAY,
        text="Orkar två timmar.",
        analyses=[analysis],
    )


def test_the_register_extract_holds_the_referral_analyses_and_summaries(
    knut_team: KnutTeam, task: WorkTask, clock: Any, personas: Any
) -> None:
    _records(knut_team, task)
    officer = personas.records_officer

    extract = register_extract(
        officer,
        knut_team.enrolment.participant,
        Format.JSON,
        organisations={knut_team.municipality.pk},
    )

    (enrolment,) = extract["enrolments"]
    (referral,) = enrolment["work_training_referral"]
    assert (referral["stated_needs"], referral["requested_services"]) == (NEEDS, ["Work trial"])
    (analysis,) = enrolment["work_analyses"]
    assert analysis["observations"] == [
        {
            "requirement": "Endurance",
            "self_rating": 4,
            "observed_level": 1,
            "observation": "Trött.",
        }
    ]
    assert enrolment["analysis_summaries"][0]["summary_text"] == "Orkar två timmar."


def test_erasure_blanks_the_texts_and_self_ratings_and_keeps_the_facts(
    knut_team: KnutTeam, task: WorkTask, clock: Clock
) -> None:
    _records(knut_team, task)
    programme = registry().get("knut_pv")
    assert programme is not None
    lifecycle.exit_enrolment(
        actor=knut_team.work_supervisor,
        enrolment=knut_team.enrolment,
        day=TODAY,
        reason=next(iter(programme.exit_reasons)),
    )
    clock.move_to(TODAY.replace(year=TODAY.year + 11))

    run = retention.erase_due(today=clock.today(), dry_run=False)

    assert [case.pk for case in run.cases] == [knut_team.enrolment.pk]
    referral = WorkTrainingReferral.objects.get(enrolment=knut_team.enrolment)
    assert (referral.stated_needs, referral.commissioner_name, referral.to_train_or_test) == (
        "",
        "",
        "",
    )
    assert (referral.commissioner, referral.requested_services) == ("fk", ["work_trial"])
    entry = AbilityEntry.objects.get()
    assert (entry.observation, entry.self_rating, entry.observed_level) == ("", None, 1)
    assert AnalysisSummary.objects.get().text == ""
