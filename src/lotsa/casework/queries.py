"""Reads of the case workspace: the caseload, the unit board, the case page with its deadlines,
and the meetings of an enrolment.

Deadlines are computed here from milestones and contacts every time they are shown; nothing
stores "overdue" on a row, so nothing can drift. Each page costs a fixed number of queries: one
annotated query for the enrolments (with the last contact that counts for every contact rule of
every installed model) and one for their milestones.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict, TypeGuard

from django.db.models import (
    Case,
    DateField,
    Exists,
    JSONField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.utils import timezone

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.casework.models import (
    ACTIVE_CONTACT_DAYS,
    Capacity,
    Contact,
    ContactMode,
    ContactPlace,
    Meeting,
    PlanRevision,
)
from lotsa.cohorts.models import Attendance
from lotsa.cohorts.queries import absences
from lotsa.core.choices import choice_label
from lotsa.core.expressions import correlated_count
from lotsa.core.extracts import Row, by_enrolment, fields_of, staff_name
from lotsa.core.today import TodayItem
from lotsa.dates import days_after
from lotsa.employment.models import EmployerContact, Job
from lotsa.employment.queries import follow_along_for, jobs_awaiting_four_paid_hours
from lotsa.jom.queries import today_items as jom_today_items
from lotsa.organisations.models import Membership, Organisation
from lotsa.participant_space.models import Message
from lotsa.pathways.deadlines import (
    DeadlineState,
    DeadlineStatus,
    RuleRecords,
    UnitRules,
    case_dates,
    deadlines_of,
    rule_records,
    unit_rules,
    with_deadline_facts,
    with_milestones,
)
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.definitions.registry import Registry, registry
from lotsa.pathways.models import (
    OPEN_STATUSES,
    Enrolment,
    EnrolmentStatus,
    EventKind,
    FollowUp,
    Milestone,
    Responsibility,
    UnitProgramme,
)
from lotsa.people.models import Consent, ConsentKind
from lotsa.timereports.queries import time_reports_of
from lotsa.worktraining.queries import today_items as worktraining_today_items

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# Ended enrolments stay on the caseload while a follow-up (e.g. status 6 months after) is owed.
FOLLOW_UP_WINDOW_DAYS = 400


class CaseFacts(TypedDict):
    contact_count: int
    unit_deadline_days: dict[str, Any] | None
    unit_settings: dict[str, Any] | None
    participation_withdrawn_on: datetime.date | None


EnrolmentWithCaseFacts: TypeAlias = "WithAnnotations[Enrolment, CaseFacts]"


def with_case_facts(enrolments: QuerySet[Enrolment]) -> QuerySet[EnrolmentWithCaseFacts]:
    """What the case page reads along with the enrolment: its deadline facts, the number of its
    contacts and its unit's own deadline days and choices (case_record reads them itself for an
    enrolment fetched without)."""
    unit_programme = UnitProgramme.objects.filter(
        unit_id=OuterRef("unit_id"), programme_code=OuterRef("programme_model")
    )
    return (
        with_deadline_facts(enrolments)
        .select_related("referral", "exit_handover__to_organisation")
        .annotate(
            contact_count=correlated_count(
                Contact.objects.filter(enrolment=OuterRef("pk")), "enrolment"
            ),
            unit_deadline_days=Subquery(
                unit_programme.values("deadline_days")[:1], output_field=JSONField()
            ),
            unit_settings=Subquery(unit_programme.values("settings")[:1], output_field=JSONField()),
            participation_withdrawn_on=participation_withdrawn_on(),
        )
    )


# Resolving the case facts' expressions into a query costs a case page about as much as
# compiling it, and they change only with the programme models and the day (the consent in
# force), so a case fetched by id starts from a copy of one resolved query.
_case_facts_resolved: tuple[Registry, datetime.date, QuerySet[EnrolmentWithCaseFacts]] | None = None


def enrolments_with_case_facts() -> QuerySet[EnrolmentWithCaseFacts]:
    """``with_case_facts`` of every enrolment, to fetch a case from by id."""
    global _case_facts_resolved  # noqa: PLW0603 - a cache of a resolved query, see above
    models, today = registry(), timezone.localdate()
    resolved = _case_facts_resolved
    if resolved is None or resolved[0] is not models or resolved[1] != today:
        unread = with_case_facts(Enrolment.objects.all()).prefetch_related(None)
        resolved = _case_facts_resolved = (models, today, unread)
    return with_milestones(resolved[2].all())


def read_with_case_facts(enrolment: Enrolment) -> TypeGuard[EnrolmentWithCaseFacts]:
    """Whether the enrolment was read through ``with_case_facts``."""
    return hasattr(enrolment, "contact_count")


def participation_withdrawn_on(today: datetime.date | None = None) -> Case:
    """The day the participant took back the consent to take part given to the organisation of
    the enrolment's unit, when no such consent is in force (else null)."""
    today = today or timezone.localdate()
    consents = Consent.objects.filter(
        participant_id=OuterRef("participant_id"),
        kind=ConsentKind.PARTICIPATION,
        given_to_id=OuterRef("unit__organisation_id"),
    )
    last_withdrawal = consents.filter(withdrawn_on__lte=today).order_by("-withdrawn_on")
    return Case(
        When(Exists(consents.in_force_on(today)), then=None),
        default=Subquery(last_withdrawal.values("withdrawn_on")[:1]),
        output_field=DateField(),
    )


