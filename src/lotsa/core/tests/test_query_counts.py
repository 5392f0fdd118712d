"""Pages must not issue more SQL queries as the data grows. The counts are pinned exactly,
so a change that adds a query per row (or any query) shows up here."""

from __future__ import annotations

import datetime

import pytest

from lotsa.pathways.models import EnrolmentStatus
from lotsa.people.services import record_consent
from lotsa.testing.factories import EnrolmentFactory
from lotsa.testing.queries import page_queries

pytestmark = pytest.mark.django_db

PAGES = {
    "/": 4,
    "/participants/": 6,
    "/participants/?q=Testsson": 5,
    "/participants/{own}/": 13,
    "/participants/{own}/edit/": 5,
}
ADMIN_PAGES = {
    "/administration/": 7,
    "/administration/staff/": 7,
    "/administration/audit/": 12,
    "/administration/retention/": 6,
}
API = {
    "/api/participants": 5,
    "/api/participants/{own}": 5,
    "/api/participants/{own}/consents": 5,
}


def grow(personas, count: int) -> None:  # type: ignore[no-untyped-def]
    """More participants in the coach's unit, and more consents and enrolments on ``own``."""
    for _ in range(count):
        EnrolmentFactory(unit=personas.unit_a, responsible_staff=personas.coach_a)
        # Earlier enrolments of the same model, ended (only one may be open at a time).
        EnrolmentFactory(
            participant=personas.own,
            unit=personas.unit_a,
            status=EnrolmentStatus.EXITED,
            end_date=datetime.date(2025, 12, 31),
        )
        record_consent(
            actor=personas.coach_a,
            participant=personas.own,
            kind="survey",
            given_on=datetime.date(2026, 1, 1),
        )


@pytest.mark.parametrize(("user", "pages"), [("coach_a", PAGES), ("administrator", ADMIN_PAGES)])
def test_page_queries_do_not_grow_with_the_data(personas, client_for, user, pages) -> None:
    client = client_for(getattr(personas, user))
    for url, expected in pages.items():
        url = url.format(own=personas.own.pk)
        assert page_queries(client, url) == expected, url
    grow(personas, 8)
    for url, expected in pages.items():
        url = url.format(own=personas.own.pk)
        assert page_queries(client, url) == expected, url


def test_api_queries_do_not_grow_with_the_data(personas, api_for) -> None:
    api = api_for(personas.coach_a)
    api.get("/api/participants")  # the token's first use records when it was used
    for size in (0, 8):
        grow(personas, size)
        for url, expected in API.items():
            url = url.format(own=personas.own.pk)
            assert page_queries(api, url) == expected, url
