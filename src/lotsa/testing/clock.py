"""The clock tests whose expectations depend on the date run under.

Under the ``clock`` fixture today is Thursday 3 December 2026 (``TODAY``), and the time 10:00
in Stockholm (``FROZEN_AT``), whatever the real date is: a test that builds its data from fixed
dates and expects what Lotsa makes of them relative to today (a deadline met or overdue, a date
refused as in the future, the months a time report is due for) gives the same answer every day
of the year. The clock runs on from there, so events recorded one after another in a test keep
their order; a test moves it with ``move_to`` or ``advance``.
"""

from __future__ import annotations

import datetime
import zoneinfo

import time_machine
from django.utils import timezone

FROZEN_AT = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))
TODAY = FROZEN_AT.date()


class Clock:
    """Today and now as the test has set them."""

    def __init__(self, traveller: time_machine.Traveller) -> None:
        self._traveller = traveller

    def today(self) -> datetime.date:
        return timezone.localdate()

    def now(self) -> datetime.datetime:
        return timezone.now()

    def move_to(self, moment: datetime.date | datetime.datetime) -> None:
        """Go to a moment, or to 10:00 in Stockholm on a day."""
        if not isinstance(moment, datetime.datetime):
            moment = datetime.datetime.combine(moment, FROZEN_AT.timetz())
        self._traveller.move_to(moment)

    def hold(self) -> None:
        """Stop the clock where it is, for a test that counts seconds; moving it keeps it held."""
        self._traveller.move_to(timezone.now(), tick=False)

    def advance(self, **delta: float) -> None:
        """Go forward by a ``datetime.timedelta`` of these arguments (``days=30``)."""
        self._traveller.shift(datetime.timedelta(**delta))
