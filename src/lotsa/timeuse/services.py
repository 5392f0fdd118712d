"""Writing a coach's own time log and weekly self-reflection.

The log stays the coach's to correct: a team leader reviewing a week does not lock it, because a
figure the coach cannot put right is worse evidence than one corrected later. Every save is in
the audit trail with each changed cell's minutes before and after, so a correction made after a
review can be seen.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError
from lotsa.timeuse.models import MINUTES_IN_A_DAY, Activity, TimeEntry, WeeklyReflection

# (day, activity) -> minutes
Minutes = dict[tuple[datetime.date, str], int]

REFLECTION_PROMPTS = ("went_well", "to_change", "employer_contacts", "support_wanted")
MAX_REFLECTION_LENGTH = 2000


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def cell_name(day: datetime.date, activity: str) -> str:
    """The form field of one activity on one weekday: the field an error is shown beside."""
    return f"{activity}_{day.weekday()}"


def _check_week(week: datetime.date) -> None:
    if week.weekday() != 0:
        raise DomainError({"week": _("Give the week as its Monday.")})
    if week > monday_of(timezone.localdate()):
        raise DomainError({"week": _("Time cannot be logged for a week that has not begun.")})


def check_minutes(week: datetime.date, minutes: Minutes) -> None:
    """Field-level refusals: a day outside the week or after today, an unknown activity, a
    negative number, or a day of more than 24 hours (named beside each of that day's cells)."""
    _check_week(week)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    per_day: dict[datetime.date, int] = {}
    for (day, activity), value in minutes.items():
        name = cell_name(day, activity)
        if activity not in Activity.values or not week <= day < week + datetime.timedelta(7):
            errors["week"] = _("The minutes must belong to the week's days and activities.")
        elif value < 0:
            errors[name] = _("Minutes cannot be negative.")
        elif value > 0 and day > today:
            errors[name] = _("Time cannot be logged for a day after today.")
        per_day[day] = per_day.get(day, 0) + max(value, 0)
    for day, total in per_day.items():
        if total > MINUTES_IN_A_DAY:
            for (cell_day, activity), value in minutes.items():
                if cell_day == day and value > 0:
                    errors[cell_name(day, activity)] = _(
                        "A day has at most 24 hours (1,440 minutes): this day adds up to %(total)s."
                    ) % {"total": total}
    if errors:
        raise DomainError(errors)


def save_week(*, actor: Actor, week: datetime.date, minutes: Minutes) -> int:
    """Write the coach's own minutes for the cells given (the whole week, or one day of it
    from a phone); a cell at zero removes its row. Returns how many cells changed."""
    # Refused before the transaction, so that the refusal's audit entry stays.
    access.require(actor, access.Action.LOG_TIME)
    check_minutes(week, minutes)
    with transaction.atomic(durable=True):
        return _write_minutes(actor, week, minutes)


def _write_minutes(actor: Actor, week: datetime.date, minutes: Minutes) -> int:
    days = {day for day, _activity in minutes}
    existing = {
        (entry.day, entry.activity): entry
        for entry in TimeEntry.objects.select_for_update().filter(staff=actor, day__in=days)
    }
    changed: dict[str, list[int]] = {}
    # A week saved whole is mostly new cells: inserted in one statement.
    new: list[TimeEntry] = []
    for (day, activity), value in sorted(minutes.items()):
        entry = existing.get((day, activity))
        before = entry.minutes if entry is not None else 0
        if before == value:
            continue
        changed[f"{day.isoformat()} {activity}"] = [before, value]
        if entry is None:
            new.append(TimeEntry(staff=actor, day=day, activity=activity, minutes=value))
        elif value == 0:
            entry.delete()
        else:
            entry.minutes = value
            entry.save(update_fields=["minutes", "changed_at"])
    TimeEntry.objects.bulk_create(new)
    if changed:
        record(
            AuditEvent.TIME_LOG_SAVED,
            actor=actor,
            object_type="timeuse.timeentry",
            object_id=f"{actor.pk}:{week.isoformat()}",
            changes={"week": week.isoformat(), "minutes": changed},
        )
    return len(changed)


def save_reflection(
    *, actor: Actor, week: datetime.date, answers: dict[str, str], shared: bool
) -> WeeklyReflection:
    """Write the coach's own reflection on a week, and whether the team leader may read it."""
    access.require(actor, access.Action.LOG_TIME)
    _check_week(week)
    errors = {
        prompt: _("Use at most %(limit)s characters.") % {"limit": MAX_REFLECTION_LENGTH}
        for prompt in REFLECTION_PROMPTS
        if len(answers.get(prompt, "")) > MAX_REFLECTION_LENGTH
    }
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        reflection, created = WeeklyReflection.objects.select_for_update().get_or_create(
            staff=actor, week=week
        )
        was_shared = reflection.shared
        for prompt in REFLECTION_PROMPTS:
            setattr(reflection, prompt, answers.get(prompt, "").strip())
        reflection.shared = shared
        reflection.save()
        # The text is the coach's own: the trail says that it changed and who may read it, not
        # what it says.
        record(
            AuditEvent.REFLECTION_SAVED,
            actor=actor,
            obj=reflection,
            changes={
                "week": week.isoformat(),
                "created": created,
                "shared": [was_shared, shared] if not created else shared,
            },
        )
    return reflection
