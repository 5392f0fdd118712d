"""A case page view is one entry in the audit trail: the forms opened on the page and the
saving of one are not recorded as further views of the case."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings

from lotsa import access
from lotsa.audit.models import AuditEntry, AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
START = datetime.date(2026, 1, 10)
CONTACT = {
    "occurred_at": "2026-01-12T10:00",
    "mode": "face_to_face",
    "place": "community",
    "parties": ["participant"],
    "duration_minutes": "45",
}


def written_since(last: int) -> list[tuple[str, int | None]]:
    return list(
        AuditEntry.objects.filter(sequence__gt=last)
        .order_by("sequence")
        .values_list("event", "participant_id")
    )


def last_sequence() -> int:
    return AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first()


def test_one_view_of_the_case_page_writes_one_entry(personas, case, client_for) -> None:
    enrolment = case("ips", started_on=START)
    client = client_for(personas.coach_a)
    before = last_sequence()
    assert client.get(f"/cases/{enrolment.pk}/").status_code == 200
    assert written_since(before) == [(AuditEvent.ENROLMENT_VIEWED, enrolment.participant_id)]


def test_opening_a_form_on_the_case_page_and_saving_it_record_the_page_view_once(
    personas, case, client_for
) -> None:
    enrolment = case("ips", started_on=START)
    client = client_for(personas.coach_a)
    before = last_sequence()
    client.get(f"/cases/{enrolment.pk}/")
    for action in ("contacts", "transition", "benefit"):
        opened = client.get(f"/cases/{enrolment.pk}/{action}/", headers={"HX-Request": "true"})
        assert opened.status_code == 200
    saved = client.post(f"/cases/{enrolment.pk}/contacts/", CONTACT)
    assert saved.status_code == 302
    assert written_since(before) == [
        (AuditEvent.ENROLMENT_VIEWED, enrolment.participant_id),
        (AuditEvent.CONTACT_CREATED, enrolment.participant_id),
    ]


def test_a_form_not_opened_from_a_view_of_its_case_records_the_view(
    personas, case, client_for
) -> None:
    shown, other = case("ips", started_on=START), case("jom", started_on=START)
    client = client_for(personas.coach_a)
    client.get(f"/cases/{other.pk}/")
    before = last_sequence()
    fragment = client.get(f"/cases/{shown.pk}/contacts/", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert written_since(before) == [(AuditEvent.ENROLMENT_VIEWED, shown.participant_id)]


def test_a_view_left_idle_longer_than_a_session_no_longer_covers_a_form(
    personas, case, clock
) -> None:
    enrolment = case("ips", started_on=START)
    access.record_case_view(personas.coach_a, enrolment)
    before = last_sequence()
    access.record_case_form_opened(personas.coach_a, enrolment)
    assert written_since(before) == []
    clock.advance(minutes=settings.SESSION_IDLE_MINUTES + 1)
    access.record_case_form_opened(personas.coach_a, enrolment)
    assert written_since(before) == [(AuditEvent.ENROLMENT_VIEWED, enrolment.participant_id)]


def test_a_form_on_a_page_of_its_own_records_the_view_it_shows(personas, case, client_for) -> None:
    enrolment = case("ips", started_on=START)
    client = client_for(personas.coach_a)
    client.get(f"/cases/{enrolment.pk}/")
    before = last_sequence()
    page = client.get(f"/cases/{enrolment.pk}/contacts/")
    assert page.status_code == 200 and enrolment.participant.display_name in page.content.decode()
    assert written_since(before) == [(AuditEvent.ENROLMENT_VIEWED, enrolment.participant_id)]


def test_a_refused_form_shows_the_case_page_again_and_records_that_view(
    personas, case, client_for
) -> None:
    enrolment = case("ips", started_on=START)
    client = client_for(personas.coach_a)
    before = last_sequence()
    refused = client.post(
        f"/cases/{enrolment.pk}/contacts/", {**CONTACT, "occurred_at": "2099-01-01T10:00"}
    )
    assert refused.status_code == 400
    assert written_since(before) == [(AuditEvent.ENROLMENT_VIEWED, enrolment.participant_id)]
