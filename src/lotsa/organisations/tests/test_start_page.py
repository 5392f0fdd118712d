"""The start page lists the user's units with the number of open enrolments in each."""

from __future__ import annotations

import datetime
import re

import pytest

from lotsa.organisations.queries import memberships_for_home
from lotsa.pathways.models import EnrolmentStatus
from lotsa.testing.factories import EnrolmentFactory, MembershipFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_open_enrolments_count_only_the_units_open_ones(personas) -> None:  # type: ignore[no-untyped-def]
    # The personas give unit A two open enrolments; add one more and one that has ended.
    EnrolmentFactory(unit=personas.unit_a)
    EnrolmentFactory(
        unit=personas.unit_a,
        status=EnrolmentStatus.EXITED,
        end_date=datetime.date(2025, 9, 1),
    )
    empty = UnitFactory(organisation=personas.unit_a.organisation, name="Tom enhet")
    MembershipFactory(user=personas.coach_a, unit=empty, role="coach")

    counts = {m.unit_id: m.open_enrolments for m in memberships_for_home(personas.coach_a)}

    assert counts == {personas.unit_a.pk: 3, empty.pk: 0}


def test_the_start_page_shows_the_count(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    EnrolmentFactory(unit=personas.unit_a)
    page = client_for(personas.coach_a).get("/").content.decode()

    row = re.search(r"<tr><td><a [^>]*>IPS Testby</a>.*?</tr>", page)
    assert row is not None
    assert '<td class="number">3</td>' in row.group(0)
