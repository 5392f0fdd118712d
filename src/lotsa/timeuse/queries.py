"""Reads of coaches' time logs: the week to fill in, each coach's time use over a period, the
unit's, and the figures the IPS-25 fidelity review takes from them.

Definitions (shown beside every figure on the pages):

* **Employment-services share**: the minutes logged on activities that are employment services
  (``models.DEFINITIONS``) over all minutes logged in the period, as a whole percent rounded
  half up. For a unit it is the coaches' shares averaged, each coach with logged time
  counting once, as the IPS-25 scale computes item 2.
* **Community share**: the same, for the activities done in the community.
* **Employer contacts per week**: the coach's employer contacts recorded in job development
  (``employment.EmployerContact``) in the period, over the period's weeks, against the IPS
  goal of 6 a week.
* **Weeks logged**: the weeks of the period with at least one minute logged.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from lotsa.accounts.models import User
from lotsa.employment.models import EmployerContact
from lotsa.organisations.models import Role, Unit
from lotsa.timeuse.models import EMPLOYMENT_SERVICES, IN_COMMUNITY, TimeEntry, WeeklyReflection

EMPLOYER_CONTACTS_GOAL = 6
WEEK = datetime.timedelta(days=7)

# IPS-25 item 2 (Staffing 2), the share of a coach's working time spent on employment
# services, whole percent: the lowest share that reaches each score.
EMPLOYMENT_SERVICES_ANCHORS = ((96, 5), (90, 4), (75, 3), (60, 2), (0, 1))


def whole_percent(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` as a whole percent, rounded half up (89.5 % is 90 %); None when
    nothing is logged. Exact arithmetic, so a boundary never depends on float rounding."""
    if whole <= 0:
        return None
    return int((Decimal(part * 100) / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))


def employment_services_score(percent: int | None) -> int | None:
    """The IPS-25 item 2 score the share suggests (5: ≥ 96 %, 4: 90–95 %, 3: 75–89 %,
    2: 60–74 %, 1: < 60 %); None without a share. The scale rounds to a whole percent first."""
    if percent is None:
        return None
    return next(score for lowest, score in EMPLOYMENT_SERVICES_ANCHORS if percent >= lowest)