def last_contact_on(enrolment: Enrolment) -> datetime.date | None:
    """The day of the enrolment's last contact that took place, as ``with_deadline_facts`` read
    it (whose annotations are named by the installed models, so the type checker cannot see
    them)."""
    return getattr(enrolment, "last_contact_on", None)


def is_active(enrolment: Enrolment, today: datetime.date) -> bool:
    """Active: a contact within the last 30 days (the IPS manual's active caseload)."""
    last = last_contact_on(enrolment)
    return last is not None and (today - last).days <= ACTIVE_CONTACT_DAYS


@dataclass
class CaseRow:
    enrolment: Enrolment
    deadlines: list[DeadlineStatus]
    active: bool
    days_in_phase: int
    pair: list[Any] = field(default_factory=list)  # the model's responsible pair, if it has one

    @property
    def next_deadline(self) -> DeadlineStatus | None:
        """The responsible staff's next deadline (the team leader's flags are not theirs)."""
        return next((d for d in self.deadlines if d.is_pending and not d.is_team_leaders), None)

    @property
    def overdue(self) -> list[DeadlineStatus]:
        return [
            d for d in self.deadlines if d.state == DeadlineState.OVERDUE and not d.is_team_leaders
        ]

    @property
    def team_leader_flags(self) -> list[DeadlineStatus]:
        """The unit's overdue flags on the case, e.g. a referral nobody has taken up."""
        return [d for d in self.deadlines if d.state == DeadlineState.OVERDUE and d.is_team_leaders]

    @property
    def phase_name(self) -> str:
        programme = registry().get(self.enrolment.programme_model)
        phase = programme.phases.get(self.enrolment.phase) if programme else None
        return str(phase.name) if phase else self.enrolment.phase


def _rows(enrolments: list[Enrolment], today: datetime.date) -> list[CaseRow]:
    overrides = unit_rules({e.unit_id for e in enrolments})
    records = rule_records(enrolments)
    pairs = pairs_for(enrolments)
    job_deadlines = follow_along_for(enrolments, today)
    rows = []
    for enrolment in enrolments:
        deadlines = sorted(
            deadlines_of(enrolment, overrides, today, records[enrolment.pk])
            + job_deadlines.get(enrolment.pk, []),
            key=lambda status: status.due_on,
        )
        days_in_phase = (today - enrolment.phase_since).days if enrolment.phase_since else 0
        rows.append(
            CaseRow(
                enrolment,
                deadlines,
                is_active(enrolment, today),
                days_in_phase,
                pairs.get(enrolment.pk, []),
            )
        )
    return rows


def _urgency(row: CaseRow) -> tuple[int, datetime.date]:
    next_deadline = row.next_deadline
    if next_deadline is None:
        return (2, datetime.date.max)
    return (0 if next_deadline.state == DeadlineState.OVERDUE else 1, next_deadline.due_on)


def caseload_for(user: Actor, *, today: datetime.date | None = None) -> list[CaseRow]:
    """Enrolments the user is responsible for now, overdue deadlines first, then by next deadline.

    Ended enrolments are included while a follow-up deadline after the end is still owed.
    """
    today = today or timezone.localdate()
    responsible = Responsibility.objects.filter(staff=user).filter(
        Q(ends_on__isnull=True)
        | Q(
            enrolment__status=EnrolmentStatus.EXITED,
            ends_on__gte=today - datetime.timedelta(days=FOLLOW_UP_WINDOW_DAYS),
        )
    )
    enrolments = with_deadline_facts(
        Enrolment.objects.filter(
            pk__in=responsible.values("enrolment_id"),
            unit_id__in=access.unit_ids_for(user, access.Action.VIEW_PARTICIPANT),
        )
        .exclude(status=EnrolmentStatus.DECLINED)
        .select_related("participant", "unit")
    )
    rows = [
        row
        for row in _rows(list(enrolments), today)
        if row.enrolment.is_open or any(d.is_pending for d in row.deadlines)
    ]
    return sorted(rows, key=_urgency)


def caseload_shown_to(user: Actor) -> list[CaseRow]:
    """The user's caseload for a page or the API: refused (403) without a role, and audited."""
    access.require(user, access.Action.VIEW_PARTICIPANT)
    rows = caseload_for(user)
    _record_caseload_view(user, rows, "pathways.caseload")
    return rows


