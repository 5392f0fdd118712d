"""A work unit's daily work: attendance of the workday, the weekly schedule, incidents and
the monthly compensation basis sent to payroll.

Attendance is the daily work group's (the work unit's cohort): a workday is one session of
the group, made the first time attendance of the day is recorded."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.cohorts.models import AttendanceStatus, CohortMember, Session
from lotsa.cohorts.services import set_attendance
from lotsa.errors import DomainError, Forbidden
from lotsa.pathways.models import Enrolment
from lotsa.worktraining.models import (
    LINE_FIELDS,
    CompensationExport,
    Incident,
    IncidentKind,
    ScheduleEntry,
    ScheduleVersion,
    ScheduleVersionLine,
    WeeklySchedule,
    WorkUnit,
)
from lotsa.worktraining.queries.daily import (
    compensation_basis,
    compensation_workbook,
    month_bounds,
    participants_of,
    says_the_same,
)

# A workday's session of the daily work group: the attendance of the day hangs off it.
WORKDAY_STARTS = datetime.time(8, 0)
WORKDAY_MINUTES = 8 * 60
# The largest breath test reading the record takes (per mille), a typing error above it.
BREATH_TEST_LIMIT = Decimal("5.00")


def _require(actor: Actor, work_unit: WorkUnit, action: access.Action) -> None:
    """Refuse (403, logged) unless the actor's role in the work unit's unit allows the action."""
    if work_unit.unit_id in access.unit_ids_for(actor, action):
        return
    record(
        AuditEvent.ACCESS_DENIED,
        actor=actor,
        obj=work_unit,
        changes={"action": str(action)},
    )
    raise Forbidden(str(action))


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def _workday_session(*, actor: Actor, work_unit: WorkUnit, day: datetime.date) -> Session:
    """The daily work group's session of the day, made (and logged) the first time: inside the
    caller's transaction."""
    start, end = _day_bounds(day)
    assert work_unit.cohort is not None
    session = (
        Session.objects.select_for_update()
        .filter(cohort=work_unit.cohort, starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at")
        .first()
    )
    if session is not None:
        return session
    session = Session.objects.create(
        cohort=work_unit.cohort,
        starts_at=timezone.make_aware(datetime.datetime.combine(day, WORKDAY_STARTS)),
        duration_minutes=WORKDAY_MINUTES,
        topic=work_unit.name,
    )
    record(
        AuditEvent.SESSION_SCHEDULED,
        actor=actor,
        obj=session,
        changes={"cohort": work_unit.cohort_id, "starts_at": session.starts_at.isoformat()},
    )
    return session


def members_on(work_unit: WorkUnit, day: datetime.date) -> dict[int, CohortMember]:
    """The daily work group's members on the day, by enrolment id."""
    if work_unit.cohort_id is None:
        return {}
    members = CohortMember.objects.filter(
        cohort_id=work_unit.cohort_id, joined_on__lte=day
    ).exclude(left_on__lt=day)
    return {m.enrolment_id: m for m in members.select_related("enrolment")}


def _check_day(work_unit: WorkUnit, day: datetime.date) -> None:
    if work_unit.cohort is None:
        raise DomainError(_("The work unit has no daily work group yet."))
    if day > timezone.localdate():
        raise DomainError({"day": _("Attendance can be recorded on the day or afterwards.")})
    if day < work_unit.cohort.starts_on:
        raise DomainError({"day": _("The daily work group had not started on that day.")})


def record_workday_attendance(
    *,
    actor: Actor,
    work_unit: WorkUnit,
    day: datetime.date,
    statuses: dict[int, str],
    minutes_late: dict[int, int] | None = None,
) -> Session:
    """The day's attendance of the daily work group ({enrolment id: status}, with the minutes
    of a late arrival); re-recording corrects it. The workday's session is made on first use."""
    _require(actor, work_unit, access.Action.CHANGE_PARTICIPANT)
    minutes_late = minutes_late or {}
    _check_day(work_unit, day)
    if not statuses:
        raise DomainError(_("Choose the attendance of at least one participant."))
    members = members_on(work_unit, day)
    errors = {
        f"member_{enrolment_id}": _("Not in the daily work group on that day.")
        for enrolment_id in statuses.keys() - members.keys()
    }
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        session = _workday_session(actor=actor, work_unit=work_unit, day=day)
        for enrolment_id, status in statuses.items():
            set_attendance(
                session,
                members[enrolment_id].enrolment,
                status,
                actor=actor,
                minutes_late=minutes_late.get(enrolment_id),
            )
    return session


# ------------------------------------------------------------------ weekly schedules


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@dataclass(frozen=True)
class EntryInput:
    weekday: int
    starts_at: datetime.time
    ends_at: datetime.time
    activity: str
    enrolment: Enrolment | None = None
    place: str = ""
    note: str = ""


def add_schedule_entry(
    *, actor: Actor, work_unit: WorkUnit, week_starting: datetime.date, entry: EntryInput
) -> ScheduleEntry:
    """A line of the week's schedule, for one participant of the daily work group or (without
    one) for the whole group; the week's schedule is made on first use."""
    _require(actor, work_unit, access.Action.CHANGE_PARTICIPANT)
    errors: dict[str, str] = {}
    if week_starting.weekday() != 0:
        errors["week_starting"] = _("A week starts on a Monday.")
    if not 0 <= entry.weekday <= 6:
        errors["weekday"] = _("Choose a weekday.")
    if entry.ends_at <= entry.starts_at:
        errors["ends_at"] = _("The end is before the start.")
    if not entry.activity.strip():
        errors["activity"] = _("Say what the work or activity is.")
    day = week_starting + datetime.timedelta(days=entry.weekday)
    if entry.enrolment is not None and entry.enrolment.pk not in members_on(work_unit, day):
        errors["enrolment"] = _("Not in the daily work group on that day.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        schedule, _created = WeeklySchedule.objects.get_or_create(
            work_unit=work_unit, week_starting=week_starting
        )
        saved = ScheduleEntry.objects.create(
            schedule=schedule,
            enrolment=entry.enrolment,
            weekday=entry.weekday,
            starts_at=entry.starts_at,
            ends_at=entry.ends_at,
            activity=entry.activity.strip(),
            place=entry.place.strip(),
            note=entry.note.strip(),
        )
        record(
            AuditEvent.SCHEDULE_SAVED,
            actor=actor,
            obj=schedule,
            participant_id=entry.enrolment.participant_id if entry.enrolment else None,
            changes={"added": saved.pk, "weekday": entry.weekday},
        )
    return saved


def remove_schedule_entry(*, actor: Actor, entry: ScheduleEntry) -> WeeklySchedule:
    schedule = entry.schedule
    _require(actor, schedule.work_unit, access.Action.CHANGE_PARTICIPANT)
    participant_id = entry.enrolment.participant_id if entry.enrolment else None
    with transaction.atomic(durable=True):
        removed = entry.pk
        entry.delete()
        record(
            AuditEvent.SCHEDULE_SAVED,
            actor=actor,
            obj=schedule,
            participant_id=participant_id,
            changes={"removed": removed},
        )
    return schedule


def publish_schedule(*, actor: Actor, schedule: WeeklySchedule) -> ScheduleVersion:
    """Let the work group's participants read the week as it is now (their own lines and the
    group's): a new version of the week, the one they read from now on. The versions published
    before are kept, so that staff can see what the participants were shown before a change."""
    _require(actor, schedule.work_unit, access.Action.CHANGE_PARTICIPANT)
    with transaction.atomic(durable=True):
        # One publication of the week at a time, so that two cannot take the same number.
        WeeklySchedule.objects.select_for_update().filter(pk=schedule.pk).first()
        entries = list(schedule.entries.select_related("enrolment"))
        if not entries:
            raise DomainError(_("Add the week's work before publishing it."))
        replaced = (
            schedule.versions.prefetch_related(
                Prefetch("lines", ScheduleVersionLine.objects.select_related("enrolment"))
            )
            .order_by("-number")
            .first()
        )
        replaced_lines = list(replaced.lines.all()) if replaced else []
        if replaced is not None and says_the_same(entries, replaced_lines):
            raise DomainError(_("Nothing has changed since the week was last published."))
        version = ScheduleVersion.objects.create(
            schedule=schedule,
            number=replaced.number + 1 if replaced else 1,
            published_at=timezone.now(),
            published_by=actor,
        )
        ScheduleVersionLine.objects.bulk_create(
            ScheduleVersionLine(
                version=version, **{name: getattr(entry, name) for name in LINE_FIELDS}
            )
            for entry in entries
        )
        record(
            AuditEvent.SCHEDULE_PUBLISHED,
            actor=actor,
            obj=schedule,
            changes={
                "version": version.number,
                "replaced": replaced.number if replaced else None,
                "lines": len(entries),
            },
            # Those whose lines the new version shows, and those whose lines it takes away.
            participants=participants_of(entries) | participants_of(replaced_lines),
        )
    return version


# ------------------------------------------------------------------ incidents


@dataclass(frozen=True)
class IncidentInput:
    occurred_at: datetime.datetime
    kind: str
    breath_test_per_mille: Decimal | None = None
    written_warning: bool = False
    sent_home: bool = False
    without_compensation: bool = False
    return_condition: str = ""
    note: str = ""


def _incident_errors(
    work_unit: WorkUnit, enrolment: Enrolment, facts: IncidentInput
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if facts.kind not in IncidentKind.values:
        errors["kind"] = _("Choose what happened.")
    if facts.breath_test_per_mille is not None:
        if facts.kind != IncidentKind.ALCOHOL_OR_DRUGS:
            errors["breath_test_per_mille"] = _(
                "A breath test goes only with an incident of alcohol or drugs."
            )
        elif not 0 <= facts.breath_test_per_mille <= BREATH_TEST_LIMIT:
            errors["breath_test_per_mille"] = _("Enter a reading between 0 and 5 per mille.")
    if facts.without_compensation and not facts.sent_home:
        errors["without_compensation"] = _(
            "Only a participant sent home can lose the day's compensation."
        )
    if facts.occurred_at > timezone.now():
        errors["occurred_at"] = _("The time cannot be in the future.")
    elif enrolment.pk not in members_on(work_unit, timezone.localdate(facts.occurred_at)):
        errors["enrolment"] = _("Not in the daily work group on that day.")
    return errors


def record_incident(
    *, actor: Actor, work_unit: WorkUnit, enrolment: Enrolment, facts: IncidentInput
) -> Incident:
    """An incident of a workday. Sending the participant home records that day's attendance
    as sent home; without compensation, the compensation basis leaves the day out."""
    _require(actor, work_unit, access.Action.CHANGE_PARTICIPANT)
    if timezone.is_naive(facts.occurred_at):
        facts = dataclasses.replace(facts, occurred_at=timezone.make_aware(facts.occurred_at))
    errors = _incident_errors(work_unit, enrolment, facts)
    if errors:
        raise DomainError(errors)
    day = timezone.localdate(facts.occurred_at)
    with transaction.atomic(durable=True):
        incident = Incident.objects.create(
            enrolment=enrolment,
            work_unit=work_unit,
            recorded_by=actor,
            **dataclasses.asdict(dataclasses.replace(facts, note=facts.note.strip())),
        )
        record(
            AuditEvent.INCIDENT_RECORDED,
            actor=actor,
            obj=incident,
            participant_id=enrolment.participant_id,
            changes={
                "kind": facts.kind,
                "written_warning": facts.written_warning,
                "sent_home": facts.sent_home,
                "without_compensation": facts.without_compensation,
            },
        )
        if facts.sent_home:
            set_attendance(
                _workday_session(actor=actor, work_unit=work_unit, day=day),
                enrolment,
                AttendanceStatus.SENT_HOME,
                actor=actor,
            )
    return incident


# ------------------------------------------------------------------ compensation basis


def export_compensation_basis(
    *, actor: Actor, work_unit: WorkUnit, month: datetime.date
) -> tuple[CompensationExport, bytes]:
    """The month's compensation basis as a workbook for payroll, and the record that it went:
    the export names every participant in it."""
    _require(actor, work_unit, access.Action.EXPORT_COMPENSATION)
    first, _next = month_bounds(month)
    if first > timezone.localdate():
        raise DomainError({"month": _("The month has not begun.")})
    basis = compensation_basis(work_unit, first)
    with transaction.atomic(durable=True):
        export = CompensationExport.objects.create(
            work_unit=work_unit, month=first, exported_by=actor, rows=len(basis)
        )
        record(
            AuditEvent.COMPENSATION_EXPORTED,
            actor=actor,
            obj=export,
            changes={"month": first.isoformat()},
            participants=[row.participant_id for row in basis],
        )
    return export, compensation_workbook(work_unit, first, basis)
