"""Reads of team practice: the pages' lists, the participant notes a viewer may see, and the
figures the fidelity scale's anchors need for a review period (``teamwork_evidence``)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from lotsa import access
from lotsa.accounts.models import User
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.organisations.models import Unit
from lotsa.pathways.models import Enrolment
from lotsa.teamwork.models import (
    Discussion,
    SupervisionElement,
    SupervisionEntry,
    TeamAttachment,
    TeamMeeting,
    TreatmentTeam,
    UnitMeeting,
)

# ------------------------------------------------------------------ pages


def teams_of(unit: Unit) -> QuerySet[TreatmentTeam]:
    """The unit's treatment teams with their attachments (and coaches) read along."""
    attachments = TeamAttachment.objects.select_related("coach").order_by(
        "coach__last_name", "starts_on"
    )
    return TreatmentTeam.objects.filter(unit=unit).prefetch_related(
        Prefetch("attachments", queryset=attachments)
    )


def team_meetings_of(unit: Unit) -> QuerySet[TeamMeeting]:
    """The unit's treatment-team meetings, newest first, with how many participants each
    discussed (a number only: who they were is on the meeting's page, through access)."""
    return (
        TeamMeeting.objects.filter(team__unit=unit)
        .select_related("team")
        .prefetch_related("coaches")
        .annotate(discussed=Count("discussions"))
    )


def discussions_shown(
    user: Actor, meeting: TeamMeeting, *, to_choose: QuerySet[Enrolment] | None = None
) -> list[Discussion]:
    """What the meeting discussed about the participants whose cases the user may see in full;
    the others are left out, not even counted. The read is logged, naming those shown, and
    those the page lists ``to_choose`` from for a new note."""
    visible = access.enrolments_visible_to(user)
    shown = list(
        meeting.discussions.filter(enrolment__in=visible).select_related("enrolment__participant")
    )
    record(
        AuditEvent.TEAM_MEETING_VIEWED,
        actor=user,
        obj=meeting,
        participants=[
            *(discussion.enrolment.participant_id for discussion in shown),
            *(to_choose.values_list("participant_id", flat=True) if to_choose is not None else ()),
        ],
    )
    return shown


def cases_to_discuss(user: Actor, unit: Unit) -> QuerySet[Enrolment]:
    """The unit's open cases the user works on, for noting a discussion about one of them."""
    return (
        access.enrolments_visible_to(user, access.Action.CHANGE_PARTICIPANT)
        .filter(unit=unit, end_date__isnull=True)
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name", "pk")
    )


def unit_meetings_of(unit: Unit) -> QuerySet[UnitMeeting]:
    """The unit's own meetings, newest first, with their attendance, job leads and cover."""
    return (
        UnitMeeting.objects.filter(unit=unit)
        .prefetch_related("attendees")
        .annotate(
            leads=Count("job_leads", distinct=True), cover_count=Count("covers", distinct=True)
        )
    )


def unit_meeting_details(meeting: UnitMeeting) -> UnitMeeting:
    """One unit meeting with its attendees, job leads and cover read along."""
    return (
        UnitMeeting.objects.select_related("unit", "recorded_by")
        .prefetch_related(
            "attendees",
            "job_leads__shared_by",
            "job_leads__employer",
            "covers__covering",
            "covers__covered",
        )
        .get(pk=meeting.pk)
    )


def supervision_log(user: Actor, unit: Unit) -> QuerySet[SupervisionEntry]:
    """The supervision log as the user may read it (``access.supervision_visible_to``)."""
    return (
        access.supervision_visible_to(user, unit)
        .select_related("supervisor")
        .prefetch_related("coaches")
    )


# ------------------------------------------------------------------ fidelity evidence


@dataclass(frozen=True)
class Period:
    """A review period, both days included."""

    first: datetime.date
    last: datetime.date

    def weeks(self) -> list[datetime.date]:
        """The Mondays of the calendar weeks (Monday to Sunday) the period touches."""
        monday = self.first - datetime.timedelta(days=self.first.weekday())
        mondays = []
        while monday <= self.last:
            mondays.append(monday)
            monday += datetime.timedelta(days=7)
        return mondays


def _week_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@dataclass(frozen=True)
class TeamWeeks:
    """Item 5 (a): in how many of the period's weeks a coach of the unit attended the team's
    meeting."""

    team: str
    meetings: int
    weeks_with_meeting: int
    with_decisions: int = 0


