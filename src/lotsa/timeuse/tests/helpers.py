"""What the time-use tests share: the week the frozen clock is in, logging minutes through the
service, recording employer contacts as job development does, and pages in English."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings

from lotsa.accounts.models import User
from lotsa.employment.models import Employer, EmployerContact
from lotsa.organisations.models import Unit
from lotsa.timeuse import services

# The frozen clock's day is Thursday 3 December 2026: its week began on Monday 30 November.
THIS_WEEK = datetime.date(2026, 11, 30)
LAST_WEEK = THIS_WEEK - datetime.timedelta(days=7)


def log(staff: User, week: datetime.date, **minutes_by_activity: int) -> None:
    """The minutes of each activity, all on the week's Monday."""
    services.save_week(
        actor=staff,
        week=week,
        minutes={(week, activity): value for activity, value in minutes_by_activity.items()},
    )


def employer_contacts(staff: User, unit: Unit, days: list[datetime.date]) -> None:
    employer, _created = Employer.objects.get_or_create(
        organisation_number="556000-0001",
        defaults={"name": "Verkstad AB", "country": "SE", "sector": "private"},
    )
    for day in days:
        EmployerContact.objects.create(
            employer=employer, staff=staff, unit=unit, occurred_on=day, purpose="follow_up"
        )


def english(client: Any) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