@dataclass(frozen=True)
class Period:
    """Whole weeks, Monday ``start`` to the Sunday before ``end``."""

    start: datetime.date
    end: datetime.date

    @property
    def weeks(self) -> list[datetime.date]:
        return [self.start + n * WEEK for n in range((self.end - self.start).days // 7)]

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)


@dataclass
class Tally:
    """Minutes and contacts of one coach, over a period or in one week."""

    total: int = 0
    employment_services: int = 0
    community: int = 0
    employer_contacts: int = 0

    def add(self, activity: str, minutes: int) -> None:
        self.total += minutes
        self.employment_services += minutes if activity in EMPLOYMENT_SERVICES else 0
        self.community += minutes if activity in IN_COMMUNITY else 0

    @property
    def employment_services_percent(self) -> int | None:
        return whole_percent(self.employment_services, self.total)

    @property
    def community_percent(self) -> int | None:
        return whole_percent(self.community, self.total)

    @property
    def meets_contact_goal(self) -> bool:
        return self.employer_contacts >= EMPLOYER_CONTACTS_GOAL


@dataclass
class CoachTimeUse:
    staff: User
    period: Period
    overall: Tally = field(default_factory=Tally)
    by_week: dict[datetime.date, Tally] = field(default_factory=dict)

    @property
    def weeks_logged(self) -> int:
        return sum(1 for tally in self.by_week.values() if tally.total)

    @property
    def contacts_per_week(self) -> Decimal:
        weeks = len(self.period.weeks)
        return (
            (Decimal(self.overall.employer_contacts) / weeks).quantize(Decimal("0.1"))
            if weeks
            else Decimal(0)
        )

    @property
    def weeks_at_contact_goal(self) -> int:
        return sum(1 for tally in self.by_week.values() if tally.meets_contact_goal)

    @property
    def employment_services_score(self) -> int | None:
        return employment_services_score(self.overall.employment_services_percent)

    def weeks(self) -> list[tuple[datetime.date, Tally]]:
        return [(week, self.by_week[week]) for week in self.period.weeks]


def time_use_of(staff: Iterable[User], period: Period) -> list[CoachTimeUse]:
    """Each coach's time use over the period, in two queries however many coaches and weeks."""
    found = {person.pk: CoachTimeUse(person, period) for person in staff}
    for use in found.values():
        use.by_week = {week: Tally() for week in period.weeks}
    for staff_id, day, activity, minutes in (
        TimeEntry.objects.filter(staff_id__in=found, day__gte=period.start, day__lt=period.end)
        .values_list("staff_id", "day", "activity")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    ):
        use = found[staff_id]
        use.overall.add(activity, minutes)
        use.by_week[day - datetime.timedelta(days=day.weekday())].add(activity, minutes)
    for staff_id, day, contacts in (
        EmployerContact.objects.filter(
            staff_id__in=found, occurred_on__gte=period.start, occurred_on__lt=period.end
        )
        .values_list("staff_id", "occurred_on")
        .annotate(contacts=Count("pk"))
        .order_by()
    ):
        use = found[staff_id]
        use.overall.employer_contacts += contacts
        use.by_week[day - datetime.timedelta(days=day.weekday())].employer_contacts += contacts
    return list(found.values())


def coaches_of(unit: Unit, period: Period) -> list[User]:
    """The unit's coaches: members as coach at any time in the period, by name."""
    return list(
        User.objects.filter(
            Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=period.start),
            memberships__unit=unit,
            memberships__role=Role.COACH,
            memberships__starts_on__lte=period.last_day,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


@dataclass
class UnitTimeUse:
    unit: Unit
    period: Period
    coaches: list[CoachTimeUse]

    @property
    def logging(self) -> list[CoachTimeUse]:
        return [coach for coach in self.coaches if coach.overall.total]

    def _mean(self, values: list[int | None]) -> int | None:
        known = [value for value in values if value is not None]
        return whole_percent(sum(known), 100 * len(known)) if known else None

    @property
    def employment_services_percent(self) -> int | None:
        """The coaches' shares averaged (each coach with logged time counts once)."""
        return self._mean([c.overall.employment_services_percent for c in self.logging])

    @property
    def community_percent(self) -> int | None:
        return self._mean([c.overall.community_percent for c in self.logging])

    @property
    def employment_services_score(self) -> int | None:
        return employment_services_score(self.employment_services_percent)

    @property
    def contacts_per_week(self) -> Decimal:
        if not self.coaches:
            return Decimal(0)
        total = sum((c.contacts_per_week for c in self.coaches), Decimal(0))
        return (total / len(self.coaches)).quantize(Decimal("0.1"))


def unit_time_use(unit: Unit, period: Period) -> UnitTimeUse:
    return UnitTimeUse(unit, period, time_use_of(coaches_of(unit, period), period))


@dataclass(frozen=True)
class CoachEvidence:
    staff_id: int
    name: str
    minutes_logged: int
    employment_services_percent: int | None
    weeks_logged: int


@dataclass(frozen=True)
class EmploymentServicesEvidence:
    """IPS-25 item 2 (Staffing 2) from the time logs: "the coaches spend N % of their logged
    working time on employment services (the coaches' shares averaged)", with each coach's
    share and how many of the period's weeks they logged, so that a reviewer sees how complete
    the log is before trusting the figure."""

    weeks_in_period: int
    coaches: list[CoachEvidence]
    employment_services_percent: int | None
    suggested_score: int | None


def employment_services_evidence(
    unit: Unit, start: datetime.date, end: datetime.date
) -> EmploymentServicesEvidence:
    """Item 2's figures for the unit over the whole weeks from ``start`` (a Monday) to ``end``
    (exclusive): three queries. Pure: it writes nothing and audits nothing, the caller does."""
    use = unit_time_use(unit, Period(start, end))
    return EmploymentServicesEvidence(
        weeks_in_period=len(use.period.weeks),
        coaches=[
            CoachEvidence(
                staff_id=coach.staff.pk,
                name=coach.staff.get_full_name() or coach.staff.username,
                minutes_logged=coach.overall.total,
                employment_services_percent=coach.overall.employment_services_percent,
                weeks_logged=coach.weeks_logged,
            )
            for coach in use.coaches
        ],
        employment_services_percent=use.employment_services_percent,
        suggested_score=use.employment_services_score,
    )


def week_minutes(staff: User, week: datetime.date) -> dict[tuple[datetime.date, str], int]:
    """The coach's minutes in the week, by (day, activity): one query."""
    return {
        (day, activity): minutes
        for day, activity, minutes in TimeEntry.objects.filter(
            staff=staff, day__gte=week, day__lt=week + WEEK
        ).values_list("day", "activity", "minutes")
    }


def reflection_of(staff: User, week: datetime.date) -> WeeklyReflection | None:
    return WeeklyReflection.objects.filter(staff=staff, week=week).first()


def shared_reflections(staff: User, period: Period) -> list[WeeklyReflection]:
    """The reflections the coach shares with their team leader, in the period."""
    return list(
        WeeklyReflection.objects.filter(
            staff=staff, shared=True, week__gte=period.start, week__lt=period.end
        ).order_by("-week")
    )
