"""Journey 7, with the keyboard only: a records officer finds a person by identity number,
reads the register extract and finds its downloads. axe-core checks every page shown."""

from __future__ import annotations

from typing import Any

import pytest

from lotsa.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_records_officer_finds_a_person_and_reads_the_extract(personas: Any, visit: Any) -> None:
    page = visit.page
    visit.sign_in(personas.records_officer.username, TEST_PASSWORD)

    visit.key_activate(page.locator('nav a[href="/register-extracts/"]'))
    visit.check_accessibility()
    visit.key_type(page.locator("#id_q"), personas.own.identity_display)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visit.check_accessibility()
    assert personas.own.last_name in page.locator("table").inner_text()

    visit.key_activate(page.locator(f'a[href="/register-extracts/{personas.own.pk}/"]'))
    visit.check_accessibility()
    assert personas.own.last_name in page.get_by_role("heading", level=1).inner_text()
    for download in ("extract.pdf", "extract.json"):
        link = page.locator(f'a[href="/register-extracts/{personas.own.pk}/{download}"]')
        assert link.is_visible()
    assert len(visit.checked) == 6  # every page shown (the second factor too), checked by axe-core
