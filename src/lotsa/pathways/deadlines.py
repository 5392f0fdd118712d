"""The deadline engine: a programme model's deadline rules evaluated for an enrolment.

Deadlines are computed every time they are shown, from the enrolment's milestones, contacts,
recorded dates (the day the benefit days run out), timeline, checklist and monthly records;
nothing stores "overdue" on a row, so nothing can drift. The facts come read along with the
enrolments (``with_deadline_facts``) or, for the few models that need them, in one query for
all the enrolments of a page (``rule_records``).

The kinds of rule (format in docs/programme-models.md):

* ``after_milestone``: due N months and days after milestone A; met by milestone B.
* ``contact_interval``: a counting contact at least every N days while in the rule's phases.
* ``anchored``: due at a recorded date, a timeline point or a milestone, moved by months and
  days (e.g. enrolled three months before the benefit ends).
* ``share_of_duration``: due at a share of the time between a milestone and a later date
  (e.g. the mid-point survey half-way through the expected time in the programme).
* ``monthly``: a record for every month of the enrolment (a signed time report), due on a day of
  the following month or its last day, as the unit chooses.
* ``phase_limit``: how long a case may stay in one of the rule's phases until one of its
  ``closed_by`` milestones (a referral nobody has taken up); usually the team leader's flag
  rather than the coach's.

A rule that counts towards one event stops applying when the person has moved on: a job started
before the first employer contact was recorded, a phase passed. The model names those milestones
and phases (``closed_by``); the rule is then *not applicable*: shown, and never overdue.

For an ended enrolment a deadline that fell before the end and was not met is *missed*; one that
falls after the end (a follow-up, a month's report) is still owed. A paused or declined
enrolment has no pending deadlines.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Prefetch, QuerySet, Subquery
from django.db.models.expressions import OuterRef

from lotsa.casework.models import PARTY_FIELDS, Contact
from lotsa.dates import add_months, days_after
from lotsa.pathways.definitions.programme import Deadline, Programme, Texts
from lotsa.pathways.definitions.registry import Registry, registry
from lotsa.pathways.definitions.vocabulary import CHECKLIST_PREFIX, LAST_DAY, PHASE_PREFIX
from lotsa.pathways.models import (
    ChecklistEntry,
    Enrolment,
    EnrolmentStatus,
    Milestone,
    UnitProgramme,
)
from lotsa.pathways.timeline import dates_of, timeline_of
from lotsa.timereports.models import TimeReport

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DUE_SOON_DAYS = 7
TEAM_LEADER = "team_leader"


class DeadlineState:
    MET = "met"
    OVERDUE = "overdue"
    DUE = "due"
    UPCOMING = "upcoming"
    MISSED = "missed"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class DeadlineStatus:
    code: str
    # A programme's deadline names its own texts; the rules written in code, a translation.
    name: Texts | StrOrPromise
    due_on: datetime.date
    state: str
    met_on: datetime.date | None = None
    # What the deadline is about where the rule repeats, e.g. the month of a time report.
    subject: str = ""
    # Whose flag it is: the people responsible for the case, or the unit's team leader.
    owner: str = "responsible"

    @property
    def is_team_leaders(self) -> bool:
        return self.owner == TEAM_LEADER

    @property
    def is_pending(self) -> bool:
        return self.state in (DeadlineState.OVERDUE, DeadlineState.DUE, DeadlineState.UPCOMING)


def pending_state(due: datetime.date, today: datetime.date) -> str:
    if due < today:
        return DeadlineState.OVERDUE
    if (due - today).days <= DUE_SOON_DAYS:
        return DeadlineState.DUE
    return DeadlineState.UPCOMING


# ------------------------------------------------------------------ facts read with enrolments


def _contact_rule_key(deadline: Deadline) -> str:
    """The annotation holding the last contact a rule counts. Rules that count the same
    contacts (the same parties and modes) share it, so each is read once."""
    return "_".join(["last", *sorted(deadline.with_parties), "by", *sorted(deadline.modes)])


def with_deadline_facts(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Annotate the last contact (any, and per contact rule), read the benefit facts along and
    prefetch the milestones."""
    return with_milestones(
        enrolments.annotate(**_last_contact_annotations(registry())).select_related("benefit_facts")
    )


EnrolmentRead = TypeVar("EnrolmentRead", bound=Enrolment)


def with_milestones(enrolments: QuerySet[EnrolmentRead]) -> QuerySet[EnrolmentRead]:
    """Prefetch the milestones in the order they happened. Each read takes a prefetch of its
    own: Django keeps the last case it fetched for in the prefetch's queryset."""
    return enrolments.prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("occurred_on"))
    )


# The expressions depend only on the programme models, and building them costs a page about as
# much as running them, so they are built once per registry (each use resolves a copy).
_annotations_built_for: tuple[Registry, dict[str, Any]] | None = None


