"""The demo's time logs: each IPS coach's working weeks over the recent weeks (none in their
weeks on leave), minutes per activity per day, and a weekly self-reflection most weeks, some
shared with the team leader. Most coaches spend 88–97 % of their time on employment services;
one has a second role outside them and spends about a fifth of the week on it.

Each week is saved with one call of the time-log service, as a coach saves it from the week
page, so the demo's longest step stays short."""

from __future__ import annotations

import datetime
import random

from lotsa.accounts.models import User
from lotsa.timeuse.models import Activity
from lotsa.timeuse.services import REFLECTION_PROMPTS, Minutes, save_reflection, save_week
from lotsa.tools.demo.practice_calendar import UnitCalendar
from lotsa.tools.demo.practice_texts import TEXTS

QUARTER = 15
FULL_DAY = 480
# How a week's employment-services time divides among the activities (weights), and on how
# many of the week's days each is logged.
WORK_PATTERN = {
    Activity.DIRECT_COMMUNITY: (30, 4),
    Activity.DIRECT_OFFICE: (14, 3),
    Activity.EMPLOYER_CONTACTS: (16, 3),
    Activity.TRAVEL: (10, 4),
    Activity.DOCUMENTATION: (18, 5),
    Activity.TEAM_MEETINGS: (12, 2),
}
# The share of a week outside employment services: an ordinary coach's, and that of the coach
# with a second role (housing support, say).
OTHER_SHARE = (0.04, 0.11)
SECOND_ROLE_SHARE = (0.19, 0.24)
REFLECTS = 0.8
SHARES_REFLECTION = 0.35


def _quarters(minutes: float) -> int:
    """Minutes as a coach logs them, in quarters of an hour."""
    return int(minutes // QUARTER) * QUARTER


def _spread(minutes: Minutes, activity: str, total: int, days: list[datetime.date]) -> None:
    """The activity's minutes over the days, in quarters of an hour, evenly."""
    each, extra = divmod(total // QUARTER, len(days))
    for index, day in enumerate(sorted(days)):
        value = (each + (index < extra)) * QUARTER
        if value:
            minutes[day, activity] = value


def working_week(
    rng: random.Random, days: list[datetime.date], day_minutes: int, other_share: float
) -> Minutes:
    """A week's minutes by day and activity: about ``day_minutes`` a day, of which about
    ``other_share`` outside employment services."""
    total = _quarters(day_minutes * len(days) * rng.uniform(0.92, 1.05))
    other = _quarters(total * other_share * rng.uniform(0.7, 1.3))
    weights = {
        activity: weight * rng.uniform(0.75, 1.25)
        for activity, (weight, _d) in WORK_PATTERN.items()
    }
    per_weight = (total - other) / sum(weights.values())
    minutes: Minutes = {}
    for activity, (_weight, spread) in WORK_PATTERN.items():
        on_days = rng.sample(days, min(spread, len(days)))
        _spread(minutes, activity, _quarters(weights[activity] * per_weight), on_days)
    if other:
        _spread(minutes, Activity.OTHER_TASKS, other, rng.sample(days, min(2, len(days))))
    return minutes


class DemoTimeLog:
    """Builds the time logs of one unit's coaches, with the builder's random numbers."""

    def __init__(self, rng: random.Random, calendar: UnitCalendar, second_role: User | None):
        self.rng = rng
        self.calendar = calendar
        self.second_role = second_role
        self.reflections = TEXTS[calendar.country].reflections

    def build(self) -> None:
        for coach in self.calendar.coaches:
            low, high = SECOND_ROLE_SHARE if coach == self.second_role else OTHER_SHARE
            self._log(coach, self.rng.uniform(low, high))

    def _log(self, coach: User, other_share: float) -> None:
        calendar, rng = self.calendar, self.rng
        day_minutes = int(FULL_DAY * calendar.fte[coach.pk])
        for week in calendar.weeks:
            days = [day for weekday in range(5) if (day := calendar.day(week, weekday))]
            if week in calendar.leave[coach.pk] or not days:
                continue
            save_week(
                actor=coach, week=week, minutes=working_week(rng, days, day_minutes, other_share)
            )
            if rng.random() < REFLECTS:
                save_reflection(
                    actor=coach,
                    week=week,
                    answers={
                        prompt: rng.choice(self.reflections[prompt])
                        for prompt in REFLECTION_PROMPTS
                    },
                    shared=rng.random() < SHARES_REFLECTION,
                )


def build_time_logs(rng: random.Random, calendars: list[UnitCalendar]) -> None:
    """Every IPS coach's log; one coach of the second unit (or the first) has a second role."""
    if not calendars:
        return
    second_role = calendars[min(1, len(calendars) - 1)].coaches[-1]
    for calendar in calendars:
        DemoTimeLog(rng, calendar, second_role).build()
