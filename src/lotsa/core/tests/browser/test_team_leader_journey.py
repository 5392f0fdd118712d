"""A team leader, on a laptop and on a phone, opens the unit board, follows a coach's overdue
number to the cases behind it and opens one of them; every page passes axe-core."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from lotsa.casework.services import record_contact
from lotsa.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
SCREENS = {"laptop": (1366, 768), "phone": (390, 844)}


@pytest.mark.parametrize("screen", SCREENS)
def test_a_team_leader_drills_from_the_board_into_a_coachs_overdue_cases(
    personas: Any, case: Any, visit: Any, screen: str
) -> None:
    today = timezone.localdate()
    late = case("ips", referred_on=today - datetime.timedelta(days=70),
                started_on=today - datetime.timedelta(days=60))  # fmt: skip
    on_track = case("ips", referred_on=today - datetime.timedelta(days=12),
                    started_on=today - datetime.timedelta(days=10))  # fmt: skip
    for enrolment in (late, on_track):
        record_contact(
            actor=personas.coach_a,
            enrolment=enrolment,
            occurred_at=timezone.now() - datetime.timedelta(days=2),
            mode="face_to_face",
            place="community",
            parties=["participant"],
        )
    width, height = SCREENS[screen]
    page = visit.page
    page.set_viewport_size({"width": width, "height": height})
    visit.sign_in(personas.team_leader_a.username, TEST_PASSWORD)

    visit.go(f"/units/{personas.unit_a.pk}/board/")
    overdue_link = page.locator(
        f'a[href="/units/{personas.unit_a.pk}/staff/{personas.coach_a.pk}/?show=overdue"]'
    )
    overdue_link.scroll_into_view_if_needed()
    assert overdue_link.is_visible()
    with page.expect_navigation():
        overdue_link.click()
    visit.check_accessibility()
    cases = page.locator("section[aria-labelledby=cases-heading]")
    assert cases.locator(f'a[href="/cases/{late.pk}/"]').count() == 1
    assert cases.locator(f'a[href="/cases/{on_track.pk}/"]').count() == 0
    assert "Första personliga arbetsgivarkontakt inom 30 dagar" in cases.inner_text()
    supervision = page.locator("section[aria-labelledby=supervision-heading]")
    assert supervision.locator("tbody tr").count() == 8

    case_link = cases.locator(f'a[href="/cases/{late.pk}/"]')
    case_link.scroll_into_view_if_needed()
    with page.expect_navigation():
        case_link.click()
    visit.check_accessibility()
    assert f"/cases/{late.pk}/" in page.url
    assert late.participant.display_name in page.get_by_role("heading", level=1).inner_text()