def _record_caseload_view(user: Actor, rows: list[CaseRow], shown_on: str) -> None:
    record(
        AuditEvent.CASELOAD_VIEWED,
        actor=user,
        object_type=shown_on,
        changes={"enrolments": [row.enrolment.pk for row in rows]},
        participants=[row.enrolment.participant_id for row in rows],
    )


@dataclass
class StaffLine:
    staff: Actor
    fte: Decimal
    # Open enrolments per phase, as (board column, count) in the order of UnitBoard.phases.
    cells: list[tuple[str, int]]
    overdue: int
    active: int

    @property
    def active_per_fte(self) -> Decimal | None:
        return (Decimal(self.active) / self.fte).quantize(Decimal("0.1")) if self.fte else None


@dataclass
class UnitBoard:
    phases: list[tuple[str, str]]
    lines: list[StaffLine]
    unassigned: list[tuple[str, int]]
    # Cases past a limit that is the team leader's to act on, longest waiting first.
    waiting: list[CaseRow] = field(default_factory=list)


def unit_board(unit: Any, *, today: datetime.date | None = None) -> UnitBoard:
    """Coaches × phases: open enrolments per phase, overdue deadlines and active caseload per FTE."""
    today = today or timezone.localdate()
    # The board groups cases by the responsible staff's id and names the staff from their
    # memberships; only the cases waiting too long name their participant.
    enrolments = list(
        with_deadline_facts(
            Enrolment.objects.filter(unit=unit, status__in=OPEN_STATUSES).select_related(
                "participant"
            )
        )
    )
    rows = _rows(enrolments, today)
    members = list(
        Membership.objects.active_on(today)
        .filter(unit=unit, role__in=("coach", "supervisor"))
        .select_related("user")
        .order_by("user__last_name")
    )
    phase_order: list[tuple[str, str]] = []
    for programme_code in sorted({e.programme_model for e in enrolments}):
        programme = registry().get(programme_code)
        if programme:
            phase_order += [
                (f"{programme_code}:{code}", f"{programme.short_name} – {phase.name}")
                for code, phase in programme.phases.items()
                if not phase.terminal
            ]
    by_staff: dict[int | None, list[CaseRow]] = defaultdict(list)
    for row in rows:
        by_staff[row.enrolment.responsible_staff_id].append(row)

    def counts(own: list[CaseRow]) -> list[tuple[str, int]]:
        per_phase = Counter(f"{r.enrolment.programme_model}:{r.enrolment.phase}" for r in own)
        return [(key, per_phase.get(key, 0)) for key, _name in phase_order]

    lines = []
    for membership in members:
        own = by_staff.pop(membership.user_id, [])
        lines.append(
            StaffLine(
                staff=membership.user,
                fte=membership.fte,
                cells=counts(own),
                overdue=sum(len(r.overdue) for r in own),
                active=sum(1 for r in own if r.active),
            )
        )
    leftover = [row for rows_ in by_staff.values() for row in rows_]
    waiting = sorted(
        (row for row in rows if row.team_leader_flags),
        key=lambda row: row.team_leader_flags[0].due_on,
    )
    return UnitBoard(
        phases=phase_order,
        lines=lines,
        unassigned=counts(leftover) if leftover else [],
        waiting=waiting,
    )


@dataclass
class TimelineEntry:
    day: datetime.date
    kind: str
    text: str
    note: str = ""
    who: str = ""


# Entries per page of the case page's timeline; "earlier entries" adds a page.
TIMELINE_PAGE = 30
TIMELINE_MAX_PAGES = 200


