"""A work unit of the KNUT-PV test unit with its daily work group, for the daily-work tests."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest

from lotsa.cohorts.models import CohortMember
from lotsa.pathways.models import Enrolment
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import CohortFactory, EnrolmentFactory, WorkUnitFactory
from lotsa.testing.personas import KnutTeam
from lotsa.worktraining.models import WorkUnit

DAILY_RATE = Decimal("62.50")
GROUP_STARTED = TODAY - datetime.timedelta(days=60)


@dataclass
class WorkGroup:
    team: KnutTeam
    work_unit: WorkUnit
    # Another member of the daily work group: a case at the unit, in work training.
    join: Callable[[], Enrolment]


@pytest.fixture
def work_group(knut_team: KnutTeam, clock) -> WorkGroup:
    """The carpentry of the test unit, paying a daily compensation, with the team's
    participant in its daily work group since two months."""
    cohort = CohortFactory.create(
        unit=knut_team.unit,
        programme_code="knut_pv",
        name="Arbetslag Snickeriet",
        starts_on=GROUP_STARTED,
    )
    work_unit = WorkUnitFactory.create(
        unit=knut_team.unit, name="Snickeriet", cohort=cohort, daily_rate=DAILY_RATE
    )

    def join(enrolment: Enrolment | None = None) -> Enrolment:
        enrolment = enrolment or EnrolmentFactory.create(
            unit=knut_team.unit,
            programme_model="knut_pv",
            phase="work_training",
            responsible_staff=knut_team.work_supervisor,
        )
        CohortMember.objects.create(cohort=cohort, enrolment=enrolment, joined_on=GROUP_STARTED)
        return enrolment

    join(knut_team.enrolment)
    return WorkGroup(knut_team, work_unit, join)
