from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from lotsa.organisations.models import Role
from lotsa.pathways.models import Enrolment
from lotsa.people.services import record_consent
from lotsa.surveys.models import SurveyId
from lotsa.surveys.services.ids import issue_survey_id
from lotsa.testing.factories import EnrolmentFactory, MembershipFactory, UserFactory
from lotsa.testing.personas import Personas


@pytest.fixture
def survey_consent(personas: Personas) -> Any:
    """Record the participant's consent to survey participation, given a week ago."""

    def give(enrolment: Enrolment) -> None:
        record_consent(
            actor=enrolment.responsible_staff or personas.fk_caseworker,
            participant=enrolment.participant,
            kind="survey",
            given_on=timezone.localdate() - datetime.timedelta(days=7),
        )

    return give


@pytest.fixture
def joint_case(personas: Personas) -> Enrolment:
    return Enrolment.objects.get(participant=personas.joint)


@pytest.fixture
def issued(personas: Personas, joint_case: Enrolment, survey_consent: Any) -> SurveyId:
    """A survey ID for the joint team's AMiA case, issued by its coordinator."""
    survey_consent(joint_case)
    return issue_survey_id(actor=personas.coordinator, enrolment=joint_case)


@pytest.fixture
def other_coordinator(personas: Personas) -> Any:
    """The coordinator of another AMiA team."""
    user = UserFactory.create(username="coordinator_elsewhere")
    MembershipFactory.create(user=user, unit=personas.unit_b, role=Role.COORDINATOR)
    EnrolmentFactory.create(unit=personas.unit_b, programme_model="amia", phase="mapping")
    return user