@dataclass(frozen=True)
class TeamworkEvidence:
    """The figures of the unit's team practice over a period that the IPS-25 anchors ask for.

    * Item 7 (vocational unit): ``weeks_with_unit_meeting`` of ``weeks`` — the anchor for 5 is a
      weekly meeting; ``job_leads`` shared at ``unit_meetings`` meetings (leads per meeting);
      ``cover_arrangements`` made — the anchor's "cover each other's clients".
    * Item 4 (integration through team assignment): ``teams_per_coach`` — the anchor for 2 to 5
      is one or two teams per coach, 2 at three or more; ``coaches_over_limit`` names those with
      three or more; ``from_attached_teams`` of ``caseload`` — the share of the active caseload
      whose treatment team is one of the responsible coach's attached teams (90–100 % for 5,
      75–89 % for 4, 50–74 % for 3).
    * Item 5 (a) (integration through team contact): ``team_meetings`` per team, in how many of
      the period's weeks coaches attended.
    * Item 8 (role of the supervisor): ``supervision`` counts each element the log holds in the
      period; ``supervision_weeks`` the weeks with group or individual supervision (the scale
      asks for weekly supervision, monthly field mentoring, quarterly outcome review).
    """

    period: Period
    weeks: int
    unit_meetings: int
    weeks_with_unit_meeting: int
    job_leads: int
    cover_arrangements: int
    teams_per_coach: dict[str, int]
    coaches_over_limit: list[str]
    caseload: int
    from_attached_teams: int
    team_meetings: list[TeamWeeks]
    supervision: dict[str, int]
    supervision_weeks: int
    elements_present: list[str] = field(default_factory=list)
    # The records behind the counts, for drill-through: each unit meeting's (date, job leads,
    # cover arrangements); the enrolments of the active caseload whose treatment team is one of
    # the responsible coach's; the days of each supervision element.
    unit_meeting_rows: list[tuple[datetime.date, int, int]] = field(default_factory=list)
    from_attached_team_ids: list[int] = field(default_factory=list)
    supervision_days: dict[str, list[datetime.date]] = field(default_factory=dict)

    @property
    def job_leads_per_meeting(self) -> float | None:
        return self.job_leads / self.unit_meetings if self.unit_meetings else None

    @property
    def share_from_attached_teams(self) -> float | None:
        return self.from_attached_teams / self.caseload if self.caseload else None


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def teamwork_evidence(unit: Unit, period: Period) -> TeamworkEvidence:
    """The figures of ``TeamworkEvidence`` for the unit and period, in six statements whatever
    the number of records. A pure read: no audit entry, no participant named."""
    mondays = period.weeks()
    in_period = Q(held_on__gte=period.first, held_on__lte=period.last)
    unit_meetings = list(
        UnitMeeting.objects.filter(in_period, unit=unit)
        .annotate(
            leads=Count("job_leads", distinct=True), cover_count=Count("covers", distinct=True)
        )
        .values_list("held_on", "leads", "cover_count")
    )
    attached = list(
        TeamAttachment.objects.filter(team__unit=unit, starts_on__lte=period.last)
        .exclude(ends_on__lt=period.first)
        .select_related("coach")
    )
    teams_of_coach: dict[int, set[int]] = defaultdict(set)
    names: dict[int, str] = {}
    for attachment in attached:
        teams_of_coach[attachment.coach_id].add(attachment.team_id)
        names[attachment.coach_id] = _name(attachment.coach)
    per_coach = {names[coach]: len(teams) for coach, teams in teams_of_coach.items()}
    caseload = list(
        Enrolment.objects.filter(unit=unit, start_date__lte=period.last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.last))
        .values_list("pk", "responsible_staff_id", "treatment_team_link__team_id")
    )
    from_attached = sorted(
        pk
        for pk, coach, team in caseload
        if team is not None and coach is not None and team in teams_of_coach.get(coach, set())
    )
    team_meeting_days: dict[str, list[datetime.date]] = {
        team.name: [] for team in TreatmentTeam.objects.filter(unit=unit, is_active=True)
    }
    decided: Counter[str] = Counter()
    for name, held_on, decisions in TeamMeeting.objects.filter(
        in_period, team__unit=unit
    ).values_list("team__name", "held_on", "decisions"):
        team_meeting_days.setdefault(name, []).append(held_on)
        decided[name] += bool(decisions.strip())
    supervision = list(
        SupervisionEntry.objects.filter(in_period, unit=unit).values_list("element", "held_on")
    )
    counted = Counter(element for element, _day in supervision)
    days_of: dict[str, list[datetime.date]] = defaultdict(list)
    for element, day in sorted(supervision, key=lambda row: row[1]):
        days_of[element].append(day)
    regular = {SupervisionElement.GROUP, SupervisionElement.INDIVIDUAL}
    return TeamworkEvidence(
        period=period,
        weeks=len(mondays),
        unit_meetings=len(unit_meetings),
        weeks_with_unit_meeting=len({_week_of(day) for day, _l, _c in unit_meetings}),
        job_leads=sum(leads for _d, leads, _c in unit_meetings),
        cover_arrangements=sum(covers for _d, _l, covers in unit_meetings),
        teams_per_coach=per_coach,
        coaches_over_limit=sorted(name for name, teams in per_coach.items() if teams > 2),
        caseload=len(caseload),
        from_attached_teams=len(from_attached),
        team_meetings=[
            TeamWeeks(name, len(days), len({_week_of(day) for day in days}), decided[name])
            for name, days in sorted(team_meeting_days.items())
        ],
        supervision={element.value: counted[element.value] for element in SupervisionElement},
        supervision_weeks=len(
            {_week_of(day) for element, day in supervision if element in regular}
        ),
        elements_present=[
            element.value for element in SupervisionElement if counted[element.value]
        ],
        unit_meeting_rows=sorted(unit_meetings),
        from_attached_team_ids=from_attached,
        supervision_days={element.value: days_of[element.value] for element in SupervisionElement},
    )
