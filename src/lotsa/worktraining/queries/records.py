"""Reads for the work-training records: work units and their catalogues, a case's referral,
work analyses with their match against the task, and the sections of the report back."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.core.today import TodayItem
from lotsa.employment.occupations import occupation_label
from lotsa.outcomes.periods import Period
from lotsa.pathways.models import Enrolment
from lotsa.referrals.models import Referral
from lotsa.worktraining.concepts import Concept, concepts
from lotsa.worktraining.matching import (
    OBSERVATION_FRESH_DAYS,
    MatchLine,
    Observed,
    TaskSuggestion,
    match,
    suggest_tasks,
)
from lotsa.worktraining.models import (
    AbilityEntry,
    AnalysisSummary,
    WorkAnalysis,
    WorkTask,
    WorkTrainingReferral,
    WorkUnit,
)


def concepts_named(codes: list[str]) -> list[Concept]:
    known = concepts()
    return [known[code] for code in codes if code in known]


# ------------------------------------------------------------------ work units and tasks


def work_units_of(unit_id: int) -> QuerySet[WorkUnit]:
    """A unit's work units with the number of tasks in each catalogue."""
    return WorkUnit.objects.filter(unit_id=unit_id).annotate(
        task_count=Count("tasks", filter=Q(tasks__is_active=True))
    )


def tasks_of(work_unit: WorkUnit) -> list[WorkTask]:
    """The work unit's catalogue with each task's requirements."""
    return list(work_unit.tasks.prefetch_related("requirements").order_by("-is_active", "name"))


# ------------------------------------------------------------------ a case's records


def referral_of(enrolment: Enrolment) -> WorkTrainingReferral | None:
    """The case's referral from the commissioner, with the inbox referral it is linked to."""
    return (
        WorkTrainingReferral.objects.filter(enrolment=enrolment)
        .select_related("referral__from_unit")
        .first()
    )


def inbox_referrals_for(user: Actor, enrolment: Enrolment) -> QuerySet[Referral]:
    """The referrals of the case's participant that the case's unit received, among those the
    user may see, newest first with their sender: those the commissioner's referral may name."""
    return (
        access.referrals_visible_to(user)
        .filter(participant_id=enrolment.participant_id, to_unit_id=enrolment.unit_id)
        .select_related("from_unit")
        .order_by("-sent_on", "-pk")
    )


def _observed(entry: AbilityEntry, analysis: WorkAnalysis) -> Observed:
    return Observed(
        entry.requirement,
        analysis.observed_on,
        entry.observed_level,
        entry.self_rating,
        entry.observation,
    )


@dataclass(frozen=True)
class AnalysisLines:
    analysis: WorkAnalysis
    lines: list[MatchLine]


def _analyses(enrolment_id: int) -> list[WorkAnalysis]:
    return list(
        WorkAnalysis.objects.filter(enrolment_id=enrolment_id)
        .select_related("task__work_unit", "recorded_by")
        .prefetch_related("entries", "task__requirements")
    )


def _lines(analysis: WorkAnalysis, today: datetime.date) -> AnalysisLines:
    requirements = [(r.requirement, r.level) for r in analysis.task.requirements.all()]
    entries = [_observed(entry, analysis) for entry in analysis.entries.all()]
    return AnalysisLines(analysis, match(requirements, entries, today))


def analysis_page(analysis: WorkAnalysis, today: datetime.date) -> AnalysisLines:
    """One analysis with its match against its task."""
    fetched = (
        WorkAnalysis.objects.select_related("task__work_unit", "recorded_by")
        .prefetch_related("entries", "task__requirements")
        .get(pk=analysis.pk)
    )
    return _lines(fetched, today)


@dataclass(frozen=True)
class CaseAnalyses:
    analyses: list[AnalysisLines]
    summaries: list[AnalysisSummary]
    # The unit's tasks the participant's fresh observations come closest to.
    suggestions: list[tuple[WorkTask, TaskSuggestion]]
    tasks: list[WorkTask]
    # Occupations that need what the tasks fully met by fresh observations ask for: job types
    # to look at with the participant ("code title", in the unit's country's classification).
    occupations: list[str]


def analyses_of(enrolment: Enrolment, today: datetime.date) -> CaseAnalyses:
    """The case's work analyses (latest first) matched against their tasks, the summaries,
    and the tasks of the unit to suggest, in a fixed number of queries."""
    analyses = _analyses(enrolment.pk)
    tasks = list(
        WorkTask.objects.filter(work_unit__unit_id=enrolment.unit_id, is_active=True)
        .select_related("work_unit")
        .prefetch_related("requirements")
        .order_by("work_unit__name", "name")
    )
    entries = [_observed(entry, a) for a in analyses for entry in a.entries.all()]
    by_id = {task.pk: task for task in tasks}
    suggested = suggest_tasks(
        [(t.pk, [(r.requirement, r.level) for r in t.requirements.all()]) for t in tasks],
        entries,
        today,
    )
    summaries = list(
        AnalysisSummary.objects.filter(enrolment=enrolment)
        .select_related("written_by")
        .prefetch_related("analyses__task")
    )
    met = [by_id[s.task_id] for s in suggested if s.not_yet == 0 and s.not_observed == 0]
    country = enrolment.unit.organisation.country
    return CaseAnalyses(
        analyses=[_lines(analysis, today) for analysis in analyses],
        summaries=summaries,
        suggestions=[(by_id[s.task_id], s) for s in suggested],
        tasks=tasks,
        occupations=[
            occupation_label(country, code)
            for code in dict.fromkeys(code for task in met for code in task.occupation_codes)
        ],
    )


