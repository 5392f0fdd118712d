"""A JOM course under organisation model 2, in the Danish interface: the jobcentre's team leader
sets the course up with its provider contract and timetable, the provider's teacher admits a
referred participant, and the company consultant carries the agreement guide through signatures,
the company brief, the internship with its follow-up and the aftercare level."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from lotsa.accounts.models import User
from lotsa.employment.models import ContactPerson, Employer, Sector
from lotsa.jom.models import AdmissionAssessment, Course, InternshipAgreement
from lotsa.jom.models.internship import Internship
from lotsa.testing.factories import TEST_PASSWORD, CohortFactory
from lotsa.testing.personas import JomTeam

pytestmark = pytest.mark.django_db(transaction=True)

CONTRACT_HOURS = {"teaching": "120.0", "admission": "16.0"}
SUPPORT_NEEDS = "Faste opgaver og en fast kontaktperson hver morgen."
WARNING_SIGNS = "Trækker sig fra frokostpausen og sover dårligt."
MAY_KNOW = "At jeg har brug for ro og klare aftaler."


def _submit(visit: Any, form: Any) -> None:
    """Send a form as its user would and check the page it leads to."""
    with visit.page.expect_navigation():
        form.locator("button[type=submit]").click()
    visit.check_accessibility()
    errors = visit.page.locator("main .error-summary[role=alert]")
    assert not errors.count(), f"{visit.page.url}: {errors.all_inner_texts()}"


def _follow(visit: Any, href_end: str) -> None:
    with visit.page.expect_navigation():
        visit.page.locator(f"main a[href$='{href_end}']").first.click()
    visit.check_accessibility()


def _field(visit: Any, name: str) -> Any:
    return visit.page.locator(f"main [name='{name}']")


def _choose(visit: Any, name: str, value: str) -> None:
    visit.page.locator(f"main input[name='{name}'][value='{value}']").check()


def _sign_in_as(visit: Any, user: User) -> None:
    if (
        visit.page.url.startswith(visit.base_url)
        and visit.page.get_by_role("button", name="Log ud").count()
    ):
        with visit.page.expect_navigation():
            visit.page.get_by_role("button", name="Log ud").click()
    visit.sign_in(user.username, TEST_PASSWORD)
    assert visit.page.locator("html").get_attribute("lang") == "da"


def test_a_jobcentre_runs_an_organisation_model_2_course_to_aftercare(
    visit: Any, jom_team: JomTeam
) -> None:
    today = timezone.localdate()
    User.objects.filter(memberships__unit=jom_team.unit).update(language="da")
    cohort = CohortFactory.create(
        unit=jom_team.unit,
        name="Hold efterår",
        starts_on=today - datetime.timedelta(days=today.weekday()),
    )
    employer = Employer.objects.create(
        name="Lager Testrup ApS", country="DK", organisation_number="DK20000001",
        sector=Sector.PRIVATE,
    )  # fmt: skip
    signatory = ContactPerson.objects.create(employer=employer, name="Mette Lagerchef")
    enrolment = jom_team.enrolment
    name = enrolment.participant.display_name
    page = visit.page

    # The team leader records the provider contract and runs the cohort as a course.
    _sign_in_as(visit, jom_team.project_leader)
    visit.go(reverse("jom:unit_courses", args=[jom_team.unit.pk]))
    _follow(visit, "/contracts/new/")
    _field(visit, "provider").select_option(str(jom_team.provider.pk))
    _field(visit, "valid_from").fill(today.isoformat())
    _field(visit, "contact_person").select_option(str(jom_team.caseworker.pk))
    for task, hours in CONTRACT_HOURS.items():
        _field(visit, f"hours_{task}").fill(hours)
    _submit(visit, page.locator("main form"))
    contracts = page.locator("main").inner_text()
    assert jom_team.provider.name in contracts
    assert str(jom_team.caseworker) in contracts

    visit.go(reverse("cohorts:cohort", args=[cohort.pk]))
    _follow(visit, reverse("jom:course_new", args=[cohort.pk]))
    _choose(visit, "organisation_model", "2")
    _field(visit, "preparation_weeks").fill("4")
    _choose(visit, "teaching_weeks", "4")
    _field(visit, "internship_weeks").fill("12")
    _field(visit, "provider_contract").select_option(index=1)
    _submit(visit, page.locator("main form"))
    course = Course.objects.get(cohort=cohort)
    assert course.organisation_model == 2
    assert jom_team.provider.name in page.locator("#contract-heading + dl").inner_text()

    _follow(visit, reverse("jom:timetable", args=[course.pk]))
    _submit(visit, page.locator("main form"))
    assert "20 uger" in page.locator("main").inner_text()
    teaching_rows = page.locator("main table").nth(1).locator("tbody tr")
    assert teaching_rows.count() > 0

    # The provider's teacher admits the referred participant.
    _sign_in_as(visit, jom_team.teacher)
    visit.go(reverse("jom:course", args=[course.pk]))
    _follow(visit, reverse("jom:admission_new", args=[course.pk]))
    _field(visit, "enrolment").select_option(str(enrolment.pk))
    _choose(visit, "treatment_status", "in_treatment")
    _choose(visit, "substance_use", "none")
    _choose(visit, "cognitive_barriers", "none")
    _field(visit, "open_to_group_work").check()
    _submit(visit, page.locator("main form"))
    _choose(visit, "decision", "admitted")
    _submit(visit, page.locator("main form"))
    admissions = page.locator("#admission-heading ~ div table tbody").inner_text()
    assert name in admissions
    assert "Optaget" in admissions
    assessment = AdmissionAssessment.objects.get(course=course, enrolment=enrolment)
    assert assessment.decided_by == jom_team.teacher

    # The company consultant writes the agreement guide: the company may know the support needs.
    _sign_in_as(visit, jom_team.company_consultant)
    visit.go(reverse("jom:case-internship", args=[enrolment.pk]))
    _follow(visit, reverse("jom:agreement-edit", args=[enrolment.pk]))
    _field(visit, "employer").select_option(str(employer.pk))
    _field(visit, "support_needs").fill(SUPPORT_NEEDS)
    _field(visit, "warning_signs").fill(WARNING_SIGNS)
    _field(visit, "company_may_know").fill(MAY_KNOW)
    _choose(visit, "shared_sections", "support_needs")
    _choose(visit, "shared_sections", "company_may_know")
    _field(visit, "consent_given_on").fill(today.isoformat())
    _submit(visit, page.locator("main form"))
    agreement = InternshipAgreement.objects.get(enrolment=enrolment)
    assert page.url.endswith(reverse("jom:agreement", args=[agreement.pk]))

    for signer in ("participant_on_paper", "company", "jobcentre"):
        _choose(visit, "signer", signer)
        if signer == "company":
            _field(visit, "signatory").select_option(str(signatory.pk))
        _submit(visit, page.locator("main form"))
    agreement.refresh_from_db()
    assert (
        agreement.participant_signed_on,
        agreement.company_signed_on,
        agreement.jobcentre_signed_on,
    ) == (today, today, today)
    assert agreement.participant_signature_recorded_by == jom_team.company_consultant
    signatures = page.locator("main table").first.inner_text()
    assert "på papir" in signatures
    assert signatory.name in signatures
    assert agreement.jobcentre_signed_by == jom_team.company_consultant

    visit.go(reverse("jom:company-brief", args=[agreement.pk]))
    brief = page.locator("main").inner_text()
    assert SUPPORT_NEEDS in brief
    assert MAY_KNOW in brief
    assert WARNING_SIGNS not in brief

    # The internship: reduced hours, the teaching day released, then a follow-up.
    visit.go(reverse("jom:case-internship", args=[enrolment.pk]))
    _follow(visit, reverse("jom:internship-new", args=[enrolment.pk]))
    _field(visit, "employer").select_option(str(employer.pk))
    _field(visit, "contact_person").select_option(str(signatory.pk))
    _field(visit, "company_consultant").select_option(str(jom_team.company_consultant.pk))
    _field(visit, "agreement").select_option(str(agreement.pk))
    _choose(visit, "kind", "reduced")
    _field(visit, "weekly_hours").fill("15")
    _field(visit, "planned_start_on").fill(today.isoformat())
    _field(visit, "starts_on").fill(today.isoformat())
    _field(visit, "teaching_day_released").check()
    _submit(visit, page.locator("main form"))
    internship = Internship.objects.get(enrolment=enrolment)
    assert (internship.kind, internship.weekly_hours, internship.teaching_day_released) == (
        "reduced", 15, True
    )  # fmt: skip
    visit.go(reverse("jom:case-internship", args=[enrolment.pk]))
    shown = page.locator(f"#internship-{internship.pk}").locator("..").inner_text()
    assert employer.name in shown
    assert "Nedsat timetal" in shown
    assert "Virksomheden frigiver deltageren" in shown

    _follow(visit, reverse("jom:follow-up", args=[internship.pk]))
    _choose(visit, "mode", "visit")
    _field(visit, "note").fill("Godt i gang; lederen er tilfreds.")
    _submit(visit, page.locator("main form"))
    visit.go(reverse("jom:case-internship", args=[enrolment.pk]))
    follow_up = (
        page.locator(f"#internship-{internship.pk}")
        .locator("..")
        .locator("li", has_text="Godt i gang; lederen er tilfreds.")
        .inner_text()
    )
    assert follow_up.startswith(f"{today:%d.%m.%Y}: Besøg på arbejdspladsen")

    # Aftercare level 2, with its reason.
    _follow(visit, reverse("jom:aftercare-level", args=[enrolment.pk]))
    _choose(visit, "level", "2")
    _field(visit, "reason").fill("Brug for kontakt hver anden uge det første halve år.")
    _submit(visit, page.locator("main form"))
    visit.go(reverse("jom:case-internship", args=[enrolment.pk]))
    aftercare = page.locator("#aftercare-heading ~ table tbody tr").first.inner_text()
    assert "2" in aftercare.split()
    assert "Brug for kontakt hver anden uge det første halve år." in aftercare
