"""The reads of the socioeconomic report: the scope a viewer chose (units, an organisation, a
country, or one cohort; optionally one programme model) and the rows the mapping needs for the
enrolments served in a period, in a fixed number of queries whatever their number.

Scoped like the outcome reports: the units where the viewer's role allows outcome reports
(``resolve_scope``), a unit or cohort outside them answering as an unknown one (404, logged).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.cohorts.models import Cohort
from lotsa.employment.models import Job
from lotsa.errors import DomainError
from lotsa.organisations.models import Unit
from lotsa.outcomes.periods import Period
from lotsa.outcomes.scope import Scope, resolve_scope
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import Enrolment, FollowUp
from lotsa.socioeconomics.mapping import EnrolmentRow, FollowUpRow, JobRow

SCOPE_KEYS = ("unit", "organisation", "country", "cohort")


@dataclass(frozen=True)
class ReportScope:
    """The units, the programme model (``None``: all) and the cohort (if one) a report covers."""

    scope: Scope
    programme: Programme | None
    cohort_id: int | None = None

    @property
    def label(self) -> str:
        if self.programme is None:
            return self.scope.label
        return f"{self.scope.label} · {self.programme.name}"


def report_scope(user: Actor, params: dict[str, str]) -> ReportScope:
    """The scope chosen in ``params``; refused with field errors when it does not hold."""
    code = params.get("programme", "").strip()
    programme = registry().get(code) if code else None
    if code and programme is None:
        raise DomainError({"programme": _("Choose one of the programme models.")})
    cohort_raw = params.get("cohort", "").strip()
    if not cohort_raw:
        return ReportScope(resolve_scope(user, params, programme), programme)
    if any(params.get(key, "").strip() for key in ("unit", "organisation", "country")):
        raise DomainError({"cohort": _("Choose a cohort or units, not both.")})
    cohort = access.get_cohort_for(user, cohort_raw, access.Action.VIEW_OUTCOMES)
    if programme is not None and cohort.programme_code != programme.code:
        raise DomainError({"programme": _("The cohort belongs to another programme model.")})
    people = access.unit_ids_for(user, access.Action.VIEW_PARTICIPANT)
    scope = Scope(
        [cohort.unit],
        f"{cohort.unit.name}: {cohort.name}",
        sees_people=cohort.unit_id in people,
        params={"cohort": str(cohort.pk)},
    )
    return ReportScope(scope, programme, cohort.pk)


def countries_of(scope: ReportScope) -> set[str]:
    """The countries of the scope's units' organisations."""
    return set(
        Unit.objects.filter(pk__in=scope.scope.unit_ids)
        .values_list("organisation__country", flat=True)
        .distinct()
    )


def served_enrolments(scope: ReportScope, period: Period) -> QuerySet[Enrolment]:
    """The enrolments of the scope served in the period: started by its end and not ended
    before its start."""
    enrolments = Enrolment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start),
        unit_id__in=scope.scope.unit_ids,
        start_date__isnull=False,
        start_date__lte=period.end,
    )
    if scope.programme is not None:
        enrolments = enrolments.filter(programme_model=scope.programme.code)
    if scope.cohort_id is not None:
        enrolments = enrolments.filter(cohort_memberships__cohort_id=scope.cohort_id)
    return enrolments


def enrolment_rows(scope: ReportScope, period: Period) -> list[EnrolmentRow]:
    """What the mapping reads of every enrolment served: three queries (enrolments, their jobs
    that count — four paid hours worked — and their follow-up statuses)."""
    served = served_enrolments(scope, period)
    ids = served.values("pk")
    jobs: dict[int, list[JobRow]] = defaultdict(list)
    for enrolment_id, starts_on, ends_on, hours, form in Job.objects.filter(
        enrolment_id__in=ids, four_paid_hours_on__isnull=False
    ).values_list("enrolment_id", "starts_on", "ends_on", "hours_per_week", "form"):
        jobs[enrolment_id].append(JobRow(starts_on, ends_on, hours, form))
    follow_ups: dict[int, list[FollowUpRow]] = defaultdict(list)
    for enrolment_id, status, observed_on in FollowUp.objects.filter(
        enrolment_id__in=ids
    ).values_list("enrolment_id", "status", "observed_on"):
        follow_ups[enrolment_id].append(FollowUpRow(status, observed_on))
    return [
        EnrolmentRow(
            enrolment_id=pk,
            baseline_income_sources=tuple(sources or ()),
            exit_outcome=outcome,
            end_date=end_date,
            jobs=tuple(jobs[pk]),
            follow_ups=tuple(follow_ups[pk]),
        )
        for pk, sources, outcome, end_date in served.order_by("pk").values_list(
            "pk", "baseline_income_sources", "outcome", "end_date"
        )
    ]


def cohort_choices(user: Actor, params: dict[str, str]) -> list[tuple[int, str, bool]]:
    """The cohorts of the units where the viewer may see outcome reports, as (value, label,
    selected), newest first."""
    rows = (
        Cohort.objects.filter(
            unit_id__in=access.unit_ids_for(user, access.Action.VIEW_OUTCOMES), activity=""
        )
        .order_by("-starts_on", "name")
        .values_list("pk", "unit__name", "name")
    )
    chosen = params.get("cohort", "")
    return [(pk, f"{unit}: {name}", str(pk) == chosen) for pk, unit, name in rows]