@dataclass(frozen=True)
class AnalysisReport:
    """The work analysis section of a report back to the commissioner for a period."""

    summaries: list[AnalysisSummary]
    analyses: list[AnalysisLines]


def analysis_for_report(enrolment: Enrolment, period: Period) -> AnalysisReport:
    """The summaries written for the referrer and the work analyses observed in the period,
    each with its match against the task, matched as of the period's end."""
    analyses = [a for a in _analyses(enrolment.pk) if period.start <= a.observed_on <= period.end]
    summaries = list(
        AnalysisSummary.objects.filter(
            enrolment=enrolment,
            for_referrer=True,
            written_on__range=(period.start, period.end),
        ).prefetch_related(
            Prefetch("analyses", queryset=WorkAnalysis.objects.select_related("task"))
        )
    )
    return AnalysisReport(
        summaries=summaries, analyses=[_lines(a, period.end) for a in reversed(analyses)]
    )


# ------------------------------------------------------------------ the register extract


def work_training_for_extract(
    enrolment_ids: list[int],
) -> dict[str, dict[int, list[dict[str, Any]]]]:
    """The commissioner's referral, the work analyses and their summaries of each enrolment,
    by part of the extract, in a fixed number of queries."""
    parts: dict[str, dict[int, list[dict[str, Any]]]] = {
        "work_training_referral": defaultdict(list),
        "work_analyses": defaultdict(list),
        "analysis_summaries": defaultdict(list),
    }
    for referral in WorkTrainingReferral.objects.filter(enrolment_id__in=enrolment_ids):
        parts["work_training_referral"][referral.enrolment_id].append(
            {
                "commissioner": referral.get_commissioner_display(),
                "commissioner_name": referral.commissioner_name,
                "received_on": referral.received_on,
                "stated_needs": referral.stated_needs,
                "requested_services": [
                    str(c.name) for c in concepts_named(referral.requested_services)
                ],
                "to_train_or_test": referral.to_train_or_test,
                "participant_category": referral.get_participant_category_display(),
                "need_category": referral.need_category,
            }
        )
    # The entries are read in one query of their own, so the count stays the same whether
    # there are analyses or not.
    observations: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for entry in AbilityEntry.objects.filter(analysis__enrolment_id__in=enrolment_ids):
        observations[entry.analysis_id].append(
            {
                "requirement": entry.get_requirement_display(),
                "self_rating": entry.self_rating,
                "observed_level": entry.observed_level,
                "observation": entry.observation,
            }
        )
    for analysis in WorkAnalysis.objects.filter(enrolment_id__in=enrolment_ids).select_related(
        "task"
    ):
        parts["work_analyses"][analysis.enrolment_id].append(
            {
                "task": analysis.task.name,
                "observed_on": analysis.observed_on,
                "purpose": analysis.get_purpose_display(),
                "observations": observations[analysis.pk],
            }
        )
    for summary in AnalysisSummary.objects.filter(enrolment_id__in=enrolment_ids):
        parts["analysis_summaries"][summary.enrolment_id].append(
            {
                "written_on": summary.written_on,
                "for_referrer": summary.for_referrer,
                "summary_text": summary.text,
            }
        )
    return {part: dict(rows) for part, rows in parts.items()}


# ------------------------------------------------------------------ the Today page


def stale_observations(open_enrolment_ids: list[int], today: datetime.date) -> list[TodayItem]:
    """Cases whose latest work analysis is older than the freshness limit: observe again before
    the next summary for the referrer. Two queries, whatever the caseload."""
    limit = today - datetime.timedelta(days=OBSERVATION_FRESH_DAYS)
    latest = dict(
        WorkAnalysis.objects.filter(enrolment_id__in=open_enrolment_ids)
        .values("enrolment_id")
        .annotate(last=Max("observed_on"))
        .filter(last__lt=limit)
        .values_list("enrolment_id", "last")
    )
    if not latest:
        return []
    enrolments = Enrolment.objects.filter(pk__in=latest).select_related("participant")
    return [
        TodayItem(
            text=gettext("Observations older than %(days)s days: observe the work again")
            % {"days": OBSERVATION_FRESH_DAYS},
            participant=enrolment.participant.display_name,
            day=latest[enrolment.pk],
            url=reverse("worktraining:analyses", args=[enrolment.pk]),
        )
        for enrolment in enrolments
    ]
