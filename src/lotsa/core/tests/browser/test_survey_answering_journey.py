"""The coordinator issues a survey ID and sends a user survey with one-time links; the
participant, on their phone (390 px), answers the survey at the start in easy-read Swedish under
that ID; someone with a one-time link answers the user survey once and is refused the second
time. Every page passes axe-core."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from lotsa.organisations.models import Role
from lotsa.pathways.models import Enrolment
from lotsa.people.services import record_consent
from lotsa.surveys.instruments import current_instrument
from lotsa.surveys.models import Channel, Response, SurveyKey, SurveyLink
from lotsa.testing.factories import TEST_PASSWORD, MembershipFactory, ParticipantAccountFactory

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def _answer_every_question(page: Any) -> None:
    for fieldset in page.locator("form.survey fieldset").all():
        fieldset.locator("label").first.click()


def _submit(visit: Any, form: Any) -> None:
    with visit.page.expect_navigation():
        form.locator("button[type=submit]").click()
    visit.check_accessibility()


def test_an_id_is_issued_answered_in_easy_read_and_a_link_answered_once(
    personas: Any, case: Any, visit: Any
) -> None:
    today = timezone.localdate()
    enrolment: Enrolment = case(
        "amia", referred_on=today - datetime.timedelta(days=10), started_on=today
    )
    record_consent(
        actor=personas.coach_a, participant=enrolment.participant, kind="survey", given_on=today
    )
    coordinator = MembershipFactory(unit=personas.unit_a, role=Role.COORDINATOR).user
    page = visit.page

    # The coordinator issues the participant's survey ID and sends a user survey by links.
    visit.sign_in(coordinator.username, TEST_PASSWORD)
    visit.go("/surveys/ids/")
    _submit(visit, page.locator("tr", has_text=enrolment.participant.display_name).locator("form"))
    key = SurveyKey.objects.get(participant=enrolment.participant, programme="amia")
    assert key.issued_by == coordinator
    visit.go(f"/surveys/rounds/unit/{personas.unit_a.pk}/")
    form = page.locator("main form")
    form.locator("[name=instrument_code]").select_option("knut_user")
    form.locator("[name=title]").fill("Brukarenkät hösten")
    form.locator("[name=opens_on]").fill(today.isoformat())
    form.locator("[name=closes_on]").fill((today + datetime.timedelta(days=14)).isoformat())
    form.locator("[name=invited]").fill("12")
    _submit(visit, form)
    links = page.locator("main form")
    links.locator("[name=count]").fill("1")
    _submit(visit, links)
    link = page.locator("ol.survey-links li code").inner_text()
    assert SurveyLink.objects.filter(round__title="Brukarenkät hösten").count() == 1
    visit.sign_out()

    # The participant answers T1 in easy-read Swedish on their phone.
    account = ParticipantAccountFactory(participants=[enrolment.participant])
    page.set_viewport_size(PHONE)
    visit.sign_in(account.user.username, TEST_PASSWORD)
    with page.expect_navigation():
        page.locator("form.reading-choice button").click()
    assert page.locator("html").get_attribute("lang") == "sv"
    visit.go("/me/surveys/")
    with page.expect_navigation():
        page.locator("main ul.links a").first.click()
    visit.check_accessibility()
    easy = current_instrument("amia_participant").item("contacts_easier").easy.sv
    assert easy in page.locator("form.survey legend").all_inner_texts()
    _answer_every_question(page)
    _submit(visit, page.locator("form.survey"))
    assert page.url.endswith("/me/surveys/thanks/")
    response = Response.objects.get(channel=Channel.OWN_SPACE)
    assert (response.survey_id, response.wave) == (key.survey_id, "t1")
    visit.sign_out()

    # Someone with the one-time link answers the user survey once; the second time is refused.
    page.goto(link)
    visit.check_accessibility()
    _answer_every_question(page)
    _submit(visit, page.locator("form.survey"))
    answered = Response.objects.get(channel=Channel.LINK)
    assert (answered.instrument, answered.round.title) == ("knut_user", "Brukarenkät hösten")
    refused = page.goto(link)
    assert refused is not None and refused.status == 410
    visit.check_accessibility()
    assert Response.objects.filter(channel=Channel.LINK).count() == 1
