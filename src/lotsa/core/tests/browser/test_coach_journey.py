"""Journey 1, with the keyboard only: a coach registers a participant with consent in IPS,
starts the enrolment, records a contact and sees the deadlines move, records an employer
contact and a job start, and sees the follow-along deadlines appear."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from lotsa.employment.models import Employer
from lotsa.pathways.models import Enrolment
from lotsa.testing.factories import TEST_PASSWORD, swedish_number

pytestmark = pytest.mark.django_db(transaction=True)
# A well-formed personnummer from the test series (980–999), never given to a person.
IDENTITY_NUMBER = swedish_number(datetime.date(1990, 4, 1), 981)
FIRST_DAYS = "Stödkontakt inom 3 dagar efter att anställningen har börjat"


def _deadlines(visit: Any) -> str:
    return visit.page.locator("section[aria-labelledby=deadlines-heading]").inner_text()


def test_a_coach_takes_a_participant_from_registration_to_a_job_by_keyboard(
    personas: Any, visit: Any
) -> None:
    employer = Employer.objects.create(
        name="Lagerhuset Testby AB", country="SE", organisation_number="556677-8899"
    )
    page = visit.page
    visit.go("/accounts/login/")
    visit.key_type(page.get_by_label("Användarnamn"), personas.coach_a.username)
    visit.key_type(page.get_by_label("Lösenord"), TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    visit.key_activate(page.get_by_role("link", name="Deltagare", exact=True))
    visit.key_activate(page.get_by_role("link", name="Registrera deltagare"))
    visit.check_accessibility()
    visit.key_choose(page.get_by_label("Programmodell"), "IPS")
    visit.key_type(page.get_by_label("Identitetsnummer"), IDENTITY_NUMBER)
    visit.key_type(page.get_by_label("Förnamn"), "Testa")
    visit.key_type(page.get_by_label("Efternamn"), "Tangentbordsson")
    visit.key_activate(page.get_by_role("button", name="Spara"))
    visit.check_accessibility()
    assert "Testa Tangentbordsson" in page.get_by_role("heading", level=1).inner_text()

    visit.key_activate(page.get_by_role("button", name="Registrera samtycke"))
    visit.check_accessibility()
    enrolment = Enrolment.objects.get(participant__last_name="Tangentbordsson")
    visit.key_activate(page.locator(f'a[href="/cases/{enrolment.pk}/"]'))
    visit.check_accessibility()

    visit.key_activate(page.locator("#action-start summary"), navigates=False)
    page.locator("#action-start form").wait_for()
    visit.key_activate(page.locator("#action-start").get_by_role("button"))
    visit.check_accessibility()
    enrolment.refresh_from_db()
    assert enrolment.status == "active"
    before = _deadlines(visit)

    visit.key_activate(page.get_by_role("link", name="Registrera kontakt"), navigates=False)
    dialog = page.locator("#contact-dialog[open]")
    dialog.locator("form[hx-post]").wait_for()
    visit.key_activate(dialog.get_by_role("button", name="Registrera kontakt"))
    visit.check_accessibility()
    summary = page.locator("dl").first.inner_text()
    assert f"{timezone.localdate():%Y-%m-%d} (1 kontakt)" in summary
    assert "Första personliga arbetsgivarkontakt inom 30 dagar" in before

    visit.key_activate(page.get_by_role("link", name="Arbetsgivare", exact=True))
    visit.key_activate(page.get_by_role("link", name="Mina arbetsgivarkontakter den här veckan"))
    visit.check_accessibility()
    visit.key_choose(page.get_by_label("Arbetsgivare:", exact=True), employer.name)
    visit.key_activate(page.get_by_label("Testa Tangentbordsson"), key="Space", navigates=False)
    visit.key_activate(page.get_by_role("button", name="Registrera arbetsgivarkontakt"))
    visit.check_accessibility()
    assert "Testa Tangentbordsson" in page.locator("main").inner_text()

    visit.key_activate(page.get_by_role("link", name="Min ärendelista"))
    visit.key_activate(page.get_by_role("link", name="Testa Tangentbordsson").first)
    visit.check_accessibility()
    # The employer contact met the first deadline: the next one is now the profile's.
    after = _deadlines(visit)
    assert after != before
    assert f"Uppfylld {timezone.localdate():%Y-%m-%d}" in after
    visit.key_activate(page.get_by_role("link", name="Registrera anställning"))
    visit.check_accessibility()
    starts = timezone.localdate() + datetime.timedelta(days=7)
    visit.key_choose(page.get_by_label("Arbetsgivare:", exact=True), employer.name)
    visit.key_type(page.get_by_label("Befattning"), "Lagerarbetare")
    visit.key_type(page.get_by_label("Yrke:", exact=True), "9331")
    visit.key_date(page.get_by_label("Startdatum"), starts)
    visit.key_type(page.get_by_label("Timmar per vecka"), "20")
    visit.key_activate(page.get_by_role("button", name="Spara"))
    visit.check_accessibility()
    assert enrolment.jobs.get().starts_on == starts
    if f"/cases/{enrolment.pk}/" not in page.url:
        visit.key_activate(page.locator(f'a[href="/cases/{enrolment.pk}/"]').first)
    # The follow-along deadlines of the job: the week before its start, and three days after.
    section = page.locator("section[aria-labelledby=deadlines-heading]")
    before_start = section.locator("tr", has_text="Stödkontakt veckan innan anställningen börjar")
    assert f"{starts - datetime.timedelta(days=1):%Y-%m-%d}" in before_start.inner_text()
    first_days = section.locator("tr", has_text=FIRST_DAYS)
    assert f"{starts + datetime.timedelta(days=3):%Y-%m-%d}" in first_days.inner_text()
