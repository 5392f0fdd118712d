"""The timetable generator against the JOM guide's examples: preparation, two or four weeks of
teaching Monday to Thursday, and twelve weeks of internship with a weekly teaching day."""

from __future__ import annotations

import datetime

import pytest

from lotsa.jom.models import Block, Module
from lotsa.jom.timetable import plan_timetable

D = datetime.date
MONDAY = D(2027, 1, 4)
MON_TO_THU = [0, 1, 2, 3]
FRIDAY = 4


def _plan(teaching_weeks: int, **overrides: object):
    shape = {
        "preparation_weeks": 4,
        "teaching_weeks": teaching_weeks,
        "teaching_weekdays": MON_TO_THU,
        "internship_weeks": 12,
        "internship_teaching_weekday": FRIDAY,
    }
    return plan_timetable(MONDAY, **(shape | overrides))  # type: ignore[arg-type]


def _span(timetable, block: Block) -> tuple[D, D]:
    period = next(p for p in timetable.periods if p.block == block)
    return period.first_day, period.last_day


def test_two_weeks_of_teaching() -> None:
    timetable = _plan(2)

    teaching_days = [s.day for s in timetable.sessions_in(Block.TEACHING)]
    assert _span(timetable, Block.PREPARATION) == (MONDAY, D(2027, 1, 31))
    assert len(teaching_days) == 8
    assert (teaching_days[0], teaching_days[-1]) == (D(2027, 2, 1), D(2027, 2, 11))
    assert {day.weekday() for day in teaching_days} == set(MON_TO_THU)
    assert _span(timetable, Block.INTERNSHIP) == (D(2027, 2, 15), D(2027, 5, 9))
    internship_days = [s.day for s in timetable.sessions_in(Block.INTERNSHIP)]
    assert len(internship_days) == 12
    assert {day.weekday() for day in internship_days} == {FRIDAY}
    assert timetable.total_weeks == 18
    assert timetable.last_day == D(2027, 5, 9)


def test_four_weeks_of_teaching_prepare_the_internship_in_weeks_three_and_four() -> None:
    timetable = _plan(4)

    teaching = timetable.sessions_in(Block.TEACHING)
    assert len(teaching) == 16
    assert (teaching[0].day, teaching[-1].day) == (D(2027, 2, 1), D(2027, 2, 25))
    preparing = [s for s in teaching if s.module == Module.INTERNSHIP_PREPARATION]
    assert [(s.week_number, s.day) for s in preparing] == [(3, D(2027, 2, 18)), (4, D(2027, 2, 25))]
    assert teaching[0].module == Module.BONDING
    assert _span(timetable, Block.INTERNSHIP) == (D(2027, 3, 1), D(2027, 5, 23))
    assert len(timetable.sessions_in(Block.INTERNSHIP)) == 12
    assert timetable.total_weeks == 20


def test_one_week_of_preparation_brings_the_teaching_forward() -> None:
    timetable = _plan(2, preparation_weeks=1)

    assert _span(timetable, Block.PREPARATION) == (MONDAY, D(2027, 1, 10))
    assert timetable.sessions_in(Block.TEACHING)[0].day == D(2027, 1, 11)
    assert timetable.total_weeks == 15


def test_the_internship_teaching_day_may_be_another_weekday() -> None:
    timetable = _plan(2, internship_teaching_weekday=2)

    days = [s.day for s in timetable.sessions_in(Block.INTERNSHIP)]
    assert days[0] == D(2027, 2, 17)
    assert {day.weekday() for day in days} == {2}


@pytest.mark.parametrize("closed", [D(2027, 3, 26), D(2027, 2, 9)])
def test_a_closed_day_holds_no_session_and_is_listed(closed: D) -> None:
    open_plan, closed_plan = _plan(2), _plan(2, closed_days={closed})

    assert closed in {s.day for s in open_plan.sessions}
    assert closed not in {s.day for s in closed_plan.sessions}
    assert closed_plan.skipped == (closed,)
    assert len(closed_plan.sessions) == len(open_plan.sessions) - 1
