"""Reads for the pages of the JOM course, by sub-topic."""

from __future__ import annotations

import datetime

from lotsa.core.today import TodayItem
from lotsa.jom.queries import course
from lotsa.jom.queries.internship import internship_today_items


def today_items(open_enrolment_ids: list[int], today: datetime.date) -> list[TodayItem]:
    """What the records of these open cases put on the Today page, in a fixed number of
    queries whatever the caseload: each sub-topic adds its part here."""
    items: list[TodayItem] = [
        *course.admissions_waiting(open_enrolment_ids, today),
        *internship_today_items(open_enrolment_ids, today),
    ]
    return sorted(items, key=lambda item: (not item.overdue, item.day))
