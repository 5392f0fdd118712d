"""The rows of the coach's own time log and weekly self-reflection."""

from __future__ import annotations

from lotsa.audit.tests.audited.rows import DAYS, TODAY, Call, Case, E, World, one
from lotsa.timeuse import services as timeuse

MONDAY = TODAY - DAYS(TODAY.weekday())


def _week(w: World) -> Call:
    return Call({"actor": w.personas.coach_a, "week": MONDAY, "minutes": {(MONDAY, "travel"): 30}})


def _reflection(w: World) -> Call:
    return Call(
        {
            "actor": w.personas.coach_a,
            "week": MONDAY,
            "answers": {"went_well": "Två arbetsgivarbesök"},
            "shared": False,
        }
    )


TIMEUSE_WRITES: list[Case] = [
    one(timeuse.save_week, E.TIME_LOG_SAVED, _week),
    one(timeuse.save_reflection, E.REFLECTION_SAVED, _reflection),
]
