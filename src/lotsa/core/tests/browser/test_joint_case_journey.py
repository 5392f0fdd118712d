"""Journey: the joint AMiA case across two agencies. A personal caseworker at Försäkringskassan's
local office refers a person; the joint team accepts, records the benefit, the consent and the
pair, holds a three-party meeting, writes and has the month's time report signed, records the
Work-Life Introduction and the joint assessment; both agencies approve the final documentation,
the participant signs it, and the case ends. axe-core checks every page shown."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from lotsa.documents.models import FinalDocument
from lotsa.organisations.models import Role
from lotsa.pathways.models import Enrolment
from lotsa.referrals.models import Referral
from lotsa.testing.factories import (
    TEST_PASSWORD,
    MembershipFactory,
    UnitFactory,
    UserFactory,
    swedish_number,
)
from lotsa.timereports.models import TimeReport

pytestmark = pytest.mark.django_db(transaction=True)


def submit(visit: Any, name: str) -> None:
    """Press the form's button and check the page it leads to."""
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name=name).click()
    visit.check_accessibility()
    assert "error-summary" not in visit.page.content(), name


def test_a_referral_becomes_a_joint_case_that_ends_with_signed_documentation(
    personas: Any, visit: Any
) -> None:
    today = timezone.localdate()
    office = UnitFactory(organisation=personas.fk, name="Lokalt försäkringscenter", runs=[])
    personal = UserFactory(username="fk_personal", first_name="Petra", last_name="Personlig")
    MembershipFactory(user=personal, unit=office, role=Role.COACH)
    page = visit.page

    # Försäkringskassan's personal caseworker refers the person to the joint team.
    visit.sign_in(personal.username, TEST_PASSWORD)
    visit.go("/referrals/new/")
    page.get_by_label("Mottagande enhet").select_option(label="Försäkringskassan – AMiA Testby")
    page.get_by_label("Programmodell").select_option("amia")
    page.get_by_label("Land som utfärdat identitetsnumret").select_option("SE")
    page.get_by_label("Identitetsnummer").fill(swedish_number(datetime.date(1975, 4, 2), 412))
    page.get_by_label("Förnamn").fill("Rut")
    page.get_by_label("Efternamn").fill("Remissberg")
    page.get_by_label("Personens behov").fill(
        "Sjukpenningdagarna tar slut; vill tillbaka till arbete."
    )
    page.get_by_label("Efterfrågad insats").fill("AMiA inför arbetslivsintroduktionen.")
    page.get_by_label("Den mottagande organisationen får återrapportera till din").select_option(
        "summary"
    )
    submit(visit, "Skicka remissen")
    assert "Skickad, väntar på svar" in page.locator("main").inner_text()
    visit.sign_out()

    # The joint team's FK caseworker accepts it from the inbox.
    visit.sign_in(personas.fk_caseworker.username, TEST_PASSWORD)
    visit.go("/referrals/")
    with page.expect_navigation():
        page.get_by_role("link", name="Rut Remissberg").click()
    visit.check_accessibility()
    submit(visit, "Ta emot och skriv in som remitterad")
    enrolment = Enrolment.objects.get(participant__last_name="Remissberg")
    assert (enrolment.unit, enrolment.status) == (personas.joint_team, "referred")
    case = f"/cases/{enrolment.pk}/"
    assert page.url.endswith(case)

    visit.act("benefits", lambda panel: (
        panel.locator("select[name='benefit_type']").select_option("sickness_benefit"),
        panel.get_by_label("Omfattning").select_option("1.00"),
        panel.get_by_label("Dagarna med ersättning tar slut den").fill(
            (today + datetime.timedelta(days=150)).isoformat()
        ),
    ))  # fmt: skip
    assert "Arbetslivsintroduktionen börjar" in page.locator("#benefit").inner_text()
    visit.go(f"/participants/{enrolment.participant_id}/")
    page.get_by_label("Typ av samtycke").select_option("participation")
    submit(visit, "Registrera samtycke")
    visit.go(case)
    visit.act("start")
    visit.act("handover", lambda panel: (
        panel.get_by_label("Medarbetare").select_option(label=str(personas.af_caseworker)),
        panel.get_by_label("Dela ansvaret i stället för att lämna över").check(),
    ))  # fmt: skip
    pair = page.locator("main").inner_text()
    assert f"Försäkringskassan: {personas.fk_caseworker}" in pair
    assert f"Arbetsförmedlingen: {personas.af_caseworker}" in pair

    # The three-party meeting, and the month's time report signed by the participant.
    visit.go(f"/cases/{enrolment.pk}/meetings/new/?type=information")
    submit(visit, "Registrera mötet")
    month = f"{today:%Y-%m}"
    visit.go(f"/cases/{enrolment.pk}/time-reports/{month}/")
    for field in page.locator("input[name^='planned_'], input[name^='actual_']").all():
        field.fill("6")
    submit(visit, "Spara tidsrapporten")
    submit(visit, "Registrera deltagarens underskrift")
    assert TimeReport.objects.get(enrolment=enrolment).signed_on == today

    # The Work-Life Introduction and the joint assessment of programme capacity.
    visit.go(case)
    visit.act("milestone", lambda panel: panel.get_by_label("Milstolpe").select_option("ali_start"))
    visit.go(f"/cases/{enrolment.pk}/meetings/new/?type=capacity_assessment")
    page.get_by_label("Programförmåga").select_option("yes")
    submit(visit, "Registrera mötet")

    # The final documentation: written, approved by FK, then by AF, then signed.
    visit.go(f"/cases/{enrolment.pk}/final-documentation/")
    page.get_by_label("Den gemensamma planeringen").fill("Stegvis ökad aktivitet mot arbete.")
    page.get_by_label("Genomförda aktiviteter").fill("Trepartsmöte, arbetsträning, uppföljningar.")
    page.locator("select[name='prerequisites']").select_option("yes")
    page.get_by_label("Den gemensamma bedömningen").fill("Kan delta i arbetsförberedande insatser.")
    submit(visit, "Spara slutdokumentationen")
    submit(visit, "Godkänn för min myndighet")
    visit.sign_out()
    visit.sign_in(personas.af_caseworker.username, TEST_PASSWORD)
    document = FinalDocument.objects.get(enrolment=enrolment)
    visit.go(f"/final-documentation/{document.pk}/")
    submit(visit, "Godkänn för min myndighet")
    submit(visit, "Registrera deltagarens underskrift")
    document.refresh_from_db()
    assert document.signed_on == today and document.approvals.count() == 2
    assert "den här versionen är låst" in page.locator("main").inner_text()

    # The case ends, and the referring caseworker learns that it was accepted.
    visit.go(case)
    visit.act("exit", lambda panel: panel.get_by_label("Skäl för avslut").select_option(
        "continues_af_programme"
    ))  # fmt: skip
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.exit_reason) == ("exited", "continues_af_programme")
    visit.sign_out()
    visit.sign_in(personal.username, TEST_PASSWORD)
    visit.go(f"/referrals/{Referral.objects.get().pk}/")
    assert "Accepterad" in page.locator("main").inner_text()
    assert len(visit.checked) >= 25
