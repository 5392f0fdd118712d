"""A work supervisor's day at a work unit, in Swedish, every page checked by axe-core: the day's
attendance with a sick day and a late arrival, a line on the week's schedule published, an
incident that sends a participant home without the day's compensation; the team leader sees
the compensation basis lose that day, and the participant reads their schedule."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from lotsa.cohorts.models import Attendance, CohortMember
from lotsa.testing.factories import (
    TEST_PASSWORD,
    CohortFactory,
    EnrolmentFactory,
    ParticipantAccountFactory,
    WorkUnitFactory,
)
from lotsa.worktraining.models import Incident

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_work_supervisors_day_and_the_compensation_basis(knut_team: Any, visit: Any) -> None:
    today = timezone.localdate()
    cohort = CohortFactory.create(
        unit=knut_team.unit, programme_code="knut_pv", starts_on=today - datetime.timedelta(30)
    )
    work_unit = WorkUnitFactory.create(
        unit=knut_team.unit, name="Snickeriet", cohort=cohort, daily_rate=Decimal("62.50")
    )
    other = EnrolmentFactory.create(
        unit=knut_team.unit, programme_model="knut_pv", phase="work_training"
    )
    for enrolment in (knut_team.enrolment, other):
        CohortMember.objects.create(cohort=cohort, enrolment=enrolment, joined_on=cohort.starts_on)
    page = visit.page
    base = f"/work-training/work-units/{work_unit.pk}"

    visit.sign_in(knut_team.work_supervisor.username, TEST_PASSWORD)
    visit.go(f"{base}/workday/")
    page.locator(f"select[name=member_{knut_team.enrolment.pk}]").select_option("present")
    page.locator(f"select[name=member_{other.pk}]").select_option("late")
    page.locator(f"input[name=minutes_{other.pk}]").fill("20")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    visit.check_accessibility()
    assert "error-summary" not in page.content()
    assert Attendance.objects.get(enrolment=other).minutes_late == 20

    visit.go(f"{base}/schedule/")
    page.locator("select[name=weekday]").select_option(str(today.weekday()))
    page.locator("input[name=starts_at]").fill("08:00")
    page.locator("input[name=ends_at]").fill("12:00")
    page.locator("input[name=activity]").fill("Slipa stolar")
    with page.expect_navigation():
        page.locator("form:has(input[value=entry]) button[type=submit]").click()
    visit.check_accessibility()
    with page.expect_navigation():
        page.locator("form:has(input[value=publish]) button").click()
    visit.check_accessibility()

    visit.go(f"{base}/incidents/")
    page.locator("select[name=enrolment]").select_option(str(knut_team.enrolment.pk))
    page.locator("input[name=kind][value=alcohol_or_drugs]").check()
    page.locator("input[name=breath_test_per_mille]").fill("0.51")
    page.locator("input[name=written_warning]").check()
    page.locator("input[name=sent_home]").check()
    page.locator("input[name=without_compensation]").check()
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    visit.check_accessibility()
    incident = Incident.objects.get()
    assert incident.breath_test_per_mille == Decimal("0.51")
    assert Attendance.objects.get(enrolment=knut_team.enrolment).status == "sent_home"
    visit.sign_out()

    visit.sign_in(knut_team.team_leader.username, TEST_PASSWORD)
    visit.go(f"{base}/compensation/")
    rows = {
        row.locator("th").inner_text(): row.locator("td").all_inner_texts()
        for row in page.locator("main tbody tr").all()
    }
    sent_home = rows[knut_team.enrolment.participant.display_name]
    late = rows[other.participant.display_name]
    # Columns: identity, present, late, minutes, sick, absent, sent home, withheld, compensable
    assert (sent_home[6], sent_home[7], sent_home[8]) == ("1", "1", "0")
    assert (late[2], late[3], late[8]) == ("1", "20", "1")
    visit.sign_out()

    account = ParticipantAccountFactory(participants=[knut_team.enrolment.participant])
    visit.sign_in(account.user.username, TEST_PASSWORD)
    visit.go("/me/schedule/")
    assert "Slipa stolar" in page.locator("main").inner_text()
