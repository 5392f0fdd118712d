"""Writing the records of team practice: treatment teams and attachments, the participant's
treatment team, treatment-team meetings and what was discussed there, unit meetings with their
job leads and cover, and the supervision log.

Each write checks the actor's role in the unit, refuses bad input field by field and writes its
audit entry in the same transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.models import User
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.dates import implausible
from lotsa.employment.models import Employer
from lotsa.errors import DomainError, validate_model
from lotsa.organisations.models import Membership, Role, Unit
from lotsa.pathways.models import Enrolment
from lotsa.teamwork.models import (
    CoverArrangement,
    Discussion,
    EnrolmentTeam,
    JobLead,
    SupervisionEntry,
    TeamAttachment,
    TeamMeeting,
    TreatmentTeam,
    UnitMeeting,
)

Action = access.Action

# The fidelity scale's limit: a coach attached to more teams than this no longer belongs to them.
MOST_TEAMS_PER_COACH = 2


def staff_of(unit: Unit, day: datetime.date) -> list[int]:
    """The coaches and team leaders of the unit on the day: who attends its meetings."""
    return list(
        Membership.objects.active_on(day)
        .filter(unit=unit, role__in=(Role.COACH, Role.SUPERVISOR))
        .values_list("user_id", flat=True)
    )


def _check_day(day: datetime.date, field: str, errors: dict[str, str]) -> None:
    why = implausible(day)
    if why:
        errors[field] = why
    elif day > timezone.localdate():
        errors[field] = _("The date cannot be in the future.")


def _check_staff(
    unit: Unit, day: datetime.date, people: Iterable[User], field: str, errors: dict[str, str]
) -> None:
    members = set(staff_of(unit, day))
    chosen = [person.pk for person in people]
    if not chosen:
        errors[field] = _("Choose at least one member of the unit.")
    elif not set(chosen) <= members:
        errors[field] = _("Choose members of the unit.")


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise DomainError(errors)


# ------------------------------------------------------------------ treatment teams


@dataclass(frozen=True)
class TeamDetails:
    name: str
    kind: str
    organisation: str = ""
    contact: str = ""
    is_active: bool = True


def save_treatment_team(
    *, actor: Actor, unit: Unit, details: TeamDetails, team: TreatmentTeam | None = None
) -> TreatmentTeam:
    """Add a treatment team the unit works with, or change one."""
    access.require(actor, Action.MANAGE_TREATMENT_TEAMS, unit)
    if team is not None and team.unit_id != unit.pk:
        raise DomainError(_("The treatment team belongs to another unit."))
    saved = team or TreatmentTeam(unit=unit)
    saved.name = details.name.strip()
    saved.kind = details.kind
    saved.organisation = details.organisation.strip()
    saved.contact = details.contact.strip()
    saved.is_active = details.is_active
    validate_model(saved, exclude=["unit"])
    namesakes = TreatmentTeam.objects.filter(unit=unit, name=saved.name).exclude(pk=saved.pk)
    if namesakes.exists():
        raise DomainError({"name": _("The unit already has a treatment team with this name.")})
    with transaction.atomic(durable=True):
        saved.save()
        record(
            AuditEvent.TREATMENT_TEAM_SAVED,
            actor=actor,
            obj=saved,
            changes={"name": saved.name, "kind": saved.kind, "active": saved.is_active},
        )
    return saved


@dataclass(frozen=True)
class Attached:
    """An attachment saved, with the warning it calls for (empty when none)."""

    attachment: TeamAttachment
    warning: str


def _teams_at_once(coach: User, starts_on: datetime.date, ends_on: datetime.date | None) -> int:
    """How many teams the coach is attached to at some time between the two days."""
    overlapping = TeamAttachment.objects.filter(coach=coach).exclude(ends_on__lt=starts_on)
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    return overlapping.values("team_id").distinct().count()


def attach_coach(
    *,
    actor: Actor,
    team: TreatmentTeam,
    coach: User,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> Attached:
    """Attach a coach of the unit to a treatment team from a day (until another). A third team
    at once is saved, with a warning: the scale expects one or two."""
    access.require(actor, Action.MANAGE_TREATMENT_TEAMS, team.unit)
    errors: dict[str, str] = {}
    if implausible(starts_on):
        errors["starts_on"] = str(implausible(starts_on))
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The attachment cannot end before it starts.")
    if coach.pk not in staff_of(team.unit, starts_on):
        errors["coach"] = _("Choose a coach of the unit.")
    elif (
        TeamAttachment.objects.filter(team=team, coach=coach)
        .exclude(ends_on__lt=starts_on)
        .exists()
    ):
        errors["coach"] = _("The coach is attached to this team already.")
    _raise(errors)
    teams = _teams_at_once(coach, starts_on, ends_on) + 1
    warning = ""
    if teams > MOST_TEAMS_PER_COACH:
        warning = _(
            "%(coach)s is now attached to %(teams)d treatment teams. A coach who belongs to one "
            "or two teams can take part in their work; with more, the attachment is in name only."
        ) % {"coach": coach.get_full_name() or coach.username, "teams": teams}
    with transaction.atomic(durable=True):
        attachment = TeamAttachment.objects.create(
            team=team, coach=coach, starts_on=starts_on, ends_on=ends_on
        )
        record(
            AuditEvent.TEAM_ATTACHMENT_SAVED,
            actor=actor,
            obj=attachment,
            changes={"team": team.pk, "coach": coach.pk, "teams_at_once": teams},
        )
    return Attached(attachment, warning)


def end_attachment(
    *, actor: Actor, attachment: TeamAttachment, ends_on: datetime.date
) -> TeamAttachment:
    """End a coach's attachment to a treatment team on a day."""
    access.require(actor, Action.MANAGE_TREATMENT_TEAMS, attachment.team.unit)
    if implausible(ends_on):
        raise DomainError({"ends_on": str(implausible(ends_on))})
    if ends_on < attachment.starts_on:
        raise DomainError({"ends_on": _("The attachment cannot end before it starts.")})
    with transaction.atomic(durable=True):
        attachment.ends_on = ends_on
        attachment.save(update_fields=["ends_on"])
        record(
            AuditEvent.TEAM_ATTACHMENT_SAVED,
            actor=actor,
            obj=attachment,
            changes={"ends_on": ends_on},
        )
    return attachment


