"""A work-training unit's team leader, in Swedish, starts the business plan of a work unit from
the start page, adds a political goal and a heading's text, presents an activity to a
participant, and reads the unit's gender statistics; axe-core checks every page."""

from __future__ import annotations

from typing import Any

import pytest

from lotsa.testing.factories import TEST_PASSWORD, WorkUnitFactory
from lotsa.testing.personas import build_knut_team
from lotsa.worktraining.models import ActivityOffer, BusinessPlan

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_team_leader_plans_a_work_unit_and_reads_its_gender_statistics(visit: Any) -> None:
    team = build_knut_team()
    WorkUnitFactory(unit=team.unit, name="Snickeriet")
    visit.sign_in(team.team_leader.username, TEST_PASSWORD)

    visit.go("/")
    visit.page.get_by_role("link", name="Verksamhetsplaner och könsuppdelad statistik").click()
    visit.page.wait_for_load_state()
    visit.check_accessibility()
    visit.page.get_by_role("combobox", name="Arbetsenhet").select_option(label="Snickeriet")
    visit.page.get_by_role("button", name="Börja planen").click()
    visit.page.wait_for_load_state()
    visit.check_accessibility()
    plan = BusinessPlan.objects.get()
    assert visit.page.get_by_role("heading", name="Förutsättningar").is_visible()

    visit.page.get_by_text("Lägg till ett mål").click()
    visit.page.get_by_role("combobox", name="Nivå").select_option(label="Politiskt mål")
    visit.page.locator("#id_goal-text").fill("Fler invånare i egen försörjning")
    visit.page.locator("details", has_text="Lägg till ett mål").get_by_role(
        "button", name="Spara"
    ).click()
    visit.page.wait_for_load_state()
    visit.check_accessibility()
    assert plan.goals.get().text == "Fler invånare i egen försörjning"

    visit.go(f"/work-training/cases/{team.enrolment.pk}/activities/")
    visit.page.get_by_role("combobox", name="Arbetsenhet").select_option(label="Snickeriet")
    visit.page.get_by_role("radio", name="Vald").check()
    visit.page.get_by_role("button", name="Spara").click()
    visit.page.wait_for_load_state()
    visit.check_accessibility()
    assert ActivityOffer.objects.get().outcome == "chosen"

    visit.go(f"/work-training/units/{team.unit.pk}/gender-statistics/")
    assert visit.page.get_by_role("heading", name="Deltagare per arbetsenhet").is_visible()
    visit.go(f"/work-training/units/{team.unit.pk}/gender-review/{plan.year}/")
