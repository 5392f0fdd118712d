"""What the generator hands to the loader, and what its tables share of a case."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

UTC = datetime.UTC


@dataclass
class Table:
    """One table's rows, in the order of ``columns``."""

    name: str
    columns: tuple[str, ...]
    rows: Iterator[tuple[Any, ...]]


@dataclass
class CaseFacts:
    """What later tables need to know of an enrolment."""

    id: int
    participant: int
    unit: int
    country: str
    model: str
    referral: datetime.date
    start: datetime.date | None
    end: datetime.date | None
    staff: int
    jobs: list[tuple[int, datetime.date]] = field(default_factory=list)

    @property
    def started_on(self) -> datetime.date:
        """The start of a case that started (as ``Generator.started_cases`` yields)."""
        assert self.start is not None, f"case {self.id} has not started"
        return self.start


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
