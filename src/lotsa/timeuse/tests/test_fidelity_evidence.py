"""Item 2 of the fidelity review from the time logs: the anchor each share suggests at its
edges, the weeks the review period covers, and the coaches behind the figure."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from lotsa.fidelity.evidence import Period
from lotsa.timeuse.evidence import employment_services_time
from lotsa.timeuse.tests.helpers import LAST_WEEK, THIS_WEEK, log

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.mark.parametrize(
    ("employment_services", "score", "boundary"),
    [
        (960, 5, True),
        (955, 5, True),  # 95.5 % is 96 % once rounded
        (954, 4, True),
        (920, 4, False),
        (900, 4, True),
        (894, 3, True),  # 89.4 % is 89 %
        (800, 3, False),
        (750, 3, True),
        (744, 2, True),
        (600, 2, True),
        (594, 1, True),
        (300, 1, False),
    ],
)
def test_the_share_of_employment_services_suggests_the_anchor(
    personas, employment_services: int, score: int, boundary: bool
) -> None:
    for coach in (personas.coach_a, personas.colleague_a):
        log(
            coach,
            LAST_WEEK,
            direct_office=employment_services,
            other_tasks=1000 - employment_services,
        )
    # A review period from Wednesday to Friday of last week still reads that whole week.
    found = employment_services_time(
        Period(
            personas.unit_a,
            LAST_WEEK + datetime.timedelta(days=2),
            THIS_WEEK - datetime.timedelta(days=3),
        )
    )
    percent = (Decimal(employment_services) / 10).quantize(Decimal(1), "ROUND_HALF_UP")
    assert (found.value, found.suggested, found.boundary) == (percent, score, boundary)


def test_the_coaches_behind_the_share_and_the_weeks_they_logged(personas) -> None:
    log(personas.coach_a, LAST_WEEK, direct_office=900, other_tasks=100)
    with translation.override("sv"):
        found = employment_services_time(
            Period(
                personas.unit_a,
                LAST_WEEK - datetime.timedelta(days=7),
                THIS_WEEK - datetime.timedelta(days=1),
            )
        )
    rows = {row[0]: row for row in found.tables[0].rows}
    coach = personas.coach_a.get_full_name() or personas.coach_a.username
    colleague = personas.colleague_a.get_full_name() or personas.colleague_a.username
    assert rows[coach][1:] == ("1 / 2", "16,7", "90 %")
    assert rows[colleague][1:] == ("0 / 2", "0,0", "–")
    assert (found.value, found.suggested) == (Decimal(90), 4)


def test_no_time_logged_is_no_figure_and_no_suggestion(personas) -> None:
    found = employment_services_time(Period(personas.unit_a, LAST_WEEK, THIS_WEEK))
    assert (found.value, found.suggested) == (None, None)