def case_record(
    enrolment: Enrolment,
    *,
    today: datetime.date | None = None,
    timeline_pages: int = 1,
    jobs: list[Any] | None = None,
) -> dict[str, Any]:
    """Everything the case page shows, in a fixed number of queries whatever the history.

    The timeline holds the latest `timeline_pages` pages of events, milestones and contacts.
    The latest n entries of all three are among the latest n of each, so each is read only that
    far (plus one, to know whether there are more). ``jobs`` are the enrolment's jobs where the
    caller has read them already. The participant's other enrolments depend on who looks:
    ``other_enrolments_for``.
    """
    today = today or timezone.localdate()
    programme = registry().get(enrolment.programme_model)
    annotated = (
        enrolment
        if read_with_case_facts(enrolment)
        else with_case_facts(Enrolment.objects.filter(pk=enrolment.pk)).get()
    )
    rules = UnitRules(annotated.unit_deadline_days or {}, annotated.unit_settings or {})
    checklist = list(enrolment.checklist.all())
    time_reports = time_reports_of(enrolment) if programme and programme.time_reports else []
    records = RuleRecords(
        {entry.item_code: entry.done_on for entry in checklist},
        frozenset(report.month for report in time_reports if report.signed_on),
    )
    deadlines = sorted(
        deadlines_of(
            annotated, {(enrolment.unit_id, enrolment.programme_model): rules}, today, records
        )
        + follow_along_for([annotated], today, jobs_read=jobs).get(enrolment.pk, []),
        key=lambda status: status.due_on,
    )
    shown = TIMELINE_PAGE * timeline_pages
    contacts = list(
        enrolment.contacts.select_related("staff").order_by("-occurred_at", "-pk")[: shown + 1]
    )
    events = list(
        enrolment.events.exclude(kind="milestone")
        .select_related("staff", "recorded_by")
        .order_by("-occurred_on", "pk")[: shown + 1]
    )
    milestones = list(annotated.milestones.all())
    responsibilities = list(with_employer(enrolment.responsibilities.select_related("staff")))
    revisions = list(
        enrolment.plan_revisions.select_related("created_by").prefetch_related(
            "sub_goals", "items"
        )[:5]
    )
    timeline = _timeline(programme, events, milestones, contacts)
    exit_reason = programme.exit_reasons.get(enrolment.exit_reason) if programme else None
    return {
        "today": today,
        "benefit_facts": getattr(annotated, "benefit_facts", None),
        "benefit_timeline": case_dates(annotated, programme, rules).timeline if programme else [],
        "unit_settings": rules.settings,
        # The participant took back the consent to take part: the page prompts the exit.
        "participation_withdrawn_on": annotated.participation_withdrawn_on
        if enrolment.is_open
        else None,
        "exit_reason": exit_reason,
        "end_state": programme.end_states.get(exit_reason.end_state)
        if programme and exit_reason
        else None,
        "follow_ups": _follow_ups(enrolment, programme, milestones),
        "programme": programme,
        "phase": programme.phases.get(enrolment.phase) if programme else None,
        "next_phases": [
            (code, programme.phases[code], needs_note)
            for code, needs_note in programme.next_phases(enrolment.phase).items()
        ]
        if programme and enrolment.status == EnrolmentStatus.ACTIVE
        else [],
        "deadlines": deadlines,
        "active": is_active(annotated, today),
        "last_contact_on": last_contact_on(annotated),
        "contact_count": annotated.contact_count,
        "timeline": timeline[:shown],
        "timeline_pages": timeline_pages,
        # Where the entries the last "earlier entries" added begin (0 on the first page).
        "timeline_earlier": shown - TIMELINE_PAGE,
        "timeline_more": len(timeline) > shown,
        "milestones": milestones,
        "responsibilities": responsibilities,
        "current_responsible": [r.staff for r in responsibilities if r.ends_on is None],
        "responsible_pair": pair_of(programme, responsibilities),
        "plan": revisions[0] if revisions else None,
        "earlier_plans": revisions[1:],
        "checklist": checklist,
        "time_reports": time_reports,
        "meetings": meetings_of(enrolment) if programme and programme.meeting_types else None,
        "checklist_done": {entry.item_code for entry in checklist},
        # Only an enrolment in a model with groups joins cohorts and so has attendance.
        "absences": list(absences(Attendance.objects.filter(enrolment=enrolment))[:20])
        if programme is not None and (programme.group is not None or programme.group_activities)
        else [],
    }


def timeline_record(enrolment: Enrolment) -> dict[str, Any]:
    """The case's benefit and its timeline, for the printable page: the enrolment comes read
    with ``with_case_facts``."""
    assert read_with_case_facts(enrolment)
    programme = registry().get(enrolment.programme_model)
    rules = UnitRules(enrolment.unit_deadline_days or {}, enrolment.unit_settings or {})
    return {
        "today": timezone.localdate(),
        "programme": programme,
        "benefit_facts": getattr(enrolment, "benefit_facts", None),
        "benefit_timeline": case_dates(enrolment, programme, rules).timeline if programme else [],
    }


class EmployerKind(TypedDict):
    employer_kind: str | None


ResponsibilityWithEmployer: TypeAlias = "WithAnnotations[Responsibility, EmployerKind]"


def with_employer(
    responsibilities: QuerySet[Responsibility],
) -> QuerySet[ResponsibilityWithEmployer]:
    """Annotate who employs each responsible staff member in the enrolment's unit (in a joint
    team the agencies differ), as the kind of organisation."""
    employer = Membership.objects.filter(
        user_id=OuterRef("staff_id"), unit_id=OuterRef("enrolment__unit_id")
    ).order_by("-starts_on")
    return responsibilities.annotate(employer_kind=Subquery(employer.values("employer__kind")[:1]))


@dataclass(frozen=True)
class PairMember:
    agency: str  # the kind of organisation
    staff: list[Any]

    @property
    def agency_name(self) -> str:
        return str(Organisation.Kind(self.agency).label)


