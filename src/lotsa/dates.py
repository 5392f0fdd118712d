"""Dates people enter, and the arithmetic the pages do with them.

A date in a record is an event of somebody's working life or a plan for the next few years:
never before 1900, never more than ten years ahead. Lotsa refuses anything else, field by field,
whatever path writes it (`refuse_implausible_dates` runs before every save of a Lotsa record),
and the arithmetic the pages do on stored dates saturates at the calendar's ends rather than
fail, so that one date left by an import or a database edit cannot take a team's pages down.
"""

from __future__ import annotations

import calendar
import datetime
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.errors import DomainError

EARLIEST = datetime.date(1900, 1, 1)
YEARS_AHEAD = 10


def latest() -> datetime.date:
    """The last day a record may name: ten years from today."""
    return add_months(timezone.localdate(), 12 * YEARS_AHEAD)


def implausible(value: datetime.date | datetime.datetime | None) -> str | None:
    """Why ``value`` cannot be a date of a record, or None where it can."""
    if value is None:
        return None
    day = value.date() if isinstance(value, datetime.datetime) else value
    last = latest()
    if EARLIEST <= day <= last:
        return None
    return _("Enter a date between %(first)s and %(last)s.") % {
        "first": f"{EARLIEST:%Y-%m-%d}",
        "last": f"{last:%Y-%m-%d}",
    }


def check_plausible(**values: datetime.date | datetime.datetime | None) -> None:
    """Refuse, field by field, the values that cannot be dates of a record."""
    errors = {name: reason for name, value in values.items() if (reason := implausible(value))}
    if errors:
        raise DomainError(errors)


@cache
def _entered_date_fields(model: type[models.Model]) -> tuple[models.DateField, ...]:
    """The date and date-time fields of a model that a person or a service sets (not the
    time stamps Django sets on save)."""
    return tuple(
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField)  # DateTimeField is a DateField
        and not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
    )


def refuse_implausible_dates(sender: type[models.Model], instance: Any, **_kwargs: Any) -> None:
    """Before a Lotsa record is saved: every date in it is plausible, or nothing is saved."""
    values = {}
    for field in _entered_date_fields(sender):
        try:
            values[field.attname] = field.to_python(getattr(instance, field.attname))
        except ValidationError as error:
            raise DomainError({field.attname: error.messages}) from None
    check_plausible(**values)


def days_after(day: datetime.date, days: int) -> datetime.date:
    """``day`` moved by ``days`` (back where negative), held at the calendar's first or last day
    where it would fall outside."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.max if days > 0 else datetime.date.min


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day where that day does not exist;
    held at the calendar's first or last day where it would fall outside."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > datetime.MAXYEAR:
        return datetime.date.max
    if year < datetime.MINYEAR:
        return datetime.date.min
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
