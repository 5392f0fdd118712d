"""The report back to the commissioner: its generated sections, and the reads of its pages.

The sections are built from the records when a version is written and stored with it (codes,
dates and figures, never the staff's MI notes); the pages show them in the reader's language."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.cohorts.models import Attendance, AttendanceStatus
from lotsa.core.today import TodayItem
from lotsa.outcomes.periods import Period
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.models import Enrolment, EnrolmentEvent
from lotsa.pathways.services.enrolment_changes import programme_of
from lotsa.referrals.models import Referral
from lotsa.worktraining.models import (
    BehaviourActionPlan,
    FunctionalRequirement,
    MotivationAssessment,
    ReportBack,
    ReportBackStatus,
    Stage,
    TargetBehaviour,
)
from lotsa.worktraining.queries.records import analysis_for_report

Section = Callable[[Enrolment, Period], Any]
ONE_DAY = datetime.timedelta(days=1)


def attendance_section(enrolment: Enrolment, period: Period) -> dict[str, int]:
    """Days of the participant's work group in the period, by attendance status."""
    counts = dict(
        Attendance.objects.filter(
            enrolment=enrolment,
            session__starts_at__date__gte=period.start,
            session__starts_at__date__lte=period.end,
        )
        .values_list("status")
        .annotate(days=Count("id"))
        .values_list("status", "days")
    )
    return {status: counts.get(status, 0) for status in AttendanceStatus.values}


def motivation_section(enrolment: Enrolment, period: Period) -> list[dict[str, Any]]:
    """Each target behaviour named by the end of the period: the stage it stood at when the
    period began, each stage recorded in the period with the rulers, and the action plans made.
    Notes and SBK stay in the case: they are the conversation's, not the commissioner's."""
    behaviours = TargetBehaviour.objects.filter(
        enrolment=enrolment, created_on__lte=period.end
    ).prefetch_related(
        Prefetch(
            "assessments",
            queryset=MotivationAssessment.objects.filter(assessed_on__lte=period.end),
        ),
        Prefetch(
            "action_plans",
            queryset=BehaviourActionPlan.objects.filter(
                made_on__gte=period.start, made_on__lte=period.end
            ),
        ),
    )
    sections = []
    for behaviour in behaviours:
        before = [a for a in behaviour.assessments.all() if a.assessed_on < period.start]
        sections.append(
            {
                "problem": behaviour.problem,
                "behaviour": behaviour.behaviour,
                "stage_at_start": before[-1].stage if before else "",
                "stages": [
                    {
                        "on": assessment.assessed_on.isoformat(),
                        "stage": assessment.stage,
                        "importance": assessment.importance,
                        "confidence": assessment.confidence,
                    }
                    for assessment in behaviour.assessments.all()
                    if assessment.assessed_on >= period.start
                ],
                "action_plans": len(behaviour.action_plans.all()),
            }
        )
    return sections


def staircase_section(enrolment: Enrolment, period: Period) -> list[dict[str, Any]]:
    """The steps of the staircase (the model's phases) the participant stood on in the period,
    with the days on each: a day belongs to the step the participant stood on that day."""
    programme = programme_of(enrolment)
    events = list(
        EnrolmentEvent.objects.filter(enrolment=enrolment, occurred_on__lte=period.end)
        .exclude(to_phase="")
        .order_by("occurred_on", "id")
        .values_list("occurred_on", "from_phase", "to_phase")
    )
    changes = [(day, phase) for day, _from, phase in events]
    if events and events[0][1]:
        # A case whose history begins with a move: it stood on the step it moved from since
        # it started.
        changes.insert(0, (enrolment.start_date or enrolment.referral_date, events[0][1]))
    last_day = min(period.end, enrolment.end_date or period.end)
    steps = []
    for index, (starts_on, phase) in enumerate(changes):
        ends_on = changes[index + 1][0] - ONE_DAY if index + 1 < len(changes) else last_day
        first, last = max(starts_on, period.start), min(ends_on, last_day)
        definition = programme.phases.get(phase)
        if last < first or definition is None or definition.terminal:
            continue
        steps.append(
            {
                "phase": phase,
                "from": first.isoformat(),
                "to": last.isoformat(),
                "days": (last - first).days + 1,
            }
        )
    return steps


def work_analysis_section(enrolment: Enrolment, period: Period) -> dict[str, Any]:
    """The summaries written for the referrer in the period, and each task observed in the
    period with the match of its requirements. What the supervisor observed in words and the
    participant's self-rating stay in the case: the commissioner gets the summary and the
    match."""
    found = analysis_for_report(enrolment, period)
    return {
        "summaries": [
            {"on": summary.written_on.isoformat(), "text": summary.text}
            for summary in found.summaries
        ],
        "analyses": [
            {
                "task": item.analysis.task.name,
                "on": item.analysis.observed_on.isoformat(),
                "lines": [
                    {
                        "requirement": line.requirement,
                        "required_level": line.required_level,
                        "observed_level": line.observed.observed_level if line.observed else None,
                        "result": str(line.result),
                    }
                    for line in item.lines
                ],
            }
            for item in found.analyses
        ],
    }


# The generated sections, keyed as stored in ``ReportBack.content``, in the order shown.
SECTIONS: dict[str, Section] = {
    "attendance": attendance_section,
    "work_analysis": work_analysis_section,
    "motivation": motivation_section,
    "staircase": staircase_section,
}


