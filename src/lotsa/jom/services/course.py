"""A JOM course: its organisation model and shape, its timetable and the sessions in it."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import asdict, dataclass
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.models import User
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.cohorts.models import Cohort, Session
from lotsa.cohorts.services import add_sessions
from lotsa.errors import DomainError, EditConflict, Forbidden, check_version, validate_model
from lotsa.jom import codes
from lotsa.jom.models import Course, CourseTask, ProviderContract, SessionPlan, TargetGroup
from lotsa.jom.timetable import Timetable, course_timetable
from lotsa.organisations.models import Membership, Unit
from lotsa.pathways.models import UnitProgramme

# A teaching day's session from nine, four hours; the edit page changes a single day.
DAY_STARTS_AT = datetime.time(9, 0)
SESSION_MINUTES = 240
WEEKDAYS = range(7)


@dataclass(frozen=True)
class CourseValues:
    organisation_model: int
    preparation_weeks: int
    teaching_weeks: int
    teaching_weekdays: list[int]
    internship_weeks: int
    internship_teaching_weekday: int
    venue: str = ""
    venue_note: str = ""
    provider_contract: ProviderContract | None = None
    target_group: TargetGroup | None = None


def require_manager(actor: Actor, unit_id: int) -> None:
    """The course's set-up is the team leader's (MANAGE_COURSE); others get 403, logged."""
    if unit_id not in access.unit_ids_for(actor, access.Action.MANAGE_COURSE):
        record(
            AuditEvent.ACCESS_DENIED,
            actor=actor,
            object_type="organisations.unit",
            object_id=str(unit_id),
            changes={"action": access.Action.MANAGE_COURSE.value},
        )
        raise Forbidden(access.Action.MANAGE_COURSE.value)


# The course's records that staff edit in place, each with the version it has reached.
EditedRecord = TypeVar("EditedRecord", Course, ProviderContract, TargetGroup, SessionPlan)


def lock_for_edit(record_: EditedRecord, version: int | None) -> None:
    """Lock the record's row and read it as saved; refuse the edit (``EditConflict``) if it
    was made from another version than that, so that it never overwrites someone else's
    change. The caller counts its own change (``count_change``) once it is valid."""
    try:
        record_.refresh_from_db(from_queryset=type(record_).objects.select_for_update(no_key=True))
    except ObjectDoesNotExist:
        # Gone since the form was opened: a new timetable replaced the session.
        raise EditConflict from None
    check_version(version, record_.version)


def count_change(record_: EditedRecord) -> None:
    """A change of a saved record makes its next version (a new record stays at the first)."""
    if record_.pk is not None:
        record_.version += 1


def runs_jom_errors(unit: Unit) -> dict[str, str]:
    """A refusal for a course record of a unit that runs no JOM courses (else none)."""
    if UnitProgramme.objects.filter(unit=unit, programme_code=codes.PROGRAMME).exists():
        return {}
    return {"__all__": _("The unit does not run JOM courses.")}


def _check_values(cohort: Cohort, values: CourseValues) -> None:
    errors: dict[str, str] = {}
    if cohort.programme_code != codes.PROGRAMME or cohort.activity:
        errors["cohort"] = _("Only a cohort of the JOM model can be run as a course.")
    if not values.teaching_weekdays or not set(values.teaching_weekdays) <= set(WEEKDAYS):
        errors["teaching_weekdays"] = _("Choose the weekdays of teaching.")
    elif values.internship_teaching_weekday in values.teaching_weekdays and len(
        values.teaching_weekdays
    ) == len(WEEKDAYS):
        errors["teaching_weekdays"] = _("Leave at least one weekday free of teaching.")
    for field, record_ in (
        ("provider_contract", values.provider_contract),
        ("target_group", values.target_group),
    ):
        if record_ is not None and record_.unit_id != cohort.unit_id:
            errors[field] = _("Choose one of the unit's own.")
    if errors:
        raise DomainError(errors)


def save_course(
    *,
    actor: Actor,
    cohort: Cohort,
    values: CourseValues,
    course: Course | None = None,
    version: int | None = None,
) -> Course:
    """Run a JOM cohort as a course, or change its organisation model and shape.

    A change names the course's ``version`` the user's form showed: if someone else saved a
    change since, it is refused (``EditConflict``) rather than saved over theirs."""
    require_manager(actor, cohort.unit_id)
    if course is None and Course.objects.filter(cohort=cohort).exists():
        raise DomainError({"cohort": _("The cohort is run as a course already.")})
    _check_values(cohort, values)
    fields = asdict(values) | {
        "provider_contract": values.provider_contract,
        "target_group": values.target_group,
        "teaching_weekdays": sorted(set(values.teaching_weekdays)),
    }
    with transaction.atomic(durable=True):
        if course is None:
            course = Course(cohort=cohort, created_by=actor)
        else:
            lock_for_edit(course, version)
        for name, value in fields.items():
            setattr(course, name, value)
        validate_model(course, exclude=["cohort", "created_by"])
        count_change(course)
        course.save()
        record(
            AuditEvent.COURSE_SAVED,
            actor=actor,
            obj=course,
            changes={
                name: getattr(value, "pk", value)
                for name, value in fields.items()
                if name != "venue_note"
            },
        )
    return course


def _starts_at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, DAY_STARTS_AT))


def generate_timetable(
    *, actor: Actor, course: Course, closed_days: Collection[datetime.date] = ()
) -> Timetable:
    """Plan the course's sessions into its cohort. A session edited by hand, or one whose
    attendance is recorded, stays as it is; the other planned sessions are replaced, so a
    changed shape or a new closed day moves them. The cohort ends with the internship."""
    require_manager(actor, course.cohort.unit_id)
    timetable = course_timetable(course, closed_days)
    cohort = course.cohort
    with transaction.atomic(durable=True):
        # Locked on their own: PostgreSQL locks no row reached through the outer join that
        # finding attendance needs.
        locked = SessionPlan.objects.select_for_update().filter(session__cohort=cohort)
        plans = SessionPlan.objects.filter(pk__in=list(locked.values_list("pk", flat=True)))
        kept = plans.filter(Q(edited=True) | Q(session__attendance__isnull=False))
        kept_days = {
            timezone.localdate(starts_at)
            for starts_at in kept.values_list("session__starts_at", flat=True)
        }
        replaced = list(
            plans.exclude(pk__in=kept.values("pk")).values_list("session_id", flat=True)
        )
        SessionPlan.objects.filter(session_id__in=replaced).delete()
        Session.objects.filter(pk__in=replaced).delete()
        wanted = [planned for planned in timetable.sessions if planned.day not in kept_days]
        sessions = add_sessions(
            cohort, [(_starts_at(planned.day), SESSION_MINUTES, "") for planned in wanted]
        )
        SessionPlan.objects.bulk_create(
            SessionPlan(
                session=session,
                block=planned.block,
                week_number=planned.week_number,
                module=planned.module,
                profession=planned.profession,
            )
            for session, planned in zip(sessions, wanted, strict=True)
        )
        cohort.ends_on = timetable.last_day
        cohort.save(update_fields=["ends_on"])
        record(
            AuditEvent.TIMETABLE_GENERATED,
            actor=actor,
            obj=course,
            changes={
                "sessions": len(sessions),
                "kept": len(kept_days),
                "replaced": len(replaced),
                "ends_on": timetable.last_day.isoformat(),
                "closed_days": sorted(day.isoformat() for day in closed_days),
            },
        )
    return timetable


@dataclass(frozen=True)
class SessionValues:
    day: datetime.date
    starts_at: datetime.time
    duration_minutes: int
    module: str
    profession: str
    teacher: User | None = None
    venue: str = ""


def save_session_plan(
    *, actor: Actor, plan: SessionPlan, values: SessionValues, version: int | None = None
) -> SessionPlan:
    """Change one session of the timetable by hand (its day, time, module, teacher or venue);
    the timetable keeps it from then on. The teaching is the provider's under every model, and
    the team leader plans the timetable. A change made from another ``version`` of the session
    than the saved one is refused (``EditConflict``)."""
    session = plan.session
    course = session.cohort.course
    if not access.may_do_course_task(actor, course, CourseTask.TEACHING):
        require_manager(actor, session.cohort.unit_id)
    errors: dict[str, str] = {}
    if values.day < session.cohort.starts_on:
        errors["day"] = _("The session is before the cohort starts.")
    if not 0 < values.duration_minutes <= 24 * 60:
        errors["duration_minutes"] = _("Enter a duration between 1 and 1440 minutes.")
    if (
        values.teacher is not None
        and not Membership.objects.active_on(values.day)
        .filter(user=values.teacher, unit_id=session.cohort.unit_id)
        .exists()
    ):
        errors["teacher"] = _("Choose a member of the course's unit.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        lock_for_edit(plan, version)
        plan.module, plan.profession = values.module, values.profession
        plan.teacher, plan.venue, plan.edited = values.teacher, values.venue.strip(), True
        validate_model(plan, exclude=["session", "block", "week_number"])
        count_change(plan)
        session.starts_at = timezone.make_aware(
            datetime.datetime.combine(values.day, values.starts_at)
        )
        session.duration_minutes = values.duration_minutes
        session.save(update_fields=["starts_at", "duration_minutes"])
        plan.save()
        record(
            AuditEvent.SESSION_PLAN_SAVED,
            actor=actor,
            obj=plan,
            changes={
                "starts_at": session.starts_at.isoformat(),
                "module": plan.module,
                "teacher": plan.teacher_id,
            },
        )
    return plan
