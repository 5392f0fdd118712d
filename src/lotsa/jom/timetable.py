"""A JOM course's timetable from its shape: preparation, teaching and internship follow one
another in whole weeks from the course's first day. Teaching runs on the course's teaching
weekdays; during the internship the participants come back one weekday a week for teaching.

Pure: no database, so the dates can be checked against the guide's examples directly."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from lotsa.jom.models.course import Block, Course, Module, Profession

WEEK = datetime.timedelta(days=7)
DAY = datetime.timedelta(days=1)

# Which module a teaching weekday holds unless edited: coping with the psychologist, physical
# training, diet and health, and small groups, one each over a four-day week.
MODULE_OF_WEEKDAY: dict[int, tuple[Module, Profession]] = {
    0: (Module.COPING, Profession.PSYCHOLOGIST),
    1: (Module.PHYSICAL_TRAINING, Profession.PHYSICAL_TRAINER),
    2: (Module.DIET_NUTRITION, Profession.HEALTH_PROFESSIONAL),
    3: (Module.SMALL_GROUPS, Profession.PSYCHOLOGIST),
}
OTHER_DAY = (Module.INDIVIDUAL_CONVERSATIONS, Profession.PSYCHOLOGIST)
# The last two weeks of teaching prepare the internship on their last teaching day.
INTERNSHIP_PREPARATION_WEEKS = 2


@dataclass(frozen=True)
class Period:
    block: Block
    first_day: datetime.date
    last_day: datetime.date
    weeks: int


@dataclass(frozen=True)
class PlannedSession:
    day: datetime.date
    block: Block
    week_number: int
    module: Module
    profession: Profession


@dataclass(frozen=True)
class Timetable:
    periods: tuple[Period, ...]
    sessions: tuple[PlannedSession, ...]
    skipped: tuple[datetime.date, ...]

    @property
    def total_weeks(self) -> int:
        return sum(period.weeks for period in self.periods)

    @property
    def first_day(self) -> datetime.date:
        return self.periods[0].first_day

    @property
    def last_day(self) -> datetime.date:
        return self.periods[-1].last_day

    def sessions_in(self, block: Block) -> list[PlannedSession]:
        return [session for session in self.sessions if session.block == block]


def _days_of_week(monday: datetime.date, weekdays: Collection[int]) -> list[datetime.date]:
    days = (monday + DAY * offset for offset in range(7))
    return sorted(day for day in days if day.weekday() in weekdays)


def _teaching_sessions(period: Period, weekdays: Sequence[int]) -> list[PlannedSession]:
    sessions = []
    first = True
    for week in range(period.weeks):
        days = _days_of_week(period.first_day + WEEK * week, weekdays)
        preparing = week >= period.weeks - INTERNSHIP_PREPARATION_WEEKS
        for day in days:
            module, profession = MODULE_OF_WEEKDAY.get(day.weekday(), OTHER_DAY)
            if first:
                module = Module.BONDING
            elif preparing and day == days[-1]:
                module, profession = Module.INTERNSHIP_PREPARATION, Profession.COMPANY_CONSULTANT
            first = False
            sessions.append(PlannedSession(day, period.block, week + 1, module, profession))
    return sessions


def _weekly_teaching_days(period: Period, weekday: int) -> list[PlannedSession]:
    return [
        PlannedSession(
            day, period.block, week + 1, Module.WEEKLY_TEACHING_DAY, Profession.PSYCHOLOGIST
        )
        for week in range(period.weeks)
        for day in _days_of_week(period.first_day + WEEK * week, [weekday])
    ]


def plan_timetable(
    course_start: datetime.date,
    *,
    preparation_weeks: int,
    teaching_weeks: int,
    teaching_weekdays: Sequence[int],
    internship_weeks: int,
    internship_teaching_weekday: int,
    closed_days: Collection[datetime.date] = (),
) -> Timetable:
    """The course's three periods and the dated sessions of teaching and of the internship's
    weekly teaching days. A closed day (a public holiday) holds no session and is listed as
    skipped, so the modules of the other days stay where they were; the edit page moves a
    session by hand where one is wanted."""
    periods = []
    start = course_start
    for block, weeks in (
        (Block.PREPARATION, preparation_weeks),
        (Block.TEACHING, teaching_weeks),
        (Block.INTERNSHIP, internship_weeks),
    ):
        periods.append(Period(block, start, start + WEEK * weeks - DAY, weeks))
        start += WEEK * weeks
    _preparation, teaching, internship = periods
    closed = set(closed_days)
    sessions = _teaching_sessions(teaching, teaching_weekdays) + _weekly_teaching_days(
        internship, internship_teaching_weekday
    )
    return Timetable(
        periods=tuple(periods),
        sessions=tuple(session for session in sessions if session.day not in closed),
        skipped=tuple(session.day for session in sessions if session.day in closed),
    )


def course_timetable(course: Course, closed_days: Collection[datetime.date] = ()) -> Timetable:
    """The timetable of a course's shape from its cohort's first day."""
    return plan_timetable(
        course.cohort.starts_on,
        preparation_weeks=course.preparation_weeks,
        teaching_weeks=course.teaching_weeks,
        teaching_weekdays=course.teaching_weekdays,
        internship_weeks=course.internship_weeks,
        internship_teaching_weekday=course.internship_teaching_weekday,
        closed_days=closed_days,
    )
