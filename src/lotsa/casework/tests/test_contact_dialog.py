"""The quick contact: one dialog per page, filled with the form of the case whose button opened
it, posted with htmx so field errors stay in the dialog; without scripts, a page of its own."""

from __future__ import annotations

import datetime
from urllib.parse import quote

import pytest
from django.utils import timezone

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.casework.models import Contact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
START = datetime.date(2026, 1, 10)
HTMX = {"HX-Request": "true"}


def contact_data(**changes: str) -> dict[str, str]:
    return {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "mode": "phone",
        "place": "office",
        "parties": "participant",
        "duration_minutes": "30",
        **changes,
    }


def test_the_caseload_has_one_contact_dialog_and_a_button_per_case(
    personas, case, client_for
) -> None:
    cases = [case("ips", started_on=START), case("jom", started_on=START)]
    page = client_for(personas.coach_a).get("/caseload/").content.decode()
    assert page.count('<dialog id="contact-dialog"') == 1
    # No row carries a form of its own any longer.
    assert 'name="mode"' not in page
    for enrolment in cases:
        form_url = f"/cases/{enrolment.pk}/contacts/?next={quote('/caseload/', safe='')}"
        # The link is the form's page where scripts do not run, and fills the dialog where they do.
        assert f'href="{form_url}" hx-get="{form_url}" hx-target="#contact-dialog-body"' in page


def test_the_dialog_receives_the_form_of_the_case_that_opened_it(
    personas, case, client_for
) -> None:
    enrolment = case("ips", started_on=START)
    url = f"/cases/{enrolment.pk}/contacts/"
    fragment = client_for(personas.coach_a).get(url, {"next": "/caseload/"}, headers=HTMX)
    text = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in text
    assert enrolment.participant.display_name in text
    assert f'hx-post="{url}"' in text
    assert '<input type="hidden" name="next" value="/caseload/">' in text


def test_a_contact_from_the_dialog_is_recorded_and_returns_to_the_list(
    personas, case, client_for
) -> None:
    enrolment = case("ips", started_on=START)
    response = client_for(personas.coach_a).post(
        f"/cases/{enrolment.pk}/contacts/",
        contact_data(mode="video", next="/caseload/"),
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/caseload/"
    contact = Contact.objects.get(enrolment=enrolment)
    assert (contact.mode, contact.staff) == ("video", personas.coach_a)
    assert AuditEntry.objects.filter(
        event=AuditEvent.CONTACT_CREATED, participant_id=enrolment.participant_id
    ).exists()
    # From the case page the dialog returns to the case, loaded anew (not just scrolled).
    again = client_for(personas.coach_a).post(
        f"/cases/{enrolment.pk}/contacts/", contact_data(), headers=HTMX
    )
    assert again["HX-Redirect"] == f"/cases/{enrolment.pk}/"
    assert Contact.objects.filter(enrolment=enrolment).count() == 2


def test_field_errors_stay_in_the_dialog(personas, case, client_for) -> None:
    enrolment = case("ips", started_on=START)
    url = f"/cases/{enrolment.pk}/contacts/"
    client = client_for(personas.coach_a)
    response = client.post(
        url, contact_data(duration_minutes="-5", note="Ringde", next="/today/"), headers=HTMX
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "<html" not in text and f'hx-post="{url}"' in text
    assert 'id="id_duration_minutes_error"' in text
    # What was typed stays, and so does where the form returns to.
    assert "Ringde</textarea>" in text
    assert '<input type="hidden" name="next" value="/today/">' in text
    # The service's refusal (a contact in the future) is shown at its field in the same way.
    future = client.post(url, contact_data(occurred_at="2099-01-01T10:00"), headers=HTMX)
    assert future.status_code == 400
    assert 'id="id_occurred_at_error"' in future.content.decode()
    assert not Contact.objects.filter(enrolment=enrolment).exists()


def test_without_scripts_the_contact_form_is_a_page_of_its_own(personas, case, client_for) -> None:
    enrolment = case("ips", started_on=START)
    client = client_for(personas.coach_a)
    url = f"/cases/{enrolment.pk}/contacts/"
    page = client.get(url, {"next": "/caseload/"}).content.decode()
    assert "<html" in page and f'href="/cases/{enrolment.pk}/"' in page
    assert "hx-post" not in page
    assert '<input type="hidden" name="next" value="/caseload/">' in page
    bad = client.post(url, contact_data(mode="", next="/caseload/"))
    assert bad.status_code == 400
    assert "<html" in bad.content.decode() and 'id="id_mode_error"' in bad.content.decode()
    saved = client.post(url, contact_data(next="/caseload/"))
    assert (saved.status_code, saved["Location"]) == (302, "/caseload/")
    # Without a page to return to, or with one on another site, the case's timeline.
    elsewhere = client.post(url, contact_data(next="https://example.org/"))
    assert elsewhere["Location"] == f"/cases/{enrolment.pk}/#timeline"
    assert Contact.objects.filter(enrolment=enrolment).count() == 2


def test_only_those_who_work_on_the_case_open_its_contact_form(personas, case, client_for) -> None:
    enrolment = case("ips", started_on=START)
    url = f"/cases/{enrolment.pk}/contacts/"
    for outsider in (personas.coach_b, personas.manager_a):
        client = client_for(outsider)
        assert client.get(url, headers=HTMX).status_code == 404
        assert client.post(url, contact_data(), headers=HTMX).status_code == 404
    assert not Contact.objects.filter(enrolment=enrolment).exists()
    assert AuditEntry.objects.filter(event="access.denied", actor=personas.coach_b).exists()


def test_the_case_page_opens_the_same_dialog_at_its_top(personas, case, client_for) -> None:
    enrolment = case("ips", started_on=START)
    page = client_for(personas.coach_a).get(f"/cases/{enrolment.pk}/").content.decode()
    url = f"/cases/{enrolment.pk}/contacts/"
    button = page.index(f'hx-get="{url}" hx-target="#contact-dialog-body"')
    assert page.count('<dialog id="contact-dialog"') == 1
    assert button < page.index('id="summary-heading"')
    assert 'id="action-contact"' not in page
    manager_page = client_for(personas.manager_a).get(f"/cases/{enrolment.pk}/").content.decode()
    assert "contact-dialog" not in manager_page


def test_today_offers_a_contact_to_the_people_without_one(personas, case, client_for) -> None:
    enrolment = case("ips", started_on=START)
    page = client_for(personas.coach_a).get("/today/").content.decode()
    form_url = f"/cases/{enrolment.pk}/contacts/?next={quote('/today/', safe='')}"
    assert f'href="{form_url}"' in page
    assert page.count('<dialog id="contact-dialog"') == 1


def test_the_dialog_records_one_view_of_the_case_however_often_it_is_refused(
    personas, case, client_for
) -> None:
    enrolment = case("ips", started_on=START)
    client = client_for(personas.coach_a)
    client.get("/caseload/")
    url = f"/cases/{enrolment.pk}/contacts/"
    first = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    client.get(url, headers=HTMX)
    for _attempt in range(2):
        assert client.post(url, contact_data(mode=""), headers=HTMX).status_code == 400
    client.post(url, contact_data(), headers=HTMX)
    written = AuditEntry.objects.filter(sequence__gt=first).order_by("sequence")
    assert list(written.values_list("event", "participant_id")) == [
        (AuditEvent.ENROLMENT_VIEWED, enrolment.participant_id),
        (AuditEvent.CONTACT_CREATED, enrolment.participant_id),
    ]
