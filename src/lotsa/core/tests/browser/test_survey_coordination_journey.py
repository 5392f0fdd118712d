"""A coordinator issues a survey ID, reads the key and prints the slip for a paper survey,
sends a user-survey round with one-time links and records a finding; a caseworker answers the
unit's staff survey. Every page passes axe-core."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from lotsa.pathways.models import Enrolment
from lotsa.people.services import record_consent
from lotsa.surveys.models import Finding, Response, SurveyKey
from lotsa.surveys.services.rounds import create_round
from lotsa.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("round_instruments")]


def submit(visit: Any, form: Any) -> None:
    with visit.page.expect_navigation():
        form.locator("button[type=submit]").click()
    visit.check_accessibility()


def test_a_coordinator_runs_the_units_surveys_and_staff_answer_them(
    personas: Any, visit: Any
) -> None:
    today = timezone.localdate()
    joint = Enrolment.objects.get(participant=personas.joint)
    record_consent(
        actor=personas.fk_caseworker,
        participant=personas.joint,
        kind="survey",
        given_on=today - datetime.timedelta(days=3),
    )
    staff_round = create_round(
        actor=personas.coordinator,
        unit=personas.joint_team,
        instrument_code="test_staff",
        title="Personalenkät våren",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=14),
        invited=6,
    )
    page = visit.page
    visit.sign_in(personas.coordinator.username, TEST_PASSWORD)

    visit.go("/surveys/ids/")
    row = page.locator("tr", has_text=personas.joint.display_name)
    submit(visit, row.locator("form"))
    key = SurveyKey.objects.get(participant=personas.joint, programme=joint.programme_model)
    code = key.survey_id.code
    with page.expect_navigation():
        page.locator("tr", has_text=personas.joint.display_name).get_by_role(
            "link", name=code
        ).click()
    visit.check_accessibility()
    assert personas.joint.display_name in page.content()
    with page.expect_navigation():
        page.locator('a[href$="/slip/"]').click()
    visit.check_accessibility()
    assert code in page.content()
    assert personas.joint.last_name not in page.content()

    visit.go(f"/surveys/rounds/unit/{personas.joint_team.pk}/")
    form = page.locator("main form")
    form.locator("[name=instrument_code]").select_option("test_user")
    form.locator("[name=title]").fill("Brukarenkät")
    form.locator("[name=opens_on]").fill(today.isoformat())
    form.locator("[name=closes_on]").fill((today + datetime.timedelta(days=30)).isoformat())
    form.locator("[name=invited]").fill("20")
    submit(visit, form)
    links_form = page.locator("main form")
    links_form.locator("[name=count]").fill("2")
    submit(visit, links_form)
    assert page.locator("ol.survey-links li").count() == 2

    visit.go(f"/surveys/findings/unit/{personas.joint_team.pk}/")
    form = page.locator("main form")
    form.locator("[name=text]").fill("Brukarna väntar länge på första mötet.")
    form.locator("[name=category][value=can_do_now]").check()
    form.locator("[name=owner]").select_option(str(personas.fk_caseworker.pk))
    form.locator("[name=follow_up_on]").fill((today + datetime.timedelta(days=30)).isoformat())
    form.locator("[name=source_note]").fill("Brukarenkäten")
    submit(visit, form)
    finding = Finding.objects.get()
    with page.expect_navigation():
        page.locator(f'a[href="/surveys/findings/{finding.pk}/"]').click()
    visit.check_accessibility()
    visit.sign_out()

    visit.sign_in(personas.fk_caseworker.username, TEST_PASSWORD)
    visit.go("/surveys/")
    with page.expect_navigation():
        page.locator(f'a[href="/surveys/rounds/{staff_round.pk}/answer/"]').click()
    visit.check_accessibility()
    form = page.locator("main form")
    form.locator("[name=item_cooperation][value='4']").check()
    submit(visit, form)
    assert Response.objects.get(round=staff_round).respondent_group == "forsakringskassan"
