"""Journey 6: a coach opens a participant of another unit by URL, is refused, and the attempt
shows in the administrator's log review."""

from __future__ import annotations

from typing import Any

import pytest

from lotsa.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coach_is_refused_another_units_participant_and_the_log_shows_it(
    personas: Any, visit: Any
) -> None:
    visit.sign_in(personas.coach_a.username, TEST_PASSWORD)
    assert visit.page.get_by_role("button", name="Logga ut").is_visible()

    response = visit.go(f"/participants/{personas.other_unit.pk}/")
    assert response.status == 404
    assert visit.page.get_by_role("heading", level=1).inner_text() == "Sidan hittades inte"
    assert personas.other_unit.last_name not in visit.page.content()
    visit.sign_out()

    visit.sign_in(personas.administrator.username, TEST_PASSWORD)
    visit.go(f"/administration/audit/?user={personas.coach_a.pk}")
    row = visit.page.locator("tr", has_text="Åtkomst nekad").first
    assert row.is_visible()
    assert personas.coach_a.last_name in row.inner_text()
    assert len(visit.checked) == 7  # every page shown (the second factor too), checked by axe-core
