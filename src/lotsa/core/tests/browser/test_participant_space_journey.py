"""A participant on their phone (390 px): signs in with a password, switches to easy-read
Swedish, reads their plan and signs it, and enters and submits a month's time report."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from lotsa.casework.services import PlanInput, PlanItemInput, revise_plan
from lotsa.participant_space.models import Signature, SignedDocument
from lotsa.pathways.models import Enrolment
from lotsa.testing.factories import TEST_PASSWORD, ParticipantAccountFactory
from lotsa.timereports.models import TimeReport

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def test_a_participant_reads_and_signs_the_plan_and_submits_a_month(
    personas: Any, case: Any, visit: Any
) -> None:
    today = timezone.localdate()
    started = today - datetime.timedelta(days=80)
    enrolment: Enrolment = case("amia", referred_on=started, started_on=started)
    revise_plan(
        actor=personas.coach_a,
        enrolment=enrolment,
        plan=PlanInput(
            long_term_goal="Arbeta i ett lager",
            sub_goals=["Pröva två arbetsplatser"],
            items=[PlanItemInput(activity="Studiebesök", ends_on=today)],
        ),
    )
    account = ParticipantAccountFactory(participants=[enrolment.participant])
    page = visit.page
    page.set_viewport_size(PHONE)

    visit.sign_in(account.user.username, TEST_PASSWORD)
    assert page.url.endswith("/me/")
    with page.expect_navigation():
        page.locator("form.reading-choice button").click()
    visit.check_accessibility()
    assert page.locator("html").get_attribute("lang") == "sv"

    visit.go("/me/plan/")
    main = page.locator("main")
    assert "Arbeta i ett lager" in main.inner_text()
    assert "Pröva två arbetsplatser" in main.inner_text()
    with page.expect_navigation():
        page.locator("form.sign-form button").click()
    visit.check_accessibility()
    signature = Signature.objects.get(document=SignedDocument.PLAN)
    assert signature.content["long_term_goal"] == "Arbeta i ett lager"
    assert page.locator("form.sign-form").count() == 0

    month = f"{today:%Y-%m}"
    visit.go("/me/time/")
    visit.go(f"/me/time/{enrolment.pk}/{month}/")
    for field in page.locator("input[name^=planned_]").all():
        field.fill("10")
    for field in page.locator("input[name^=actual_]").all():
        field.fill("7.5")
    with page.expect_navigation():
        page.locator("form:has(input[name^=planned_]) button[type=submit]").click()
    visit.check_accessibility()
    assert "error-summary" not in page.content()
    with page.expect_navigation():
        page.locator("form.sign-form button").click()
    visit.check_accessibility()
    report = TimeReport.objects.get(enrolment=enrolment)
    assert report.signed_on == today
    assert Signature.objects.filter(
        document=SignedDocument.TIME_REPORT, object_id=report.pk
    ).exists()
    assert page.locator("input[name^=planned_]").count() == 0