def set_treatment_team(
    *, actor: Actor, enrolment: Enrolment, team: TreatmentTeam | None
) -> EnrolmentTeam:
    """Name the treatment team the participant belongs to (or none) for the enrolment."""
    access.require_enrolment(actor, enrolment)
    if team is not None and (team.unit_id != enrolment.unit_id or not team.is_active):
        raise DomainError({"team": _("Choose an active treatment team of the case's unit.")})
    with transaction.atomic(durable=True):
        link, _created = EnrolmentTeam.objects.update_or_create(
            enrolment=enrolment, defaults={"team": team}
        )
        record(
            AuditEvent.ENROLMENT_TEAM_SET,
            actor=actor,
            obj=enrolment,
            participant_id=enrolment.participant_id,
            changes={"team": team.pk if team else None},
        )
    return link


# ------------------------------------------------------------------ treatment-team meetings


@dataclass(frozen=True)
class TeamMeetingDetails:
    team: TreatmentTeam
    held_on: datetime.date
    coaches: list[User]
    decisions: str = ""


def save_team_meeting(
    *, actor: Actor, unit: Unit, details: TeamMeetingDetails, meeting: TeamMeeting | None = None
) -> TeamMeeting:
    """Record a treatment-team meeting the unit's coaches attended, or change one (the coach
    who recorded it, or a team leader: the caller fetched it so)."""
    access.require(actor, Action.RECORD_MEETINGS, unit)
    errors: dict[str, str] = {}
    if details.team.unit_id != unit.pk:
        errors["team"] = _("Choose a treatment team of the unit.")
    _check_day(details.held_on, "held_on", errors)
    if "held_on" not in errors:
        _check_staff(unit, details.held_on, details.coaches, "coaches", errors)
    _raise(errors)
    saved = meeting or TeamMeeting(recorded_by=actor)
    saved.team = details.team
    saved.held_on = details.held_on
    saved.decisions = details.decisions.strip()
    validate_model(saved, exclude=["team", "recorded_by"])
    with transaction.atomic(durable=True):
        saved.save()
        saved.coaches.set(details.coaches)
        record(
            AuditEvent.TEAM_MEETING_SAVED,
            actor=actor,
            obj=saved,
            changes={
                "team": saved.team_id,
                "held_on": saved.held_on,
                "coaches": sorted(coach.pk for coach in details.coaches),
            },
        )
    return saved


def record_discussion(
    *, actor: Actor, meeting: TeamMeeting, enrolment: Enrolment, note: str
) -> Discussion:
    """Note what the meeting discussed about a participant of the unit whose case the actor
    works on."""
    access.require_enrolment(actor, enrolment)
    errors: dict[str, str] = {}
    if enrolment.unit_id != meeting.team.unit_id:
        errors["enrolment"] = _("Choose a participant of the unit.")
    if not note.strip():
        errors["note"] = _("Write what was discussed.")
    _raise(errors)
    discussion = Discussion(meeting=meeting, enrolment=enrolment, note=note.strip())
    validate_model(discussion, exclude=["meeting", "enrolment"])
    with transaction.atomic(durable=True):
        discussion.save()
        record(
            AuditEvent.TEAM_DISCUSSION_RECORDED,
            actor=actor,
            obj=discussion,
            participant_id=enrolment.participant_id,
            changes={"meeting": meeting.pk},
        )
    return discussion


# ------------------------------------------------------------------ unit meetings


@dataclass(frozen=True)
class UnitMeetingDetails:
    held_on: datetime.date
    attendees: list[User]
    note: str = ""


