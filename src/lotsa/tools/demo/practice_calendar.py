"""The recent weeks of the demo's IPS units, which their team practice and the coaches' time
logs share: the weeks the unit did not meet (holidays) and each coach's weeks on leave, so that
a coach away neither logs time nor attends a meeting, and a colleague covers their cases.

Every day falls within the last 180 days, the period the unit's fidelity review in consensus
looks back over: these records are its evidence for items 2, 7 and 8."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from lotsa.accounts.models import User
from lotsa.organisations.models import Membership, Role, Unit

# The demo's review in consensus ends today and starts this many days before.
REVIEW_DAYS = 180
WEEKS = 26


@dataclass(frozen=True)
class UnitCalendar:
    unit: Unit
    country: str
    leader: User
    # By the day they joined the unit: the newest coach last.
    coaches: list[User]
    fte: dict[int, Decimal]
    joined: dict[int, datetime.date]
    # Mondays, oldest first; each week starts within the review period.
    weeks: list[datetime.date]
    holidays: frozenset[datetime.date]
    leave: dict[int, frozenset[datetime.date]]
    first_day: datetime.date
    today: datetime.date

    def day(self, week: datetime.date, weekday: int) -> datetime.date | None:
        """The weekday of the week, if it is in the period and already past."""
        day = week + datetime.timedelta(days=weekday)
        return day if self.first_day <= day < self.today else None

    def at_work(self, week: datetime.date) -> list[User]:
        return [coach for coach in self.coaches if week not in self.leave[coach.pk]]


def _members(unit: Unit, role: str, first: datetime.date, last: datetime.date) -> list[Membership]:
    """The unit's members in the role over the whole period: only they can attend all along."""
    return list(
        Membership.objects.active_on(first)
        .filter(unit=unit, role=role)
        .filter(pk__in=Membership.objects.active_on(last).values("pk"))
        .select_related("user")
        .order_by("starts_on", "pk")
    )


def practice_calendars(rng: random.Random, today: datetime.date) -> list[UnitCalendar]:
    """A calendar for each IPS unit with a team leader and at least two coaches."""
    first_day = today - datetime.timedelta(days=REVIEW_DAYS)
    this_monday = today - datetime.timedelta(days=today.weekday())
    weeks = [
        monday
        for monday in (this_monday - datetime.timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1))
        if monday >= first_day
    ]
    # The current week is never a holiday nor leave: it has hardly begun.
    past = weeks[:-1]
    calendars = []
    units = Unit.objects.filter(programmes__programme_code="ips").select_related("organisation")
    for unit in units.distinct().order_by("pk"):
        leaders = _members(unit, Role.SUPERVISOR, first_day, today)
        coaches = _members(unit, Role.COACH, first_day, today)
        if not leaders or len(coaches) < 2:
            continue
        calendars.append(
            UnitCalendar(
                unit=unit,
                country=unit.organisation.country,
                leader=leaders[0].user,
                coaches=[membership.user for membership in coaches],
                fte={membership.user_id: membership.fte for membership in coaches},
                joined={membership.user_id: membership.starts_on for membership in coaches},
                weeks=weeks,
                holidays=frozenset(rng.sample(past, rng.choice([2, 3]))),
                leave={
                    membership.user_id: frozenset(rng.sample(past, rng.randint(1, 3)))
                    for membership in coaches
                },
                first_day=first_day,
                today=today,
            )
        )
    return calendars
