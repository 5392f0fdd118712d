"""Reads of a work unit's daily work: the workday, the week's schedule, incidents and the
monthly compensation basis, in a fixed number of queries each."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.cohorts.models import Attendance, AttendanceStatus, CohortMember, Session
from lotsa.core import spreadsheets
from lotsa.core.extracts import Row, by_enrolment, fields_of
from lotsa.core.today import TodayItem
from lotsa.pathways.models import Enrolment
from lotsa.worktraining.models import (
    Incident,
    ScheduleEntry,
    ScheduleLine,
    ScheduleVersion,
    ScheduleVersionLine,
    WeeklySchedule,
    WorkUnit,
)

ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
ABSENT = (AttendanceStatus.ABSENT_WITH_NOTICE, AttendanceStatus.ABSENT_WITHOUT_NOTICE)


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first day of the month and of the next."""
    first = month.replace(day=1)
    return first, (first + datetime.timedelta(days=32)).replace(day=1)


def _local_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _members_on(
    work_unit: WorkUnit, first: datetime.date, last: datetime.date
) -> QuerySet[CohortMember]:
    """The daily work group's members at some time between the two days."""
    assert work_unit.cohort_id is not None
    return (
        CohortMember.objects.filter(cohort_id=work_unit.cohort_id, joined_on__lte=last)
        .exclude(left_on__lt=first)
        .select_related("enrolment__participant")
        .order_by("enrolment__participant__last_name", "enrolment__participant__first_name", "pk")
    )


def group_on(work_unit: WorkUnit, day: datetime.date) -> list[CohortMember]:
    """The daily work group's members on the day, by name (one query)."""
    return list(_members_on(work_unit, day, day)) if work_unit.cohort_id else []


# ------------------------------------------------------------------ the workday


@dataclass
class WorkdayLine:
    member: CohortMember
    status: str
    minutes_late: int | None


@dataclass
class Workday:
    work_unit: WorkUnit
    day: datetime.date
    session: Session | None
    lines: list[WorkdayLine]

    @property
    def participant_ids(self) -> list[int]:
        return [line.member.enrolment.participant_id for line in self.lines]


def workday_of(work_unit: WorkUnit, day: datetime.date) -> Workday:
    """The daily work group on the day with the attendance recorded so far (three queries)."""
    if work_unit.cohort_id is None:
        return Workday(work_unit, day, None, [])
    start = _local_start(day)
    session = (
        Session.objects.filter(
            cohort_id=work_unit.cohort_id,
            starts_at__gte=start,
            starts_at__lt=start + datetime.timedelta(days=1),
        )
        .order_by("starts_at")
        .first()
    )
    recorded = (
        {
            a.enrolment_id: a
            for a in Attendance.objects.filter(session=session).only(
                "enrolment_id", "status", "minutes_late"
            )
        }
        if session
        else {}
    )
    lines = []
    for member in _members_on(work_unit, day, day):
        attendance = recorded.get(member.enrolment_id)
        lines.append(
            WorkdayLine(
                member,
                attendance.status if attendance else "",
                attendance.minutes_late if attendance else None,
            )
        )
    return Workday(work_unit, day, session, lines)


# ------------------------------------------------------------------ weekly schedules


def days_of(
    week_starting: datetime.date, lines: Sequence[ScheduleLine]
) -> list[tuple[datetime.date, list[ScheduleLine]]]:
    """The week's days with their lines, in order: Monday to Friday always, the weekend when
    it has lines."""
    return [
        (
            week_starting + datetime.timedelta(days=weekday),
            [line for line in lines if line.weekday == weekday],
        )
        for weekday in range(7)
        if weekday < 5 or any(line.weekday == weekday for line in lines)
    ]


def participants_of(lines: Iterable[ScheduleEntry] | Iterable[ScheduleVersionLine]) -> set[int]:
    """The participants the lines are for (a line for the whole group is for no one of them)."""
    return {line.enrolment.participant_id for line in lines if line.enrolment is not None}


def says_the_same(lines: Sequence[ScheduleLine], others: Sequence[ScheduleLine]) -> bool:
    """Whether two sets of a week's lines tell their readers the same, in whatever order."""
    return Counter(line.says() for line in lines) == Counter(line.says() for line in others)


