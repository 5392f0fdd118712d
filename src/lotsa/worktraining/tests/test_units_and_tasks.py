"""Work units with their daily work group, and their task catalogue with functional
requirements and occupation codes."""

from __future__ import annotations

import re
from typing import Any

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.cohorts.models import Cohort
from lotsa.errors import DomainError, Forbidden
from lotsa.testing.factories import UnitFactory, WorkUnitFactory
from lotsa.testing.personas import KnutTeam
from lotsa.testing.queries import page_queries
from lotsa.worktraining.models import TaskRequirement, WorkTask, WorkUnit
from lotsa.worktraining.services.units import (
    TaskDetails,
    WorkUnitDetails,
    save_work_task,
    save_work_unit,
)
from lotsa.worktraining.tests.records_helpers import (
    OCCUPATIONS,
    SANDING_REQUIREMENTS,
    carpentry,
    english,
    sanding,
    task,
    work_unit,
)

pytestmark = pytest.mark.django_db

__all__ = ["task", "work_unit"]


def test_a_new_work_unit_gets_its_daily_work_group(knut_team: KnutTeam) -> None:
    saved = carpentry(knut_team)

    assert saved.cohort is not None
    assert (saved.cohort.name, saved.cohort.unit, saved.cohort.programme_code) == (
        "Snickeriet",
        knut_team.unit,
        "knut_pv",
    )
    entry = AuditEntry.objects.get(event=AuditEvent.WORK_UNIT_SAVED)
    assert entry.changes["daily_work_group"] == saved.cohort_id
    assert entry.actor_id == knut_team.team_leader.pk


def test_renaming_a_work_unit_renames_its_group_and_keeps_it(knut_team: KnutTeam) -> None:
    saved = carpentry(knut_team)
    group = saved.cohort_id

    renamed = save_work_unit(
        actor=knut_team.manager,
        unit=knut_team.unit,
        work_unit=saved,
        details=WorkUnitDetails(name="Möbelverkstaden", financing="revenue"),
    )

    assert renamed.cohort_id == group
    assert Cohort.objects.get(pk=group).name == "Möbelverkstaden"
    assert Cohort.objects.filter(unit=knut_team.unit).count() == 1


def test_a_work_unit_name_is_unique_in_the_unit(knut_team: KnutTeam) -> None:
    carpentry(knut_team)

    with pytest.raises(DomainError) as refused:
        carpentry(knut_team)

    assert "name" in refused.value.errors
    assert WorkUnit.objects.count() == 1


def test_a_work_unit_offers_only_services_the_units_deliver(knut_team: KnutTeam) -> None:
    with pytest.raises(DomainError) as refused:
        save_work_unit(
            actor=knut_team.team_leader,
            unit=knut_team.unit,
            details=WorkUnitDetails(
                name="Kontoret", financing="mixed", services=["work_ability_assessment"]
            ),
        )

    assert "services" in refused.value.errors


def test_a_coach_may_not_manage_work_units(knut_team: KnutTeam) -> None:
    with pytest.raises(Forbidden):
        save_work_unit(
            actor=knut_team.work_supervisor,
            unit=knut_team.unit,
            details=WorkUnitDetails(name="Snickeriet", financing="mixed"),
        )

    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED, actor=knut_team.work_supervisor
    ).exists()
    assert not WorkUnit.objects.exists()


def test_a_task_keeps_its_steps_requirements_and_occupations(
    knut_team: KnutTeam, work_unit: WorkUnit
) -> None:
    saved = sanding(knut_team, work_unit, occupation_codes=OCCUPATIONS)

    assert saved.steps[1] == "Slipa ytan"
    assert saved.occupation_codes == OCCUPATIONS
    assert {r.requirement: r.level for r in saved.requirements.all()} == SANDING_REQUIREMENTS
    assert AuditEntry.objects.get(event=AuditEvent.WORK_TASK_SAVED).changes["version"] == 1


def test_changing_a_task_replaces_its_requirements_and_counts_the_version(
    knut_team: KnutTeam, work_unit: WorkUnit, task: WorkTask
) -> None:
    changed = save_work_task(
        actor=knut_team.team_leader,
        work_unit=work_unit,
        task=task,
        details=TaskDetails(name="Slipning", requirements={"attention": 1}),
    )

    assert changed.version == 2
    assert list(TaskRequirement.objects.filter(task=task).values_list("requirement", "level")) == [
        ("attention", 1)
    ]


def test_an_occupation_code_must_exist(knut_team: KnutTeam, work_unit: WorkUnit) -> None:
    with pytest.raises(DomainError) as refused:
        sanding(knut_team, work_unit, occupation_codes=["0000"])

    assert refused.value.errors["occupation_codes"] == ["Unknown occupation code: 0000."]


@pytest.mark.parametrize("level", [0, 4])
def test_a_requirement_level_is_1_to_3(
    knut_team: KnutTeam, work_unit: WorkUnit, level: int
) -> None:
    with pytest.raises(DomainError) as refused:
        sanding(knut_team, work_unit, requirements={"strength": level})

    assert "requirement_strength" in refused.value.errors


def test_the_task_form_saves_levels_and_codes(
    knut_team: KnutTeam, work_unit: WorkUnit, client_for: Any
) -> None:
    client = client_for(knut_team.team_leader)
    response = client.post(
        f"/work-training/work-units/{work_unit.pk}/tasks/new/",
        {
            "name": "Lackering",
            "steps": "Maskera\nLackera",
            "occupation_codes": "7522, 9111",
            "is_active": "on",
            "requirement_dangerous_machines": "3",
            "requirement_cooperation": "1",
        },
    )

    assert response.status_code == 302
    saved = WorkTask.objects.get(name="Lackering")
    assert saved.occupation_codes == ["7522", "9111"]
    assert saved.steps == ["Maskera", "Lackera"]
    assert dict(saved.requirements.values_list("requirement", "level")) == {
        "dangerous_machines": 3,
        "cooperation": 1,
    }


