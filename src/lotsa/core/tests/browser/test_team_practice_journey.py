"""Journey: a coach logs last week's time and a reflection on a phone; the team leader records a
unit meeting with a job lead and cover, and a supervision session, and takes an improvement
through a whole PDSA cycle; the fidelity reviewer then finds evidence from the records for all
but one of the scale's 25 items. axe-core checks every page on the way."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from lotsa.improvement.models import Improvement, ImprovementStatus
from lotsa.teamwork.models import JobLead, SupervisionEntry, UnitMeeting
from lotsa.testing.factories import TEST_PASSWORD
from lotsa.testing.fidelity import a_quarter_of_casework, planned_review
from lotsa.testing.personas import build_personas
from lotsa.timeuse.models import TimeEntry, WeeklyReflection

pytestmark = pytest.mark.django_db(transaction=True)

# Minutes a day by activity: 450 of 480 on employment services, 94 % once rounded.
A_DAY = {
    "direct_community": 180,
    "direct_office": 60,
    "employer_contacts": 90,
    "travel": 60,
    "documentation": 60,
    "other_tasks": 30,
}
NO_DATA = "inga uppgifter under perioden"
NO_RECORDS = "Registreringarna ger inget underlag"


def _reveal(form: Any) -> Any:
    """The form, its folded panel opened as a user opens it."""
    panel = form.locator("xpath=ancestor::details[1]")
    if panel.count() and panel.get_attribute("open") is None:
        panel.locator("summary").first.click()
    return form


def _submit(visit: Any, form: Any) -> None:
    with visit.page.expect_navigation():
        form.locator("button[type=submit]").first.click()
    visit.check_accessibility()
    assert "error-summary" not in visit.page.content(), visit.page.url


def _log_last_week_on_a_phone(visit: Any, week: datetime.date) -> None:
    visit.page.set_viewport_size({"width": 375, "height": 740})
    year, number, _weekday = week.isocalendar()
    value = f"{year}-W{number:02d}"
    for weekday in range(5):
        visit.go(f"/time-use/week/?week={value}&day={weekday}")
        for activity, minutes in A_DAY.items():
            visit.page.locator(f"[name={activity}_{weekday}]").fill(str(minutes))
        with visit.page.expect_navigation():
            visit.page.get_by_role("button", name="Spara tidsloggen").click()
        visit.check_accessibility()
    visit.go(f"/time-use/reflection/?week={value}")
    for area in visit.page.locator("form textarea").all():
        area.fill("Fler arbetsgivarbesök än förra veckan; mindre dokumentation på kvällen.")
    visit.page.get_by_label("Dela med min teamledare").check()
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="Spara reflektionen").click()
    visit.check_accessibility()
    visit.page.set_viewport_size({"width": 1280, "height": 900})


def _record_unit_meeting_and_supervision(visit: Any, personas: Any, day: datetime.date) -> None:
    unit = personas.unit_a.pk
    visit.go(f"/teamwork/units/{unit}/unit-meetings/")
    form = _reveal(
        visit.page.locator("form[method=post]", has=visit.page.locator("[name=attendees]"))
    )
    form.locator("[name=held_on]").fill(day.isoformat())
    for staff in (personas.coach_a, personas.colleague_a):
        form.get_by_label(staff.get_full_name() or staff.username, exact=True).check()
    form.locator("[name=note]").fill("Genomgång av nya jobbtips och semestertäckning.")
    _submit(visit, form)
    meeting = UnitMeeting.objects.get(unit=personas.unit_a)
    if not visit.page.url.endswith(f"/unit-meetings/{meeting.pk}/"):
        visit.go(f"/teamwork/unit-meetings/{meeting.pk}/")
    lead = visit.page.locator("details", has=visit.page.locator("input[name=what][value=lead]"))
    lead.locator("summary").click()
    lead.locator("[name=shared_by]").select_option(str(personas.colleague_a.pk))
    lead.locator("[name=employer_name]").fill("Stadsbiblioteket")
    lead.locator("[name=job]").fill("Biblioteksassistent, 50 %")
    _submit(visit, lead.locator("form"))
    cover = visit.page.locator("details", has=visit.page.locator("input[name=what][value=cover]"))
    cover.locator("summary").click()
    cover.locator("[name=covering]").select_option(str(personas.colleague_a.pk))
    cover.locator("[name=covered]").select_option(str(personas.coach_a.pk))
    cover.locator("[name=starts_on]").fill(day.isoformat())
    cover.locator("[name=ends_on]").fill((day + datetime.timedelta(days=4)).isoformat())
    _submit(visit, cover.locator("form"))
    assert meeting.job_leads.count() == 1 and meeting.covers.count() == 1

    visit.go(f"/teamwork/units/{unit}/supervision/")
    form = _reveal(
        visit.page.locator("form[method=post]", has=visit.page.locator("[name=element]"))
    )
    form.locator("[name=element]").select_option("group")
    form.locator("[name=held_on]").fill(day.isoformat())
    form.get_by_label(personas.coach_a.get_full_name() or personas.coach_a.username).check()
    form.locator("[name=note]").fill("Två svåra fall; plan för arbetsgivarkontakt.")
    _submit(visit, form)


def _improvement_through_a_pdsa_cycle(visit: Any, personas: Any, today: datetime.date) -> None:
    visit.go(f"/improvement/units/{personas.unit_a.pk}/")
    form = _reveal(visit.page.locator("form[method=post]", has=visit.page.locator("[name=title]")))
    form.locator("[name=title]").fill("Jobbtips på varje enhetsmöte")
    form.locator("[name=source]").select_option(index=1)
    form.locator("[name=impact]").select_option("high")
    form.locator("[name=effort]").select_option("low")
    _submit(visit, form)
    improvement = Improvement.objects.get(unit=personas.unit_a, title__startswith="Jobbtips")
    if f"/improvements/{improvement.pk}/" not in visit.page.url:
        visit.go(f"/improvement/improvements/{improvement.pk}/")
    steps = {
        "plan": {
            "what": "Varje arbetsspecialist tar med ett jobbtips till mötet.",
            "prediction": "Fler arbetsgivare att kontakta.",
            "measure": "Jobbtips per möte",
            "planned_on": today.isoformat(),
        },
        "do": {"on": today.isoformat(), "do_notes": "Alla tog med minst ett tips."},
        "study": {"on": today.isoformat(), "result": "Fyra tips per möte mot ett tidigare."},
        "act": {
            "on": today.isoformat(),
            "decision": None,
            "act_notes": "Vi behåller arbetssättet.",
        },
    }
    for step, fields in steps.items():
        form = _reveal(
            visit.page.locator(
                "form[method=post]", has=visit.page.locator(f"input[name=form][value={step}]")
            )
        )
        for name, value in fields.items():
            field = form.locator(f"[name={name}]")
            if value is None:
                field.select_option(index=0)
            elif field.count():
                field.fill(value)
        _submit(visit, form)
    cycle = improvement.cycles.get()
    assert cycle.done_on and cycle.studied_on and cycle.acted_on
    improvement.refresh_from_db()
    assert improvement.status in (ImprovementStatus.IN_PROGRESS, ImprovementStatus.DONE)


def test_team_practice_becomes_fidelity_evidence(visit: Any) -> None:
    personas = build_personas()
    today = timezone.localdate()
    last_week = today - datetime.timedelta(days=today.weekday() + 7)
    a_quarter_of_casework(personas, today)
    review = planned_review(personas, today - datetime.timedelta(days=90), today)

    visit.sign_in(personas.coach_a.username, TEST_PASSWORD)
    _log_last_week_on_a_phone(visit, last_week)
    assert TimeEntry.objects.filter(staff=personas.coach_a).count() == 5 * len(A_DAY)
    assert WeeklyReflection.objects.get(staff=personas.coach_a, week=last_week).shared
    visit.sign_out()

    visit.sign_in(personas.team_leader_a.username, TEST_PASSWORD)
    _record_unit_meeting_and_supervision(visit, personas, last_week + datetime.timedelta(days=1))
    assert JobLead.objects.count() == 1 and SupervisionEntry.objects.count() == 1
    _improvement_through_a_pdsa_cycle(visit, personas, today)
    visit.sign_out()

    visit.sign_in(personas.reviewer.username, TEST_PASSWORD)
    visit.go(f"/fidelity/{review.pk}/")
    evidenced = []
    for number in range(1, 26):
        text = visit.page.locator(f"#item-{number}").inner_text()
        if NO_DATA not in text and NO_RECORDS not in text:
            evidenced.append(number)
    assert len(evidenced) >= 23, evidenced
    assert {2, 4, 5, 7, 8, 11} <= set(evidenced)
    time_use = visit.page.locator("#item-2").inner_text()
    assert "94\xa0%" in time_use or "94 %" in time_use, time_use
    assert "förslag: 4" in time_use, time_use
    visit.go(f"/fidelity/{review.pk}/evidence/7/")
    assert "Stadsbiblioteket" not in visit.page.content()  # a job lead's employer is no figure
    assert visit.page.locator("table").first.locator("tbody tr").count() == 1