def pair_of(
    programme: Programme | None, responsibilities: list[ResponsibilityWithEmployer]
) -> list[PairMember]:
    """The model's responsible pair (one caseworker of each agency, AMiA: FK and AF) as it
    stands: the current responsible staff of each agency, none where the agency has none yet.
    Empty for a model without a pair."""
    if programme is None or not programme.responsible_pair:
        return []
    current = [r for r in responsibilities if r.ends_on is None]
    return [
        PairMember(agency, [r.staff for r in current if r.employer_kind == agency])
        for agency in programme.responsible_pair
    ]


def _responsible(
    programme: Programme | None, current: list[ResponsibilityWithEmployer]
) -> dict[str, Any]:
    return {
        "current_responsible": [r.staff for r in current],
        "responsible_pair": pair_of(programme, current),
    }


def pairs_for(enrolments: list[Enrolment]) -> dict[int, list[PairMember]]:
    """The responsible pairs of enrolments whose models have one, in one query (none when no
    model of theirs has a pair)."""
    paired = [
        e for e in enrolments if (p := registry().get(e.programme_model)) and p.responsible_pair
    ]
    if not paired:
        return {}
    current: dict[int, list[ResponsibilityWithEmployer]] = defaultdict(list)
    for responsibility in with_employer(
        Responsibility.objects.filter(
            enrolment_id__in=[e.pk for e in paired], ends_on__isnull=True
        ).select_related("staff")
    ):
        current[responsibility.enrolment_id].append(responsibility)
    return {e.pk: pair_of(registry().get(e.programme_model), current[e.pk]) for e in paired}


def other_enrolments_for(viewer: Actor, enrolment: Enrolment) -> list[Enrolment]:
    """The participant's other enrolments the viewer may see, at least as a summary."""
    return list(
        access.enrolments_visible_to(viewer, summary=True)
        .filter(participant_id=enrolment.participant_id)
        .exclude(pk=enrolment.pk)
        .select_related("unit")
    )


def case_summary(enrolment: Enrolment, *, today: datetime.date | None = None) -> dict[str, Any]:
    """What a consent to share a summary shows of a case: the programme, unit, phase and
    responsible staff, without notes, plans or documents."""
    programme = registry().get(enrolment.programme_model)
    return {
        "programme": programme,
        "phase": programme.phases.get(enrolment.phase) if programme else None,
        "next_meeting": meetings_of(enrolment).next_booked
        if programme and programme.meeting_types
        else None,
        "current_responsible": [
            r.staff
            for r in enrolment.responsibilities.filter(ends_on__isnull=True).select_related("staff")
        ],
    }


@dataclass(frozen=True)
class FollowUpLine:
    definition: Any
    due_on: datetime.date | None
    recorded: FollowUp | None

    @property
    def status_name(self) -> Any:
        return self.definition.statuses[self.recorded.status].name if self.recorded else ""


def _follow_ups(
    enrolment: Enrolment, programme: Any, milestones: list[Milestone]
) -> list[FollowUpLine]:
    """The model's follow-up points for the case: when each is due and what was recorded.

    Follow-ups are recorded against the model's own points, so a model without any has none
    to read."""
    if programme is None or not programme.follow_ups:
        return []
    recorded = {f.code: f for f in enrolment.follow_ups.all()}
    anchors: dict[str, datetime.date | None] = {m.code: m.occurred_on for m in milestones}
    if enrolment.status == EnrolmentStatus.EXITED:
        anchors["exit"] = enrolment.end_date
    lines = []
    for definition in programme.follow_ups.values():
        anchor = anchors.get(definition.after)
        lines.append(
            FollowUpLine(
                definition,
                definition.due(anchor) if anchor else None,
                recorded.get(definition.code),
            )
        )
    return lines


def _timeline(
    programme: Programme | None,
    events: list[Any],
    milestones: list[Milestone],
    contacts: list[Contact],
) -> list[TimelineEntry]:
    def phase_name(code: str) -> str:
        phase = programme.phases.get(code) if programme else None
        return str(phase.name) if phase else code

    def milestone_name(code: str) -> str:
        milestone = programme.milestones.get(code) if programme else None
        return str(milestone.name) if milestone else code

    entries = []
    for event in events:
        text = str(choice_label(EventKind, event.kind))
        if event.to_phase and event.kind in ("phase_changed", "referred"):
            text = f"{text}: {phase_name(event.to_phase)}"
        if event.staff and event.kind in ("handed_over", "shared", "referred"):
            text = f"{text} ({event.staff})"
        entries.append(
            TimelineEntry(
                event.occurred_on, event.kind, text, event.note, str(event.recorded_by or "")
            )
        )
    entries += [
        TimelineEntry(m.occurred_on, "milestone", milestone_name(m.code), m.note)
        for m in milestones
    ]
    entries += [
        TimelineEntry(
            c.occurred_on,
            "contact",
            f"{choice_label(ContactMode, c.mode)}, {choice_label(ContactPlace, c.place)}",
            c.note,
            str(c.staff),
        )
        for c in contacts
    ]
    return sorted(entries, key=lambda entry: entry.day, reverse=True)


