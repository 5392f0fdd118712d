"""Reads for the pages of the work-training unit, by sub-topic."""

from __future__ import annotations

import datetime

from lotsa.core.today import TodayItem
from lotsa.worktraining.queries.daily import attendance_not_recorded
from lotsa.worktraining.queries.records import stale_observations
from lotsa.worktraining.queries.report_back import report_back_items


def today_items(open_enrolment_ids: list[int], today: datetime.date) -> list[TodayItem]:
    """What the records of these open cases put on the Today page, in a fixed number of
    queries whatever the caseload: each sub-topic adds its part here."""
    items: list[TodayItem] = [
        *report_back_items(open_enrolment_ids),
        *stale_observations(open_enrolment_ids, today),
        *attendance_not_recorded(open_enrolment_ids, today),
    ]
    return sorted(items, key=lambda item: (not item.overdue, item.day))
