"""A coach's own record of how their working time is spent: minutes per activity per day, and a
short weekly self-reflection. The shares the time-use pages and the fidelity review show are
computed from these rows (``queries.py``); nothing derived is stored."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MINUTES_IN_A_DAY = 24 * 60


class Activity(models.TextChoices):
    """What a coach's time went to. Which activity counts as employment services, and which as
    time in the community, is in ``DEFINITIONS``."""

    DIRECT_COMMUNITY = "direct_community", _("Direct work with participants, in the community")
    DIRECT_OFFICE = "direct_office", _("Direct work with participants, at the office or online")
    EMPLOYER_CONTACTS = "employer_contacts", _("Employer contacts")
    TRAVEL = "travel", _("Travel")
    DOCUMENTATION = "documentation", _("Documentation")
    TEAM_MEETINGS = "team_meetings", _("Team meetings")
    OTHER_TASKS = "other_tasks", _("Tasks outside employment services")


@dataclass(frozen=True)
class ActivityDefinition:
    """What an activity holds, and how it counts in the shares."""

    meaning: Promise
    employment_services: bool
    in_community: bool


DEFINITIONS: dict[str, ActivityDefinition] = {
    Activity.DIRECT_COMMUNITY: ActivityDefinition(
        _(
            "Meeting participants where they live, work or look for work: at home, at a "
            "workplace, in a café, on the way to an interview."
        ),
        employment_services=True,
        in_community=True,
    ),
    Activity.DIRECT_OFFICE: ActivityDefinition(
        _(
            "Meeting or talking with participants at the office, by phone or by video: "
            "vocational profile, job search, benefits counselling, follow-along support."
        ),
        employment_services=True,
        in_community=False,
    ),
    Activity.EMPLOYER_CONTACTS: ActivityDefinition(
        _(
            "Job development: visiting and calling employers, for a participant or to learn "
            "about a workplace. Counted as time in the community, since it is field work."
        ),
        employment_services=True,
        in_community=True,
    ),
    Activity.TRAVEL: ActivityDefinition(
        _("Travel to and from participants and employers. Counted as time in the community."),
        employment_services=True,
        in_community=True,
    ),
    Activity.DOCUMENTATION: ActivityDefinition(
        _("Writing notes, plans, reports and time reports about the employment work."),
        employment_services=True,
        in_community=False,
    ),
    Activity.TEAM_MEETINGS: ActivityDefinition(
        _(
            "Vocational unit meetings, treatment team meetings, supervision and training on "
            "employment work."
        ),
        employment_services=True,
        in_community=False,
    ),
    Activity.OTHER_TASKS: ActivityDefinition(
        _(
            "Anything that is not employment services: case management, housing support, "
            "day activities, other duties of the employer."
        ),
        employment_services=False,
        in_community=False,
    ),
}

EMPLOYMENT_SERVICES = frozenset(code for code, d in DEFINITIONS.items() if d.employment_services)
IN_COMMUNITY = frozenset(code for code, d in DEFINITIONS.items() if d.in_community)


class TimeEntry(models.Model):
    """The minutes a coach spent on one activity on one day. A day and activity without a row
    is zero minutes: a row at zero is removed rather than kept."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="time_entries"
    )
    day = models.DateField(_("day"))
    activity = models.CharField(_("activity"), max_length=24, choices=Activity.choices)
    minutes = models.PositiveIntegerField(_("minutes"))
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day", "activity"]
        verbose_name = _("time log entry")
        verbose_name_plural = _("time log entries")
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "day", "activity"], name="time_entry_once_a_day"
            ),
            models.CheckConstraint(
                condition=Q(minutes__gt=0) & Q(minutes__lte=MINUTES_IN_A_DAY),
                name="time_entry_minutes_in_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.activity} {self.minutes}"


class WeeklyReflection(models.Model):
    """A coach's own look back on a week. It is theirs: the team leader reads it only while
    the coach shares it (``shared``), for example to bring it to supervision."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="weekly_reflections"
    )
    week = models.DateField(_("week"), help_text=_("The Monday of the week."))
    went_well = models.TextField(_("What went well this week?"), max_length=2000, blank=True)
    to_change = models.TextField(
        _("What would you do differently next week?"), max_length=2000, blank=True
    )
    employer_contacts = models.TextField(
        _("Employer contacts: how did the week go against the goal of 6?"),
        max_length=2000,
        blank=True,
    )
    support_wanted = models.TextField(
        _("What support would you like from your team leader or colleagues?"),
        max_length=2000,
        blank=True,
    )
    shared = models.BooleanField(_("share with my team leader"), default=False)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-week"]
        verbose_name = _("weekly self-reflection")
        verbose_name_plural = _("weekly self-reflections")
        constraints = [
            models.UniqueConstraint(fields=["staff", "week"], name="reflection_once_a_week"),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.week}"
