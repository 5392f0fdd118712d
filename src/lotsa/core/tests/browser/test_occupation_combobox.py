"""The job form's occupation field as a combobox, with the keyboard only: words typed bring the
matching SSYK titles, the arrow keys move through them, Enter chooses one, Escape closes the
list, and the number found is announced."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from lotsa.employment.models import Employer
from lotsa.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coach_finds_the_occupation_by_words(personas: Any, case: Any, visit: Any) -> None:
    employer = Employer.objects.create(
        name="Terminalen Testby AB", country="SE", organisation_number="556677-8899"
    )
    enrolment = case("ips")
    page = visit.page
    visit.sign_in(personas.coach_a.username, TEST_PASSWORD)
    visit.go(f"/cases/{enrolment.pk}/jobs/new/")
    field = page.get_by_role("combobox", name="Yrke:", exact=True)
    assert field.get_attribute("aria-expanded") == "false"
    options = page.locator("#occupation-options [role=option]")
    status = page.locator("#occupation-status")

    visit.key_type(field, "lager term")
    options.first.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    assert options.count() == 2 and status.inner_text().startswith("2 ")
    visit.check_accessibility()
    page.keyboard.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == "occupation-4322"
    assert options.first.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert field.get_attribute("aria-activedescendant") == "occupation-4322"
    page.keyboard.press("Enter")  # chooses; the form is not sent yet
    assert field.input_value() == "4322 Lager- och terminalpersonal"
    assert field.get_attribute("aria-expanded") == "false"
    assert field.get_attribute("aria-activedescendant") is None
    assert page.url.endswith(f"/cases/{enrolment.pk}/jobs/new/")

    visit.key_type(field, "kock")
    page.locator("#occupation-5120").wait_for()
    page.keyboard.press("Escape")
    assert field.get_attribute("aria-expanded") == "false"
    assert page.locator("#occupation-options").is_hidden()
    page.keyboard.press("Escape")  # with the list closed, Escape empties the field
    assert field.input_value() == ""
    visit.key_type(field, "4322 Lager- och terminalpersonal")
    options.first.wait_for()
    page.keyboard.press("Escape")

    starts = timezone.localdate() - datetime.timedelta(days=1)
    visit.key_choose(page.get_by_label("Arbetsgivare:", exact=True), employer.name)
    visit.key_type(page.get_by_label("Befattning"), "Terminalarbetare")
    visit.key_date(page.get_by_label("Startdatum"), starts)
    visit.key_type(page.get_by_label("Timmar per vecka"), "20")
    visit.key_activate(page.get_by_role("button", name="Spara"))
    job = enrolment.jobs.get()
    assert (job.occupation_code, job.starts_on) == ("4322", starts)
    # The job has started: its page asks whether four paid hours are worked.
    assert page.locator(f'form[action="/jobs/{job.pk}/four-paid-hours/"]').is_visible()
    visit.key_activate(page.locator(f'form[action="/jobs/{job.pk}/four-paid-hours/"] button'))
    job.refresh_from_db()
    assert job.four_paid_hours_on == timezone.localdate()
