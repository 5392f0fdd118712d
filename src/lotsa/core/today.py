"""One line of the Today page that an app's records put there (a course, a work unit)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class TodayItem:
    """Something to do about a case: what, for whom (the participant's display name), since or
    by when, and the page where it is done."""

    text: str
    participant: str
    day: datetime.date
    url: str
    overdue: bool = False
