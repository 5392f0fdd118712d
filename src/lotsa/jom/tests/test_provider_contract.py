"""The provider contract (tasks, hours, reporting duty, the jobcentre's fixed contact person)
and the provider's weekly report with development notes."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.cohorts.models import CohortMember
from lotsa.errors import DomainError, Forbidden
from lotsa.jom.models import DevelopmentNote, ProviderReport
from lotsa.jom.services import contract
from lotsa.jom.tests.helpers import course_of, provider_contract
from lotsa.organisations.models import Organisation
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import EnrolmentFactory, OrganisationFactory
from lotsa.testing.personas import JomTeam
from lotsa.testing.queries import page_queries

pytestmark = pytest.mark.django_db

LAST_MONDAY = TODAY - datetime.timedelta(days=TODAY.weekday() + 7)


def _values(team: JomTeam, **change: object) -> contract.ContractValues:
    values = contract.ContractValues(
        provider=team.provider,
        valid_from=TODAY,
        contact_person=team.project_leader,
        tasks={"teaching": (Decimal("100"), "")},
    )
    return dataclasses.replace(values, **change)  # type: ignore[arg-type]


def test_the_contract_holds_tasks_with_hours(jom_team: JomTeam) -> None:
    saved = provider_contract(jom_team)

    assert {(t.task, t.hours_budgeted) for t in saved.tasks.all()} == {
        ("teaching", Decimal("120")),
        ("admission", Decimal("10.5")),
    }
    entry = AuditEntry.objects.get(event=AuditEvent.PROVIDER_CONTRACT_SAVED)
    assert entry.changes["tasks"] == {"teaching": "120", "admission": "10.5"}


def test_the_contact_person_must_be_the_jobcentres_own(jom_team: JomTeam) -> None:
    with pytest.raises(DomainError) as refused:
        contract.save_provider_contract(
            actor=jom_team.project_leader,
            unit=jom_team.unit,
            values=_values(jom_team, contact_person=jom_team.teacher),
        )
    assert "contact_person" in refused.value.errors


def test_a_provider_of_the_other_country_is_refused(jom_team: JomTeam) -> None:
    swedish = OrganisationFactory.create(
        name="Samordnaren AB", country="SE", kind=Organisation.Kind.PROVIDER
    )

    with pytest.raises(DomainError) as refused:
        contract.save_provider_contract(
            actor=jom_team.project_leader,
            unit=jom_team.unit,
            values=_values(jom_team, provider=swedish),
        )
    assert "provider" in refused.value.errors


def test_a_coach_may_not_record_a_contract(jom_team: JomTeam, client_for) -> None:
    with pytest.raises(Forbidden):
        contract.save_provider_contract(
            actor=jom_team.caseworker, unit=jom_team.unit, values=_values(jom_team)
        )
    response = client_for(jom_team.caseworker).get(
        f"/courses/units/{jom_team.unit.pk}/contracts/new/"
    )
    assert response.status_code == 403


def test_a_contract_of_another_unit_is_not_found(jom_team: JomTeam, personas, client_for) -> None:
    saved = provider_contract(jom_team)

    assert (
        client_for(personas.team_leader_a).get(f"/courses/contracts/{saved.pk}/").status_code == 404
    )


def test_the_contract_form_saves_hours_per_task(jom_team: JomTeam, client_for) -> None:
    response = client_for(jom_team.project_leader).post(
        f"/courses/units/{jom_team.unit.pk}/contracts/new/",
        {
            "provider": jom_team.provider.pk,
            "valid_from": TODAY.isoformat(),
            "contact_person": jom_team.project_leader.pk,
            "reporting_every_days": "7",
            "hours_teaching": "80",
            "hours_development_notes": "-1",
        },
    )

    assert response.status_code == 400
    assert "hours_development_notes" in response.context["form"].errors


def _member(team: JomTeam, course) -> CohortMember:
    return CohortMember.objects.create(
        cohort=course.cohort,
        enrolment=team.enrolment,
        joined_on=TODAY - datetime.timedelta(days=30),
    )


def test_the_provider_sends_the_weekly_report(jom_team: JomTeam) -> None:
    course = course_of(jom_team)
    member = _member(jom_team, course)

    report = contract.send_provider_report(
        actor=jom_team.teacher,
        course=course,
        week_starting=LAST_MONDAY,
        notes={member.enrolment_id: "Deltager aktivt i smågrupperne."},
    )

    assert DevelopmentNote.objects.get(report=report).note == "Deltager aktivt i smågrupperne."
    entry = AuditEntry.objects.get(event=AuditEvent.PROVIDER_REPORT_SENT)
    assert entry.changes["participants"] == [jom_team.enrolment.participant_id]
    with pytest.raises(DomainError) as refused:
        contract.send_provider_report(
            actor=jom_team.teacher, course=course, week_starting=LAST_MONDAY, notes={}
        )
    assert "week_starting" in refused.value.errors


def test_the_report_is_for_a_monday_and_the_cohorts_members(jom_team: JomTeam) -> None:
    course = course_of(jom_team)
    stranger = EnrolmentFactory.create(unit=jom_team.unit, programme_model="jom")

    with pytest.raises(DomainError) as refused:
        contract.send_provider_report(
            actor=jom_team.teacher,
            course=course,
            week_starting=LAST_MONDAY + datetime.timedelta(days=1),
            notes={stranger.pk: "?"},
        )
    assert set(refused.value.errors) == {"week_starting", f"note_{stranger.pk}"}


def test_the_caseworker_does_not_write_the_providers_report(jom_team: JomTeam, client_for) -> None:
    course = course_of(jom_team)

    response = client_for(jom_team.caseworker).get(f"/courses/{course.pk}/provider-report/")

    assert response.status_code == 403
    assert not ProviderReport.objects.exists()


def test_the_report_page_costs_the_same_however_many_members(jom_team: JomTeam, client_for) -> None:
    course = course_of(jom_team)
    _member(jom_team, course)
    client = client_for(jom_team.teacher)
    url = f"/courses/{course.pk}/provider-report/?week={LAST_MONDAY.isoformat()}"
    one = page_queries(client, url)

    for _ in range(3):
        CohortMember.objects.create(
            cohort=course.cohort,
            enrolment=EnrolmentFactory.create(unit=jom_team.unit, programme_model="jom"),
            joined_on=TODAY,
        )

    assert page_queries(client, url) == one


def test_the_unit_page_lists_contracts_and_target_groups(jom_team: JomTeam, client_for) -> None:
    course_of(jom_team)
    client = client_for(jom_team.project_leader)
    url = f"/courses/units/{jom_team.unit.pk}/"
    one = page_queries(client, url)
    provider_contract(jom_team)

    assert page_queries(client, url) == one
    assert "Psykologhuset Test" in client.get(url).content.decode()


def test_the_target_group_form_refuses_an_upside_down_age_band(
    jom_team: JomTeam, client_for
) -> None:
    url = f"/courses/units/{jom_team.unit.pk}/target-groups/new/"
    values = {
        "name": "Unge",
        "age_min": "30",
        "age_max": "18",
        "diagnosis_groups": ["adhd"],
        "substance_free_days": "30",
    }

    assert client_for(jom_team.caseworker).get(url).status_code == 403
    response = client_for(jom_team.project_leader).post(url, values)

    assert response.status_code == 400
    assert "age_max" in response.context["form"].errors
    response = client_for(jom_team.project_leader).post(
        url, values | {"age_min": "18", "age_max": "30"}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(event=AuditEvent.TARGET_GROUP_SAVED).count() == 1
