"""Fidelity evidence from the coaches' time logs: the IPS-25 item 2 (employment services
staff). Registered with the fidelity app when this app starts (``apps.TimeUseConfig.ready``)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from lotsa.core.numbers import decimal
from lotsa.fidelity.evidence import Evidence, Period, Table
from lotsa.timeuse.queries import (
    EMPLOYMENT_SERVICES_ANCHORS,
    WEEK,
    CoachEvidence,
    employment_services_evidence,
)

# A share on either side of an anchor's edge is for the reviewers to look at (the scale leaves
# the line at 95–96 % to them).
EDGES = frozenset(
    edge
    for lowest, _score in EMPLOYMENT_SERVICES_ANCHORS
    if lowest
    for edge in (lowest - 1, lowest)
)


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _hours(coach: CoachEvidence) -> str:
    return decimal(Decimal(coach.minutes_logged) / 60)


def employment_services_time(period: Period) -> Evidence:
    """Item 2 over the calendar weeks the review period touches: each coach's share of logged
    working time spent on employment services, the shares averaged and rounded half up to a
    whole percent: ≥ 96 → 5, 90–95 → 4, 75–89 → 3, 60–74 → 2, less → 1."""
    figures = employment_services_evidence(
        period.unit, _monday(period.start), _monday(period.end) + WEEK
    )
    weeks = figures.weeks_in_period
    definition = _(
        "Share of the coaches' logged working time spent on employment services, each coach's "
        "share averaged over the coaches who logged time in the period's %(weeks)s weeks"
    ) % {"weeks": weeks}
    detail = [
        (
            coach.name,
            _("%(share)s %% of %(hours)s hours, logged in %(logged)s of %(weeks)s weeks")
            % {
                "share": coach.employment_services_percent,
                "hours": _hours(coach),
                "logged": coach.weeks_logged,
                "weeks": weeks,
            }
            if coach.minutes_logged
            else _("no time logged"),
        )
        for coach in figures.coaches
    ]
    percent = figures.employment_services_percent
    return Evidence(
        definition,
        None if percent is None else Decimal(percent),
        "%",
        figures.suggested_score,
        percent in EDGES,
        [],
        detail,
        tables=[
            Table(
                _("Time logged by each coach"),
                (_("Coach"), _("Weeks logged"), _("Hours logged"), _("Employment services")),
                [
                    (
                        coach.name,
                        f"{coach.weeks_logged} / {weeks}",
                        _hours(coach),
                        "–"
                        if coach.employment_services_percent is None
                        else f"{coach.employment_services_percent} %",
                    )
                    for coach in figures.coaches
                ],
            )
        ],
    )