def test_the_task_form_shows_an_unknown_occupation_on_the_field(
    knut_team: KnutTeam, work_unit: WorkUnit, client_for: Any
) -> None:
    client = english(client_for(knut_team.team_leader))
    response = client.post(
        f"/work-training/work-units/{work_unit.pk}/tasks/new/",
        {"name": "Lackering", "occupation_codes": "0001"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'aria-describedby="[^"]*id_occupation_codes_error', html)
    assert "Unknown occupation code: 0001." in html
    assert not WorkTask.objects.filter(name="Lackering").exists()


@pytest.mark.parametrize(
    "path", ["/work-training/work-units/{id}/edit/", "/work-training/work-units/{id}/tasks/new/"]
)
def test_a_coach_gets_403_on_the_work_unit_edit_pages(
    knut_team: KnutTeam, work_unit: WorkUnit, client_for: Any, path: str
) -> None:
    client = client_for(knut_team.work_supervisor)

    assert client.get(path.format(id=work_unit.pk)).status_code == 403
    assert client.post(path.format(id=work_unit.pk), {"name": "X"}).status_code == 403
    assert (
        AuditEntry.objects.filter(
            event=AuditEvent.ACCESS_DENIED, actor=knut_team.work_supervisor
        ).count()
        == 2
    )


def test_a_coach_gets_403_on_the_task_edit_page(
    knut_team: KnutTeam, task: WorkTask, client_for: Any
) -> None:
    assert (
        client_for(knut_team.work_supervisor)
        .get(f"/work-training/tasks/{task.pk}/edit/")
        .status_code
        == 403
    )


def test_another_units_work_unit_and_task_are_not_found(
    knut_team: KnutTeam, task: WorkTask, client_for: Any
) -> None:
    other = WorkUnitFactory.create(unit=UnitFactory.create(runs=["knut_pv"]))
    client = client_for(knut_team.team_leader)

    assert client.get(f"/work-training/work-units/{other.pk}/").status_code == 404
    assert client.get(f"/work-training/work-units/{other.pk}/edit/").status_code == 404
    refusal = AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED).latest("sequence")
    assert refusal.object_id == str(other.pk)


def test_a_coach_reads_the_catalogue_without_edit_links(
    knut_team: KnutTeam, work_unit: WorkUnit, task: WorkTask, client_for: Any
) -> None:
    html = (
        client_for(knut_team.work_supervisor)
        .get(f"/work-training/work-units/{work_unit.pk}/")
        .content.decode()
    )

    assert "Slipning" in html
    assert "Ta på skyddsutrustning" in html
    assert "7522 Fin-, inrednings- och möbelsnickare" in html
    assert f"/work-training/tasks/{task.pk}/edit/" not in html
    assert "<caption>" in html


def test_the_work_unit_page_costs_the_same_with_more_tasks(
    knut_team: KnutTeam, work_unit: WorkUnit, client_for: Any
) -> None:
    client = client_for(knut_team.team_leader)
    sanding(knut_team, work_unit)
    url = f"/work-training/work-units/{work_unit.pk}/"
    one = page_queries(client, url)
    for number in range(4):
        sanding(knut_team, work_unit, name=f"Uppgift {number}")

    assert page_queries(client, url) == one


def test_the_work_units_list_costs_the_same_with_more_units(
    knut_team: KnutTeam, client_for: Any
) -> None:
    client = client_for(knut_team.team_leader)
    carpentry(knut_team)
    url = f"/work-training/units/{knut_team.unit.pk}/"
    one = page_queries(client, url)
    for number in range(3):
        sanding(knut_team, carpentry(knut_team, name=f"Verkstad {number}"))

    assert page_queries(client, url) == one


def test_a_team_leader_adds_a_work_unit_on_the_list_page(
    knut_team: KnutTeam, client_for: Any
) -> None:
    client = client_for(knut_team.team_leader)
    response = client.post(
        f"/work-training/units/{knut_team.unit.pk}/",
        {
            "name": "Caféet",
            "financing": "revenue",
            "services": ["work_training"],
            "is_active": "on",
        },
    )

    saved = WorkUnit.objects.get(name="Caféet")
    assert response.status_code == 302
    assert response["Location"] == f"/work-training/work-units/{saved.pk}/"
    assert saved.services == ["work_training"]
    assert saved.cohort is not None


def test_a_coach_posting_a_work_unit_gets_403(knut_team: KnutTeam, client_for: Any) -> None:
    response = client_for(knut_team.work_supervisor).post(
        f"/work-training/units/{knut_team.unit.pk}/", {"name": "Caféet", "financing": "revenue"}
    )

    assert response.status_code == 403
    assert not WorkUnit.objects.exists()


def test_the_task_form_costs_the_same_with_more_requirements(
    knut_team: KnutTeam, work_unit: WorkUnit, client_for: Any
) -> None:
    client = client_for(knut_team.team_leader)
    few = sanding(knut_team, work_unit, name="Få", requirements={"punctuality": 1})
    many = sanding(knut_team, work_unit, name="Många")

    assert page_queries(client, f"/work-training/tasks/{many.pk}/edit/") == page_queries(
        client, f"/work-training/tasks/{few.pk}/edit/"
    )