MEETINGS_SHOWN = 12


@dataclass
class Meetings:
    latest: list[Meeting]
    next_booked: datetime.datetime | None
    # The latest joint assessment, when it found no programme capacity: the case is to end.
    without_capacity: Meeting | None


def meetings_of(enrolment: Enrolment) -> Meetings:
    """The enrolment's latest meetings (one query), the next meeting booked at one of them and
    whether the latest joint assessment found no programme capacity."""
    latest = list(
        Meeting.objects.filter(contact__enrolment=enrolment)
        .select_related("contact__staff")
        .order_by("-contact__occurred_at", "-pk")[:MEETINGS_SHOWN]
    )
    now = timezone.now()
    booked = [m.next_meeting_at for m in latest if m.next_meeting_at and m.next_meeting_at >= now]
    assessment = next((m for m in latest if m.capacity), None)
    return Meetings(
        latest=latest,
        next_booked=min(booked, default=None),
        without_capacity=assessment if assessment and assessment.capacity == Capacity.NO else None,
    )


CONTACT_EXTRACT_FIELDS = (
    "id",
    "occurred_at",
    "duration_minutes",
    "outcome",
    "mode",
    "place",
    "note",
    "job_id",
)


def contacts_for_extract(enrolment_ids: list[int]) -> dict[int, list[Row]]:
    """The contacts of the enrolments by enrolment, oldest first, each with who took part and,
    for a meeting, its kind, attendees, what was agreed and the caseworkers' reflections. Three
    queries, however many contacts."""
    contacts = (
        Contact.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("staff", "meeting")
        .prefetch_related("meeting__attendees", "meeting__reflections__staff")
        .order_by("occurred_at", "id")
    )
    return by_enrolment(contacts, _contact_row)


def _contact_row(contact: Contact) -> Row:
    meeting = getattr(contact, "meeting", None)
    return fields_of(contact, CONTACT_EXTRACT_FIELDS) | {
        "parties": contact.parties,
        "staff": staff_name(contact.staff),
        "meeting": None
        if meeting is None
        else fields_of(meeting, ("meeting_type", "agreed", "next_meeting_at", "capacity"))
        | {
            "attendees": [
                fields_of(attendee, ("party", "role", "name"))
                for attendee in meeting.attendees.all()
            ],
            "reflections": [
                {"staff": staff_name(reflection.staff), "text": reflection.text}
                | fields_of(reflection, ("written_at",))
                for reflection in meeting.reflections.all()
            ],
        },
    }


def plans_for_extract(enrolment_ids: list[int]) -> dict[int, list[Row]]:
    """Every version of the enrolments' goals and plans by enrolment, oldest first, with their
    sub-goals and plan items. Three queries."""
    revisions = (
        PlanRevision.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("created_by")
        .prefetch_related("sub_goals", "items")
        .order_by("number")
    )
    return by_enrolment(
        revisions,
        lambda revision: (
            fields_of(
                revision, ("number", "long_term_goal", "created_at", "signed_by_participant_on")
            )
            | {
                "created_by": staff_name(revision.created_by),
                "sub_goals": [goal.text for goal in revision.sub_goals.all()],
                "items": [
                    fields_of(item, ("activity", "purpose", "starts_on", "ends_on", "responsible"))
                    | {"status": item.status}
                    for item in revision.items.all()
                ],
            }
        ),
    )


# ------------------------------------------------------------------ the Today page

# Days ahead the Today page looks: due this week, meetings booked.
WEEK_AHEAD_DAYS = 7
# A person is flagged a few days before they would drop out of the active caseload, so there is
# still time to reach them.
NO_CONTACT_WARNING_DAYS = ACTIVE_CONTACT_DAYS - 5
# Jobs that ended this long ago or less are listed, with the contact the end calls for.
RECENT_JOB_END_DAYS = 14
# The IPS fidelity scale's follow-along: contact within three days of a job ending.
JOB_END_CONTACT_DAYS = 3


@dataclass(frozen=True)
class DeadlineLine:
    row: CaseRow
    deadline: DeadlineStatus


@dataclass(frozen=True)
class JobEnd:
    job: Any
    enrolment: Enrolment
    # When the model's rules call for contact after the end (IPS), else None.
    contact_due_on: datetime.date | None
    contacted: bool
    today: datetime.date

    @property
    def is_overdue(self) -> bool:
        return bool(self.contact_due_on and not self.contacted and self.contact_due_on < self.today)


@dataclass
class TodayPage:
    today: datetime.date
    overdue: list[DeadlineLine]
    due_this_week: list[DeadlineLine]
    meetings: list[Any]
    absences: list[Any]
    job_ends: list[JobEnd]
    without_contact: list[CaseRow]
    rows: list[CaseRow]
    # Started jobs whose four paid hours are not recorded: their starts are not yet counted.
    four_paid_hours: list[Job]
    # Messages from the participants of open cases that nobody has read yet.
    messages: list[Message]
    # Consents the participants of open cases withdrew themselves lately: staff follow them up.
    consents_withdrawn: list[Consent]
    # What a JOM course's or a work-training unit's records ask of the case today.
    record_items: list[TodayItem]


