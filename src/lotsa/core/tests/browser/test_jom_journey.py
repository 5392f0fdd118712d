"""Journey 3, in the Danish interface: a jobcentre runs a JOM cohort from referral through
preparation, teaching and internship, re-refers one participant and records how the others end."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from lotsa.organisations.models import Organisation, Role
from lotsa.pathways.models import Enrolment
from lotsa.people.models import Consent
from lotsa.testing.factories import (
    TEST_PASSWORD,
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_jobcentre_runs_a_jom_cohort_in_danish(visit: Any) -> None:
    today = timezone.localdate()
    jobcentre = OrganisationFactory(
        name="Jobcenter Testby", country="DK", kind=Organisation.Kind.JOBCENTRE
    )
    unit = UnitFactory(organisation=jobcentre, name="JOM-hold Testby", runs=["jom"])
    coach = UserFactory(language="da")
    MembershipFactory(user=coach, unit=unit, role=Role.COACH)
    enrolments = []
    for _person in range(3):
        enrolment = EnrolmentFactory(
            unit=unit, responsible_staff=coach, programme_model="jom", phase="referral",
            status="referred", start_date=None, referral_date=today, phase_since=today,
        )  # fmt: skip
        Consent.objects.create(
            participant=enrolment.participant, kind="participation", given_on=today,
            given_to=jobcentre, recorded_by=coach,
        )  # fmt: skip
        enrolments.append(enrolment)
    page = visit.page
    visit.sign_in(coach.username, TEST_PASSWORD)
    assert page.locator("html").get_attribute("lang") == "da"

    visit.go(f"/units/{unit.pk}/cohorts/")
    page.get_by_label("Navn").fill("Hold forår")
    page.get_by_label("Startdato").fill(today.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Opret hold").click()
    visit.check_accessibility()
    for enrolment in enrolments:
        page.locator("summary", has_text="Tilføj en deltager").click()
        page.get_by_label("Deltager:", exact=True).select_option(str(enrolment.pk))
        with page.expect_navigation():
            page.get_by_role("button", name="Tilføj en deltager").click()
        visit.check_accessibility()
    members = page.locator("main").inner_text()
    assert all(e.participant.last_name in members for e in enrolments)

    for enrolment in enrolments:
        visit.go(f"/cases/{enrolment.pk}/")
        visit.act("start")
        for phase in ("preparation", "teaching", "internship"):
            visit.act(
                "transition",
                lambda panel, p=phase: panel.get_by_label("Ny fase").select_option(p),
            )
        assert "Praktik" in page.locator("dl.facts").inner_text()

    # One participant goes back to the jobcentre; the others end in a job and in education.
    visit.go(f"/cases/{enrolments[0].pk}/")
    visit.act("transition", lambda panel: (
        panel.get_by_label("Ny fase").select_option("re_referred"),
        panel.get_by_label("Notat").fill("Aftalt med sagsbehandler: tilbage til jobcentret."),
    ))  # fmt: skip
    assert "Tilbagevisiteret" in page.locator("dl.facts").inner_text()
    for enrolment, reason, shown in (
        (enrolments[1], "job", "Ordinært job – Job"),
        (enrolments[2], "education", "Uddannelse – Uddannelse"),
    ):
        visit.go(f"/cases/{enrolment.pk}/")
        visit.act(
            "exit",
            lambda panel, r=reason: panel.get_by_label("Afslutningsårsag").select_option(r),
        )
        assert shown in page.locator("dl.facts").inner_text()
    statuses = dict(Enrolment.objects.filter(unit=unit).values_list("pk", "phase"))
    assert [statuses[e.pk] for e in enrolments] == ["re_referred", "closed", "closed"]
