"""A work supervisor of a municipal work-training unit follows one participant, in Swedish,
every page checked by axe-core: the commissioner's referral asks for a work-ability
assessment, which the unit does not do, so it is taken out; a work analysis of a catalogue
task is an observation beside the participant's own rating; the motivation to come every day
moves from precontemplation to contemplation; an incident sends the participant home without
the day's compensation, which a team leader sees in the month's basis; and the report back to
the commissioner is written, reviewed, sent and opens as a PDF."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from lotsa.cohorts.models import CohortMember
from lotsa.core.tests.browser.conftest import Visit
from lotsa.testing.factories import (
    TEST_PASSWORD,
    CohortFactory,
    OrganisationFactory,
    ReferralFactory,
    UnitFactory,
    WorkUnitFactory,
)
from lotsa.testing.personas import KnutTeam
from lotsa.worktraining.models import (
    FunctionalRequirement,
    Incident,
    MotivationAssessment,
    ReportBack,
    TargetBehaviour,
    WorkAnalysis,
    WorkTask,
    WorkTrainingReferral,
)
from lotsa.worktraining.services.units import TaskDetails, save_work_task

pytestmark = pytest.mark.django_db(transaction=True)

PUNCTUALITY = FunctionalRequirement.PUNCTUALITY.value
PROTECTIVE_EQUIPMENT = FunctionalRequirement.PROTECTIVE_EQUIPMENT.value
ENDURANCE = FunctionalRequirement.ENDURANCE.value
TARGET_BEHAVIOUR = "komma till arbetsträningen varje dag"
RECIPIENT = "Handläggare Eva Lund"


def save(visit: Visit, button: Any) -> None:
    """Submit a form with its button and check the page it leads to."""
    with visit.page.expect_navigation():
        button.click()
    visit.check_accessibility()


def error_free(visit: Visit) -> str:
    main = visit.page.locator("main").inner_text()
    assert "error-summary" not in visit.page.content(), main
    return main


def compensation_of(visit: Visit, path: str, name: str) -> tuple[str, str, str]:
    """The participant's sent-home, withheld and compensable days in the month's basis."""
    visit.go(path)
    rows = {
        row.locator("th").inner_text(): row.locator("td").all_inner_texts()
        for row in visit.page.locator("main tbody tr").all()
    }
    # Columns: identity, present, late, minutes, sick, absent, sent home, withheld, compensable
    cells = rows[name]
    return cells[6], cells[7], cells[8]


def sanding_task(team: KnutTeam, work_unit: Any) -> WorkTask:
    return save_work_task(
        actor=team.team_leader,
        work_unit=work_unit,
        details=TaskDetails(
            name="Slipning",
            steps=["Ta på skyddsutrustning", "Slipa ytan", "Städa arbetsplatsen"],
            requirements={PUNCTUALITY: 2, PROTECTIVE_EQUIPMENT: 3, ENDURANCE: 2},
        ),
    )


def test_a_work_supervisor_follows_a_participant_from_referral_to_report_back(
    knut_team: KnutTeam, visit: Visit, browser: Any, live_server: Any
) -> None:
    today = timezone.localdate()
    case = knut_team.enrolment
    name = case.participant.display_name
    cohort = CohortFactory.create(
        unit=knut_team.unit, programme_code="knut_pv", starts_on=today - datetime.timedelta(30)
    )
    CohortMember.objects.create(cohort=cohort, enrolment=case, joined_on=cohort.starts_on)
    work_unit = WorkUnitFactory.create(
        unit=knut_team.unit, name="Snickeriet", cohort=cohort, daily_rate=Decimal("62.50")
    )
    task = sanding_task(knut_team, work_unit)
    social_services = OrganisationFactory.create(name="Testviks socialtjänst")
    office = UnitFactory.create(organisation=social_services, name="Försörjningsstöd", runs=[])
    ReferralFactory.create(
        from_unit=office,
        to_unit=knut_team.unit,
        programme_model="knut_pv",
        status="accepted",
        enrolment=case,
        participant=case.participant,
        report_back="summary",
    )
    page = visit.page
    visit.sign_in(knut_team.work_supervisor.username, TEST_PASSWORD)

    # The commissioner's referral asks for work training and a work-ability assessment.
    visit.go(f"/work-training/cases/{case.pk}/referral/")
    page.locator("select[name=commissioner]").select_option("municipal_social_assistance")
    page.locator("input[name=commissioner_name]").fill("Försörjningsstöd, Testvik")
    page.locator("textarea[name=stated_needs]").fill("Behöver komma in i rutiner och arbete.")
    page.locator("input[name=requested_services][value=work_training]").check()
    page.locator("input[name=requested_services][value=work_ability_assessment]").check()
    page.locator("textarea[name=to_train_or_test]").fill("Arbetsförmåga och uthållighet.")
    page.locator("select[name=participant_category]").select_option("regular")
    form_button = page.locator("main form[method=post] button[type=submit]")
    save(visit, form_button)
    warning = page.locator("main").inner_text()
    assert "Arbetsförmågebedömning är inget som en arbetsträningsverksamhet kan utföra" in warning
    assert "Föreslå uppdragsgivaren Observation av funktionsförmåga i stället" in warning
    assert not WorkTrainingReferral.objects.exists()
    page.locator("input[name=requested_services][value=work_ability_assessment]").uncheck()
    save(visit, form_button)
    error_free(visit)
    referral = WorkTrainingReferral.objects.get(enrolment=case)
    assert referral.requested_services == ["work_training"]
    assert referral.assessment_warning_shown_on is None
    assert "Arbetsförmågebedömning" not in page.locator("main dl").inner_text()

    # A work analysis of the carpentry's sanding task: self-rating and observation.
    visit.go(f"/work-training/cases/{case.pk}/work-analyses/")
    save(visit, page.get_by_role("link", name="Snickeriet: Slipning"))
    page.locator("input[name=purpose][value=job_matching]").check()
    observed = {PUNCTUALITY: ("3", "3"), PROTECTIVE_EQUIPMENT: ("2", "2")}
    for requirement, (self_rating, level) in observed.items():
        page.locator(f"input[name=self_rating_{requirement}]").fill(self_rating)
        page.locator(f"select[name=observed_level_{requirement}]").select_option(level)
        page.locator(f"textarea[name=observation_{requirement}]").fill("Sågs under veckan.")
    save(visit, page.locator("main form[method=post] button[type=submit]"))
    main = error_free(visit)
    analysis = WorkAnalysis.objects.get(enrolment=case, task=task)
    assert page.url.endswith(f"/work-training/work-analyses/{analysis.pk}/")
    assert "observation" in main.lower()
    assert "bedömning" not in main.lower()
    match = {
        row.locator("th").inner_text(): row.locator("td").all_inner_texts()
        for row in page.locator("main tbody tr").all()
    }
    with translation.override("sv"):
        labels = {code: str(label) for code, label in FunctionalRequirement.choices}
    assert match[labels[PUNCTUALITY]][-1] == "Uppnått"
    assert match[labels[PROTECTIVE_EQUIPMENT]][-1] == "Inte ännu"
    assert match[labels[ENDURANCE]][-1] == "Inte observerat"

    # Motivational interviewing about coming every day: precontemplation, then contemplation.
    first_talk = today - datetime.timedelta(7)
    visit.go(f"/work-training/cases/{case.pk}/motivation/")
    page.locator("input[name=problem]").fill("Kommer sällan till arbetsträningen.")
    page.locator("input[name=behaviour]").fill(TARGET_BEHAVIOUR)
    page.locator("input[name=day]").fill(first_talk.isoformat())
    save(visit, page.get_by_role("button", name="Spara målbeteendet"))
    error_free(visit)
    behaviour = TargetBehaviour.objects.get(enrolment=case)
    visit.go(f"/work-training/behaviours/{behaviour.pk}/")
    for assessed_on, stage, rulers in (
        (first_talk, "precontemplation", ("", "")),
        (today, "contemplation", ("6", "4")),
    ):
        form = page.locator(f"form[action$='/behaviours/{behaviour.pk}/assess/']")
        form.locator("input[name=assessed_on]").fill(assessed_on.isoformat())
        form.locator(f"input[name=stage][value={stage}]").check()
        form.locator("input[name=importance]").fill(rulers[0])
        form.locator("input[name=confidence]").fill(rulers[1])
        save(visit, form.get_by_role("button", name="Registrera fasen"))
        error_free(visit)
    visit.go(f"/work-training/behaviours/{behaviour.pk}/")
    assert "Senaste fas: Begrundande" in page.locator("main").inner_text()
    stages = [
        row.locator("td").all_inner_texts()[1:5]
        for row in page.locator("main table").first.locator("tbody tr").all()
    ]
    assert sorted(stages) == sorted(
        [["Förbegrundande", "–", "–", "–"], ["Begrundande", "–", "6", "4"]]
    )
    assert [
        (a.stage, a.importance, a.confidence)
        for a in MotivationAssessment.objects.filter(behaviour=behaviour).order_by("assessed_on")
    ] == [("precontemplation", None, None), ("contemplation", 6, 4)]

    # The day's attendance, then the team leader's view of the month's compensation basis.
    daily = f"/work-training/work-units/{work_unit.pk}"
    visit.go(f"{daily}/workday/")
    page.locator(f"select[name=member_{case.pk}]").select_option("present")
    save(visit, page.locator("main form[method=post] button[type=submit]"))
    error_free(visit)
    leader_context = browser.new_context(locale="sv-SE", bypass_csp=True)
    leader = Visit(leader_context.new_page(), live_server.url)
    leader.sign_in(knut_team.team_leader.username, TEST_PASSWORD)
    before = compensation_of(leader, f"{daily}/compensation/", name)
    assert before == ("0", "0", "1")

    # An incident sends the participant home without the day's compensation.
    visit.go(f"{daily}/incidents/")
    page.locator("select[name=enrolment]").select_option(str(case.pk))
    page.locator("input[name=kind][value=conflict]").check()
    page.locator("input[name=sent_home]").check()
    page.locator("input[name=without_compensation]").check()
    page.locator("textarea[name=note]").fill("Hotfullt uttalande mot en kollega.")
    save(visit, page.locator("main form[method=post] button[type=submit]"))
    error_free(visit)
    assert Incident.objects.get(enrolment=case).without_compensation
    after = compensation_of(leader, f"{daily}/compensation/", name)
    assert after == ("1", "1", str(int(before[2]) - 1))
    leader_context.close()

    # The report back to the commissioner: written, reviewed, sent, and its PDF.
    visit.go(f"/work-training/cases/{case.pk}/report-back/")
    page.locator("textarea[name=development]").fill("Kommer oftare och tar ansvar för slipningen.")
    page.locator("textarea[name=next_steps]").fill("Fortsatt arbetsträning fyra dagar i veckan.")
    save(visit, page.get_by_role("button", name="Spara återrapporten"))
    error_free(visit)
    report = ReportBack.objects.get(enrolment=case)
    visit.go(f"/work-training/report-back/{report.pk}/")
    save(visit, page.get_by_role("button", name="Registrera granskningen"))
    error_free(visit)
    send = page.locator(f"form[action$='/report-back/{report.pk}/send/']")
    assert send.locator("select[name=recipient_organisation] option:checked").inner_text() == (
        social_services.name
    )
    send.locator("input[name=recipient]").fill(RECIPIENT)
    save(visit, send.get_by_role("button", name="Registrera att den skickats"))
    main = error_free(visit)
    assert f"Skickad till {RECIPIENT}, {social_services.name}" in main
    report.refresh_from_db()
    assert (report.status, report.sent_to, report.sent_to_organisation_id) == (
        "sent",
        RECIPIENT,
        social_services.pk,
    )
    pdf_link = page.get_by_role("link", name="Ladda ner som pdf")
    pdf = page.context.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
