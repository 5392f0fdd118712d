"""Running cohorts: creating them, adding members, scheduling sessions, recording attendance."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.cohorts.models import Attendance, AttendanceStatus, Cohort, CohortMember, Session
from lotsa.errors import DomainError, Forbidden, validate_model
from lotsa.organisations.models import Unit
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import OPEN_STATUSES, Enrolment, UnitProgramme


def require_unit(actor: Actor, unit_id: int) -> None:
    """Cohort work is for coaches and team leaders of the cohort's unit."""
    if unit_id not in access.unit_ids_for(actor, access.Action.CHANGE_PARTICIPANT):
        record(
            AuditEvent.ACCESS_DENIED,
            actor=actor,
            object_type="organisations.unit",
            object_id=str(unit_id),
            changes={"action": "cohort.change"},
        )
        raise Forbidden("cohort.change")


def create_cohort(
    *,
    actor: Actor,
    unit: Unit,
    programme_code: str,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    activity: str = "",
) -> Cohort:
    """A group of a group-based model, or one of a model's group activities (``activity``)."""
    require_unit(actor, unit.pk)
    programme = registry().get(programme_code)
    errors: dict[str, str] = {}
    if programme is None or (not activity and programme.group is None):
        errors["programme_code"] = _("Choose a programme model that runs in groups.")
    elif activity and activity not in programme.group_activities:
        errors["activity"] = _("Choose one of the programme model's group activities.")
    elif not UnitProgramme.objects.filter(unit=unit, programme_code=programme_code).exists():
        errors["programme_code"] = _("This unit does not run that programme model.")
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The end is before the start.")
    if Cohort.objects.filter(unit=unit, name=name.strip()).exists():
        errors["name"] = _("The unit already has a cohort with this name.")
    if errors:
        raise DomainError(errors)
    cohort = Cohort(
        unit=unit,
        programme_code=programme_code,
        activity=activity,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    validate_model(cohort, exclude=["unit"])
    with transaction.atomic(durable=True):
        cohort.save()
        record(
            AuditEvent.COHORT_SAVED,
            actor=actor,
            obj=cohort,
            changes={"name": cohort.name, "programme_code": programme_code, "activity": activity},
        )
    return cohort


def add_member(
    *, actor: Actor, cohort: Cohort, enrolment: Enrolment, joined_on: datetime.date
) -> CohortMember:
    """Add an open enrolment of the cohort's unit and model to the cohort."""
    require_unit(actor, cohort.unit_id)
    errors: dict[str, str] = {}
    if enrolment.unit_id != cohort.unit_id or enrolment.programme_model != cohort.programme_code:
        errors["enrolment"] = _(
            "Only enrolments in the cohort's unit and programme model can join."
        )
    elif enrolment.status not in OPEN_STATUSES:
        errors["enrolment"] = _("The enrolment has ended.")
    elif CohortMember.objects.filter(cohort=cohort, enrolment=enrolment).exists():
        errors["enrolment"] = _("The participant is already in this cohort.")
    if joined_on > timezone.localdate():
        errors["joined_on"] = _("The date cannot be in the future.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        member = CohortMember.objects.create(
            cohort=cohort, enrolment=enrolment, joined_on=joined_on
        )
        record(
            AuditEvent.COHORT_MEMBER_ADDED,
            actor=actor,
            obj=member,
            participant_id=enrolment.participant_id,
            changes={"cohort": cohort.pk},
        )
    return member


def remove_member(*, actor: Actor, member: CohortMember, left_on: datetime.date) -> CohortMember:
    require_unit(actor, member.cohort.unit_id)
    if member.left_on is not None:
        raise DomainError({"left_on": _("The participant has already left the cohort.")})
    if left_on < member.joined_on or left_on > timezone.localdate():
        raise DomainError({"left_on": _("The date must be between joining and today.")})
    with transaction.atomic(durable=True):
        member.left_on = left_on
        member.save(update_fields=["left_on"])
        record(
            AuditEvent.COHORT_MEMBER_LEFT,
            actor=actor,
            obj=member,
            participant_id=member.enrolment.participant_id,
            changes={"left_on": left_on.isoformat()},
        )
    return member


def schedule_session(
    *,
    actor: Actor,
    cohort: Cohort,
    starts_at: datetime.datetime,
    duration_minutes: int,
    topic: str = "",
) -> Session:
    require_unit(actor, cohort.unit_id)
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if timezone.localdate(starts_at) < cohort.starts_on:
        raise DomainError({"starts_at": _("The session is before the cohort starts.")})
    if not 0 < duration_minutes <= 24 * 60:
        raise DomainError({"duration_minutes": _("Enter a duration between 1 and 1440 minutes.")})
    session = Session(
        cohort=cohort, starts_at=starts_at, duration_minutes=duration_minutes, topic=topic
    )
    validate_model(session, exclude=["cohort"])
    with transaction.atomic(durable=True):
        session.save()
        record(
            AuditEvent.SESSION_SCHEDULED,
            actor=actor,
            obj=session,
            changes={"cohort": cohort.pk, "starts_at": starts_at.isoformat()},
        )
    return session


def add_sessions(cohort: Cohort, rows: list[tuple[datetime.datetime, int, str]]) -> list[Session]:
    """Sessions of the cohort from (starts at, minutes, topic) rows, inside the caller's
    transaction: a service of another app that plans many sessions at once writes its own
    audit entry for them."""
    return Session.objects.bulk_create(
        Session(cohort=cohort, starts_at=starts_at, duration_minutes=minutes, topic=topic)
        for starts_at, minutes, topic in rows
    )


def _minutes_error(status: str, minutes_late: int | None) -> str:
    """Why the minutes late cannot go with the status, or nothing."""
    if minutes_late is None:
        return ""
    if status != AttendanceStatus.LATE:
        return _("Minutes late go only with the status late.")
    if minutes_late < 0:
        return _("Enter the minutes late as zero or more.")
    return ""


def _write_attendance(
    *,
    actor: Actor,
    session: Session,
    enrolment: Enrolment,
    status: str,
    minutes_late: int | None,
    note: str,
) -> Attendance:
    """Save one member's attendance of the session, and its audit entry: inside the caller's
    transaction."""
    attendance, _created = Attendance.objects.update_or_create(
        session=session,
        enrolment=enrolment,
        defaults={
            "status": status,
            "minutes_late": minutes_late,
            "note": note[:500],
            "recorded_by": actor,
        },
    )
    changes: dict[str, object] = {"session": session.pk, "status": status}
    if minutes_late is not None:
        changes["minutes_late"] = minutes_late
    record(
        AuditEvent.ATTENDANCE_RECORDED,
        actor=actor,
        obj=attendance,
        participant_id=enrolment.participant_id,
        changes=changes,
    )
    return attendance


def record_attendance(
    *,
    actor: Actor,
    session: Session,
    statuses: dict[int, str],
    notes: dict[int, str] | None = None,
    minutes_late: dict[int, int] | None = None,
) -> list[Attendance]:
    """Attendance of a held session for its members ({enrolment id: status}), with the minutes
    of those who came late ({enrolment id: minutes}); re-recording corrects it."""
    require_unit(actor, session.cohort.unit_id)
    notes = notes or {}
    minutes_late = minutes_late or {}
    if session.starts_at > timezone.now():
        raise DomainError(
            {"session": _("Attendance can be recorded once the session has started.")}
        )
    members = {m.enrolment_id: m for m in session.cohort.members.select_related("enrolment")}
    errors = {}
    for enrolment_id, status in statuses.items():
        if enrolment_id not in members:
            errors[f"attendance.{enrolment_id}"] = _("Not a member of this cohort.")
        elif status not in AttendanceStatus.values:
            errors[f"attendance.{enrolment_id}"] = _("Choose an attendance status.")
        elif error := _minutes_error(status, minutes_late.get(enrolment_id)):
            errors[f"minutes_late.{enrolment_id}"] = error
    for enrolment_id in minutes_late.keys() - statuses.keys():
        errors[f"minutes_late.{enrolment_id}"] = _("Minutes late go only with the status late.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        return [
            _write_attendance(
                actor=actor,
                session=session,
                enrolment=members[enrolment_id].enrolment,
                status=status,
                minutes_late=minutes_late.get(enrolment_id),
                note=notes.get(enrolment_id, ""),
            )
            for enrolment_id, status in statuses.items()
        ]


def set_attendance(
    session: Session,
    enrolment: Enrolment,
    status: str,
    *,
    actor: Actor,
    note: str = "",
    minutes_late: int | None = None,
) -> Attendance:
    """One member's attendance of a session, inside the calling service's transaction (a
    work unit's incident sends someone home): the caller has checked the actor's access."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("set_attendance runs inside the calling service's transaction.")
    if not session.cohort.members.filter(enrolment=enrolment).exists():
        raise DomainError({"enrolment": _("Not a member of this cohort.")})
    if status not in AttendanceStatus.values:
        raise DomainError({"status": _("Choose an attendance status.")})
    if error := _minutes_error(status, minutes_late):
        raise DomainError({"minutes_late": error})
    return _write_attendance(
        actor=actor,
        session=session,
        enrolment=enrolment,
        status=status,
        minutes_late=minutes_late,
        note=note,
    )
