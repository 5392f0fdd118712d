"""A participant on their phone (390 px) answers the survey at the start in easy-read Swedish;
someone with a one-time link answers a user survey once and is refused the second time. Every
page passes axe-core."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from lotsa.pathways.models import Enrolment
from lotsa.surveys.instruments import current_instrument
from lotsa.surveys.models import (
    Channel,
    Response,
    SurveyId,
    SurveyKey,
    SurveyLink,
    SurveyRound,
    hash_link_token,
    new_survey_code,
)
from lotsa.testing.factories import TEST_PASSWORD, ParticipantAccountFactory

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
TOKEN = "journey-token-handed-out-once"


def _answer_every_question(page: Any) -> None:
    for fieldset in page.locator("form.survey fieldset").all():
        fieldset.locator("label").first.click()


def test_a_participant_answers_in_easy_read_and_a_link_is_answered_once(
    personas: Any, case: Any, visit: Any
) -> None:
    today = timezone.localdate()
    enrolment: Enrolment = case(
        "amia", referred_on=today - datetime.timedelta(days=10), started_on=today
    )
    survey_id = SurveyId.objects.create(
        code=new_survey_code(), unit_id=enrolment.unit_id, programme="amia", issued_on=today
    )
    SurveyKey.objects.create(
        survey_id=survey_id,
        participant_id=enrolment.participant_id,
        programme="amia",
        issued_by=personas.coach_a,
    )
    account = ParticipantAccountFactory(participants=[enrolment.participant])
    page = visit.page
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
    with page.expect_navigation():
        page.locator("form.survey button[type=submit]").click()
    visit.check_accessibility()
    assert page.url.endswith("/me/surveys/thanks/")
    response = Response.objects.get()
    assert (response.survey_id, response.wave, response.channel) == (
        survey_id,
        "t1",
        Channel.OWN_SPACE,
    )
    visit.sign_out()

    instrument = current_instrument("amia_participant")
    survey_round = SurveyRound.objects.create(
        unit=personas.unit_a,
        instrument=instrument.code,
        version=instrument.version,
        title="Brukarenkät",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=14),
        invited=10,
        created_by=personas.team_leader_a,
    )
    SurveyLink.objects.create(round=survey_round, token_hash=hash_link_token(TOKEN))
    visit.go(f"/survey/{TOKEN}/")
    _answer_every_question(page)
    with page.expect_navigation():
        page.locator("form.survey button[type=submit]").click()
    visit.check_accessibility()
    assert Response.objects.filter(round=survey_round, channel=Channel.LINK).count() == 1
    refused = visit.go(f"/survey/{TOKEN}/")
    assert refused is not None and refused.status == 410