@dataclass
class Week:
    work_unit: WorkUnit
    week_starting: datetime.date
    schedule: WeeklySchedule | None
    entries: list[ScheduleEntry]
    members: list[CohortMember]
    # Every published version of the week, the latest (the one the participants read) first.
    versions: list[ScheduleVersion] = field(default_factory=list)

    @property
    def days(self) -> list[tuple[datetime.date, list[ScheduleLine]]]:
        return days_of(self.week_starting, self.entries)

    @property
    def published_days(
        self,
    ) -> list[tuple[ScheduleVersion, list[tuple[datetime.date, list[ScheduleLine]]]]]:
        """Each published version with its days and lines, the latest first."""
        return [
            (version, days_of(self.week_starting, list(version.lines.all())))
            for version in self.versions
        ]

    @property
    def published(self) -> ScheduleVersion | None:
        return self.versions[0] if self.versions else None

    @property
    def changed_since_published(self) -> bool:
        """Whether the lines differ from what the participants read."""
        published = self.published
        return published is not None and not says_the_same(
            self.entries, list(published.lines.all())
        )

    @property
    def participant_ids(self) -> list[int]:
        """The group's members and anyone a line, written or published, is for."""
        named = participants_of(self.entries).union(
            *(participants_of(version.lines.all()) for version in self.versions)
        )
        return sorted(named | {m.enrolment.participant_id for m in self.members})


def week_of(work_unit: WorkUnit, week_starting: datetime.date) -> Week:
    """The week's schedule of the work unit with its lines, the group's members and every
    published version with its lines (five queries)."""
    schedule = WeeklySchedule.objects.filter(
        work_unit=work_unit, week_starting=week_starting
    ).first()
    entries = list(schedule.entries.select_related("enrolment__participant")) if schedule else []
    versions = (
        list(
            schedule.versions.select_related("published_by").prefetch_related(
                Prefetch(
                    "lines", ScheduleVersionLine.objects.select_related("enrolment__participant")
                )
            )
        )
        if schedule
        else []
    )
    members = (
        list(_members_on(work_unit, week_starting, week_starting + datetime.timedelta(days=6)))
        if work_unit.cohort_id
        else []
    )
    return Week(work_unit, week_starting, schedule, entries, members, versions)


@dataclass
class OwnWeek:
    work_unit: WorkUnit
    week_starting: datetime.date
    # The day the version read now replaced an earlier one of the week; None for a first.
    changed_on: datetime.date | None
    days: list[tuple[datetime.date, list[ScheduleVersionLine]]] = field(default_factory=list)


def _latest(version: str) -> Any:
    """No later version of the same week than the one at ``version``: the one read now."""
    return ~Exists(
        ScheduleVersion.objects.filter(
            schedule_id=OuterRef(f"{version}schedule_id"),
            number__gt=OuterRef(f"{version}number"),
        )
    )


def schedules_for_participant(
    enrolments: QuerySet[Enrolment], today: datetime.date
) -> list[OwnWeek]:
    """The schedules of this week and the next, as last published, of the work units whose
    daily work group the enrolments are in now: only their own lines and the whole group's,
    and when the week was changed (one query)."""
    monday = today - datetime.timedelta(days=today.weekday())
    memberships = CohortMember.objects.filter(
        enrolment__in=enrolments, cohort__work_unit__isnull=False, joined_on__lte=today
    ).exclude(left_on__lt=today)
    lines = (
        ScheduleVersionLine.objects.filter(
            version__schedule__work_unit__cohort__members__in=memberships,
            version__schedule__week_starting__in=[monday, monday + datetime.timedelta(days=7)],
        )
        .filter(_latest("version__"))
        .filter(Q(enrolment__isnull=True) | Q(enrolment__in=enrolments))
        .select_related("version__schedule__work_unit")
        .distinct()
        .order_by(
            "version__schedule__week_starting",
            "version__schedule__work_unit__name",
            "weekday",
            "starts_at",
        )
    )
    weeks: dict[int, OwnWeek] = {}
    for line in lines:
        version = line.version
        schedule = version.schedule
        week = weeks.setdefault(
            schedule.pk,
            OwnWeek(
                schedule.work_unit,
                schedule.week_starting,
                timezone.localdate(version.published_at) if version.number > 1 else None,
            ),
        )
        day = schedule.week_starting + datetime.timedelta(days=line.weekday)
        if week.days and week.days[-1][0] == day:
            week.days[-1][1].append(line)
        else:
            week.days.append((day, [line]))
    return list(weeks.values())


