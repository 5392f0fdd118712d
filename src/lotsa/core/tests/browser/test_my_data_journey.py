"""A participant on their phone (390 px): signs in, reads what withdrawing a consent means
before confirming it, and reads who has opened their record. axe-core checks every page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from lotsa import access
from lotsa.people import services as people
from lotsa.people.models import ConsentKind, SharingScope
from lotsa.testing.factories import TEST_PASSWORD, ParticipantAccountFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_a_participant_withdraws_a_consent_and_reads_who_opened_their_record(
    personas: Any, visit: Any
) -> None:
    consent = people.record_consent(
        actor=personas.coach_a,
        participant=personas.own,
        kind=ConsentKind.INFORMATION_SHARING,
        given_on=timezone.localdate() - datetime.timedelta(days=30),
        given_to=personas.municipality,
        organisation=personas.fk,
        sharing_scope=SharingScope.FULL,
    )
    access.get_case_for(personas.coach_a, personas.own.enrolments.get().pk)
    me = ParticipantAccountFactory.create(participants=[personas.own]).user
    page = visit.page
    page.set_viewport_size(PHONE)
    visit.sign_in(me.username, TEST_PASSWORD)
    assert page.url.endswith("/me/")

    visit.go("/me/data/")
    with page.expect_navigation():
        page.locator('main a[href="/me/data/consents/"]').click()
    visit.check_accessibility()
    with page.expect_navigation():
        page.locator(f'a[href="/me/data/consents/{consent.pk}/withdraw/"]').click()
    visit.check_accessibility()
    # The consequence comes first, naming the organisation that will no longer see the case.
    assert personas.fk.name in page.locator("#consequence-heading + p").inner_text()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    with page.expect_navigation():
        page.locator("form.confirm-withdrawal button[type=submit]").click()
    visit.check_accessibility()
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert page.url.endswith("/me/data/consents/")

    visit.go("/me/data/")
    with page.expect_navigation():
        page.locator('main a[href="/me/data/reads/"]').click()
    visit.check_accessibility()
    table = page.locator("table").inner_text()
    assert personas.coach_a.get_full_name() in table
    assert personas.unit_a.name in table
    # Every page shown, checked by axe-core.
    assert [url.removeprefix(visit.base_url) for url in visit.checked] == [
        "/accounts/login/",
        "/me/",
        "/me/data/",
        "/me/data/consents/",
        f"/me/data/consents/{consent.pk}/withdraw/",
        "/me/data/consents/",
        "/me/data/",
        "/me/data/reads/",
    ]
