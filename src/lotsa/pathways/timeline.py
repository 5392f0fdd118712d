"""A case's timeline: the dates a programme model counts from a date recorded on the case (the
day the benefit days run out), each replaced by the milestone that records it once it happens.

Nothing here reads the database: the caller passes what it has read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from lotsa.dates import add_months, days_after
from lotsa.pathways.definitions.programme import Programme, TimelinePoint


@dataclass(frozen=True)
class TimelineDate:
    point: TimelinePoint
    planned: datetime.date | None  # computed from the recorded dates
    actual: datetime.date | None  # the milestone, once recorded

    @property
    def day(self) -> datetime.date | None:
        return self.actual or self.planned

    @property
    def code(self) -> str:
        return self.point.code


def timeline_of(
    programme: Programme,
    *,
    recorded: dict[str, datetime.date],
    milestones: dict[str, datetime.date],
    settings: dict[str, Any] | None,
) -> list[TimelineDate]:
    """The model's timeline for a case: ``recorded`` holds the recorded dates (e.g.
    ``benefit_end``), ``settings`` the unit's choices. A point counted from a date not known
    yet has no planned date."""
    known = dict(recorded)
    dates = []
    for point in programme.timeline.values():
        base = known.get(point.after)
        planned = None
        if base is not None:
            months = (
                -int(programme.setting(point.setting, settings)) if point.setting else point.months
            )
            planned = days_after(add_months(base, months), point.days)
        actual = milestones.get(point.milestone) if point.milestone else None
        when = actual or planned
        if when is not None:
            known[point.code] = when
        dates.append(TimelineDate(point, planned, actual))
    return dates


def dates_of(timeline: list[TimelineDate]) -> dict[str, datetime.date]:
    """The timeline's known dates by point code."""
    return {date.code: date.day for date in timeline if date.day is not None}
