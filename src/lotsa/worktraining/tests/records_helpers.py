"""What the tests of the work-training records build on: a work unit of the KNUT-PV team with
a catalogue task, made through the services."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from lotsa.testing.personas import KnutTeam
from lotsa.worktraining.models import FunctionalRequirement, WorkTask, WorkUnit
from lotsa.worktraining.services.units import (
    TaskDetails,
    WorkUnitDetails,
    save_work_task,
    save_work_unit,
)

# Requirements of the carpentry's sanding task and the levels it asks.
SANDING_REQUIREMENTS = {
    FunctionalRequirement.PUNCTUALITY.value: 2,
    FunctionalRequirement.PROTECTIVE_EQUIPMENT.value: 3,
    FunctionalRequirement.ENDURANCE.value: 2,
}
# SSYK 2012: cabinet-makers, and cleaners (both in the shipped list).
OCCUPATIONS = ["7522", "9111"]


def carpentry(team: KnutTeam, name: str = "Snickeriet") -> WorkUnit:
    return save_work_unit(
        actor=team.team_leader,
        unit=team.unit,
        details=WorkUnitDetails(
            name=name, financing="mixed", services=["work_training", "work_trial"]
        ),
    )


def sanding(
    team: KnutTeam, work_unit: WorkUnit, name: str = "Slipning", **changes: Any
) -> WorkTask:
    details: dict[str, Any] = {
        "name": name,
        "steps": ["Ta på skyddsutrustning", "Slipa ytan", "Städa arbetsplatsen"],
        "knowledge_needed": "Introduktion till slipmaskinen.",
        "occupation_codes": OCCUPATIONS[:1],
        "requirements": SANDING_REQUIREMENTS,
    } | changes
    return save_work_task(
        actor=team.team_leader, work_unit=work_unit, details=TaskDetails(**details)
    )


@pytest.fixture
def work_unit(knut_team: KnutTeam) -> WorkUnit:
    return carpentry(knut_team)


@pytest.fixture
def task(knut_team: KnutTeam, work_unit: WorkUnit) -> WorkTask:
    return sanding(knut_team, work_unit)


def english(client: Any) -> Any:
    """A client whose pages answer in English, for tests that read the page's words."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