def today_for(user: Actor, *, today: datetime.date | None = None) -> TodayPage:
    """What a staff member has to do today and this week, read from their caseload in a fixed
    number of queries: the caseload's own, then one each for meetings, absences, job ends,
    jobs whose four paid hours are not recorded, unread messages from participants and consents
    they withdrew."""
    today = today or timezone.localdate()
    rows = caseload_for(user, today=today)
    week_end = today + datetime.timedelta(days=WEEK_AHEAD_DAYS)
    overdue, due = [], []
    for row in rows:
        for deadline in row.deadlines:
            if deadline.is_team_leaders or not deadline.is_pending:
                continue
            if deadline.state == DeadlineState.OVERDUE:
                overdue.append(DeadlineLine(row, deadline))
            elif deadline.due_on <= week_end:
                due.append(DeadlineLine(row, deadline))
    open_ids = [row.enrolment.pk for row in rows if row.enrolment.is_open]
    by_id = {row.enrolment.pk: row.enrolment for row in rows}
    # A local day's bounds, so a meeting at 23:30 is on the day it is held.
    day_start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    meetings = list(
        Meeting.objects.filter(
            contact__enrolment_id__in=open_ids or [0],
            next_meeting_at__gte=day_start,
            next_meeting_at__lt=day_start + datetime.timedelta(days=WEEK_AHEAD_DAYS + 1),
        )
        .select_related("contact__enrolment__participant")
        .order_by("next_meeting_at")
    )
    open_absences = list(
        absences(Attendance.objects.filter(enrolment_id__in=open_ids or [0]))
        .filter(followed_up=False)
        .select_related("enrolment__participant")
    )
    return TodayPage(
        today=today,
        overdue=sorted(overdue, key=lambda line: line.deadline.due_on),
        due_this_week=sorted(due, key=lambda line: line.deadline.due_on),
        meetings=meetings,
        absences=open_absences,
        job_ends=_job_ends(by_id, today),
        without_contact=[
            row
            for row in rows
            if row.enrolment.status == EnrolmentStatus.ACTIVE
            and _days_without_contact(row, today) >= NO_CONTACT_WARNING_DAYS
        ],
        rows=rows,
        four_paid_hours=jobs_awaiting_four_paid_hours(open_ids, today),
        messages=unread_messages(open_ids),
        consents_withdrawn=consents_withdrawn_by_participants(
            [by_id[pk].participant_id for pk in open_ids], today
        ),
        record_items=[
            *jom_today_items(open_ids, today),
            *worktraining_today_items(open_ids, today),
        ],
    )


def _days_without_contact(row: CaseRow, today: datetime.date) -> int:
    since = last_contact_on(row.enrolment) or row.enrolment.start_date or today
    return (today - since).days


def _job_ends(enrolments: dict[int, Enrolment], today: datetime.date) -> list[JobEnd]:
    contact_after_end = Contact.objects.filter(
        enrolment=OuterRef("enrolment_id"), outcome="held", occurred_on__gte=OuterRef("ends_on")
    )
    jobs = (
        Job.objects.filter(
            enrolment_id__in=list(enrolments) or [0],
            ends_on__gte=today - datetime.timedelta(days=RECENT_JOB_END_DAYS),
            ends_on__lte=today,
        )
        .annotate(contacted=Exists(contact_after_end))
        .select_related("employer")
        .order_by("ends_on")
    )
    ends = []
    for job in jobs:
        enrolment = enrolments[job.enrolment_id]
        programme = registry().get(enrolment.programme_model)
        due = (
            days_after(job.ends_on, JOB_END_CONTACT_DAYS)
            if job.ends_on and programme and programme.follow_along
            else None
        )
        ends.append(JobEnd(job, enrolment, due, job.contacted, today))
    return ends


def today_shown_to(user: Actor) -> TodayPage:
    """The Today page for a page or the API: refused (403) without a role, and audited."""
    access.require(user, access.Action.VIEW_PARTICIPANT)
    page = today_for(user)
    _record_caseload_view(user, page.rows, "pathways.today")
    return page


def unread_messages(enrolment_ids: Iterable[int]) -> list[Message]:
    """Participants' messages to the cases that nobody has read yet, oldest first: for the
    Today page and the case page."""
    return list(
        Message.objects.filter(enrolment_id__in=list(enrolment_ids) or [0], read_at__isnull=True)
        .select_related("enrolment__participant")
        .order_by("sent_at", "pk")
    )


# How long a consent the participant withdrew in their own space stays on the Today page.
WITHDRAWN_CONSENT_DAYS = 14