def _last_contact_annotations(models: Registry) -> dict[str, Any]:
    global _annotations_built_for  # noqa: PLW0603 - a cache of expressions, see above
    if _annotations_built_for is not None and _annotations_built_for[0] is models:
        return _annotations_built_for[1]
    # Only contacts that took place count; a missed appointment keeps nobody active.
    # Correlated subqueries read one index entry per enrolment each; an aggregate over joined
    # contacts would group every contact of every enrolment.
    held = Contact.objects.filter(enrolment=OuterRef("pk"), outcome="held")
    annotations: dict[str, Any] = {
        "last_contact_on": Subquery(held.order_by("-occurred_on").values("occurred_on")[:1])
    }
    for programme in models.programmes.values():
        for deadline in programme.deadlines.values():
            if deadline.kind != "contact_interval":
                continue
            counting = held
            for party in deadline.with_parties:
                counting = counting.filter(**{PARTY_FIELDS[party]: True})
            if deadline.modes:
                counting = counting.filter(mode__in=deadline.modes)
            annotations[_contact_rule_key(deadline)] = Subquery(
                counting.order_by("-occurred_on").values("occurred_on")[:1]
            )
    _annotations_built_for = (models, annotations)
    return annotations


@dataclass(frozen=True)
class UnitRules:
    """A unit's own deadline days and choices for a model."""

    days: dict[str, int] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)


def unit_rules(unit_ids: set[int]) -> dict[tuple[int, str], UnitRules]:
    rows = UnitProgramme.objects.filter(unit_id__in=unit_ids).values_list(
        "unit_id", "programme_code", "deadline_days", "settings"
    )
    return {
        (unit, code): UnitRules(days or {}, settings or {}) for unit, code, days, settings in rows
    }


@dataclass(frozen=True)
class RuleRecords:
    """What the rules of a few models expect besides milestones: ticked checklist items and the
    months with a signed time report."""

    checklist: dict[str, datetime.date] = field(default_factory=dict)
    signed_months: frozenset[datetime.date] = frozenset()


def rule_records(enrolments: list[Enrolment]) -> dict[int, RuleRecords]:
    """The records the enrolments' rules expect, read only for the enrolments whose models
    have such rules: a query for each kind of record, none for models without them."""
    checklist_models = {
        p.code
        for p in registry().programmes.values()
        if any(d.expect.startswith(CHECKLIST_PREFIX) for d in p.deadlines.values())
    }
    monthly_models = {
        p.code
        for p in registry().programmes.values()
        if any(d.kind == "monthly" for d in p.deadlines.values())
    }
    ticked: dict[int, dict[str, datetime.date]] = defaultdict(dict)
    ids = [e.pk for e in enrolments if e.programme_model in checklist_models]
    if ids:
        for enrolment_id, code, day in ChecklistEntry.objects.filter(
            enrolment_id__in=ids
        ).values_list("enrolment_id", "item_code", "done_on"):
            ticked[enrolment_id][code] = day
    signed: dict[int, set[datetime.date]] = defaultdict(set)
    ids = [e.pk for e in enrolments if e.programme_model in monthly_models]
    if ids:
        for enrolment_id, month in _signed(ids):
            signed[enrolment_id].add(month)
    return {
        e.pk: RuleRecords(ticked.get(e.pk, {}), frozenset(signed.get(e.pk, ()))) for e in enrolments
    }


def _signed(enrolment_ids: list[int]) -> QuerySet[TimeReport, tuple[int, datetime.date]]:
    return TimeReport.objects.filter(
        enrolment_id__in=enrolment_ids, signed_on__isnull=False
    ).values_list("enrolment_id", "month")


def signed_months(enrolment: Enrolment) -> frozenset[datetime.date]:
    """The months of the enrolment with a signed time report."""
    return frozenset(month for _id, month in _signed([enrolment.pk]))


# ------------------------------------------------------------------ evaluation


def month_due(month: datetime.date, due_day: int | str) -> datetime.date:
    """When a month's record is due: the day of the following month, or its last day."""
    following = add_months(month.replace(day=1), 1)
    if due_day == LAST_DAY:
        return following.replace(day=calendar.monthrange(following.year, following.month)[1])
    return following.replace(day=int(due_day))


@dataclass(frozen=True)
class CaseDates:
    """The dates of an enrolment its rules count from and are met by."""

    milestones: dict[str, datetime.date]
    # The recorded dates, the timeline's dates and the milestones, by code (a milestone
    # replaces a timeline point of the same code).
    known: dict[str, datetime.date]
    timeline: list[Any]


def case_dates(enrolment: Enrolment, programme: Programme, rules: UnitRules) -> CaseDates:
    """The enrolment's milestones, recorded dates and timeline (with the unit's choices)."""
    milestones = {m.code: m.occurred_on for m in enrolment.milestones.all()}
    recorded = {}
    facts = getattr(enrolment, "benefit_facts", None) if programme.records_benefits else None
    if facts is not None:
        recorded["benefit_end"] = facts.ends_on
    timeline = (
        timeline_of(programme, recorded=recorded, milestones=milestones, settings=rules.settings)
        if programme.timeline
        else []
    )
    return CaseDates(milestones, recorded | dates_of(timeline) | milestones, timeline)


