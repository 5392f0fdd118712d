"""A coach's day on a desktop screen (1366 px) and on a phone (390 px): Today, a case opened
from it, a contact recorded through the contact dialog and seen on the case page, another from
the caseload. On the phone the menu folds behind a button, lists become cards and the quick
actions are large enough to tap; on neither does a page scroll sideways."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from lotsa.casework.models import Contact
from lotsa.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
# The smallest touch target a quick action may have on a phone, in CSS pixels.
TOUCH_TARGET = 44


def _fits_the_screen(page: Any) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls {overflow} px sideways"


def _tappable(target: Any) -> None:
    box = target.bounding_box()
    assert box is not None, target
    assert box["width"] >= TOUCH_TARGET and box["height"] >= TOUCH_TARGET, box


def _go_by_menu(visit: Any, screen: dict[str, int], link_name: str) -> None:
    """Follow a link of the main menu: on the phone it is behind the menu button."""
    page = visit.page
    menu_button = page.get_by_role("button", name="Meny")
    link = page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name=link_name)
    if screen is PHONE:
        assert menu_button.get_attribute("aria-expanded") == "false"
        assert not link.is_visible()
        _tappable(menu_button)
        menu_button.click()
        assert menu_button.get_attribute("aria-expanded") == "true"
        assert link.is_visible()
        visit.check_accessibility()
        page.keyboard.press("Escape")
        assert not link.is_visible()
        menu_button.click()
    else:
        assert not menu_button.is_visible()
    with page.expect_navigation():
        link.click()
    visit.check_accessibility()
    _fits_the_screen(visit.page)


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["1366px", "390px"])
def test_a_coach_records_a_contact_from_today_on_desktop_and_phone(
    personas: Any, case: Any, visit: Any, screen: dict[str, int]
) -> None:
    today = timezone.localdate()
    enrolment = case(
        "ips",
        referred_on=today - datetime.timedelta(days=45),
        started_on=today - datetime.timedelta(days=40),
    )
    name = enrolment.participant.display_name
    page = visit.page
    page.set_viewport_size(screen)
    visit.sign_in(personas.coach_a.username, TEST_PASSWORD)
    _fits_the_screen(visit.page)
    _go_by_menu(visit, screen, "I dag")

    # Forty days without a contact: the case is among the people to reach.
    without_contact = page.locator("section[aria-labelledby=no-contact-heading]")
    row = without_contact.locator("tr", has_text=name)
    contact_button = row.get_by_role("link", name=f"Registrera kontakt – {name}")
    last_contact = row.locator("td[data-label]").last
    label = last_contact.evaluate("cell => getComputedStyle(cell, '::before').content")
    if screen is PHONE:
        # A card: a block of its own, no wider than the screen, a label before each fact.
        assert row.evaluate("row => getComputedStyle(row).display") == "block"
        box = row.bounding_box()
        assert box is not None and box["width"] <= PHONE["width"]
        assert "Senaste kontakt" in label
        _tappable(contact_button)
    else:
        assert row.evaluate("row => getComputedStyle(row).display") == "table-row"
        assert label == "none"
    with page.expect_navigation():
        row.get_by_role("link", name=name, exact=True).click()
    visit.check_accessibility()
    _fits_the_screen(visit.page)
    assert name in page.get_by_role("heading", level=1).inner_text()

    # The contact dialog, opened at the top of the case page.
    open_dialog = page.get_by_role("link", name="Registrera kontakt", exact=True)
    if screen is PHONE:
        _tappable(open_dialog)
    open_dialog.click()
    dialog = page.locator("#contact-dialog[open]")
    dialog.locator("form[hx-post]").wait_for()
    assert name in dialog.inner_text()
    if screen is PHONE:
        # The dialog takes the whole screen, and no more.
        assert dialog.bounding_box() == {"x": 0, "y": 0, **PHONE}
    visit.check_accessibility()
    # A wrong duration is refused in the dialog, at its field; the dialog stays open.
    dialog.get_by_label("Längd (minuter)").fill("-5")
    dialog.get_by_role("button", name="Registrera kontakt").click()
    dialog.locator(".error-summary").wait_for()
    assert dialog.locator("#id_duration_minutes_error").is_visible()
    visit.check_accessibility()
    dialog.get_by_label("Längd (minuter)").fill("45")
    dialog.get_by_label("Hur").select_option("video")
    save = dialog.get_by_role("button", name="Registrera kontakt")
    if screen is PHONE:
        _tappable(save)
    with page.expect_navigation():
        save.click()
    visit.check_accessibility()
    _fits_the_screen(visit.page)

    contact = Contact.objects.get(enrolment=enrolment)
    assert (contact.mode, contact.duration_minutes) == ("video", 45)
    assert "Kontakten är registrerad." in page.locator(".messages").inner_text()
    summary = page.locator("section[aria-labelledby=summary-heading]").inner_text()
    assert f"{today:%Y-%m-%d} (1 kontakt)" in summary
    timeline = page.locator("section[aria-labelledby=timeline-heading]")
    assert f"{today:%Y-%m-%d}" in timeline.locator("tbody tr").first.inner_text()

    # The same dialog on the caseload, for one row, returns to the caseload.
    _go_by_menu(visit, screen, "Min ärendelista")
    row = page.locator("table.caseload tr", has_text=name)
    contact_button = row.get_by_role("link", name=f"Registrera kontakt – {name}")
    if screen is PHONE:
        _tappable(contact_button)
    contact_button.click()
    dialog.locator("form[hx-post]").wait_for()
    assert name in dialog.inner_text()
    visit.check_accessibility()
    with page.expect_navigation():
        dialog.get_by_role("button", name="Registrera kontakt").click()
    visit.check_accessibility()
    assert page.url.endswith("/caseload/")
    assert "Kontakten är registrerad." in page.locator(".messages").inner_text()
    assert Contact.objects.filter(enrolment=enrolment).count() == 2


def test_without_scripts_the_phone_lists_the_menu_and_the_contact_is_a_page(
    personas: Any, case: Any, browser: Any, live_server: Any
) -> None:
    enrolment = case("ips", started_on=timezone.localdate() - datetime.timedelta(days=10))
    name = enrolment.participant.display_name
    context = browser.new_context(
        locale="sv-SE", bypass_csp=True, java_script_enabled=False, viewport=PHONE
    )
    # axe-core is a script itself: the same pages are checked by the journeys above.
    try:
        page = context.new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("Användarnamn").fill(personas.coach_a.username)
        page.get_by_label("Lösenord").fill(TEST_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Logga in", exact=True).click()
        # No menu button to press: the links are listed.
        assert not page.get_by_role("button", name="Meny").is_visible()
        menu = page.get_by_role("navigation", name="Huvudmeny")
        with page.expect_navigation():
            menu.get_by_role("link", name="Min ärendelista").click()
        _fits_the_screen(page)
        row = page.locator("table.caseload tr", has_text=name)
        with page.expect_navigation():
            row.get_by_role("link", name=f"Registrera kontakt – {name}").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Registrera kontakt"
        _fits_the_screen(page)
        page.get_by_label("Hur").select_option("phone")
        with page.expect_navigation():
            page.get_by_role("button", name="Registrera kontakt").click()
        assert page.url.endswith("/caseload/")
        assert "Kontakten är registrerad." in page.locator(".messages").inner_text()
        assert Contact.objects.get(enrolment=enrolment).mode == "phone"
    finally:
        context.close()