def report_back_content(enrolment: Enrolment, period: Period) -> dict[str, Any]:
    """The generated sections of a report back for the period."""
    return {key: build(enrolment, period) for key, build in SECTIONS.items()}


# ------------------------------------------------------------------ pages


@dataclass(frozen=True)
class StageLine:
    on: datetime.date
    stage: str
    importance: int | None
    confidence: int | None


@dataclass(frozen=True)
class BehaviourProgress:
    problem: str
    behaviour: str
    stage_at_start: str
    stages: list[StageLine]
    action_plans: int


@dataclass(frozen=True)
class StepLine:
    name: str
    first: datetime.date
    last: datetime.date
    days: int


@dataclass(frozen=True)
class RequirementMatch:
    requirement: str
    required_level: int
    observed_level: int | None
    result: str


@dataclass(frozen=True)
class ObservedTask:
    task: str
    on: datetime.date
    lines: list[RequirementMatch]


@dataclass(frozen=True)
class ShownContent:
    """A version's stored sections, ready for a page: labels in the reader's language."""

    attendance: list[tuple[str, int]]
    summaries: list[tuple[datetime.date, str]]
    observed_tasks: list[ObservedTask]
    motivation: list[BehaviourProgress]
    staircase: list[StepLine]


def shown_content(report: ReportBack, programme: Programme) -> ShownContent:
    content = report.content
    labels = dict(AttendanceStatus.choices)
    stages = dict(Stage.choices)
    requirements = dict(FunctionalRequirement.choices)
    return ShownContent(
        attendance=[
            (str(labels.get(status, status)), days)
            for status, days in content.get("attendance", {}).items()
            if days
        ],
        motivation=[
            BehaviourProgress(
                problem=item["problem"],
                behaviour=item["behaviour"],
                stage_at_start=str(stages.get(item["stage_at_start"], "")),
                stages=[
                    StageLine(
                        on=datetime.date.fromisoformat(line["on"]),
                        stage=str(stages.get(line["stage"], line["stage"])),
                        importance=line["importance"],
                        confidence=line["confidence"],
                    )
                    for line in item["stages"]
                ],
                action_plans=item["action_plans"],
            )
            for item in content.get("motivation", [])
        ],
        staircase=[
            StepLine(
                name=str(programme.phases[step["phase"]].name)
                if step["phase"] in programme.phases
                else step["phase"],
                first=datetime.date.fromisoformat(step["from"]),
                last=datetime.date.fromisoformat(step["to"]),
                days=step["days"],
            )
            for step in content.get("staircase", [])
        ],
        summaries=[
            (datetime.date.fromisoformat(summary["on"]), summary["text"])
            for summary in content.get("work_analysis", {}).get("summaries", [])
        ],
        observed_tasks=[
            ObservedTask(
                task=item["task"],
                on=datetime.date.fromisoformat(item["on"]),
                lines=[
                    RequirementMatch(
                        requirement=str(requirements.get(line["requirement"], line["requirement"])),
                        required_level=line["required_level"],
                        observed_level=line["observed_level"],
                        result=line["result"],
                    )
                    for line in item["lines"]
                ],
            )
            for item in content.get("work_analysis", {}).get("analyses", [])
        ],
    )


def reports_back_of(enrolment: Enrolment) -> list[ReportBack]:
    """The case's versions, newest first, with who wrote, reviewed and sent them. One query."""
    return list(
        ReportBack.objects.filter(enrolment=enrolment).select_related(
            "written_by", "reviewed_by", "sent_by", "sent_to_organisation"
        )
    )


def referral_of(enrolment: Enrolment) -> Referral | None:
    """The referral the case came from, with the commissioner's unit and organisation."""
    return (
        Referral.objects.filter(enrolment=enrolment)
        .select_related("from_unit__organisation")
        .first()
    )


def reports_back_for_extract(enrolment_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Every version of the enrolments' reports back by enrolment, oldest first. One query."""
    rows: dict[int, list[dict[str, Any]]] = {}
    reports = (
        ReportBack.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("sent_to_organisation")
        .order_by("enrolment_id", "version")
    )
    for report in reports:
        rows.setdefault(report.enrolment_id, []).append(
            {
                "version": report.version,
                "period_from": report.period_from,
                "period_to": report.period_to,
                # Shown as written: the figures of the records the extract holds elsewhere.
                "content": json.dumps(report.content, ensure_ascii=False),
                "development": report.development,
                "next_steps": report.next_steps,
                "status": report.status,
                "sent_on": report.sent_on,
                "sent_to": report.sent_to,
                "sent_to_organisation": (
                    report.sent_to_organisation.name if report.sent_to_organisation else ""
                ),
            }
        )
    return rows


def report_back_items(open_enrolment_ids: list[int]) -> list[TodayItem]:
    """Reports back written but not yet sent, one line per version, dated when written. One
    query whatever the caseload."""
    waiting = (
        ReportBack.objects.filter(
            enrolment_id__in=open_enrolment_ids,
            status__in=(ReportBackStatus.DRAFT, ReportBackStatus.REVIEWED),
        )
        .select_related("enrolment__participant")
        .order_by("written_at")
    )
    return [
        TodayItem(
            text=(
                _("Report back to the commissioner, version %(number)s, to review")
                if report.status == ReportBackStatus.DRAFT
                else _("Report back to the commissioner, version %(number)s, to send")
            )
            % {"number": report.version},
            participant=report.enrolment.participant.display_name,
            day=timezone.localdate(report.written_at),
            url=reverse("worktraining:report_back", args=[report.pk]),
        )
        for report in waiting
    ]