def deadlines_of(
    enrolment: Enrolment,
    overrides: dict[tuple[int, str], UnitRules],
    today: datetime.date,
    records: RuleRecords | None = None,
) -> list[DeadlineStatus]:
    """The enrolment's deadlines, from its milestones, annotations and recorded dates (read
    along with it) and ``records`` (from ``rule_records``), soonest first."""
    programme = registry().get(enrolment.programme_model)
    if programme is None or enrolment.status in (EnrolmentStatus.DECLINED, EnrolmentStatus.PAUSED):
        return []
    rules = overrides.get((enrolment.unit_id, enrolment.programme_model), UnitRules())
    records = records or RuleRecords()
    dates = case_dates(enrolment, programme, rules)
    statuses: list[DeadlineStatus] = []
    for deadline in programme.deadlines.values():
        days = int(rules.days.get(deadline.code, deadline.days))
        if deadline.kind == "monthly":
            statuses += _monthly(enrolment, programme, deadline, rules, records, today)
            continue
        if deadline.kind in ("contact_interval", "phase_limit"):
            if not enrolment.is_open or enrolment.phase not in deadline.phases:
                continue
            if deadline.kind == "contact_interval":
                if enrolment.status != EnrolmentStatus.ACTIVE:
                    continue
                last = getattr(enrolment, _contact_rule_key(deadline), None)
                since = max(filter(None, [last, enrolment.phase_since]))
            elif _closed_on(deadline, enrolment, dates) is None:
                since = enrolment.phase_since
            else:
                # Taken up while still in the phase: the limit has done its work.
                continue
            if since is None:
                continue
            limit = days_after(since, days)
            statuses.append(
                DeadlineStatus(
                    deadline.code,
                    deadline.name,
                    limit,
                    pending_state(limit, today),
                    owner=deadline.owner,
                )
            )
            continue
        due = _due(deadline, dates, days)
        if due is None:
            continue
        met = _met(deadline, dates, records)
        closed_on = None if met else _closed_on(deadline, enrolment, dates)
        if met is not None:
            state = DeadlineState.MET
        elif closed_on is not None:
            state, met = DeadlineState.NOT_APPLICABLE, closed_on
        elif (
            enrolment.status == EnrolmentStatus.EXITED
            and enrolment.end_date
            and due <= enrolment.end_date
        ):
            state = DeadlineState.MISSED
        else:
            state = pending_state(due, today)
        statuses.append(
            DeadlineStatus(deadline.code, deadline.name, due, state, met, owner=deadline.owner)
        )
    return sorted(statuses, key=lambda status: status.due_on)


def _closed_on(deadline: Deadline, enrolment: Enrolment, dates: CaseDates) -> datetime.date | None:
    """The day the rule stopped applying: the earliest of its closing milestones, or the day the
    case entered the closing phase it is in."""
    days = [dates.milestones[code] for code in deadline.closed_by if code in dates.milestones]
    if f"{PHASE_PREFIX}{enrolment.phase}" in deadline.closed_by and enrolment.phase_since:
        days.append(enrolment.phase_since)
    return min(days, default=None)


def _due(deadline: Deadline, dates: CaseDates, days: int) -> datetime.date | None:
    if deadline.kind == "share_of_duration":
        start, end = dates.milestones.get(deadline.after), dates.known.get(deadline.until)
        if start is None or end is None:
            return None
        return days_after(start, round((end - start).days * deadline.share))
    if deadline.kind == "after_milestone":
        base = dates.milestones.get(deadline.after)
    else:
        base = dates.known.get(deadline.anchor)
    if base is None:
        return None
    return days_after(add_months(base, deadline.months), days)


def _met(deadline: Deadline, dates: CaseDates, records: RuleRecords) -> datetime.date | None:
    if deadline.expect.startswith(CHECKLIST_PREFIX):
        return records.checklist.get(deadline.expect[len(CHECKLIST_PREFIX) :])
    return dates.milestones.get(deadline.expect)


def _monthly(
    enrolment: Enrolment,
    programme: Programme,
    deadline: Deadline,
    rules: UnitRules,
    records: RuleRecords,
    today: datetime.date,
) -> list[DeadlineStatus]:
    """One status for every month of the enrolment without its record (overdue once due), the
    latest month with it (met), and the running month's (upcoming)."""
    if enrolment.start_date is None:
        return []
    due_day = (
        programme.setting(deadline.setting, rules.settings)
        if deadline.setting
        else deadline.due_day
    )
    last = (enrolment.end_date or today).replace(day=1)
    month = enrolment.start_date.replace(day=1)
    statuses, latest_met = [], None
    while month <= last:
        due = month_due(month, due_day)
        subject = f"{month:%Y-%m}"
        if month in records.signed_months:
            latest_met = DeadlineStatus(
                deadline.code, deadline.name, due, DeadlineState.MET, due, subject
            )
        else:
            statuses.append(
                DeadlineStatus(
                    deadline.code, deadline.name, due, pending_state(due, today), None, subject
                )
            )
        month = add_months(month, 1)
    return [latest_met, *statuses] if latest_met else statuses