def save_unit_meeting(
    *, actor: Actor, unit: Unit, details: UnitMeetingDetails, meeting: UnitMeeting | None = None
) -> UnitMeeting:
    """Record a meeting of the vocational unit, or change one."""
    access.require(actor, Action.RECORD_MEETINGS, unit)
    errors: dict[str, str] = {}
    _check_day(details.held_on, "held_on", errors)
    if "held_on" not in errors:
        _check_staff(unit, details.held_on, details.attendees, "attendees", errors)
    _raise(errors)
    saved = meeting or UnitMeeting(unit=unit, recorded_by=actor)
    saved.held_on = details.held_on
    saved.note = details.note.strip()
    validate_model(saved, exclude=["unit", "recorded_by"])
    with transaction.atomic(durable=True):
        saved.save()
        saved.attendees.set(details.attendees)
        record(
            AuditEvent.UNIT_MEETING_SAVED,
            actor=actor,
            obj=saved,
            changes={
                "held_on": saved.held_on,
                "attendees": sorted(person.pk for person in details.attendees),
            },
        )
    return saved


@dataclass(frozen=True)
class JobLeadDetails:
    shared_by: User
    job: str
    employer: Employer | None = None
    employer_name: str = ""


def share_job_lead(*, actor: Actor, meeting: UnitMeeting, details: JobLeadDetails) -> JobLead:
    """Note a job lead a member shared at the meeting: an employer of the register, or one
    named."""
    access.require(actor, Action.RECORD_MEETINGS, meeting.unit)
    errors: dict[str, str] = {}
    if details.shared_by.pk not in staff_of(meeting.unit, meeting.held_on):
        errors["shared_by"] = _("Choose a member of the unit.")
    name = details.employer_name.strip()
    if details.employer is None and not name:
        errors["employer"] = _("Choose an employer, or name one that is not in the register.")
    elif details.employer is not None and name:
        errors["employer_name"] = _("Choose an employer or name one, not both.")
    if not details.job.strip():
        errors["job"] = _("Say what job it is.")
    _raise(errors)
    lead = JobLead(
        meeting=meeting,
        shared_by=details.shared_by,
        employer=details.employer,
        employer_name=name,
        job=details.job.strip(),
    )
    validate_model(lead, exclude=["meeting", "shared_by", "employer"])
    with transaction.atomic(durable=True):
        lead.save()
        record(
            AuditEvent.JOB_LEAD_SHARED,
            actor=actor,
            obj=lead,
            changes={"meeting": meeting.pk, "employer": lead.employer_id, "job": lead.job},
        )
    return lead


def arrange_cover(
    *,
    actor: Actor,
    meeting: UnitMeeting,
    covering: User,
    covered: User,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> CoverArrangement:
    """Note at the meeting that one member covers another's cases between two days."""
    access.require(actor, Action.RECORD_MEETINGS, meeting.unit)
    errors: dict[str, str] = {}
    members = staff_of(meeting.unit, meeting.held_on)
    if covering.pk not in members:
        errors["covering"] = _("Choose a member of the unit.")
    if covered.pk not in members:
        errors["covered"] = _("Choose a member of the unit.")
    elif covered.pk == covering.pk:
        errors["covered"] = _("Choose someone else's cases to cover.")
    for field, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if implausible(day):
            errors[field] = str(implausible(day))
    if "ends_on" not in errors and ends_on < starts_on:
        errors["ends_on"] = _("The cover cannot end before it starts.")
    _raise(errors)
    with transaction.atomic(durable=True):
        cover = CoverArrangement.objects.create(
            meeting=meeting,
            covering=covering,
            covered=covered,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        record(
            AuditEvent.COVER_ARRANGED,
            actor=actor,
            obj=cover,
            changes={"covering": covering.pk, "covered": covered.pk},
        )
    return cover


# ------------------------------------------------------------------ supervision


@dataclass(frozen=True)
class SupervisionDetails:
    element: str
    held_on: datetime.date
    coaches: list[User]
    note: str = ""


def record_supervision(
    *,
    actor: Actor,
    unit: Unit,
    details: SupervisionDetails,
    entry: SupervisionEntry | None = None,
) -> SupervisionEntry:
    """Write (or correct) an entry of the team leader's supervision log."""
    access.require(actor, Action.RECORD_SUPERVISION, unit)
    errors: dict[str, str] = {}
    _check_day(details.held_on, "held_on", errors)
    if "held_on" not in errors:
        _check_staff(unit, details.held_on, details.coaches, "coaches", errors)
    _raise(errors)
    saved = entry or SupervisionEntry(unit=unit, supervisor=actor)
    saved.element = details.element
    saved.held_on = details.held_on
    saved.note = details.note.strip()
    validate_model(saved, exclude=["unit", "supervisor"])
    with transaction.atomic(durable=True):
        saved.save()
        saved.coaches.set(details.coaches)
        record(
            AuditEvent.SUPERVISION_RECORDED,
            actor=actor,
            obj=saved,
            changes={
                "element": saved.element,
                "held_on": saved.held_on,
                "coaches": sorted(coach.pk for coach in details.coaches),
            },
        )
    return saved