def consents_withdrawn_by_participants(
    participant_ids: Iterable[int], today: datetime.date
) -> list[Consent]:
    """Consents the people withdrew themselves in the last two weeks, newest first."""
    return list(
        Consent.objects.filter(
            participant_id__in=list(participant_ids) or [0],
            withdrawn_recorded_by__is_participant=True,
            withdrawn_on__gte=today - datetime.timedelta(days=WITHDRAWN_CONSENT_DAYS),
        )
        .select_related("participant", "given_to")
        .order_by("-withdrawn_on", "-pk")
    )


# ------------------------------------------------------------------ a team leader's view of a coach

SUPERVISION_WEEKS = 8
# IPS-25 item 1: at most 20 people per full-time employment specialist.
CASELOAD_LIMIT = 20
CASE_FILTERS = ("overdue", "active", "inactive")


@dataclass(frozen=True)
class SupervisionWeek:
    monday: datetime.date
    employer_contacts: int
    caseload: int
    contacts: int
    community_contacts: int

    @property
    def contacts_per_case(self) -> Decimal | None:
        return Decimal(self.contacts) / self.caseload if self.caseload else None

    @property
    def community_share(self) -> Decimal | None:
        """Per cent of the week's contacts held outside the office (IPS-25 item 24)."""
        return Decimal(100 * self.community_contacts) / self.contacts if self.contacts else None


def supervision_weeks(
    staff: Actor, unit: Any, today: datetime.date, weeks: int = SUPERVISION_WEEKS
) -> list[SupervisionWeek]:
    """The coach's last ``weeks`` ISO weeks in the unit, the running one last: face-to-face
    employer contacts (against 6), caseload at the week's end (against 20), participant contacts
    held and the share of them in the community. Three queries whatever the history."""
    this_monday = today - datetime.timedelta(days=today.weekday())
    mondays = [this_monday - datetime.timedelta(weeks=n) for n in reversed(range(weeks))]
    first, last = mondays[0], days_after(this_monday, 6)

    def week_of(day: datetime.date) -> datetime.date:
        return day - datetime.timedelta(days=day.weekday())

    employer = Counter(
        week_of(day)
        for day in EmployerContact.objects.filter(
            staff=staff, unit=unit, face_to_face=True, occurred_on__range=(first, last)
        ).values_list("occurred_on", flat=True)
    )
    held: Counter[datetime.date] = Counter()
    community: Counter[datetime.date] = Counter()
    for day, place in Contact.objects.filter(
        staff=staff, enrolment__unit=unit, outcome="held", occurred_on__range=(first, last)
    ).values_list("occurred_on", "place"):
        held[week_of(day)] += 1
        if place != ContactPlace.OFFICE:
            community[week_of(day)] += 1
    spans = list(
        Responsibility.objects.filter(staff=staff, enrolment__unit=unit, starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .values_list("starts_on", "ends_on")
    )
    result = []
    for monday in mondays:
        week_end = min(days_after(monday, 6), today)
        caseload = sum(
            1 for start, end in spans if start <= week_end and (end is None or end >= week_end)
        )
        result.append(
            SupervisionWeek(monday, employer[monday], caseload, held[monday], community[monday])
        )
    return result


def coach_rows(
    staff: Actor, unit: Any, today: datetime.date, *, show: str = "", phase: str = ""
) -> list[CaseRow]:
    """The coach's caseload in the unit, narrowed to the rows behind one number of the board:
    ``show`` one of CASE_FILTERS, ``phase`` a board column (``model:phase``)."""
    rows = [row for row in caseload_for(staff, today=today) if row.enrolment.unit_id == unit.pk]
    return narrowed(rows, show=show, phase=phase)


def unassigned_rows(
    unit: Any, today: datetime.date, *, show: str = "", phase: str = ""
) -> list[CaseRow]:
    """The unit's open cases with no current coach or supervisor responsible: the board's
    "No current responsible" row, narrowed as ``coach_rows`` is."""
    members = Membership.objects.active_on(today).filter(
        unit=unit, role__in=("coach", "supervisor")
    )
    enrolments = with_deadline_facts(
        Enrolment.objects.filter(unit=unit, status__in=OPEN_STATUSES)
        .exclude(responsible_staff_id__in=members.values("user_id"))
        .select_related("participant", "unit")
    )
    return narrowed(_rows(list(enrolments), today), show=show, phase=phase)


def narrowed(rows: list[CaseRow], *, show: str = "", phase: str = "") -> list[CaseRow]:
    """The rows behind one number of the board: ``show`` one of CASE_FILTERS, ``phase`` a board
    column (``model:phase``)."""
    if phase:
        rows = [r for r in rows if f"{r.enrolment.programme_model}:{r.enrolment.phase}" == phase]
    if show == "overdue":
        rows = [r for r in rows if r.overdue]
    elif show == "active":
        rows = [r for r in rows if r.active]
    elif show == "inactive":
        rows = [r for r in rows if not r.active]
    return rows