# ------------------------------------------------------------------ incidents


def incident_list(user: Actor, work_unit: WorkUnit) -> list[Incident]:
    """The work unit's incidents, newest first; showing them is logged naming the people."""
    incidents = list(
        Incident.objects.filter(work_unit=work_unit)
        .select_related("enrolment__participant", "recorded_by")
        .order_by("-occurred_at", "-pk")
    )
    record(
        AuditEvent.INCIDENT_VIEWED,
        actor=user,
        obj=work_unit,
        participants=[incident.enrolment.participant_id for incident in incidents],
    )
    return incidents


def incidents_for_extract(enrolment_ids: list[int]) -> dict[int, list[Row]]:
    """The incidents of the enrolments, by enrolment (one query)."""
    incidents = (
        Incident.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("work_unit")
        .order_by("occurred_at", "pk")
    )
    return by_enrolment(
        incidents,
        lambda incident: (
            {"work_unit": incident.work_unit.name}
            | fields_of(
                incident,
                (
                    "occurred_at",
                    "kind",
                    "breath_test_per_mille",
                    "written_warning",
                    "sent_home",
                    "without_compensation",
                    "return_condition",
                    "note",
                ),
            )
        ),
    )


# ------------------------------------------------------------------ compensation basis


@dataclass
class BasisRow:
    """One participant's month in a work unit. Compensable days are the days worked (present,
    late, or sent home during the day) less the days an incident took the compensation from."""

    participant_id: int
    name: str
    identity: str
    present: int = 0
    late: int = 0
    minutes_late: int = 0
    sick: int = 0
    absent: int = 0
    sent_home: int = 0
    without_compensation: int = 0
    daily_rate: Decimal | None = None
    enrolment_id: int = 0

    @property
    def compensable(self) -> int:
        return max(0, self.present + self.late + self.sent_home - self.without_compensation)

    @property
    def amount(self) -> Decimal | None:
        return None if self.daily_rate is None else self.daily_rate * self.compensable


def compensation_basis(work_unit: WorkUnit, month: datetime.date) -> list[BasisRow]:
    """Per participant of the daily work group in the month, the days by attendance and the
    compensable days and amount (three queries)."""
    if work_unit.cohort_id is None:
        return []
    first, following = month_bounds(month)
    start, end = _local_start(first), _local_start(following)
    rows: dict[int, BasisRow] = {}
    for member in _members_on(work_unit, first, following - datetime.timedelta(days=1)):
        participant = member.enrolment.participant
        rows.setdefault(
            member.enrolment_id,
            BasisRow(
                participant.pk,
                participant.display_name,
                participant.identity_display,
                daily_rate=work_unit.daily_rate,
                enrolment_id=member.enrolment_id,
            ),
        )
    attended_days: set[tuple[int, datetime.date]] = set()
    for enrolment_id, status, minutes, day in (
        Attendance.objects.filter(
            session__cohort_id=work_unit.cohort_id,
            session__starts_at__gte=start,
            session__starts_at__lt=end,
            enrolment_id__in=rows,
        )
        .annotate(day=TruncDate("session__starts_at"))
        .values_list("enrolment_id", "status", "minutes_late", "day")
    ):
        row = rows[enrolment_id]
        if status == AttendanceStatus.PRESENT:
            row.present += 1
        elif status == AttendanceStatus.LATE:
            row.late += 1
            row.minutes_late += minutes or 0
        elif status == AttendanceStatus.SICK:
            row.sick += 1
        elif status in ABSENT:
            row.absent += 1
        elif status == AttendanceStatus.SENT_HOME:
            row.sent_home += 1
        if status in (*ATTENDED, AttendanceStatus.SENT_HOME):
            attended_days.add((enrolment_id, day))
    unpaid = Counter(
        enrolment_id
        for enrolment_id, day in {
            (enrolment_id, timezone.localdate(occurred_at))
            for enrolment_id, occurred_at in Incident.objects.filter(
                work_unit=work_unit,
                without_compensation=True,
                occurred_at__gte=start,
                occurred_at__lt=end,
                enrolment_id__in=rows,
            ).values_list("enrolment_id", "occurred_at")
        }
        if (enrolment_id, day) in attended_days
    )
    for enrolment_id, days in unpaid.items():
        rows[enrolment_id].without_compensation = days
    return list(rows.values())


