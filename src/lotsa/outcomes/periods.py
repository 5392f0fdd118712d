"""Report periods: calendar quarters or any date range, read from the request."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lotsa.dates import check_plausible
from lotsa.errors import DomainError


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    def __str__(self) -> str:
        quarter = quarter_of(self.start)
        if quarter == self:
            return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def quarter_of(day: datetime.date) -> Period:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = datetime.date(day.year, first_month, 1)
    next_start = (
        datetime.date(day.year + 1, 1, 1)
        if first_month == 10
        else datetime.date(day.year, first_month + 3, 1)
    )
    return Period(start, next_start - datetime.timedelta(days=1))


def previous_quarters(last: Period, count: int) -> list[Period]:
    """``count`` quarters ending with the quarter that holds ``last.end``, oldest first."""
    quarters = [quarter_of(last.end)]
    while len(quarters) < count:
        quarters.append(quarter_of(quarters[-1].start - datetime.timedelta(days=1)))
    return quarters[::-1]


def _date(raw: str, field: str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        raise DomainError({field: _("Enter a date as YYYY-MM-DD.")}) from None
    check_plausible(**{field: day})
    return day


def parse_period(params: dict[str, str], today: datetime.date) -> Period:
    """A period from ``quarter`` (2026Q3) or ``start``/``end``; the last full quarter by default."""
    quarter = params.get("quarter", "").strip().upper()
    start_raw, end_raw = params.get("start", "").strip(), params.get("end", "").strip()
    if quarter:
        try:
            year, number = quarter.split("Q")
            if not 1 <= int(number) <= 4:
                raise ValueError
            first = datetime.date(int(year), 3 * (int(number) - 1) + 1, 1)
        except ValueError:
            raise DomainError({"quarter": _("Enter a quarter as 2026Q3.")}) from None
        check_plausible(quarter=first)
        return quarter_of(first)
    if start_raw or end_raw:
        if not start_raw:
            raise DomainError({"start": _("Enter the first day of the period.")})
        if not end_raw:
            raise DomainError({"end": _("Enter the last day of the period.")})
        period = Period(_date(start_raw, "start"), _date(end_raw, "end"))
        if period.end < period.start:
            raise DomainError({"end": _("The period cannot end before it starts.")})
        if period.days > 366 * 10:
            raise DomainError({"end": _("A period can be at most ten years.")})
        return period
    return quarter_of(quarter_of(today).start - datetime.timedelta(days=1))
