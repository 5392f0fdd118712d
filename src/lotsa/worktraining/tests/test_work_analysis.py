"""Work analysis: the participant's self-rating and the supervisor's observation of each
requirement of a task, matched against the task, summarised for the referrer; an observation,
never an assessment."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError
from lotsa.outcomes.periods import Period
from lotsa.pathways.models import ChecklistEntry, Milestone
from lotsa.testing.factories import EnrolmentFactory, UnitFactory, WorkUnitFactory
from lotsa.testing.personas import KnutTeam
from lotsa.testing.queries import page_queries
from lotsa.worktraining import codes
from lotsa.worktraining.matching import (
    OBSERVATION_FRESH_DAYS,
    Observed,
    Result,
    match,
    suggest_tasks,
)
from lotsa.worktraining.models import WorkAnalysis, WorkTask, WorkUnit
from lotsa.worktraining.queries.records import analysis_for_report, work_training_for_extract
from lotsa.worktraining.services.analysis import (
    EntryInput,
    record_work_analysis,
    write_analysis_summary,
)
from lotsa.worktraining.services.report_back import ReportBackText, write_report_back
from lotsa.worktraining.tests.records_helpers import english, sanding, task, work_unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

__all__ = ["task", "work_unit"]

TODAY = datetime.date(2026, 12, 3)
DAY = datetime.date(2026, 11, 20)
ASSESSMENT_WORDS = re.compile(r"assessment|bedömning", re.IGNORECASE)


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def analysed(
    team: KnutTeam, task: WorkTask, *, day: datetime.date = DAY, **levels: Any
) -> WorkAnalysis:
    entries = levels.pop("entries", None) or [
        EntryInput("punctuality", self_rating=7, observed_level=2, observation="Kommer i tid."),
        EntryInput("protective_equipment", self_rating=9, observed_level=1),
    ]
    return record_work_analysis(
        actor=team.work_supervisor,
        enrolment=team.enrolment,
        task=task,
        observed_on=day,
        purpose="rehabilitation",
        entries=entries,
    )


# ------------------------------------------------------------------ matching (pure)


def test_each_requirement_is_met_not_yet_met_or_not_observed() -> None:
    requirements = [("punctuality", 2), ("protective_equipment", 3), ("endurance", 2)]
    entries = [
        Observed("punctuality", DAY, 3),
        Observed("protective_equipment", DAY, 2),
        Observed("endurance", DAY, None, self_rating=4),
    ]

    lines = match(requirements, entries, TODAY)

    assert [(line.requirement, line.result) for line in lines] == [
        ("punctuality", Result.MET),
        ("protective_equipment", Result.NOT_YET),
        ("endurance", Result.NOT_OBSERVED),
    ]


def test_the_latest_observation_counts_and_an_old_one_is_marked() -> None:
    old = TODAY - datetime.timedelta(days=OBSERVATION_FRESH_DAYS + 1)
    fresh = TODAY - datetime.timedelta(days=OBSERVATION_FRESH_DAYS)
    entries = [Observed("punctuality", old, 1), Observed("punctuality", fresh, 3)]

    (line,) = match([("punctuality", 2)], entries, TODAY)
    (aged,) = match([("punctuality", 2)], entries[:1], TODAY)

    assert (line.result, line.stale) == (Result.MET, False)
    assert (aged.result, aged.stale) == (Result.NOT_YET, True)


def test_tasks_are_suggested_by_how_close_fresh_observations_come() -> None:
    entries = [Observed("punctuality", DAY, 3), Observed("strength", DAY, 1)]
    tasks = [
        (1, [("punctuality", 2), ("strength", 3)]),  # one met, one not yet
        (2, [("punctuality", 1)]),  # all met
        (3, [("attention", 1)]),  # nothing observed: not suggested
    ]

    suggested = suggest_tasks(tasks, entries, TODAY)

    assert [s.task_id for s in suggested] == [2, 1]
    assert (suggested[1].met, suggested[1].not_yet) == (1, 1)


# ------------------------------------------------------------------ recording


def test_the_first_analysis_marks_the_milestone_and_ticks_once(
    knut_team: KnutTeam, task: WorkTask
) -> None:
    analysed(knut_team, task)
    analysed(knut_team, task, day=DAY + datetime.timedelta(days=1))

    milestone = Milestone.objects.get(enrolment=knut_team.enrolment, code=codes.FIRST_WORK_ANALYSIS)
    assert milestone.occurred_on == DAY
    ticks = dict(
        ChecklistEntry.objects.filter(enrolment=knut_team.enrolment).values_list(
            "item_code", "done_on"
        )
    )
    assert ticks == {
        codes.WORK_ANALYSIS: DAY,
        codes.SELF_RATING: DAY,
        codes.FUNCTIONAL_OBSERVATION: DAY,
    }
    assert AuditEntry.objects.filter(event=AuditEvent.WORK_ANALYSIS_RECORDED).count() == 2


def test_self_rating_alone_does_not_tick_the_observation(
    knut_team: KnutTeam, task: WorkTask
) -> None:
    analysed(knut_team, task, entries=[EntryInput("endurance", self_rating=3)])

    ticked = set(
        ChecklistEntry.objects.filter(enrolment=knut_team.enrolment).values_list(
            "item_code", flat=True
        )
    )
    assert ticked == {codes.WORK_ANALYSIS, codes.SELF_RATING}


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (EntryInput("punctuality", self_rating=11), "self_rating_punctuality"),
        (EntryInput("punctuality", observed_level=4), "observed_level_punctuality"),
        (EntryInput("strength", observed_level=1), "entry_strength"),
    ],
)
def test_ratings_levels_and_requirements_are_checked(
    knut_team: KnutTeam, task: WorkTask, entry: EntryInput, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        analysed(knut_team, task, entries=[entry])

    assert field in refused.value.errors
    assert not WorkAnalysis.objects.exists()


def test_an_empty_analysis_and_a_task_of_another_unit_are_refused(
    knut_team: KnutTeam, task: WorkTask
) -> None:
    with pytest.raises(DomainError) as empty:
        analysed(knut_team, task, entries=[EntryInput("punctuality")])
    assert "__all__" in empty.value.errors

    elsewhere = WorkUnitFactory.create(unit=UnitFactory.create(runs=["knut_pv"]))
    foreign = WorkTask.objects.create(work_unit=elsewhere, name="Annan")
    with pytest.raises(DomainError) as refused:
        analysed(knut_team, foreign)
    assert "task" in refused.value.errors


# ------------------------------------------------------------------ pages


def test_the_analysis_page_shows_the_match_and_never_says_assessment(
    knut_team: KnutTeam, task: WorkTask, client_for: Any
) -> None:
    analysis = analysed(knut_team, task)
    client = english(client_for(knut_team.work_supervisor))

    html = _main(client.get(f"/work-training/work-analyses/{analysis.pk}/").content.decode())

    assert "observation" in html.lower()
    assert not ASSESSMENT_WORDS.search(html)
    rows = re.findall(
        r"<tr><th scope=\"row\">([^<]+)</th>.*?<td>(Met|Not yet|Not observed)", html, re.S
    )
    assert rows == [
        ("Endurance", "Not observed"),
        ("Using protective equipment", "Not yet"),
        ("Punctuality", "Met"),
    ]
    viewed = AuditEntry.objects.get(event=AuditEvent.WORK_ANALYSIS_VIEWED)
    assert viewed.participant_id == knut_team.enrolment.participant_id


def test_the_swedish_pages_say_observation_not_assessment(
    knut_team: KnutTeam, task: WorkTask, client_for: Any
) -> None:
    analysis = analysed(knut_team, task)
    client = client_for(knut_team.work_supervisor)
    enrolment = knut_team.enrolment.pk

    for url in (
        f"/work-training/work-analyses/{analysis.pk}/",
        f"/work-training/cases/{enrolment}/work-analyses/",
        f"/work-training/cases/{enrolment}/work-analyses/new/?task={task.pk}",
    ):
        html = _main(client.get(url).content.decode())
        assert not ASSESSMENT_WORDS.search(html), url


def test_recording_on_the_page_shows_field_errors_and_saves(
    knut_team: KnutTeam, task: WorkTask, client_for: Any
) -> None:
    client = english(client_for(knut_team.work_supervisor))
    url = f"/work-training/cases/{knut_team.enrolment.pk}/work-analyses/new/"
    data = {"task": task.pk, "observed_on": DAY.isoformat(), "purpose": "job_matching"}

    refused = client.post(url, data | {"self_rating_punctuality": "12"})
    assert refused.status_code == 400
    assert re.search(
        r'aria-describedby="[^"]*id_self_rating_punctuality_error', refused.content.decode()
    )

    saved = client.post(
        url, data | {"self_rating_punctuality": "6", "observed_level_endurance": "2"}
    )
    analysis = WorkAnalysis.objects.get()
    assert saved.status_code == 302
    assert saved["Location"] == f"/work-training/work-analyses/{analysis.pk}/"
    assert dict(analysis.entries.values_list("requirement", "self_rating")) == {
        "punctuality": 6,
        "endurance": None,
    }


def test_a_manager_gets_403_on_the_analysis_forms(
    knut_team: KnutTeam, task: WorkTask, client_for: Any
) -> None:
    client = client_for(knut_team.manager)
    base = f"/work-training/cases/{knut_team.enrolment.pk}/work-analyses"

    assert client.get(f"{base}/new/?task={task.pk}").status_code == 403
    assert client.post(f"{base}/new/", {"task": task.pk}).status_code == 403
    assert client.get(f"{base}/summary/").status_code == 403
    assert client.get(f"{base}/").status_code == 200
    assert not WorkAnalysis.objects.exists()


def test_another_units_analysis_and_case_are_not_found(
    knut_team: KnutTeam, task: WorkTask, personas: Any, client_for: Any
) -> None:
    analysis = analysed(knut_team, task)
    client = client_for(personas.coach_a)

    assert client.get(f"/work-training/work-analyses/{analysis.pk}/").status_code == 404
    assert (
        client.get(f"/work-training/cases/{knut_team.enrolment.pk}/work-analyses/").status_code
        == 404
    )
    refusals = AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor=personas.coach_a)
    assert refusals.count() == 2


def test_a_task_of_another_unit_is_not_found_on_the_form(
    knut_team: KnutTeam, client_for: Any
) -> None:
    elsewhere = WorkUnitFactory.create(unit=UnitFactory.create(runs=["knut_pv"]))
    foreign = WorkTask.objects.create(work_unit=elsewhere, name="Annan")

    response = client_for(knut_team.work_supervisor).get(
        f"/work-training/cases/{knut_team.enrolment.pk}/work-analyses/new/?task={foreign.pk}"
    )

    assert response.status_code == 404


def test_the_analyses_page_costs_the_same_with_more_analyses_and_tasks(
    knut_team: KnutTeam, work_unit: WorkUnit, task: WorkTask, client_for: Any
) -> None:
    client = client_for(knut_team.work_supervisor)
    url = f"/work-training/cases/{knut_team.enrolment.pk}/work-analyses/"
    first = analysed(knut_team, task)
    write_analysis_summary(
        actor=knut_team.work_supervisor,
        enrolment=knut_team.enrolment,
        written_on=DAY,
        text="Kommer i tid.",
        analyses=[first],
    )
    one = page_queries(client, url)
    for number in range(3):
        other = sanding(knut_team, work_unit, name=f"Uppgift {number}")
        later = analysed(knut_team, other, day=DAY + datetime.timedelta(days=number + 1))
        write_analysis_summary(
            actor=knut_team.work_supervisor,
            enrolment=knut_team.enrolment,
            written_on=DAY,
            text="Mer.",
            analyses=[first, later],
        )

    assert page_queries(client, url) == one


def test_the_analysis_page_costs_the_same_with_more_requirements(
    knut_team: KnutTeam, work_unit: WorkUnit, client_for: Any
) -> None:
    client = client_for(knut_team.work_supervisor)
    small = sanding(knut_team, work_unit, name="Liten", requirements={"punctuality": 1})
    large = sanding(knut_team, work_unit, name="Stor")
    one = analysed(knut_team, small, entries=[EntryInput("punctuality", observed_level=1)])
    many = analysed(knut_team, large)

    assert page_queries(client, f"/work-training/work-analyses/{many.pk}/") == page_queries(
        client, f"/work-training/work-analyses/{one.pk}/"
    )


# ------------------------------------------------------------------ summaries and reports


def test_a_summary_names_only_analyses_of_the_case(knut_team: KnutTeam, task: WorkTask) -> None:
    other_case = EnrolmentFactory.create(unit=knut_team.unit, programme_model="knut_pv")
    foreign = WorkAnalysis.objects.create(
        enrolment=other_case,
        task=task,
        observed_on=DAY,
        purpose="rehabilitation",
        recorded_by=knut_team.work_supervisor,
    )

    with pytest.raises(DomainError) as refused:
        write_analysis_summary(
            actor=knut_team.work_supervisor,
            enrolment=knut_team.enrolment,
            written_on=DAY,
            text="Sammanfattning.",
            analyses=[foreign],
        )

    assert "analyses" in refused.value.errors


def test_the_summary_page_saves_a_summary_for_the_referrer(
    knut_team: KnutTeam, task: WorkTask, client_for: Any
) -> None:
    analysis = analysed(knut_team, task)
    client = client_for(knut_team.work_supervisor)

    response = client.post(
        f"/work-training/cases/{knut_team.enrolment.pk}/work-analyses/summary/",
        {
            "written_on": DAY.isoformat(),
            "analyses": [analysis.pk],
            "text": "Passar tider väl.",
            "for_referrer": "on",
        },
    )

    assert response.status_code == 302
    summary = analysis.summaries.get()
    assert (summary.text, summary.for_referrer) == ("Passar tider väl.", True)
    entry = AuditEntry.objects.get(event=AuditEvent.ANALYSIS_SUMMARY_WRITTEN)
    assert entry.changes == {"analyses": [analysis.pk], "for_referrer": True}


def test_the_report_gets_the_period_s_summaries_for_the_referrer_and_matches(
    knut_team: KnutTeam, work_unit: WorkUnit, task: WorkTask
) -> None:
    before = analysed(knut_team, task, day=datetime.date(2026, 9, 1))
    inside = analysed(knut_team, task, day=datetime.date(2026, 10, 15))
    for text, for_referrer, day in (
        ("Till remittenten.", True, datetime.date(2026, 10, 20)),
        ("Internt.", False, datetime.date(2026, 10, 21)),
        ("För tidigt.", True, datetime.date(2026, 9, 2)),
    ):
        write_analysis_summary(
            actor=knut_team.work_supervisor,
            enrolment=knut_team.enrolment,
            written_on=day,
            text=text,
            analyses=[inside],
            for_referrer=for_referrer,
        )

    report = analysis_for_report(
        knut_team.enrolment, Period(datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    )

    assert [s.text for s in report.summaries] == ["Till remittenten."]
    assert [item.analysis for item in report.analyses] == [inside]
    assert before not in [item.analysis for item in report.analyses]
    results = {line.requirement: line.result for line in report.analyses[0].lines}
    assert results == {
        "punctuality": Result.MET,
        "protective_equipment": Result.NOT_YET,
        "endurance": Result.NOT_OBSERVED,
    }


def test_the_register_extract_part_holds_the_records(knut_team: KnutTeam, task: WorkTask) -> None:
    analysis = analysed(knut_team, task)
    write_analysis_summary(
        actor=knut_team.work_supervisor,
        enrolment=knut_team.enrolment,
        written_on=DAY,
        text="Sammanfattning.",
        analyses=[analysis],
    )

    parts = work_training_for_extract([knut_team.enrolment.pk])

    (analysis_row,) = parts["work_analyses"][knut_team.enrolment.pk]
    assert analysis_row["task"] == "Slipning"
    observed = {row["requirement"]: row for row in analysis_row["observations"]}
    assert observed["Punctuality"]["observation"] == "Kommer i tid."
    assert observed["Punctuality"]["self_rating"] == 7
    (summary_row,) = parts["analysis_summaries"][knut_team.enrolment.pk]
    assert summary_row["summary_text"] == "Sammanfattning."
    assert parts["work_training_referral"] == {}


def test_today_asks_to_observe_again_in_a_fixed_number_of_queries(
    knut_team: KnutTeam, task: WorkTask, client_for: Any
) -> None:
    client = english(client_for(knut_team.work_supervisor))
    old = TODAY - datetime.timedelta(days=OBSERVATION_FRESH_DAYS + 10)
    analysed(knut_team, task, day=old)
    analysed(knut_team, task, day=old - datetime.timedelta(days=5))

    html = client.get("/today/").content.decode()
    assert f"Observations older than {OBSERVATION_FRESH_DAYS} days" in html
    assert f"/work-training/cases/{knut_team.enrolment.pk}/work-analyses/" in html
    one = page_queries(client, "/today/")
    for _ in range(3):
        other = EnrolmentFactory.create(
            unit=knut_team.unit,
            programme_model="knut_pv",
            phase="work_training",
            responsible_staff=knut_team.work_supervisor,
        )
        record_work_analysis(
            actor=knut_team.work_supervisor,
            enrolment=other,
            task=task,
            observed_on=old,
            purpose="job_matching",
            entries=[EntryInput("punctuality", observed_level=2)],
        )

    assert page_queries(client, "/today/") == one
    analysed(knut_team, task, day=TODAY)
    fresh = client.get("/today/").content.decode()
    assert f"/work-training/cases/{knut_team.enrolment.pk}/work-analyses/" not in fresh


def test_the_form_pages_cost_the_same_with_more_analyses(
    knut_team: KnutTeam, work_unit: WorkUnit, task: WorkTask, client_for: Any
) -> None:
    client = client_for(knut_team.work_supervisor)
    base = f"/work-training/cases/{knut_team.enrolment.pk}/work-analyses"
    analysed(knut_team, task)
    summary = page_queries(client, f"{base}/summary/")
    form = page_queries(client, f"{base}/new/?task={task.pk}")
    for number in range(3):
        other = sanding(knut_team, work_unit, name=f"Uppgift {number}")
        analysed(knut_team, other)

    assert page_queries(client, f"{base}/summary/") == summary
    assert page_queries(client, f"{base}/new/?task={task.pk}") == form


def test_a_task_fully_met_suggests_its_occupations(
    knut_team: KnutTeam, work_unit: WorkUnit, client_for: Any
) -> None:
    simple = sanding(
        knut_team,
        work_unit,
        name="Enkel",
        requirements={"punctuality": 1},
        occupation_codes=["9111"],
    )
    hard = sanding(knut_team, work_unit, name="Svår", occupation_codes=["7522"])
    analysed(knut_team, simple, day=TODAY, entries=[EntryInput("punctuality", observed_level=2)])
    analysed(knut_team, hard, day=TODAY, entries=[EntryInput("punctuality", observed_level=2)])

    html = _main(
        client_for(knut_team.work_supervisor)
        .get(f"/work-training/cases/{knut_team.enrolment.pk}/work-analyses/")
        .content.decode()
    )

    assert "9111 Städare" in html
    assert "7522 " not in html


def test_the_report_back_carries_the_summary_and_the_match_but_not_the_self_ratings(
    knut_team: KnutTeam, task: WorkTask, client_for: Any
) -> None:
    analysis = analysed(knut_team, task)
    write_analysis_summary(
        actor=knut_team.work_supervisor,
        enrolment=knut_team.enrolment,
        written_on=DAY,
        text="Klarar att komma i tid; skyddsutrustningen behöver påminnelser.",
        analyses=[analysis],
        for_referrer=True,
    )

    report = write_report_back(
        actor=knut_team.work_supervisor,
        enrolment=knut_team.enrolment,
        text=ReportBackText(
            period_from=DAY - datetime.timedelta(days=10),
            period_to=DAY,
            development="Kommer oftare i tid.",
            next_steps="Fortsatt arbetsträning.",
        ),
    )

    section = report.content["work_analysis"]
    assert [s["text"] for s in section["summaries"]] == [
        "Klarar att komma i tid; skyddsutrustningen behöver påminnelser."
    ]
    [observed] = section["analyses"]
    assert observed["task"] == task.name
    assert {line["requirement"]: line["result"] for line in observed["lines"]} == {
        "punctuality": "met",
        "protective_equipment": "not_yet",
        "endurance": "not_observed",
    }
    # The observation in words and the self-ratings stay in the case.
    assert "Kommer i tid." not in str(section) and "self_rating" not in str(section)
    page = client_for(knut_team.work_supervisor).get(f"/work-training/report-back/{report.pk}/")
    text = _main(page.content.decode())
    assert "skyddsutrustningen behöver påminnelser" in text
    assert "Inte observerat" in text or "Not observed" in text