def basis_headings() -> list[str]:
    return [
        _("Participant"),
        _("Identity number"),
        _("Days present"),
        _("Days late"),
        _("Minutes late"),
        _("Days sick"),
        _("Days absent"),
        _("Days sent home"),
        _("Days without compensation"),
        _("Compensable days"),
        _("Daily compensation"),
        _("Amount"),
    ]


def basis_values(row: BasisRow) -> list[Any]:
    """The row's cells in the order of ``basis_headings``."""
    return [
        row.name,
        row.identity,
        row.present,
        row.late,
        row.minutes_late,
        row.sick,
        row.absent,
        row.sent_home,
        row.without_compensation,
        row.compensable,
        row.daily_rate if row.daily_rate is not None else "",
        row.amount if row.amount is not None else "",
    ]


def compensation_workbook(
    work_unit: WorkUnit, month: datetime.date, basis: list[BasisRow]
) -> bytes:
    """The basis as payroll reads it: one row per participant, as the page shows it."""
    rows: list[list[Any]] = [
        [_("Compensation basis"), work_unit.name, f"{month:%Y-%m}"],
        basis_headings(),
        *(basis_values(row) for row in basis),
    ]
    return spreadsheets.xlsx([(f"{month:%Y-%m}", rows)], first_column_width=28)


def compensation_page(user: Actor, work_unit: WorkUnit, month: datetime.date) -> list[BasisRow]:
    """The month's basis for the page; showing it is logged naming the people."""
    basis = compensation_basis(work_unit, month)
    record(
        AuditEvent.COMPENSATION_VIEWED,
        actor=user,
        obj=work_unit,
        changes={"month": month_bounds(month)[0].isoformat()},
        participants=[row.participant_id for row in basis],
    )
    return basis


# ------------------------------------------------------------------ Today


def _published(schedule: str) -> Exists:
    """The week (at ``schedule``) has been published."""
    return Exists(ScheduleVersion.objects.filter(schedule_id=OuterRef(schedule)))


def attendance_not_recorded(open_enrolment_ids: list[int], today: datetime.date) -> list[TodayItem]:
    """Participants of these cases expected at their work unit today whose attendance is not
    recorded yet (four queries). Expected: a line for them or the whole group on this week's
    schedule once it has been published (the lines as the staff have them now, a change not
    yet published again included); without a published schedule, every weekday from Monday
    to Friday."""
    memberships = list(
        CohortMember.objects.filter(
            enrolment_id__in=open_enrolment_ids or [0],
            cohort__work_unit__isnull=False,
            joined_on__lte=today,
        )
        .exclude(left_on__lt=today)
        .select_related("cohort__work_unit", "enrolment__participant")
    )
    if not memberships:
        return []
    monday = today - datetime.timedelta(days=today.weekday())
    published: dict[int, set[int | None]] = {}
    for work_unit_id, enrolment_id in (
        ScheduleEntry.objects.filter(
            schedule__work_unit__cohort__members__in=memberships,
            schedule__week_starting=monday,
            weekday=today.weekday(),
        )
        .filter(_published("schedule_id"))
        .values_list("schedule__work_unit_id", "enrolment_id")
    ):
        published.setdefault(work_unit_id, set()).add(enrolment_id)
    scheduled_weeks = set(
        WeeklySchedule.objects.filter(
            work_unit__cohort__members__in=memberships, week_starting=monday
        )
        .filter(_published("pk"))
        .values_list("work_unit_id", flat=True)
    )
    start = _local_start(today)
    recorded = set(
        Attendance.objects.filter(
            enrolment_id__in=[m.enrolment_id for m in memberships],
            session__starts_at__gte=start,
            session__starts_at__lt=start + datetime.timedelta(days=1),
        ).values_list("session__cohort_id", "enrolment_id")
    )
    items = []
    for member in memberships:
        work_unit = member.cohort.work_unit
        if work_unit.pk in scheduled_weeks:
            expected = bool({None, member.enrolment_id} & published.get(work_unit.pk, set()))
        else:
            expected = today.weekday() < 5
        if expected and (member.cohort_id, member.enrolment_id) not in recorded:
            items.append(
                TodayItem(
                    text=_("Attendance not recorded today at %(work_unit)s")
                    % {"work_unit": work_unit.name},
                    participant=member.enrolment.participant.display_name,
                    day=today,
                    url=reverse("worktraining:workday", args=[work_unit.pk]),
                )
            )
    return items
